// Reading what clients and senders print: the pattern tables compiled once, a line in, the best hit out.
// Loaded only for pasted text and logs (start-up of `explain 429` never pays for the tables).
import { patternTables, plausibleStatus, reasonPhraseAt, type PatternRow } from './patterns/index.js';
import { getEntry, keyForError, keyForStatus, type KbEntry } from './index.js';

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
// The prefilter: one regex of every needle, as a trie ('conn(?:ection (?:refused|reset)|ect)'), so at each position
// the engine follows one branch instead of trying every needle; a branch's longer needle is tried before the
// shorter one that ends inside it, so a match is the longest needle starting there. (Short "grams" instead of whole
// needles were tried: the scan costs the same per character and lets more lines through.)
const needles = [...rowsByNeedle.keys()].sort((a, b) => b.length - a.length);
const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
function trieSource(words: readonly string[]): string {
  const byFirst = new Map<string, string[]>();
  let endsHere = false;
  for (const w of words) {
    if (w === '') endsHere = true;
    else (byFirst.get(w.charAt(0)) ?? byFirst.set(w.charAt(0), []).get(w.charAt(0))!).push(w.slice(1));
  }
  const branches = [...byFirst].map(([c, rest]) => escapeRe(c) + trieSource(rest));
  if (branches.length === 0) return '';
  return branches.length === 1 && !endsHere ? branches[0]! : `(?:${branches.join('|')})${endsHere ? '?' : ''}`;
}
/** Finds any needle; global, so callers walk a whole chunk with lastIndex. */
export const needleScan = new RegExp(trieSource(needles), 'gi');
/** The same needles for text already in lower case: case-sensitive, which V8 scans faster. */
export const needleScanLower = new RegExp(needleScan.source, 'g');
/** Needles by the code of their last character, longest first: after `test`, the match is the longest one ending there. */
export const needlesEndingWith: string[][] = [];
for (const needle of needles) (needlesEndingWith[needle.charCodeAt(needle.length - 1)] ??= []).push(needle);

/**
 * Where the scan goes on after a needle: at its end, unless a needle can start inside it and run past it ('error 5'
 * ending where '52' starts); then at the first such start. A needle wholly inside it needs no rescan (rowsForFound).
 */
export const needleRestart = new Map<string, number>();
const properPrefixes = new Set<string>();
for (const needle of needles) for (let k = 1; k < needle.length; k++) properPrefixes.add(needle.slice(0, k));
for (const needle of needles) {
  let at = 1;
  while (at < needle.length && !properPrefixes.has(needle.slice(at))) at++;
  needleRestart.set(needle, at);
}

// Rows in the order they win on a line (see `beats`): trying a line's candidates in this order, the first hit is the best.
const byStrength = [...rows].sort((a, b) => (beats(a, b) ? -1 : beats(b, a) ? 1 : 0));
const strength = new Map<CompiledRow, number>(byStrength.map((r, i) => [r, i]));
/** A needle found stands for its own rows and for those of every needle inside it ('connection refused' holds 'refused'). */
const rowsForFound = new Map<string, number[]>();
for (const needle of needles) {
  const set = new Set<number>();
  for (const other of needles) if (needle.includes(other)) for (const r of rowsByNeedle.get(other)!) set.add(strength.get(r)!);
  rowsForFound.set(needle, [...set].sort((a, b) => a - b));
}

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

function resolveKey(row: CompiledRow, groups: Record<string, string | undefined>): { key: string; status?: number } | undefined {
  if (row.key === '{status}') {
    const status = Number(groups.status ?? groups.status2 ?? NaN);
    if (!Number.isInteger(status) || !plausibleStatus(status)) return undefined;
    return { key: keyForStatus(status), status };
  }
  if (row.key === '{code}') {
    const code = groups.code;
    if (!code) return undefined;
    const key = namedCodes[code.toUpperCase()] ?? keyForError(code);
    return key ? { key } : undefined;
  }
  return { key: row.key };
}

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

function finish(row: CompiledRow, groups: Record<string, string | undefined>, match: string): RowMatch | undefined {
  const resolved = resolveKey(row, groups);
  if (!resolved) return undefined;
  const entry = getEntry(resolved.key);
  if (!entry) return undefined;
  return { row, groups, match, key: entry.key, entry, weight: row.weight, ...(resolved.status !== undefined ? { status: resolved.status } : {}) };
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

// Which line a row was last put among the candidates: a stamp per row instead of a Set per line, so a log of a
// million lines allocates nothing here.
const stampOf = new Int32Array(byStrength.length);
let lineStamp = 0;
const candidates: number[] = [];

/** The most specific match among rows whose needles were found in the line: the candidates strongest first, the first hit. */
export function bestWith(line: string, found: Iterable<string>): RowMatch | undefined {
  const text = line.length > MAX_LINE ? line.slice(0, MAX_LINE) : line;
  const stamp = ++lineStamp;
  candidates.length = 0;
  for (const row of alwaysRows) {
    const i = strength.get(row)!;
    if (stampOf[i] !== stamp) (stampOf[i] = stamp), candidates.push(i);
  }
  for (const needle of found) {
    for (const i of rowsForFound.get(needle) ?? []) if (stampOf[i] !== stamp) (stampOf[i] = stamp), candidates.push(i);
  }
  if (candidates.length > 1) candidates.sort((a, b) => a - b);
  for (const i of candidates) {
    const hit = matchRow(byStrength[i]!, text);
    if (hit) return hit;
  }
  return undefined;
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

/** Every needle in the line, overlapping ones too: after a match the scan goes on one character after its start. */
function needlesIn(line: string): Set<string> {
  const found = new Set<string>();
  const lower = line.slice(0, MAX_LINE).toLowerCase();
  const scan = new RegExp(needleScanLower.source, 'g');
  for (let m = scan.exec(lower); m; m = scan.exec(lower)) {
    found.add(m[0]);
    scan.lastIndex = m.index + 1;
  }
  return found;
}

/** The most specific thing recognised on one line, or undefined. */
export function recogniseLine(line: string): Recognition | undefined {
  const best = bestWith(line, needlesIn(line));
  return best ? describe(best) : undefined;
}

/** Every hit on a line, most specific first (for tests and for explaining a single pasted line in full). */
export function allOnLine(line: string): Recognition[] {
  const hits: Recognition[] = [];
  const rowsOnLine = new Set<CompiledRow>(alwaysRows);
  for (const needle of needlesIn(line)) for (const i of rowsForFound.get(needle) ?? []) rowsOnLine.add(byStrength[i]!);
  for (const row of rowsOnLine) {
    const hit = matchRow(row, line.slice(0, MAX_LINE));
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
