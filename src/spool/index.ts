// The spool's front door for writers: enqueue() an entry (send --spool and queue add), headers checked for secrets.
import { join } from 'node:path';
import type { HeaderList } from '../http/delivery.js';
import { encodeEntry } from './entry.js';
import { ensureLayout, writeDurably } from './durable.js';
import { newEntryId } from './layout.js';

export interface EnqueueInput {
  url: string;
  /** Kept byte for byte. */
  body: Buffer;
  /** Headers to send; never secrets (Authorization and signatures are added at send time). */
  headers: HeaderList;
  profile?: string;
  method?: string;
}

/** Headers that carry credentials or signatures: never written to the spool, applied at send time instead. */
const SECRET_HEADER = /^(authorization|proxy-authorization|cookie|x-api-key|api-key|x-auth-token|.*signature.*)$/i;
/** Headers flush sets on every attempt (the entry id, the signing time): a stored copy would be stale or wrong. */
const SEND_TIME_HEADER = /^(idempotency-key|webhook-id|webhook-timestamp|x-slack-request-timestamp)$/i;

export function isSecretHeader(name: string): boolean {
  return SECRET_HEADER.test(name);
}

export function isSendTimeHeader(name: string): boolean {
  return SEND_TIME_HEADER.test(name);
}

/** Writes one entry atomically and durably into new/ and returns its id and path; secret and send-time headers are left out. */
export async function enqueue(dir: string, input: EnqueueInput): Promise<{ id: string; path: string }> {
  await ensureLayout(dir);
  const id = newEntryId();
  const headers = input.headers.filter(([name]) => !isSecretHeader(name) && !isSendTimeHeader(name));
  const data = encodeEntry(
    {
      id,
      url: input.url,
      ...(input.method && input.method.toUpperCase() !== 'POST' ? { method: input.method.toUpperCase() } : {}),
      headers,
      ...(input.profile ? { profile: input.profile } : {}),
      created: new Date().toISOString(),
      attempts: 0,
    },
    input.body,
  );
  const path = join(dir, 'new', id);
  await writeDurably(dir, path, data);
  return { id, path };
}
