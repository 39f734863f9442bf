// Reading what clients and senders print: the pattern tables compiled once, a line in, the best hit out.
// Loaded only for pasted text and logs (start-up of `explain 429` never pays for the tables).
import { patternTables, plausibleStatus, reasonPhraseAt, type PatternRow } from './patterns/index.js';
import { getEntry, keyForError, keyForStatus, type KbEntry } from './index.js';
import { findNeedleLines, needleAutomaton as automaton, NeedleLines } from './needle-automaton.js';

/** One thing recognised on a line: the entry that explains it and what, in words, was seen. */
export interface Recognition {
  key: string;
  entry: KbEntry;
  /** What was recognised, for the reader: 'curl exit 7: could not connect to 127.0.0.1 port 9'. */
  says: string;
  /** The text the row matched. */
  match: string;
  /** The row's id ('curl-7') and table ('curl'). */
  patternId: string;
  source: string;
  weight: number;
  generic: boolean;
  /** Named parts the row captured: host, port, status, code… */
  details: Record<string, string>;
  /** The HTTP status when the hit is one. */
  status?: number;
}

export interface CompiledRow extends PatternRow {
  source: string;
}

// Lines longer than this are read only this far: a pasted body must not turn a regex into a slow crawl.
const MAX_LINE = 16 * 1024;

// A row's place in the tables breaks a tie of weights, so the best hit never depends on where in a line the
// needles stood or in which order they were found.
const rows: CompiledRow[] = patternTables.flatMap((t) => t.rows.map((r) => ({ ...r, source: t.source })));
const rank = new Map<CompiledRow, number>(rows.map((r, i) => [r, i]));
/** True when `a` wins over `b` on one line: a higher weight, or the same weight and an earlier row. */
const beats = (a: CompiledRow, b: CompiledRow) => a.weight > b.weight || (a.weight === b.weight && rank.get(a)! < rank.get(b)!);
const alwaysRows = rows.filter((r) => r.needles.length === 0);
const rowsByNeedle = new Map<string, CompiledRow[]>();
for (const row of rows) {
  for (const needle of row.needles) {
    const list = rowsByNeedle.get(needle) ?? [];
    list.push(row);
    rowsByNeedle.set(needle, list);
  }
}
// The prefilter: every needle in one byte automaton (needle-automaton.ts), so a log's bytes are walked once. (A
// regex of every needle as a trie was the prefilter before: ~5 ns a byte against ~1.6 for the automaton's walk.)

// Rows in the order they win on a line (see `beats`): trying a line's candidates in this order, the first hit is the best.
const byStrength = [...rows].sort((a, b) => (beats(a, b) ? -1 : beats(b, a) ? 1 : 0));
const strength = new Map<CompiledRow, number>(byStrength.map((r, i) => [r, i]));
/** The candidate rows (by strength) of each reporting state of the automaton: the rows of every needle it found, and the rows without needles. */
const rowsAtState: number[][] = [];
const firstReporting = automaton.reporting;
const classShift = automaton.classShift;
const reportingIndex = (state: number) => (state - firstReporting) >> classShift;
for (const [state, found] of automaton.found) {
  const set = new Set<number>(alwaysRows.map((r) => strength.get(r)!));
  for (const needle of found) for (const r of rowsByNeedle.get(needle)!) set.add(strength.get(r)!);
  rowsAtState[reportingIndex(state)] = [...set].sort((a, b) => a - b);
}
const alwaysCandidates = alwaysRows.map((r) => strength.get(r)!).sort((a, b) => a - b);

function fill(template: string, groups: Record<string, string | undefined>): string {
  const value = (name: string) => groups[name];
  return template
    .replace(/\[([^\]]*)\]/g, (_, inner: string) => {
      const names = [...inner.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
      return names.every((n) => value(n) !== undefined) ? inner : '';
    })
    .replace(/\{(\w+)\}/g, (_, n: string) => value(n) ?? '')
    .replace(/\s{2,}/g, ' ')
    .trim();
}

