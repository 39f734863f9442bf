// Log triage as a stream: chunks of a log in, batches of hits out, folded into a summary of bounded size.
// The matcher works on the bytes of a chunk and never holds the log: only the unfinished last line of a chunk is
// carried over (and capped). Text is decoded only where the needle automaton found a needle: a stretch of lines.
import { isAscii } from 'node:buffer';
import { findNeedleLines, NeedleLines } from './needle-automaton.js';
import { bestAmong, candidatesFor, describe, isTracebackSource, stripAnsi, verdictAmong, type RowMatch, type Verdict } from './recognise.js';
import type { KbEntry } from './schema.js';

/** One recognised line of a log: the row that matched, and the line. */
export interface LogHit extends RowMatch {
  lineNumber: number;
  raw: string;
}

// A line longer than this is matched on its first MAX_LINE characters; the rest is skipped, not kept.
const MAX_LINE = 16 * 1024;
// Bytes of an unfinished line kept before it counts as over-long: enough for MAX_LINE UTF-16 units however encoded.
const MAX_CARRY = 4 * MAX_LINE;
const EXCERPT = 300;
// A chunk's lines are read a stretch at a time: each stretch's text is one string, and strings much bigger than this
// raise peak RSS (measured over a 100 MB log: 64 KB stretches 76 MB, 32 KB 70 MB) for no gain in time.
const STRETCH = 32 * 1024;
const NL = 10;

const timestampPatterns = [
  /\b\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:[.,]\d+)?(?:Z|[+-]\d{2}:?\d{2})?/,
  /\b\d{2}\/[A-Z][a-z]{2}\/\d{4}:\d{2}:\d{2}:\d{2} [+-]\d{4}/,
  /^[A-Z][a-z]{2} [ \d]\d \d{2}:\d{2}:\d{2}/,
];

/** The line's timestamp as written (ISO 8601, common log format, syslog), looked for in its first 64 characters. */
function timestampOf(line: string): string | undefined {
  const head = line.length > 64 ? line.slice(0, 64) : line;
  for (const p of timestampPatterns) {
    const m = p.exec(head);
    if (m) return m[0];
  }
  return undefined;
}

/** The text of a line from its bytes, cut to MAX_LINE characters. */
function lineText(buf: Buffer, start: number, end: number): string {
  // No encoding named is UTF-8 by Buffer's own shortcut (named, it looks the encoding up first: measurable here).
  const text = buf.toString(undefined, start, Math.min(end, start + MAX_CARRY));
  return text.length > MAX_LINE ? text.slice(0, MAX_LINE) : text;
}

const needleLines = new NeedleLines();
const verdict: Verdict = { row: undefined, key: '', entry: undefined, status: undefined };

/**
 * Finds the lines of buf[start, end) that hold a needle (the automaton walks the bytes once), asks the candidate
 * rows of each for a verdict, and hands on the hits. Returns the number the next line will have.
 */
function scanLines(buf: Buffer, start: number, end: number, firstLineNumber: number, previousLine: string | undefined, out: HitSink): number {
  // Colour codes are taken out of these whole lines first (an escape byte is never inside a UTF-8 character, and
  // Latin-1 gives the bytes back unchanged); a sequence holds no newline, so line numbers stay.
  const esc = buf.indexOf(27, start);
  if (esc !== -1 && esc < end) {
    const clean = Buffer.from(stripAnsi(buf.toString('latin1', start, end)), 'latin1');
    return scanLines(clean, 0, clean.length, firstLineNumber, previousLine, out);
  }
  const found = needleLines;
  findNeedleLines(buf, start, end, found);
  const { starts, ends, numbers, stateFrom, states } = found;
  // An all-ASCII stretch (the usual log) is decoded once and its lines taken as substrings (V8 makes a slice, not a
  // copy); Latin-1 then reads the bytes exactly as UTF-8 would. Anything else, and a stretch made long by a long
  // line (its text would be one big string), is decoded line by line.
  const whole = found.length > 0 && end - start <= 2 * STRETCH && isAscii(buf.subarray(start, end));
  const text = whole ? buf.toString('latin1', start, end) : undefined;
  const lineAt = (from: number, to: number) => (text === undefined ? lineText(buf, from, to) : text.slice(from - start, Math.min(to, from + MAX_LINE) - start));
  for (let i = 0; i < found.length; i++) {
    const lineStart = starts[i]!;
    const raw = lineAt(lineStart, ends[i]!);
    const candidates = candidatesFor(states, stateFrom[i]!, stateFrom[i + 1]!);
    if (!verdictAmong(raw, candidates, verdict)) continue;
    // The previous line is only looked at for a hit: a Python frame above means this is quoted source code.
    const previousStart = lineStart === start ? -1 : i > 0 && numbers[i - 1] === numbers[i]! - 1 ? starts[i - 1]! : Math.max(start, buf.lastIndexOf(NL, lineStart - 2) + 1);
    if (mayBeFrame(buf, lineStart, ends[i]!) || (previousStart === -1 ? previousLine !== undefined : mayBeFrame(buf, previousStart, lineStart - 1))) {
      const previous = previousStart === -1 ? previousLine : lineAt(previousStart, lineStart - 1);
      if (isTracebackSource(raw, previous)) continue;
    }
    out(verdict, firstLineNumber + numbers[i]!, raw, candidates);
  }
  return firstLineNumber + found.lines;
}

