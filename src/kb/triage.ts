// Log triage as a stream: chunks of a log in, batches of hits out, folded into a summary of bounded size.
// The matcher never holds the log: only the unfinished last line of a chunk is carried over (and capped).
import { StringDecoder } from 'node:string_decoder';
import { bestWith, describe, isTracebackSource, needleScan, needleScanLower, needlesEndingWith, type RowMatch } from './recognise.js';
import type { KbEntry } from './schema.js';

/** One recognised line of a log: the row that matched, and the line (a view into the chunk, not a copy). */
export interface LogHit extends RowMatch {
  lineNumber: number;
  raw: string;
}

// A line longer than this is matched on its first MAX_LINE characters; the rest is skipped, not kept.
const MAX_LINE = 16 * 1024;
const EXCERPT = 300;

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

/**
 * Finds the lines of `text` (whole lines) that hold a needle, runs the rows for those needles on each, and pushes
 * the hits. Returns the number the next line will have. The scan runs on a lower-cased copy with `test`, which
 * allocates nothing per match; the needles that end where a match ends are then read off the copy.
 */
function scanLines(text: string, firstLineNumber: number, out: LogHit[]): number {
  const lower = text.toLowerCase();
  // Lower-casing can change the length of a few characters (İ); then offsets would drift, so scan the text itself.
  const sameOffsets = lower.length === text.length;
  const scan = sameOffsets ? needleScanLower : needleScan;
  const hay = sameOffsets ? lower : text;
  scan.lastIndex = 0;
  let lineNumber = firstLineNumber;
  let lineStart = 0;
  const found: string[] = [];
  const noteNeedlesEndingAt = (end: number) => {
    for (const needle of needlesEndingWith.get(lower.charAt(end - 1)) ?? []) {
      if (end - needle.length >= lineStart && lower.startsWith(needle, end - needle.length) && !found.includes(needle)) found.push(needle);
    }
  };
  while (scan.test(hay)) {
    const end = scan.lastIndex;
    // Walk to the line that holds the match, counting the lines passed.
    let nl = text.indexOf('\n', lineStart);
    while (nl !== -1 && nl < end - 1) {
      lineNumber++;
      lineStart = nl + 1;
      nl = text.indexOf('\n', lineStart);
    }
    const lineEnd = nl === -1 ? text.length : nl;
    found.length = 0;
    noteNeedlesEndingAt(end);
    while (scan.test(hay) && scan.lastIndex <= lineEnd) noteNeedlesEndingAt(scan.lastIndex);
    const raw = text.slice(lineStart, Math.min(lineEnd, lineStart + MAX_LINE));
    let hit = bestWith(raw, found) as LogHit | undefined;
    // The previous line is only looked at for a hit: a Python frame above means this is quoted source code.
    if (hit && lineStart > 0 && isTracebackSource(raw, text.slice(text.lastIndexOf('\n', lineStart - 2) + 1, lineStart - 1))) hit = undefined;
    if (hit) {
      hit.lineNumber = lineNumber;
      hit.raw = raw;
      out.push(hit);
    }
    if (nl === -1) break;
    lineNumber++;
    lineStart = nl + 1;
    scan.lastIndex = lineStart;
  }
  // Count the rest of the lines of this text.
  let nl = text.indexOf('\n', lineStart);
  while (nl !== -1) {
    lineNumber++;
    nl = text.indexOf('\n', nl + 1);
  }
  return lineNumber;
}

/**
 * Reads a log as chunks and yields the hits of each chunk. Line numbers are 1-based over the whole stream;
 * the final `lines` count arrives with the last (possibly empty) batch.
 */
export async function* hitsFrom(chunks: AsyncIterable<Buffer | string>): AsyncGenerator<{ hits: LogHit[]; lines: number }> {
  const decoder = new StringDecoder('utf8');
  let carry = '';
  let skipping = false; // inside an over-long line whose head was already matched
  let nextLine = 1;
  for await (const chunk of chunks) {
    let text = typeof chunk === 'string' ? chunk : decoder.write(chunk);
    if (skipping) {
      const nl = text.indexOf('\n');
      if (nl === -1) continue;
      skipping = false;
      text = text.slice(nl + 1);
      nextLine++;
    }
    const lastNl = text.lastIndexOf('\n');
    if (lastNl === -1) {
      carry += text;
      if (carry.length > MAX_LINE) {
        const hits: LogHit[] = [];
        scanLines(carry.slice(0, MAX_LINE), nextLine, hits);
        carry = '';
        skipping = true;
        yield { hits, lines: nextLine };
      }
      continue;
    }
    const complete = carry + text.slice(0, lastNl + 1);
    carry = text.slice(lastNl + 1);
    const hits: LogHit[] = [];
    nextLine = scanLines(complete, nextLine, hits);
    if (carry.length > MAX_LINE) {
      scanLines(carry.slice(0, MAX_LINE), nextLine, hits);
      carry = '';
      skipping = true;
    }
    yield { hits, lines: nextLine - 1 };
  }
  carry += decoder.end();
  const hits: LogHit[] = [];
  let lines = nextLine - 1;
  if (carry.length > 0 && !skipping) {
    scanLines(carry, nextLine, hits);
    lines = nextLine;
  } else if (skipping) lines = nextLine;
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

/** Folds the hits of a stream into a summary; memory grows with the number of distinct entries, not lines. */
export async function triageLog(chunks: AsyncIterable<Buffer | string>): Promise<TriageSummary> {
  const groups = new Map<string, TriageGroup>();
  let successes = 0;
  let failures = 0;
  let lines = 0;
  for await (const batch of hitsFrom(chunks)) {
    lines = batch.lines;
    for (const hit of batch.hits) {
      if (hit.status !== undefined && hit.status >= 200 && hit.status < 300) {
        successes++;
        continue;
      }
      failures++;
      const time = timestampOf(hit.raw);
      const group = groups.get(hit.key);
      if (group) {
        group.count++;
        group.lastLine = hit.lineNumber;
        if (time) group.lastTime = time;
      } else {
        // The words and the excerpt are made once per kind; a copy, so the chunk behind the line is not kept.
        const line = hit.raw.trim();
        const example = line.length > EXCERPT ? line.slice(0, EXCERPT - 1) + '…' : line;
        groups.set(hit.key, {
          key: hit.key, entry: hit.entry, count: 1, firstLine: hit.lineNumber, lastLine: hit.lineNumber,
          ...(time ? { firstTime: time, lastTime: time } : {}),
          says: describe(hit).says, example: Buffer.from(example).toString(), match: Buffer.from(hit.match).toString(),
        });
      }
    }
  }
  const ordered = [...groups.values()].sort((a, b) => b.count - a.count || a.firstLine - b.firstLine);
  return { lines, successes, failures, groups: ordered };
}
