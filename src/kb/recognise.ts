// Reading what clients and senders print: the pattern tables compiled once, a line in, the best hit out.
// Loaded only for pasted text and logs (start-up of `explain 429` never pays for the tables).
import { patternTables, plausibleStatus, type PatternRow } from './patterns/index.js';
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

interface CompiledRow extends PatternRow {
  source: string;
}

// Lines longer than this are read only this far: a pasted body must not turn a regex into a slow crawl.
const MAX_LINE = 16 * 1024;

const rows: CompiledRow[] = patternTables.flatMap((t) => t.rows.map((r) => ({ ...r, source: t.source })));
const alwaysRows = rows.filter((r) => r.needles.length === 0);
const rowsByNeedle = new Map<string, CompiledRow[]>();
for (const row of rows) {
  for (const needle of row.needles) {
    const list = rowsByNeedle.get(needle) ?? [];
    list.push(row);
    rowsByNeedle.set(needle, list);
  }
}
const needles = [...rowsByNeedle.keys()].sort((a, b) => b.length - a.length);
// Longest first, so that at one position the alternation takes the longer needle; the shorter needles inside
// it are present too (impliedBy), which covers needles that share a start.
const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** Finds any needle; global, so callers walk a whole chunk with lastIndex. */
export const needleScan = new RegExp(needles.map(escapeRe).join('|'), 'gi');
const rowsForFound = new Map<string, CompiledRow[]>();
for (const needle of needles) {
  const set = new Set<CompiledRow>();
  for (const other of needles) if (needle.includes(other)) for (const r of rowsByNeedle.get(other)!) set.add(r);
  rowsForFound.set(needle, [...set]);
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
const namedCodes: Record<string, string> = { CONNECTEXCEPTION: 'ECONNREFUSED', SOCKETTIMEOUTEXCEPTION: 'read-timeout' };

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

function evaluate(row: CompiledRow, line: string): Recognition | undefined {
  const m = row.re.exec(line);
  if (!m) return undefined;
  const groups: Record<string, string | undefined> = { ...(m.groups ?? {}) };
  const resolved = resolveKey(row, groups);
  if (!resolved) return undefined;
  const entry = getEntry(resolved.key);
  if (!entry) return undefined;
  const details: Record<string, string> = {};
  for (const [k, v] of Object.entries(groups)) if (v !== undefined) details[k.replace(/\d+$/, '')] = v;
  return {
    key: entry.key,
    entry,
    says: fill(row.says, groups),
    match: m[0].trim(),
    patternId: row.id,
    source: row.source,
    weight: row.weight,
    generic: row.generic === true,
    details,
    ...(resolved.status !== undefined ? { status: resolved.status } : {}),
  };
}

/** The rows worth running on a line, given the needles found in it. */
function candidateRows(found: Iterable<string>): Set<CompiledRow> {
  const set = new Set<CompiledRow>(alwaysRows);
  for (const needle of found) for (const r of rowsForFound.get(needle) ?? []) set.add(r);
  return set;
}

function better(a: Recognition, b: Recognition | undefined): boolean {
  return !b || a.weight > b.weight;
}

/** The most specific hit among rows whose needles were found in the line. */
export function bestWith(line: string, found: Iterable<string>): Recognition | undefined {
  const text = line.length > MAX_LINE ? line.slice(0, MAX_LINE) : line;
  let best: Recognition | undefined;
  for (const row of candidateRows(found)) {
    if (best && row.weight <= best.weight) continue;
    const hit = evaluate(row, text);
    if (hit && better(hit, best)) best = hit;
  }
  return best;
}

function needlesIn(line: string): Set<string> {
  const found = new Set<string>();
  const scan = new RegExp(needleScan.source, 'gi');
  for (const m of line.slice(0, MAX_LINE).matchAll(scan)) found.add(m[0].toLowerCase());
  return found;
}

/** The most specific thing recognised on one line, or undefined. */
export function recogniseLine(line: string): Recognition | undefined {
  return bestWith(line, needlesIn(line));
}

/** Every hit on a line, most specific first (for tests and for explaining a single pasted line in full). */
export function allOnLine(line: string): Recognition[] {
  const hits: Recognition[] = [];
  for (const row of candidateRows(needlesIn(line))) {
    const hit = evaluate(row, line.slice(0, MAX_LINE));
    if (hit) hits.push(hit);
  }
  return hits.sort((a, b) => b.weight - a.weight);
}

const pythonFrame = /^\s+File "[^"]*", line \d+/;

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
  let sourceLineNext = false;
  text.split(/\r?\n/).forEach((line, i) => {
    // A Python traceback quotes the source line under each 'File "…", line N' frame: code, not an error.
    const quotedSource = sourceLineNext;
    sourceLineNext = pythonFrame.test(line);
    if (quotedSource || sourceLineNext) return;
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