/**
 * False when buf[start, end) cannot be a Python frame line, which starts with white space: its first byte is then
 * not ASCII white space and not the lead byte of a multi-byte character (a Unicode space). Saves decoding the line before.
 */
function mayBeFrame(buf: Buffer, start: number, end: number): boolean {
  if (start >= end) return false;
  const b = buf[start]!;
  return b === 32 || (b >= 9 && b <= 13) || b >= 0x80;
}

/** The last line of buf[start, end) (which ends with a newline), for the Python-frame rule of the next chunk. */
function lastLineOf(buf: Buffer, start: number, end: number): string {
  const from = buf.lastIndexOf(NL, end - 2);
  return stripAnsi(lineText(buf, Math.max(start, from + 1), end - 1));
}

/**
 * Where the hits go as they are found: folded at once, so none outlives its line (nor fills a chunk's worth of heap).
 * A hit is its verdict (reused for the next line: read it now) and the line's candidate rows, for bestAmong when the
 * whole match is wanted.
 */
type HitSink = (verdict: Readonly<Verdict>, lineNumber: number, raw: string, candidates: readonly number[]) => void;

/** The whole match for a hit, which must be the verdict's own (the verdict is the fast way to the same answer). */
function wholeMatch(verdict: Readonly<Verdict>, raw: string, candidates: readonly number[]): RowMatch {
  const hit = bestAmong(raw, candidates);
  if (!hit || hit.row !== verdict.row || hit.key !== verdict.key || hit.status !== verdict.status) {
    throw new Error(`triage: the verdict (${verdict.row?.id} ${verdict.key}) and the whole match (${hit?.row.id} ${hit?.key}) disagree on "${raw.slice(0, 80)}"`);
  }
  return hit;
}

/** The line reader's state between chunks: the unfinished line's bytes, and the line before it. */
class LineReader {
  nextLine = 1;
  private carry: Buffer[] = [];
  private carried = 0;
  private skipping = false; // inside an over-long line whose head was already matched
  private previous: string | undefined;

  push(buf: Buffer, out: HitSink): void {
    let pos = 0;
    if (this.skipping) {
      const nl = buf.indexOf(NL);
      if (nl === -1) return;
      this.skipping = false;
      this.nextLine++;
      pos = nl + 1;
    } else if (this.carried > 0) {
      const nl = buf.indexOf(NL);
      if (nl === -1) return this.keep(buf, 0, out);
      const line = Buffer.concat([...this.carry, buf.subarray(0, nl + 1)]);
      this.carry = [];
      this.carried = 0;
      this.nextLine = scanLines(line, 0, line.length, this.nextLine, this.previous, out);
      this.previous = lastLineOf(line, 0, line.length);
      pos = nl + 1;
    }
    const lastNl = buf.lastIndexOf(NL);
    // Whole lines in stretches of about STRETCH bytes, however big the chunk (see STRETCH).
    while (lastNl >= pos) {
      const cut = lastNl - pos > STRETCH ? buf.indexOf(NL, pos + STRETCH) : lastNl;
      this.nextLine = scanLines(buf, pos, cut + 1, this.nextLine, this.previous, out);
      this.previous = lastLineOf(buf, pos, cut + 1);
      pos = cut + 1;
    }
    if (pos < buf.length) this.keep(buf, pos, out);
  }

