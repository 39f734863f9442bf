// The entry file format: one header line of JSON after a magic word, then the body's exact bytes.
import { createHash } from 'node:crypto';
import type { HeaderList } from '../http/delivery.js';

export const MAGIC = 'WDSPOOL1 ';
const MAGIC_BYTES = Buffer.from(MAGIC);

export interface EntryHistoryItem {
  at: string;
  status?: number;
  error?: string;
  requestId?: string;
}

export interface EntryMeta {
  id: string;
  url: string;
  method?: string;
  /** Sent in this order and case; never secrets (auth and signatures are added at send time). */
  headers: HeaderList;
  profile?: string;
  created: string;
  attempts: number;
  /** ISO time before which a flush leaves the entry alone (unless --now). */
  nextAttempt?: string;
  lastError?: string;
  lastStatus?: number;
  /** Of the attempts, those that never reached the receiver (refused, no route): they do not count toward --max-attempts. */
  unreached?: number;
  history?: EntryHistoryItem[];
  /** Set on dead letters. */
  dead?: { reason: string; status?: number; excerpt?: string; requestId?: string; at: string };
  bodyBytes: number;
  /** sha256 of the body, hex: catches a torn or edited entry. */
  sha256: string;
}

export type DecodedFile =
  | { kind: 'entry'; meta: EntryMeta; body: Buffer }
  | { kind: 'plain'; body: Buffer }
  | { kind: 'corrupt'; reason: string };

export function bodyChecksum(body: Buffer): string {
  return createHash('sha256').update(body).digest('hex');
}

export function encodeEntry(meta: Omit<EntryMeta, 'bodyBytes' | 'sha256'>, body: Buffer): Buffer {
  const full: EntryMeta = { ...meta, bodyBytes: body.length, sha256: bodyChecksum(body) };
  return Buffer.concat([MAGIC_BYTES, Buffer.from(JSON.stringify(full) + '\n'), body]);
}

function isEntryFile(data: Buffer): boolean {
  return data.length >= MAGIC_BYTES.length && data.subarray(0, MAGIC_BYTES.length).equals(MAGIC_BYTES);
}

/** Decodes an entry (checked against its checksum) or a plain JSON payload; anything else is corrupt, with why. */
export function decodeFile(data: Buffer): DecodedFile {
  if (isEntryFile(data)) return decodeEntry(data);
  if (data.length === 0) return { kind: 'corrupt', reason: 'empty file' };
  try {
    JSON.parse(data.toString('utf8'));
  } catch (err) {
    return { kind: 'corrupt', reason: `not valid JSON: ${(err as Error).message}` };
  }
  return { kind: 'plain', body: data };
}

function decodeEntry(data: Buffer): DecodedFile {
  const eol = data.indexOf(0x0a, MAGIC_BYTES.length);
  if (eol < 0) return { kind: 'corrupt', reason: 'torn entry: the header line is incomplete' };
  let meta: EntryMeta;
  try {
    meta = JSON.parse(data.subarray(MAGIC_BYTES.length, eol).toString('utf8')) as EntryMeta;
  } catch (err) {
    return { kind: 'corrupt', reason: `unreadable entry header: ${(err as Error).message}` };
  }
  if (typeof meta?.id !== 'string' || typeof meta.url !== 'string' || typeof meta.sha256 !== 'string'
    || typeof meta.bodyBytes !== 'number' || !Array.isArray(meta.headers)) {
    return { kind: 'corrupt', reason: 'entry header lacks id, url, headers, bodyBytes or sha256' };
  }
  const body = data.subarray(eol + 1);
  if (body.length !== meta.bodyBytes) {
    return { kind: 'corrupt', reason: `torn entry: body is ${body.length} bytes, header says ${meta.bodyBytes}` };
  }
  if (bodyChecksum(body) !== meta.sha256) return { kind: 'corrupt', reason: 'checksum mismatch: the body was changed or torn' };
  if (typeof meta.attempts !== 'number') meta.attempts = 0;
  return { kind: 'entry', meta, body };
}

/**
 * An entry's next attempt (epoch ms) from the first bytes of its file, without reading or checking the body:
 * what a scan needs of a deferred entry. 0 when it has none or cannot be read so (it is then due, and a
 * corrupt one is quarantined when claimed); undefined when `head` ends before the header line does.
 */
export function nextAttemptOfHead(head: Buffer): number | undefined {
  if (!isEntryFile(head)) return 0;
  const eol = head.indexOf(0x0a, MAGIC_BYTES.length);
  if (eol < 0) return undefined;
  try {
    const meta = JSON.parse(head.subarray(MAGIC_BYTES.length, eol).toString('utf8')) as { nextAttempt?: unknown };
    return typeof meta.nextAttempt === 'string' ? Date.parse(meta.nextAttempt) || 0 : 0;
  } catch {
    return 0;
  }
}
