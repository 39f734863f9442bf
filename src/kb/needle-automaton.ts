// The prefilter as a byte automaton: every needle at once (Aho-Corasick, ASCII case folded), run over the bytes
// of a log; it finds the lines that hold a needle and, for each, the automaton states that say which needles.

/** The compiled needles: a transition table over byte classes, and what each reporting state found. */
export interface NeedleAutomaton {
  /** Class of each byte: 0 for a byte in no needle (and every byte >= 0x80), 1 for a newline, A–Z as a–z. */
  classOf: Uint8Array;
  /** next[state + class] is the next state; states are premultiplied by the class count, so no multiply per byte. */
  next: Int32Array;
  /** States from here on report something: a needle ended (found[state]) or, the last one, a newline. */
  reporting: number;
  newline: number;
  /** The needles that end on reaching each reporting state (its own and those ending inside it), by state. */
  found: Map<number, string[]>;
}

const NEWLINE = 10;

/**
 * Builds the automaton. States are numbered so the scan's one test per byte is `state >= reporting`: first the
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

  // The trie, then the failure transitions breadth first (each state's row completed from its failure state's).
  const goto: number[] = new Array<number>(classes).fill(-1);
  const ends: string[][] = [[]];
  for (const needle of needles) {
    let s = 0;
    for (let i = 0; i < needle.length; i++) {
      const c = classOf[needle.charCodeAt(i)]!;
      if (goto[s * classes + c] === -1) {
        goto[s * classes + c] = ends.length;
        ends.push([]);
        for (let k = 0; k < classes; k++) goto.push(-1);
      }
      s = goto[s * classes + c]!;
    }
    if (!ends[s]!.includes(needle)) ends[s]!.push(needle);
  }
  const count = ends.length;
  const delta = new Int32Array(count * classes);
  const failure = new Int32Array(count);
  const order = [0];
  for (let q = 0; q < order.length; q++) {
    const s = order[q]!;
    for (let c = 0; c < classes; c++) {
      const t = goto[s * classes + c]!;
      const viaFailure = s === 0 ? 0 : delta[failure[s]! * classes + c]!;
      if (t === -1 || c === 1) {
        delta[s * classes + c] = viaFailure;
        continue;
      }
      delta[s * classes + c] = t;
      failure[t] = viaFailure;
      if (ends[viaFailure]!.length) ends[t] = [...ends[t]!, ...ends[viaFailure]!];
      order.push(t);
    }
  }

  // Renumber: quiet states, then reporting ones, then the newline state; premultiply.
  const number = new Int32Array(count + 1);
  let n = 0;
  for (let s = 0; s < count; s++) if (ends[s]!.length === 0) number[s] = n++;
  const reporting = n;
  for (let s = 0; s < count; s++) if (ends[s]!.length > 0) number[s] = n++;
  const newlineState = n++;
  const next = new Int32Array(n * classes);
  const found = new Map<number, string[]>();
  for (let s = 0; s <= count; s++) {
    const from = s === count ? 0 : s; // the newline state goes on as the root does
    const at = (s === count ? newlineState : number[s]!) * classes;
    for (let c = 0; c < classes; c++) next[at + c] = (c === 1 ? newlineState : number[delta[from * classes + c]!]!) * classes;
    if (s < count && ends[s]!.length) found.set(number[s]! * classes, ends[s]!);
  }
  return { classOf, next, reporting: reporting * classes, newline: newlineState * classes, found };
}

/**
 * The lines of one stretch of bytes that hold a needle: for the i-th such line, its start and end (the newline's
 * offset, or the stretch's end), its number counted from 0 at the stretch's start, and the reporting states met in
 * it, states[stateFrom[i] .. stateFrom[i + 1]). `lines` is the number of newlines in the stretch.
 */
export class NeedleLines {
  starts: number[] = [];
  ends: number[] = [];
  numbers: number[] = [];
  stateFrom: number[] = [0];
  states: number[] = [];
  lines = 0;

  clear(): void {
    this.starts.length = this.ends.length = this.numbers.length = this.states.length = 0;
    this.stateFrom.length = 1;
    this.lines = 0;
  }

  get length(): number {
    return this.starts.length;
  }
}

/**
 * Runs the automaton over buf[start, end), from the root, and fills `out` (cleared first). The stretch is cut at a
 * newline near its middle and both halves are walked in one loop: a transition waits on the one before it, so one
 * walk is bound by the latency of a table load, and two independent walks run side by side (measured: 1.7× faster).
 */
export function findNeedleLines(a: NeedleAutomaton, buf: Uint8Array, start: number, end: number, out: NeedleLines): void {
  out.clear();
  const second = spare;
  second.clear();
  let cut = end - start > 4096 ? buf.indexOf(NEWLINE, (start + end) >>> 1) + 1 : 0;
  if (cut <= 0 || cut >= end) cut = end;
  const { classOf, next, reporting, newline } = a;
  // Walk A over [start, cut), walk B over [cut, end): the same steps, written twice on purpose (see above).
  let sa = 0, sb = 0, ia = start, ib = cut;
  let lineA = start, lineB = cut, numA = 0, numB = 0, hitA = false, hitB = false;
  const both = Math.min(cut - start, end - cut);
  for (let k = 0; k < both; k++, ia++, ib++) {
    sa = next[sa + classOf[buf[ia]!]!]!;
    sb = next[sb + classOf[buf[ib]!]!]!;
    if (sa >= reporting) {
      if (sa === newline) {
        if (hitA) record(out, lineA, ia, numA), (hitA = false);
        numA++;
        lineA = ia + 1;
      } else out.states.push(sa), (hitA = true);
    }
    if (sb >= reporting) {
      if (sb === newline) {
        if (hitB) record(second, lineB, ib, numB), (hitB = false);
        numB++;
        lineB = ib + 1;
      } else second.states.push(sb), (hitB = true);
    }
  }
  for (; ia < cut; ia++) {
    sa = next[sa + classOf[buf[ia]!]!]!;
    if (sa >= reporting) {
      if (sa === newline) {
        if (hitA) record(out, lineA, ia, numA), (hitA = false);
        numA++;
        lineA = ia + 1;
      } else out.states.push(sa), (hitA = true);
    }
  }
  for (; ib < end; ib++) {
    sb = next[sb + classOf[buf[ib]!]!]!;
    if (sb >= reporting) {
      if (sb === newline) {
        if (hitB) record(second, lineB, ib, numB), (hitB = false);
        numB++;
        lineB = ib + 1;
      } else second.states.push(sb), (hitB = true);
    }
  }
  // A stretch that does not end with a newline ends with an unfinished line (walk B's, or A's when there is no B).
  if (hitA) record(out, lineA, cut, numA);
  if (hitB) record(second, lineB, end, numB);
  // B's lines come after A's: renumber them and append.
  const base = out.states.length;
  for (let i = 0; i < second.length; i++) {
    out.starts.push(second.starts[i]!);
    out.ends.push(second.ends[i]!);
    out.numbers.push(second.numbers[i]! + numA);
    out.stateFrom.push(second.stateFrom[i + 1]! + base);
  }
  for (const s of second.states) out.states.push(s);
  out.lines = numA + numB;
}

// Walk B's lines, before they are appended to the caller's: one object for the process, cleared each call.
const spare = new NeedleLines();

function record(out: NeedleLines, lineStart: number, lineEnd: number, number: number): void {
  out.starts.push(lineStart);
  out.ends.push(lineEnd);
  out.numbers.push(number);
  out.stateFrom.push(out.states.length);
}