  /** Keeps the unfinished line (a copy: the chunk's buffer may be reused); an over-long one is matched on its head now. */
  private keep(buf: Buffer, pos: number, out: HitSink): void {
    this.carry.push(Buffer.from(buf.subarray(pos, Math.min(buf.length, pos + MAX_CARRY + 1 - this.carried))));
    this.carried += buf.length - pos;
    if (this.carried <= MAX_CARRY) return;
    const head = Buffer.concat(this.carry).subarray(0, MAX_CARRY);
    this.carry = [];
    this.carried = 0;
    scanLines(head, 0, head.length, this.nextLine, this.previous, out);
    this.previous = stripAnsi(lineText(head, 0, head.length));
    this.skipping = true;
  }

  /** The last line, when the log does not end with a newline; returns the number of lines read. */
  end(out: HitSink): number {
    if (this.carried > 0) {
      const line = Buffer.concat(this.carry);
      this.carry = [];
      this.carried = 0;
      scanLines(line, 0, line.length, this.nextLine, this.previous, out);
      return this.nextLine;
    }
    return this.skipping ? this.nextLine : this.nextLine - 1;
  }
}

/**
 * Reads a log as chunks and yields the hits of each chunk, each with its whole match (checked against the verdict
 * the triage folds: the tests compare these with the full matcher). Line numbers are 1-based over the whole stream;
 * the final `lines` count arrives with the last (possibly empty) batch. A chunk's buffer may be reused by the
 * reader once the next chunk is asked for: nothing of it is kept.
 */
export async function* hitsFrom(chunks: AsyncIterable<Buffer | string> | Iterable<Buffer>): AsyncGenerator<{ hits: LogHit[]; lines: number }> {
  const reader = new LineReader();
  for await (const chunk of chunks) {
    const hits: LogHit[] = [];
    reader.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk, (v, lineNumber, raw, c) => hits.push({ ...wholeMatch(v, raw, c), lineNumber, raw }));
    yield { hits, lines: reader.nextLine - 1 };
  }
  const hits: LogHit[] = [];
  const lines = reader.end((v, lineNumber, raw, c) => hits.push({ ...wholeMatch(v, raw, c), lineNumber, raw }));
  yield { hits, lines };
}

/** One entry found in a log, with where it was seen. */
export interface TriageGroup {
  key: string;
  entry: KbEntry;
  count: number;
  firstLine: number;
  lastLine: number;
  firstTime?: string;
  lastTime?: string;
  /** What was recognised on the first such line, and that line. */
  says: string;
  example: string;
  match: string;
}

export interface TriageSummary {
  lines: number;
  /** Lines that report a 2xx: counted, not explained. */
  successes: number;
  /** Lines recognised as a failure. */
  failures: number;
  /** Failures by entry, most frequent first. */
  groups: TriageGroup[];
}

/** A copy of a string that shares no memory with the text it came from (a line may be a slice of a whole chunk's text). */
const ownCopy = (text: string) => Buffer.from(text).toString();

/** Folds the hits of a stream into a summary; memory grows with the number of distinct entries, not lines. */
export async function triageLog(chunks: AsyncIterable<Buffer | string> | Iterable<Buffer>): Promise<TriageSummary> {
  const groups = new Map<string, TriageGroup>();
  let successes = 0;
  let failures = 0;
  const fold: HitSink = (verdict, lineNumber, raw, candidates) => {
    if (verdict.status !== undefined && verdict.status >= 200 && verdict.status < 300) {
      successes++;
      return;
    }
    failures++;
    // A time is a slice of its stretch's text: kept as the last time, it holds at most one stretch per kind.
    const time = timestampOf(raw);
    const group = groups.get(verdict.key);
    if (group) {
      group.count++;
      group.lastLine = lineNumber;
      if (time) group.lastTime = time;
      return;
    }
    // The words and the excerpt are made once per kind, from the whole match; copies, so the chunk behind the line is not kept.
    const hit = wholeMatch(verdict, raw, candidates);
    const line = raw.trim();
    const example = line.length > EXCERPT ? line.slice(0, EXCERPT - 1) + '…' : line;
    groups.set(hit.key, {
      key: hit.key, entry: hit.entry, count: 1, firstLine: lineNumber, lastLine: lineNumber,
      ...(time ? { firstTime: ownCopy(time), lastTime: time } : {}),
      says: ownCopy(describe(hit).says), example: ownCopy(example), match: ownCopy(hit.match),
    });
  };
  const reader = new LineReader();
  for await (const chunk of chunks) reader.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk, fold);
  const lines = reader.end(fold);
  for (const group of groups.values()) if (group.lastTime) group.lastTime = ownCopy(group.lastTime);
  const ordered = [...groups.values()].sort((a, b) => b.count - a.count || a.firstLine - b.firstLine);
  return { lines, successes, failures, groups: ordered };
}
