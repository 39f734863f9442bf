// The prefilter as a byte automaton: every needle of the pattern tables at once (Aho-Corasick, ASCII case folded),
// run over the bytes of a log; it finds the lines that hold a needle and, for each, the states that say which needles.
import { patternTables } from './patterns/index.js';

/** The compiled needles: a transition table over byte classes, and what each reporting state found. */
export interface NeedleAutomaton {
  /** Class of each byte: 0 for a byte in no needle (and every byte >= 0x80), 1 for a newline, A–Z as a–z. */
  classOf: Uint8Array;
  /** next[state + class] is the next state; states are premultiplied by the class count, so no multiply per byte. */
  next: Int32Array;
  /** The number of byte classes (a state's row length in `next`), a power of two: 2 ** classShift. */
  classes: number;
  classShift: number;
  /** States from here on report something: a needle ended (found[state]) or, the last one, a newline. */
  reporting: number;
  newline: number;
  /** The needles that end on reaching each reporting state (its own and those ending inside it), by state. */
  found: Map<number, string[]>;
}

const NEWLINE = 10;

/**
 * Builds the automaton. States are numbered so the walk's one test per byte is `state >= reporting`: first the
 * states where no needle ends, then those where one does, then the newline state (a copy of the root that marks a
 * line's end). A needle must be ASCII, lower case and hold no newline (a byte class per character).
 */
export function compileNeedles(needles: readonly string[]): NeedleAutomaton {
  const classOf = new Uint8Array(256);
  let classes = 2;
  for (const needle of needles) {
    if (!/^[\x00-\x09\x0b-\x7f]+$/.test(needle) || needle !== needle.toLowerCase()) throw new Error(`needle ${JSON.stringify(needle)}: must be non-empty lower-case ASCII without a newline`);
    for (let i = 0; i < needle.length; i++) {
      const c = needle.charCodeAt(i);
      if (classOf[c] === 0) classOf[c] = classes++;
    }
  }
  for (let c = 65; c <= 90; c++) classOf[c] = classOf[c + 32]!;
  classOf[NEWLINE] = 1;
  // A power of two, so a reporting state's index is a shift away (the rows the prefilter picks hang on it).
  classes = 2 ** Math.ceil(Math.log2(classes));

  // The trie: goto (-1 where no edge), and for each state its first child, next sibling and the class of the edge
  // into it, so a state's own edges are walked without looking at every class.
  let capacity = 1;
  for (const needle of needles) capacity += needle.length;
  const goto = new Int32Array(capacity * classes).fill(-1);
  const firstChild = new Int32Array(capacity).fill(-1);
  const sibling = new Int32Array(capacity).fill(-1);
  const edgeClass = new Int32Array(capacity);
  const ends = new Map<number, string[]>(); // the needles that end at a state, those ending inside it too
  let count = 1;
  for (const needle of needles) {
    let s = 0;
    for (let i = 0; i < needle.length; i++) {
      const c = classOf[needle.charCodeAt(i)]!;
      let t = goto[s * classes + c]!;
      if (t === -1) {
        t = goto[s * classes + c] = count++;
        edgeClass[t] = c;
        sibling[t] = firstChild[s]!;
        firstChild[s] = t;
      }
      s = t;
    }
    const own = ends.get(s) ?? ends.set(s, []).get(s)!;
    if (!own.includes(needle)) own.push(needle);
  }

  // Failure links breadth first (a state's is shallower, so known before it), and with them what each state reports.
  const failure = new Int32Array(count);
  const order = new Int32Array(count);
  let queued = 1;
  for (let q = 0; q < queued; q++) {
    const s = order[q]!;
    for (let t = firstChild[s]!; t !== -1; t = sibling[t]!) {
      const c = edgeClass[t]!;
      let f = failure[s]!;
      while (s !== 0 && f !== 0 && goto[f * classes + c] === -1) f = failure[f]!;
      failure[t] = s === 0 || goto[f * classes + c] === -1 ? 0 : goto[f * classes + c]!;
      const inherited = ends.get(failure[t]!);
      if (inherited) ends.set(t, [...(ends.get(t) ?? []), ...inherited]);
      order[queued++] = t;
    }
  }

  // Number the states (see above). Each row, breadth first, is its failure state's row (copied, complete by then)
  // with its own edges written over it.
  const number = new Int32Array(count);
  let n = 0;
  for (let s = 0; s < count; s++) if (!ends.has(s)) number[s] = n++;
  const reporting = n;
  for (let s = 0; s < count; s++) if (ends.has(s)) number[s] = n++;
  const newlineState = n++;
  const next = new Int32Array(n * classes);
  next[1] = newlineState * classes; // the root's row: every byte to the root, a newline to the newline state
  for (let q = 0; q < count; q++) {
    const s = order[q]!;
    const row = number[s]! * classes;
    if (s !== 0) next.copyWithin(row, number[failure[s]!]! * classes, number[failure[s]!]! * classes + classes);
    for (let t = firstChild[s]!; t !== -1; t = sibling[t]!) next[row + edgeClass[t]!] = number[t]! * classes;
  }
  next.copyWithin(newlineState * classes, 0, classes); // the newline state goes on as the root does
  const found = new Map<number, string[]>();
  for (const [s, needlesThere] of ends) found.set(number[s]! * classes, needlesThere);
  return { classOf, next, classes, classShift: Math.log2(classes), reporting: reporting * classes, newline: newlineState * classes, found };
}

