// One capture as a framed record in a history segment: a fixed ASCII head (lengths and a CRC), the summary
// JSON, the detail JSON and the raw body. The framing lets a reader skip a torn tail and an erased record.
import { crc32 } from 'node:zlib';

/**
 * Head: `WDH1<flag> <summary len> <detail len> <body len> <crc32>\n`, lengths and CRC as 8 hex digits.
 * flag `+` is a live record, `-` one erased in place by `history rm` (its bytes zeroed, its CRC void).
 * Then: summary JSON `\n` detail JSON `\n` body bytes `\n`. The CRC covers summary, detail and body.
 */
export const HEAD_BYTES = 42;
const MAGIC = 'WDH1';
export const LIVE = 0x2b; // '+'
export const ERASED = 0x2d; // '-'

export interface RecordSpan {
  /** Offset of the head in its segment. */
  offset: number;
  summaryLength: number;
  detailLength: number;
  bodyLength: number;
  /** Whole record, head to the final newline. */
  length: number;
}

const HEX = Buffer.from('0123456789abcdef');

function writeHex8(buf: Buffer, at: number, n: number): void {
  for (let i = 7; i >= 0; i--) {
    buf[at + i] = HEX[n & 15]!;
    n >>>= 4;
  }
}

/**
 * Records encoded one after another straight into one buffer, reused from batch to batch (the write that
 * takes it is synchronous): no buffer per record, no copy per part, the head's digits written in place.
 */
export class RecordBatch {
  private buf = Buffer.allocUnsafe(BATCH_BYTES);
  private used = 0;
  /** Where each record ends. */
  private ends: number[] = [];

  get count(): number { return this.ends.length; }
  get bytes(): number { return this.used; }
  /** Bytes of record i. */
  lengthOf(i: number): number { return this.ends[i]! - (i ? this.ends[i - 1]! : 0); }
  /** Records from..to (exclusive) as one view of the batch's buffer, valid until the next add or clear. */
  view(from: number, to: number): Buffer { return this.buf.subarray(from ? this.ends[from - 1]! : 0, this.ends[to - 1]!); }

  /** summary and detail are ASCII JSON text (record-text.ts writes them through capture/json-text.ts): one byte a character. */
  add(summary: string, detail: string, body: Buffer): void {
    const most = HEAD_BYTES + summary.length + detail.length + body.length + 3;
    if (this.used + most > this.buf.length) {
      const grown = Buffer.allocUnsafe(Math.max(this.used + most, this.buf.length * 2));
      this.buf.copy(grown, 0, 0, this.used);
      this.buf = grown;
    }
    const buf = this.buf;
    const start = this.used;
    let at = start + HEAD_BYTES;
    const s = buf.write(summary, at, 'latin1');
    at += s;
    buf[at++] = 0x0a;
    const d = buf.write(detail, at, 'latin1');
    at += d;
    buf[at++] = 0x0a;
    at += body.copy(buf, at);
    buf[at++] = 0x0a;
    const crc = crc32(buf.subarray(start + HEAD_BYTES, at - 1));
    buf.write(MAGIC, start, 'latin1');
    buf[start + 4] = LIVE;
    buf[start + 5] = 0x20;
    writeHex8(buf, start + 6, s);
    buf[start + 14] = 0x20;
    writeHex8(buf, start + 15, d);
    buf[start + 23] = 0x20;
    writeHex8(buf, start + 24, body.length);
    buf[start + 32] = 0x20;
    writeHex8(buf, start + 33, crc);
    buf[start + 41] = 0x0a;
    this.used = at;
    this.ends.push(at);
  }

  clear(): void {
    this.used = 0;
    this.ends = [];
    // An import may have grown it: give the memory back.
    if (this.buf.length > 4 * BATCH_BYTES) this.buf = Buffer.allocUnsafe(BATCH_BYTES);
  }
}
const BATCH_BYTES = 256 * 1024;

export type ScanResult =
  | { kind: 'live'; span: RecordSpan }
  | { kind: 'erased'; span: RecordSpan }
  | { kind: 'corrupt'; span: RecordSpan }
  /** The rest of the segment is no whole record: a write cut off (kill -9 mid-write) or still under way. */
  | { kind: 'end' };

function hexAt(buf: Buffer, at: number): number {
  let n = 0;
  for (let i = at; i < at + 8; i++) {
    const c = buf[i]!;
    const v = c >= 0x30 && c <= 0x39 ? c - 0x30 : c >= 0x61 && c <= 0x66 ? c - 0x57 : -1;
    if (v < 0) return -1;
    n = n * 16 + v;
  }
  return n;
}

/** The record starting at `offset`, checked against its CRC when `verify` (a torn or altered one is 'corrupt'). */
export function scanRecord(buf: Buffer, offset: number, verify = true): ScanResult {
  if (offset + HEAD_BYTES > buf.length) return { kind: 'end' };
  if (buf[offset] !== 0x57 || buf[offset + 1] !== 0x44 || buf[offset + 2] !== 0x48 || buf[offset + 3] !== 0x31 || buf[offset + HEAD_BYTES - 1] !== 0x0a) return { kind: 'end' };
  const flag = buf[offset + 4];
  const summaryLength = hexAt(buf, offset + 6);
  const detailLength = hexAt(buf, offset + 15);
  const bodyLength = hexAt(buf, offset + 24);
  const crc = hexAt(buf, offset + 33);
  if (summaryLength < 0 || detailLength < 0 || bodyLength < 0 || crc < 0) return { kind: 'end' };
  const length = HEAD_BYTES + summaryLength + 1 + detailLength + 1 + bodyLength + 1;
  if (offset + length > buf.length) return { kind: 'end' };
  const span: RecordSpan = { offset, summaryLength, detailLength, bodyLength, length };
  if (flag === ERASED) return { kind: 'erased', span };
  if (flag !== LIVE) return { kind: 'corrupt', span };
  if (verify && crc32(buf.subarray(offset + HEAD_BYTES, offset + length - 1)) !== crc) return { kind: 'corrupt', span };
  return { kind: 'live', span };
}

/**
 * Where the next whole, CRC-checked record after `from` starts, when scanRecord found no record at `from`
 * although bytes follow: a head damaged on disk hides only its own record, not every one after it. Undefined
 * when none follows (a torn tail: a write cut off, or one still under way).
 */
export function resyncRecord(buf: Buffer, from: number): number | undefined {
  for (let at = buf.indexOf(MAGIC, from + 1, 'latin1'); at >= 0; at = buf.indexOf(MAGIC, at + 1, 'latin1')) {
    if (scanRecord(buf, at).kind === 'live') return at;
  }
  return undefined;
}

export const summaryRange = (s: RecordSpan): [number, number] => [s.offset + HEAD_BYTES, s.offset + HEAD_BYTES + s.summaryLength];
export const detailRange = (s: RecordSpan): [number, number] => {
  const start = s.offset + HEAD_BYTES + s.summaryLength + 1;
  return [start, start + s.detailLength];
};
export const bodyRange = (s: RecordSpan): [number, number] => {
  const start = s.offset + HEAD_BYTES + s.summaryLength + 1 + s.detailLength + 1;
  return [start, start + s.bodyLength];
};
