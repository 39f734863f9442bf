// listen --json's lines, made on a thread of their own: listen's thread puts each answered request into a
// ring of shared memory as bytes (its head as received, its body, the findings' JSON text, a few numbers),
// and the line thread (line-thread.ts) reads them back, writes each line and sends it to stdout in order.
// Serving then costs a copy per request, not the line (the largest part of listen's own work per request).
import { writeSync } from 'node:fs';
import { readAcceptedHead } from '../capture/accepted-head.js';
import { captureId, type Capture } from '../capture/capture.js';
import type { AnswerSummary } from '../capture/pipeline.js';
import type { RequestFields } from './request-line.js';

// The control words, in an Int32Array ahead of the data.
/** Where listen's thread writes next (a byte offset into the data, a multiple of 8). */
export const WRITE = 0;
/** Where the line thread reads next. */
export const READ = 1;
/** RUNNING, or ENDING once listen's thread has put its last record. */
export const STATE = 2;
/** Set by the line thread when it stopped (an error, or stdout closed): nothing more is read. */
export const DEAD = 3;
/** Set by the line thread once, after ENDING, every line is written. */
export const DONE = 4;
/** How many records the line thread has read and written out to stdout (it writes whenever it catches up). */
export const WRITTEN = 5;
export const RUNNING = 0;
export const ENDING = 1;
const CONTROL_BYTES = 64;

/** A record's kind, in its second word. */
const REQUEST = 1;
const LINE = 2;
/** The first word of a record that does not fit before the end of the data: go on at offset 0. */
const WRAP = -1;
/** Bytes of a request record before its variable parts (18 words, a multiple of 8). */
const REQUEST_HEAD = 72;

const KINDS: ReadonlyArray<AnswerSummary['kind']> = ['respond', 'timeout', 'reset', 'relay'];
const F_REFUSED = 1;
const F_UNREAD = 2;
const F_STATUS = 4;
const F_CHAOS = 8;
const F_DECODED = 16;

/** The ring's memory and its views, the same on both threads. */
export class Ring {
  readonly control: Int32Array;
  readonly words: Int32Array;
  readonly doubles: Float64Array;
  readonly bytes: Buffer;
  readonly size: number;

  constructor(readonly memory: SharedArrayBuffer) {
    this.size = memory.byteLength - CONTROL_BYTES;
    this.control = new Int32Array(memory, 0, CONTROL_BYTES / 4);
    this.words = new Int32Array(memory, CONTROL_BYTES, this.size / 4);
    this.doubles = new Float64Array(memory, CONTROL_BYTES, this.size / 8);
    this.bytes = Buffer.from(memory, CONTROL_BYTES, this.size);
  }

  static create(dataBytes: number): Ring {
    return new Ring(new SharedArrayBuffer(CONTROL_BYTES + align(dataBytes)));
  }
}

function align(n: number): number {
  return (n + 7) & ~7;
}

/** What a request record holds, read back on the line thread. */
export interface RingRequest {
  fields: RequestFields;
  findingsText: string;
  answer: AnswerSummary;
}

export type RingRecord = { kind: 'request'; request: RingRequest } | { kind: 'line'; text: string };

/**
 * The address, the arrival time and the findings' text of the last request record, on each side: a record
 * whose text is the same says so (length -1) instead of carrying it. Requests arriving together share most.
 */
export interface Repeats {
  remoteAddress: string;
  receivedAt: string;
  findingsText: string;
}
export const noRepeats = (): Repeats => ({ remoteAddress: '', receivedAt: '', findingsText: '' });

const SAME = -1;
const sized = (text: string, last: string) => (text === last ? 0 : text.length);

/** Bytes a request's record takes in the ring. */
export function requestRecordBytes(capture: Capture, findingsText: string, last: Repeats): number {
  const head = capture.head!;
  return align(REQUEST_HEAD + sized(capture.remoteAddress, last.remoteAddress) + sized(capture.receivedAt, last.receivedAt) + head.length + capture.body.length + (capture.decodedBody?.length ?? 0) + sized(findingsText, last.findingsText));
}