// Exception names that stand for a code (Elastic Watcher renders Java exceptions as Name[message]).
const namedCodes: Record<string, string> = {
  CONNECTEXCEPTION: 'ECONNREFUSED',
  SOCKETTIMEOUTEXCEPTION: 'read-timeout',
  // errno wording that wget and others print in place of a code
  'CONNECTION RESET BY PEER': 'ECONNRESET',
  'CONNECTION TIMED OUT': 'read-timeout',
  SUCCESS: 'empty-reply',
  'NAME OR SERVICE NOT KNOWN': 'ENOTFOUND',
  'TEMPORARY FAILURE IN NAME RESOLUTION': 'EAI_AGAIN',
};

/** A row that matched a line, before its words are filled in (triage only fills them for the first line of a kind). */
export interface RowMatch {
  row: CompiledRow;
  groups: Record<string, string | undefined>;
  match: string;
  key: string;
  entry: KbEntry;
  status?: number;
  weight: number;
}

const globalRe = new Map<CompiledRow, RegExp>();

function matchRow(row: CompiledRow, line: string): RowMatch | undefined {
  if (row.reasonPhrase) {
    // The first '<status> <words>' may be '404 events'; look on for one whose words are the status's phrase.
    let re = globalRe.get(row);
    if (!re) globalRe.set(row, (re = new RegExp(row.re.source, row.re.flags.includes('g') ? row.re.flags : row.re.flags + 'g')));
    re.lastIndex = 0;
    for (const m of line.matchAll(re)) {
      const status = Number(m.groups!.status);
      const phrase = reasonPhraseAt(status, m.groups!.phrase ?? '');
      if (phrase) return finish(row, { ...m.groups, phrase }, `${m.groups!.status} ${phrase}`);
    }
    return undefined;
  }
  const m = row.re.exec(line);
  return m ? finish(row, m.groups ?? {}, m[0].trim()) : undefined;
}

// Entries and status keys by key and status, made once: a log asks for the same few a million times. Only keys that
// name an entry are kept, so the memo is bounded by the knowledge base.
const entryOfKey = new Map<string, KbEntry>();
const keyOfStatus: string[] = [];

function entryFor(key: string): KbEntry | undefined {
  let entry = entryOfKey.get(key);
  if (!entry) {
    entry = getEntry(key);
    if (entry) entryOfKey.set(key, entry);
  }
  return entry;
}

function finish(row: CompiledRow, groups: Record<string, string | undefined>, match: string): RowMatch | undefined {
  let key: string | undefined = row.key;
  let status: number | undefined;
  if (key === '{status}') {
    status = Number(groups.status ?? groups.status2 ?? NaN);
    if (!Number.isInteger(status) || !plausibleStatus(status)) return undefined;
    key = keyOfStatus[status] ??= keyForStatus(status);
  } else if (key === '{code}') {
    const code = groups.code;
    if (!code) return undefined;
    key = namedCodes[code.toUpperCase()] ?? keyForError(code);
    if (!key) return undefined;
  }
  const entry = entryFor(key);
  if (!entry) return undefined;
  const hit: RowMatch = { row, groups, match, key: entry.key, entry, weight: row.weight };
  if (status !== undefined) hit.status = status;
  return hit;
}

/** The words for a match: what was recognised, with the details the row captured. */
export function describe(hit: RowMatch): Recognition {
  const details: Record<string, string> = {};
  for (const [k, v] of Object.entries(hit.groups)) if (v !== undefined) details[k.replace(/\d+$/, '')] = v;
  return {
    key: hit.key,
    entry: hit.entry,
    says: fill(hit.row.says, hit.groups),
    match: hit.match,
    patternId: hit.row.id,
    source: hit.row.source,
    weight: hit.row.weight,
    generic: hit.row.generic === true,
    details,
    ...(hit.status !== undefined ? { status: hit.status } : {}),
  };
}

// The candidate rows of each reporting state as a bit set too (bit i: the row of strength i), so the rows of a line
// with several states are their OR, read out in order: no set, no sort.
const WORDS = Math.ceil(byStrength.length / 32);
const bitsAtState = new Int32Array(rowsAtState.length * WORDS);
rowsAtState.forEach((list, k) => {
  for (const i of list) bitsAtState[k * WORDS + (i >> 5)]! |= 1 << (i & 31);
});
const lineBits = new Int32Array(WORDS);
const union: number[] = [];

/**
 * The candidate rows (by strength) for the reporting states states[from, to) met in one line. One state (the usual
 * case) has its list ready; several are merged.
 */
