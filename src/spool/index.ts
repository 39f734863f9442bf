// The spool's front door for writers: enqueue() an entry (send --spool and queue add), headers checked for secrets.
import { join } from 'node:path';
import type { Delivery, HeaderList } from '../http/delivery.js';
import { parseRetryAfter } from '../http/retry-policy.js';
import { neverReached } from './backoff.js';
import { encodeEntry, type EntryHistoryItem } from './entry.js';
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
  /** The failed delivery that put it here (send --spool): attempts, what happened, and when it may be tried again. */
  failure?: SpooledFailure;
}

export interface SpooledFailure {
  attempts: number;
  /** Of those, attempts that never reached the receiver (they do not count toward flush's --max-attempts). */
  unreached?: number;
  history: EntryHistoryItem[];
  lastError: string;
  lastStatus?: number;
  /** The receiver's Retry-After, as an instant: the entry waits in deferred/ until then (never earlier than asked). */
  nextAttempt?: string;
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

/**
 * Writes one entry atomically and durably into new/ (deferred/ when its failure says not before a given time)
 * and returns its id and path; secret and send-time headers are left out.
 */
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
      attempts: input.failure?.attempts ?? 0,
      ...(input.failure?.unreached ? { unreached: input.failure.unreached } : {}),
      ...(input.failure ? {
        lastError: input.failure.lastError,
        ...(input.failure.lastStatus !== undefined ? { lastStatus: input.failure.lastStatus } : {}),
        history: input.failure.history.slice(-20),
        ...(input.failure.nextAttempt ? { nextAttempt: input.failure.nextAttempt } : {}),
      } : {}),
    },
    input.body,
  );
  const path = join(dir, input.failure?.nextAttempt ? 'deferred' : 'new', id);
  await writeDurably(dir, path, data);
  return { id, path };
}

/** What a failed delivery leaves on its spool entry: every attempt, the last error, and the Retry-After it asked for. */
export function failureOf(delivery: Delivery, now = Date.now()): SpooledFailure {
  const history: EntryHistoryItem[] = delivery.attempts.map((a) => ({
    at: a.startedAt,
    ...(a.response ? { status: a.response.status } : {}),
    ...(a.error ? { error: a.error.code } : {}),
    ...(a.response?.requestId ? { requestId: a.response.requestId } : {}),
  }));
  const status = delivery.response?.status;
  const retryAfter = status === 429 || status === 503 ? parseRetryAfter(delivery.response?.headers.find(([k]) => k.toLowerCase() === 'retry-after')?.[1], now) : undefined;
  const unreached = delivery.attempts.filter((a) => !a.response && neverReached(a.error?.code)).length;
  return {
    attempts: Math.max(1, delivery.attempts.length),
    ...(unreached ? { unreached } : {}),
    history,
    lastError: status !== undefined ? `HTTP ${status}` : delivery.error?.code ?? 'no answer',
    ...(status !== undefined ? { lastStatus: status } : {}),
    ...(retryAfter ? { nextAttempt: new Date(now + retryAfter).toISOString() } : {}),
  };
}
