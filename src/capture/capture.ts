// What one captured request is: the request line, headers as sent (case and order), the body bytes.
import type { Finding } from '../findings.js';

export type HeaderPair = [name: string, value: string];

export interface Capture {
  /** Sequence number within one listen run, from 1. */
  seq: number;
  /** Stable id, also the file stem under --save: 2026-11-22T10-00-00.123Z-1. */
  id: string;
  receivedAt: string; // ISO 8601
  remoteAddress: string;
  remotePort?: number;
  method: string;
  /** The request target exactly as sent: path and query. */
  target: string;
  httpVersion: string;
  /** Header names and values in wire order and case. */
  rawHeaders: HeaderPair[];
  /** The body as received (still gzip-encoded when it was sent so); empty when not kept. */
  body: Buffer;
  /** Bytes the sender sent or declared; larger than body.length when the body was refused (413). */
  bodyBytes: number;
  /** True when the body was over --max-body and not buffered. */
  bodyRefused?: boolean;
  /** True when the request was refused on its head (a Host problem) and its body never read. */
  bodyUnread?: boolean;
  /** True when some line of the head ended with a bare LF instead of CRLF. */
  bareLf?: boolean;
  /** Liberties in the body's framing listen accepted but Node.js (llhttp) refuses, with llhttp's code for each. */
  lenient?: Array<{ code: string; what: string }>;
  /** The body after Content-Encoding was undone (gzip, deflate, br), when it was encoded. */
  decodedBody?: Buffer;
  findings: Finding[];
  /** The head's bytes as received (listen's line thread reads the fields again from them); never saved. */
  head?: Buffer;
}

/** rawHeaders from node:http is a flat [name, value, name, value…] list; pair it up. */
export function pairHeaders(flat: readonly string[]): HeaderPair[] {
  const pairs: HeaderPair[] = [];
  for (let i = 0; i + 1 < flat.length; i += 2) pairs.push([flat[i]!, flat[i + 1]!]);
  return pairs;
}

/** Every value of a header, case-insensitively, in wire order. */
export function headerValues(headers: readonly HeaderPair[], name: string): string[] {
  const lower = name.toLowerCase();
  const values: string[] = [];
  for (const [n, v] of headers) if (n.length === lower.length && n.toLowerCase() === lower) values.push(v);
  return values;
}

/**
 * Which lengths the names have (those under 256): a header whose name has none of them is not one of the
 * names, and needs no lower-casing to be looked up among them (see mayBeNamed).
 */
export function nameLengths(names: Iterable<string>): Uint8Array {
  const lengths = new Uint8Array(256);
  for (const name of names) if (name.length < 256) lengths[name.length] = 1;
  return lengths;
}

/** Whether `name` is as long as one of the names nameLengths saw. */
export function mayBeNamed(lengths: Uint8Array, name: string): boolean {
  return name.length < lengths.length && lengths[name.length] === 1;
}

/** The first value of a header, case-insensitively. */
export function headerValue(headers: readonly HeaderPair[], name: string): string | undefined {
  const lower = name.toLowerCase();
  for (const [n, v] of headers) if (n.length === lower.length && n.toLowerCase() === lower) return v;
  return undefined;
}

/** A file-name-safe id from the arrival time and sequence number. */
export function captureId(receivedAt: string, seq: number): string {
  // Many captures share a millisecond: rewrite each arrival time once.
  if (receivedAt !== lastReceivedAt) {
    lastReceivedAt = receivedAt;
    lastStem = receivedAt.replace(/:/g, '-');
  }
  return `${lastStem}-${seq}`;
}
let lastReceivedAt = '';
let lastStem = '';