export function candidatesFor(states: readonly number[], from: number, to: number): readonly number[] {
  if (to === from) return alwaysCandidates;
  if (to - from === 1) return rowsAtState[reportingIndex(states[from]!)]!;
  lineBits.fill(0);
  for (let k = from; k < to; k++) {
    const at = reportingIndex(states[k]!) * WORDS;
    for (let w = 0; w < WORDS; w++) lineBits[w]! |= bitsAtState[at + w]!;
  }
  union.length = 0;
  for (let w = 0; w < WORDS; w++) {
    for (let bits = lineBits[w]!; bits !== 0; bits &= bits - 1) union.push(w * 32 + 31 - Math.clz32(bits & -bits));
  }
  return union;
}

/** The most specific match among the candidate rows (by strength, see candidatesFor): the first one that matches. */
export function bestAmong(line: string, candidates: readonly number[]): RowMatch | undefined {
  const text = line.length > MAX_LINE ? line.slice(0, MAX_LINE) : line;
  for (const i of candidates) {
    const hit = matchRow(byStrength[i]!, text);
    if (hit) return hit;
  }
  return undefined;
}

/** What a log's triage needs of a line's best match: its row, entry and status, without the match itself. */
export interface Verdict {
  row: CompiledRow | undefined;
  key: string;
  entry: KbEntry | undefined;
  status: number | undefined;
}

// How a row can be tried without building its match, which a log asks for a million times:
// 'test': a fixed key, so whether it matches is all that counts (RegExp#test allocates nothing);
// 'status': a '{status}' row whose regex ends with (?<status>\d{3}) and then only \b or lookaheads, with no top-level
//   alternative, so the status is the three digits before where the match ended;
// 'full': anything else (a '{code}' row, a reason phrase, a status elsewhere), built as bestAmong builds it.
export type Trial = 'test' | 'status' | 'full';
const endsWithStatus = /\(\?<status>\\d\{3\}\)(?:\\b|\(\?[=!][^()]*\))*$/;
/** True when the regex source has a `|` outside every group (a class or an escape is not a group). */
function hasTopLevelAlternative(source: string): boolean {
  let depth = 0;
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') i++;
    else if (inClass) inClass = c !== ']';
    else if (c === '[') inClass = true;
    else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === '|' && depth === 0) return true;
  }
  return false;
}
export function trialFor(row: Pick<PatternRow, 'key' | 're' | 'reasonPhrase'>): Trial {
  if (row.reasonPhrase || row.key === '{code}') return 'full';
  if (row.key !== '{status}') return 'test';
  return endsWithStatus.test(row.re.source) && !hasTopLevelAlternative(row.re.source) ? 'status' : 'full';
}
const trialOf = byStrength.map(trialFor);
/** A 'status' row's regex as a global one, so `test` leaves lastIndex at the match's end; the others as they are. */
const quickRe = byStrength.map((row, i) => (trialOf[i] === 'status' ? new RegExp(row.re.source, row.re.flags.replace(/[gy]/g, '') + 'g') : row.re));
const DIGIT_0 = 48;
// The entry a 'test' row names (by strength) and the entry of a status, found once (null: none).
const entryOfRow: Array<KbEntry | null> = [];
const entryOfStatus: Array<KbEntry | null> = [];

/**
 * The verdict bestAmong would give (same row, key, entry and status), into `into`; false when no row matches.
 * The first line of each kind in a log still gets the whole match from bestAmong, for its words.
 */
export function verdictAmong(line: string, candidates: readonly number[], into: Verdict): boolean {
  const text = line.length > MAX_LINE ? line.slice(0, MAX_LINE) : line;
  for (const i of candidates) {
    const row = byStrength[i]!;
    const trial = trialOf[i]!;
    const re = quickRe[i]!;
    re.lastIndex = 0;
    // Most rows tried do not match: `test` finds that out without building anything.
    if (!re.test(text)) continue;
    if (trial === 'full') {
      const hit = matchRow(row, text);
      if (!hit) continue;
      into.row = row;
      into.key = hit.key;
      into.entry = hit.entry;
      into.status = hit.status;
      return true;
    }
    let entry: KbEntry | null;
    let status: number | undefined;
    if (trial === 'status') {
      const at = re.lastIndex;
      status = (text.charCodeAt(at - 3) - DIGIT_0) * 100 + (text.charCodeAt(at - 2) - DIGIT_0) * 10 + (text.charCodeAt(at - 1) - DIGIT_0);
      entry = entryOfStatus[status] ??= plausibleStatus(status) ? entryFor(keyOfStatus[status] ??= keyForStatus(status)) ?? null : null;
    } else entry = entryOfRow[i] ??= entryFor(row.key) ?? null;
    if (!entry) continue;
    into.row = row;
    into.key = entry.key;
    into.entry = entry;
    into.status = status;
    return true;
  }
  return false;
}

