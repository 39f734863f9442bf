// Log triage as a stream: chunks of a log in, batches of hits out, folded into a summary of bounded size.
// The matcher works on the bytes of a chunk and never holds the log: only the unfinished last line of a chunk is
// carried over (and capped). A line is decoded to a string only when a needle was found in it.
import { bestWith, describe, isTracebackSource, needleRestart, needleScanLower, needlesEndingWith, stripAnsi, type RowMatch } from './recognise.js';
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
  const text = buf.toString('utf8', start, Math.min(end, start + MAX_CARRY));
  return text.length > MAX_LINE ? text.slice(0, MAX_LINE) : text;
}

/**
 * Finds the lines of buf[start, end) that hold a needle, runs the rows for those needles on each, and pushes the
 * hits. Returns the number the next line will have. The needles are looked for in the bytes read as Latin-1 and
 * lower-cased: one character per byte, so offsets are byte offsets, and an ASCII needle is found exactly where
 * the UTF-8 text holds it (bytes of a multi-byte character are all >= 0x80). After a needle the scan goes on where
 * another could start inside it (needleRestart), so every needle in a line is found; `test` allocates nothing.
 */
function scanLines(buf: Buffer, start: number, end: number, firstLineNumber: number, previousLine: string | undefined, out: LogHit[]): number {
  // Colour codes are taken out of these whole lines first (an escape byte is never inside a UTF-8 character, and
  // Latin-1 gives the bytes back unchanged); a sequence holds no newline, so line numbers stay.
  const esc = buf.indexOf(27, start);
  if (esc !== -1 && esc < end) {
    const clean = Buffer.from(stripAnsi(buf.toString('latin1', start, end)), 'latin1');
    return scanLines(clean, 0, clean.length, firstLineNumber, previousLine, out);
  }
  const hay = buf.toString('latin1', start, end).toLowerCase();
  const scan = needleScanLower;
  scan.lastIndex = 0;
  let lineNumber = firstLineNumber;
  let lineStart = 0;
  const found: string[] = [];
  // `test` allocates nothing; the needle it matched is the longest one that ends where it stopped and starts at or
  // after where it began (the scan is leftmost, and at one start the trie takes the longest needle).
  let from = 0;
  const matched = (at: number): string => {
    for (const needle of needlesEndingWith[hay.charCodeAt(at - 1)]!) {
      if (at - needle.length >= from && hay.startsWith(needle, at - needle.length)) return needle;
    }
    throw new Error(`needle scan: no needle ends at ${at}`);
  };
  let stop = scan.test(hay) ? scan.lastIndex : -1;
  while (stop !== -1) {
    let needle = matched(stop);
    // Walk to the line that holds the match, counting the lines passed.
    let nl = hay.indexOf('\n', lineStart);
    while (nl !== -1 && nl < stop) {
      lineNumber++;
      lineStart = nl + 1;
      nl = hay.indexOf('\n', lineStart);
    }
    const lineEnd = nl === -1 ? hay.length : nl;
    // This line's needles, overlapping ones too; a match past its end is the next line's first (needles hold no
    // newline). A needle inside a longer one found at the same start stands for itself (see rowsForFound).
    found.length = 0;
    found.push(needle);
    for (;;) {
      from = scan.lastIndex = stop - needle.length + needleRestart.get(needle)!;
      stop = scan.test(hay) ? scan.lastIndex : -1;
      if (stop === -1 || stop > lineEnd) break;
      needle = matched(stop);
      if (!found.includes(needle)) found.push(needle);
    }
    const raw = lineText(buf, start + lineStart, start + lineEnd);
    let hit = bestWith(raw, found) as LogHit | undefined;
    // The previous line is only looked at for a hit: a Python frame above means this is quoted source code.
    if (hit) {
      const previous = lineStart > 0 ? lineText(buf, start + hay.lastIndexOf('\n', lineStart - 2) + 1, start + lineStart - 1) : previousLine;
      if (isTracebackSource(raw, previous)) hit = undefined;
    }
    if (hit) {
      hit.lineNumber = lineNumber;
      hit.raw = raw;
      out.push(hit);
    }
    if (nl === -1) break;
    lineNumber++;
    lineStart = nl + 1;
  }
  // Count the rest of the lines of this text.
  let nl = hay.indexOf('\n', lineStart);
  while (nl !== -1) {
    lineNumber++;
    nl = hay.indexOf('\n', nl + 1);
  }
  return lineNumber;
}

/** The last line of buf[start, end) (which ends with a newline), for the Python-frame rule of the next chunk. */
function lastLineOf(buf: Buffer, start: number, end: number): string {
  const from = buf.lastIndexOf(NL, end - 2);
  return stripAnsi(lineText(buf, Math.max(start, from + 1), end - 1));
}

/** The line reader's state between chunks: the unfinished line's bytes, and the line before it. */
class LineReader {
  nextLine = 1;
  private carry: Buffer[] = [];
  private carried = 0;
  private skipping = false; // inside an over-long line whose head was already matched
  private previous: string | undefined;

  push(buf: Buffer, out: LogHit[]): void {
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
    if (lastNl >= pos) {
      this.nextLine = scanLines(buf, pos, lastNl + 1, this.nextLine, this.previous, out);
      this.previous = lastLineOf(buf, pos, lastNl + 1);
      pos = lastNl + 1;
    }
    if (pos < buf.length) this.keep(buf, pos, out);
  }

  /** Keeps the unfinished line (a copy: the chunk's buffer may be reused); an over-long one is matched on its head now. */
  private keep(buf: Buffer, pos: number, out: LogHit[]): void {
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
  end(out: LogHit[]): number {
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
 * Reads a log as chunks and yields the hits of each chunk. Line numbers are 1-based over the whole stream;
 * the final `lines` count arrives with the last (possibly empty) batch. A chunk's buffer may be reused by the
 * reader once the next chunk is asked for: nothing of it is kept.
 */
export async function* hitsFrom(chunks: AsyncIterable<Buffer | string> | Iterable<Buffer>): AsyncGenerator<{ hits: LogHit[]; lines: number }> {
  const reader = new LineReader();
  for await (const chunk of chunks) {
    const hits: LogHit[] = [];
    reader.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk, hits);
    yield { hits, lines: reader.nextLine - 1 };
  }
  const hits: LogHit[] = [];
  const lines = reader.end(hits);
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
export async function triageLog(chunks: AsyncIterable<Buffer | string> | Iterable<Buffer>): Promise<TriageSummary> {
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