/**
 * The lines of one stretch of bytes that hold a needle: for the i-th such line (i < length), its start and end (the
 * newline's offset, or the stretch's end), its number counted from 0 at the stretch's start, and the reporting
 * states met in it, states[stateFrom[i] .. stateFrom[i + 1]). `lines` is the number of newlines in the stretch.
 * The arrays are reused from stretch to stretch (written by index, never shrunk): only the counts are reset.
 */
export class NeedleLines {
  starts: number[] = [];
  ends: number[] = [];
  numbers: number[] = [];
  stateFrom: number[] = [0];
  states: number[] = [];
  length = 0;
  stateCount = 0;
  lines = 0;

  clear(): void {
    this.length = this.stateCount = this.lines = 0;
  }

  addState(state: number): void {
    this.states[this.stateCount++] = state;
  }

  addLine(start: number, end: number, number: number): void {
    const i = this.length++;
    this.starts[i] = start;
    this.ends[i] = end;
    this.numbers[i] = number;
    this.stateFrom[i + 1] = this.stateCount;
  }
}

/** The automaton of every needle in the pattern tables. */
export const needleAutomaton = compileNeedles([...new Set(patternTables.flatMap((t) => t.rows.flatMap((r) => r.needles)))]);
// The walk reads the tables from module constants, not from an argument: V8 then folds them into the compiled loop
// (their addresses and lengths become immediates), and the walk takes 1.6 ns a byte instead of 2.4 (measured).
const classOf = needleAutomaton.classOf;
const next = needleAutomaton.next;
const reporting = needleAutomaton.reporting;
const newline = needleAutomaton.newline;

/** One walk's line: where it starts, its number from the stretch's start, whether a needle was met in it. */
class Walk {
  lineStart = 0;
  number = 0;
  hit = false;
  out: NeedleLines = new NeedleLines();

  reset(out: NeedleLines, lineStart: number): void {
    this.out = out;
    this.lineStart = lineStart;
    this.number = 0;
    this.hit = false;
  }

  /** A reporting state reached at offset `at`: a newline ends the line, a needle marks it. */
  note(state: number, at: number): void {
    if (state === newline) {
      if (this.hit) this.out.addLine(this.lineStart, at, this.number), (this.hit = false);
      this.number++;
      this.lineStart = at + 1;
    } else {
      this.out.addState(state);
      this.hit = true;
    }
  }
}

const spare = new NeedleLines();
const walkA = new Walk();
const walkB = new Walk();
// Words are read in the byte order of the machine; the walk by words is written for little-endian ones.
const littleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Walks buf[from, to) one byte at a time from `state`, noting every reporting state; returns the state reached. */
function walkBytes(buf: Uint8Array, from: number, to: number, state: number, walk: Walk): number {
  for (let i = from; i < to; i++) {
    state = next[state + classOf[buf[i]!]!]!;
    if (state >= reporting) walk.note(state, i);
  }
  return state;
}

// What walkWords leaves when it returns: the states reached, and for the word it stopped at (if it did), the
// states the word began in and which walks reported in it. Module variables, so the loop returns one number.
let stoppedA = 0;
let stoppedB = 0;
let beganA = 0;
let beganB = 0;
let hotA = false;
let hotB = false;

/**
 * Both walks by words, words[j..count) for A and words[offsetB + j..) for B, until a word in which either reaches a
 * reporting state; returns that word's index, or count. A function of its own, small, so V8 optimises it within a
 * few milliseconds of the start (as part of findNeedleLines it took 40 ms of slow running first: measured).
 */