/** The full matcher, with no prefilter: every row tried on the line. What the prefilter must agree with (tests). */
export function bestOfAllRows(line: string): RowMatch | undefined {
  const text = line.length > MAX_LINE ? line.slice(0, MAX_LINE) : line;
  let best: RowMatch | undefined;
  for (const row of rows) {
    if (best && !beats(row, best.row)) continue;
    const hit = matchRow(row, text);
    if (hit) best = hit;
  }
  return best;
}

const oneLine = new NeedleLines();

/** The candidate rows of one line: the automaton over its UTF-8 bytes, as a log line is read. */
function candidatesIn(line: string): readonly number[] {
  const bytes = Buffer.from(line.slice(0, MAX_LINE));
  findNeedleLines(bytes, 0, bytes.length, oneLine);
  // A pasted line may hold newlines of its own ('\r' and the like stay): every part's needles count.
  return candidatesFor(oneLine.states, 0, oneLine.stateCount);
}

/** The most specific thing recognised on one line, or undefined. */
export function recogniseLine(line: string): Recognition | undefined {
  const best = bestAmong(line, candidatesIn(line));
  return best ? describe(best) : undefined;
}

/** Every hit on a line, most specific first (for tests and for explaining a single pasted line in full). */
export function allOnLine(line: string): Recognition[] {
  const hits: Recognition[] = [];
  for (const i of candidatesIn(line)) {
    const hit = matchRow(byStrength[i]!, line.slice(0, MAX_LINE));
    if (hit) hits.push(describe(hit));
  }
  return hits.sort((a, b) => b.weight - a.weight);
}

// Terminal colours and other escape sequences a pasted or captured log keeps (CSI 'ESC [ … m', OSC 'ESC ] … BEL').
const ansiSequence = /\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_]/g;

/** The text without terminal escape sequences: '\x1b[31mERROR\x1b[0m' is read as 'ERROR'. */
export function stripAnsi(text: string): string {
  return text.includes('\x1b') ? text.replace(ansiSequence, '') : text;
}

const pythonFrame = /^\s+File "[^"]*", line \d+/;

/** A Python traceback frame ('  File "…", line N, in f'), or the source line it quotes (the line after one). */
export function isTracebackSource(line: string, previous: string | undefined): boolean {
  return pythonFrame.test(line) || (previous !== undefined && pythonFrame.test(previous));
}

/** One recognised line of pasted text, with its 1-based line number. */
export interface PastedHit extends Recognition {
  line: string;
  lineNumber: number;
}

/**
 * Pasted text (one line or a stack trace): the best hit of each line, each entry once, most specific first.
 * A wrapper ('fetch failed', 'MaxRetryError') is dropped when another line names the cause.
 */
export function recogniseText(text: string): PastedHit[] {
  const hits: PastedHit[] = [];
  const lines = stripAnsi(text).split(/\r?\n/);
  lines.forEach((line, i) => {
    // A Python traceback quotes the source line under each 'File "…", line N' frame: code, not an error.
    if (isTracebackSource(line, lines[i - 1])) return;
    const hit = recogniseLine(line);
    if (hit) hits.push({ ...hit, line: line.trim(), lineNumber: i + 1 });
  });
  const specific = hits.some((h) => !h.generic) ? hits.filter((h) => !h.generic) : hits;
  const ordered = [...specific].sort((a, b) => b.weight - a.weight || a.lineNumber - b.lineNumber);
  const seen = new Set<string>();
  return ordered.filter((h) => (seen.has(h.key) ? false : (seen.add(h.key), true)));
}

/** Row count and ids, for `explain --list --json` consumers and tests. */
export const patternRows: readonly CompiledRow[] = rows;
