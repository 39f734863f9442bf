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

const hex8 = (n: number) => n.toString(16).padStart(8, '0');

export function encodeRecord(summary: string, detail: string, body: Buffer): Buffer {
  const s = Buffer.from(summary);
  const d = Buffer.from(detail);
  const total = HEAD_BYTES + s.length + 1 + d.length + 1 + body.length + 1;
  const out = Buffer.allocUnsafe(total);
  let at = HEAD_BYTES;
  at += s.copy(out, at);
  out[at++] = 0x0a;
  at += d.copy(out, at);
  out[at++] = 0x0a;
  at += body.copy(out, at);
  out[at++] = 0x0a;
  const crc = crc32(out.subarray(HEAD_BYTES, total - 1));
  out.write(`${MAGIC}+ ${hex8(s.length)} ${hex8(d.length)} ${hex8(body.length)} ${hex8(crc)}\n`, 0, 'latin1');
  return out;
}

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

export const summaryRange = (s: RecordSpan): [number, number] => [s.offset + HEAD_BYTES, s.offset + HEAD_BYTES + s.summaryLength];
export const detailRange = (s: RecordSpan): [number, number] => {
  const start = s.offset + HEAD_BYTES + s.summaryLength + 1;
  return [start, start + s.detailLength];
};
export const bodyRange = (s: RecordSpan): [number, number] => {
  const start = s.offset + HEAD_BYTES + s.summaryLength + 1 + s.detailLength + 1;
  return [start, start + s.bodyLength];
};