function walkWords(words: Uint32Array, offsetB: number, j: number, count: number, sa: number, sb: number): number {
  let a0 = sa;
  let b0 = sb;
  let ha = false;
  let hb = false;
  // The same steps written out for each byte of each walk, on purpose (see findNeedleLines).
  for (; j < count; j++) {
    a0 = sa;
    b0 = sb;
    const a = words[j]!;
    const b = words[offsetB + j]!;
    sa = next[sa + classOf[a & 255]!]!;
    sb = next[sb + classOf[b & 255]!]!;
    if (sa >= reporting) ha = true;
    if (sb >= reporting) hb = true;
    sa = next[sa + classOf[(a >>> 8) & 255]!]!;
    sb = next[sb + classOf[(b >>> 8) & 255]!]!;
    if (sa >= reporting) ha = true;
    if (sb >= reporting) hb = true;
    sa = next[sa + classOf[(a >>> 16) & 255]!]!;
    sb = next[sb + classOf[(b >>> 16) & 255]!]!;
    if (sa >= reporting) ha = true;
    if (sb >= reporting) hb = true;
    sa = next[sa + classOf[a >>> 24]!]!;
    sb = next[sb + classOf[b >>> 24]!]!;
    if (sa >= reporting) ha = true;
    if (sb >= reporting) hb = true;
    if (ha || hb) break;
  }
  stoppedA = sa;
  stoppedB = sb;
  beganA = a0;
  beganB = b0;
  hotA = ha;
  hotB = hb;
  return j;
}

/** The first offset at or after `pos` (and at most `limit`) whose byte sits at an address that is a multiple of 4. */
function alignedFrom(buf: Uint8Array, pos: number, limit: number): number {
  return Math.min(limit, pos + ((4 - ((buf.byteOffset + pos) & 3)) & 3));
}

/**
 * Runs the automaton over buf[start, end), from the root, and fills `out` (cleared first). The stretch is cut at a
 * newline near its middle and both halves are walked in one loop: a transition waits on the one before it, so one
 * walk is bound by the latency of a table load, and two independent walks run side by side. Each walk reads four
 * bytes at a time (one load of a word instead of four). The loop (walkWords) only steps, and leaves when a word
 * holds a reporting state (a line's needles and its newline: few); that word is walked again a byte at a time to
 * note them. The loop stores nothing, which keeps V8 from reloading the tables inside it. (Measured over 100 MB,
 * counting only: one walk by bytes 2.6 ns a byte, two by bytes 1.7, two by words 1.3.)
 */
export function findNeedleLines(buf: Uint8Array, start: number, end: number, out: NeedleLines): void {
  out.clear();
  spare.clear();
  let cut = end - start > 4096 ? buf.indexOf(NEWLINE, (start + end) >>> 1) + 1 : 0;
  if (cut <= 0 || cut >= end) cut = end;
  walkA.reset(out, start);
  walkB.reset(spare, cut);
  let sa = 0;
  let sb = 0;
  // Each walk by bytes up to an aligned word, then both by words side by side, then what is left by bytes.
  const alignedA = littleEndian ? alignedFrom(buf, start, cut) : cut;
  const alignedB = littleEndian ? alignedFrom(buf, cut, end) : end;
  sa = walkBytes(buf, start, alignedA, sa, walkA);
  sb = walkBytes(buf, cut, alignedB, sb, walkB);
  const count = Math.min((cut - alignedA) >> 2, (end - alignedB) >> 2);
  if (count > 0) {
    const base = buf.byteOffset + alignedA;
    const words = new Uint32Array(buf.buffer, base, ((alignedB - alignedA) >> 2) + count);
    const offsetB = (alignedB - alignedA) >> 2;
    for (let j = 0; j < count; j++) {
      j = walkWords(words, offsetB, j, count, sa, sb);
      sa = stoppedA;
      sb = stoppedB;
      if (j === count) break;
      // The word that reported, walked again from the states it began in, noting (the states reached are the same).
      if (hotA) walkBytes(buf, alignedA + 4 * j, alignedA + 4 * j + 4, beganA, walkA);
      if (hotB) walkBytes(buf, alignedB + 4 * j, alignedB + 4 * j + 4, beganB, walkB);
    }
  }
  walkBytes(buf, alignedA + 4 * count, cut, sa, walkA);
  walkBytes(buf, alignedB + 4 * count, end, sb, walkB);
  // A stretch that does not end with a newline ends with an unfinished line (walk B's, or A's when there is no B).
  if (walkA.hit) out.addLine(walkA.lineStart, cut, walkA.number);
  if (walkB.hit) spare.addLine(walkB.lineStart, end, walkB.number);
  // B's lines come after A's: renumber them and append.
  for (let i = 0; i < spare.length; i++) {
    for (let k = spare.stateFrom[i]!; k < spare.stateFrom[i + 1]!; k++) out.addState(spare.states[k]!);
    out.addLine(spare.starts[i]!, spare.ends[i]!, spare.numbers[i]! + walkA.number);
  }
  out.lines = walkA.number + walkB.number;
}