/** Writes a request's record at `at` (room was made for requestRecordBytes); returns the offset after it. */
export function writeRequestRecord(ring: Ring, at: number, capture: Capture, findingsText: string, answer: AnswerSummary, length: number, last: Repeats): number {
  const { words, doubles, bytes } = ring;
  const w = at >> 2;
  const head = capture.head!;
  let flags = 0;
  if (capture.bodyRefused) flags |= F_REFUSED;
  if (capture.bodyUnread) flags |= F_UNREAD;
  if (answer.status !== undefined) flags |= F_STATUS;
  if (answer.chaos) flags |= F_CHAOS;
  if (capture.decodedBody) flags |= F_DECODED;
  words[w] = length;
  words[w + 1] = REQUEST;
  words[w + 2] = capture.seq;
  // A double: bodyBytes is what Content-Length said for a body refused or left unread (5000000000 is fine there).
  doubles[(at >> 3) + 8] = capture.bodyBytes;
  words[w + 5] = flags;
  words[w + 6] = KINDS.indexOf(answer.kind);
  words[w + 7] = answer.status ?? 0;
  doubles[(at >> 3) + 4] = answer.ms;
  const sameAddress = capture.remoteAddress === last.remoteAddress;
  const sameTime = capture.receivedAt === last.receivedAt;
  const sameFindings = findingsText === last.findingsText;
  words[w + 10] = sameAddress ? SAME : capture.remoteAddress.length;
  words[w + 11] = sameTime ? SAME : capture.receivedAt.length;
  words[w + 12] = head.length;
  words[w + 13] = capture.body.length;
  words[w + 14] = capture.decodedBody?.length ?? 0;
  words[w + 15] = sameFindings ? SAME : findingsText.length;
  let p = at + REQUEST_HEAD;
  // The address, the time and the findings' text are ASCII (json-text.ts): a byte a character.
  if (!sameAddress) p += bytes.write((last.remoteAddress = capture.remoteAddress), p, 'latin1');
  if (!sameTime) p += bytes.write((last.receivedAt = capture.receivedAt), p, 'latin1');
  // TypedArray#set: Buffer#copy's checks cost more than these small copies.
  bytes.set(head, p);
  p += head.length;
  bytes.set(capture.body, p);
  p += capture.body.length;
  if (capture.decodedBody) {
    bytes.set(capture.decodedBody, p);
    p += capture.decodedBody.length;
  }
  if (!sameFindings) bytes.write((last.findingsText = findingsText), p, 'latin1');
  return at + length;
}

/** Bytes a line's record takes. */
export function lineRecordBytes(text: string): number {
  return align(12 + text.length);
}

/** Writes an ASCII line (listen's other events) at `at`; returns the offset after it. */
export function writeLineRecord(ring: Ring, at: number, text: string, length: number): number {
  ring.words[at >> 2] = length;
  ring.words[(at >> 2) + 1] = LINE;
  ring.words[(at >> 2) + 2] = text.length;
  ring.bytes.write(text, at + 12, 'latin1');
  return at + length;
}

/**
 * Where a record of `need` bytes can go with the writer at `w` and the reader at `r`, or -1 when the ring
 * is too full. w === r is an empty ring, so the writer never closes up on the reader from behind.
 */
export function roomAt(size: number, w: number, r: number, need: number): number {
  if (w >= r) {
    if (size - w >= need && !(w + need === size && r === 0)) return w;
    return need < r ? 0 : -1; // past a wrap mark at w
  }
  return r - w > need ? w : -1;
}

/** Marks the rest of the data unused: the next record is at offset 0. */
export function writeWrap(ring: Ring, at: number): void {
  ring.words[at >> 2] = WRAP;
}

/** The record at `at`, or 'wrap'; its length is ring.words[at >> 2]. The views point into the ring: use them before READ moves past. */
export function readRecord(ring: Ring, at: number, last: Repeats): RingRecord | 'wrap' {
  const { words, doubles, bytes } = ring;
  const w = at >> 2;
  if (words[w] === WRAP) return 'wrap';
  if (words[w + 1] === LINE) return { kind: 'line', text: bytes.toString('latin1', at + 12, at + 12 + words[w + 2]!) };
  const flags = words[w + 5]!;
  const seq = words[w + 2]!;
  let p = at + REQUEST_HEAD;
  const text = (n: number, before: string) => (n === SAME ? before : bytes.toString('latin1', p, (p += n)));
  const remoteAddress = (last.remoteAddress = text(words[w + 10]!, last.remoteAddress));
  const receivedAt = (last.receivedAt = text(words[w + 11]!, last.receivedAt));
  const head = bytes.subarray(p, (p += words[w + 12]!));
  const body = bytes.subarray(p, (p += words[w + 13]!));
  const decodedBody = flags & F_DECODED ? bytes.subarray(p, (p += words[w + 14]!)) : undefined;
  const findingsText = (last.findingsText = text(words[w + 15]!, last.findingsText));
  const { method, target, httpVersion, rawHeaders } = readAcceptedHead(head);
  const fields: RequestFields = { seq, id: captureId(receivedAt, seq), receivedAt, remoteAddress, method, target, httpVersion, rawHeaders, bodyBytes: doubles[(at >> 3) + 8]!, body };
  if (flags & F_REFUSED) fields.bodyRefused = true;
  if (flags & F_UNREAD) fields.bodyUnread = true;
  if (decodedBody) fields.decodedBody = decodedBody;
  const answer: AnswerSummary = { kind: KINDS[words[w + 6]!]!, ms: doubles[(at >> 3) + 4]! };
  if (flags & F_STATUS) answer.status = words[w + 7]!;
  if (flags & F_CHAOS) answer.chaos = true;
  return { kind: 'request', request: { fields, findingsText, answer } };
}

/** Writes all of `bytes` to fd, waiting out a full pipe (EAGAIN on a non-blocking stdout) instead of failing. */
export function writeAllSync(fd: number, bytes: Uint8Array, pause: Int32Array): void {
  let done = 0;
  while (done < bytes.length) {
    try {
      done += writeSync(fd, bytes, done, bytes.length - done);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EAGAIN') throw err;
      Atomics.wait(pause, 0, 0, 2);
    }
  }
}
