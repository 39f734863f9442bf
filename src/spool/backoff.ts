// When a spooled entry is tried again (full-jitter exponential backoff between flushes, capped), and which
// attempts count toward giving up on it.
import { backoffDelay } from '../http/retry-policy.js';

/** Base and cap for a spool: minutes matter here, not the sub-second waits of an in-process retry. */
export const SPOOL_BACKOFF = { baseMs: 5_000, capMs: 30 * 60_000 } as const;

export function spoolBackoffMs(attempt: number, random: () => number = Math.random, policy = SPOOL_BACKOFF): number {
  return backoffDelay(attempt, policy.baseMs, policy.capMs, random);
}

/** Connection failures before a request could be sent: the receiver never saw it, so --max-attempts does not count it. */
const NEVER_REACHED = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ENETDOWN', 'EHOSTDOWN', 'UND_ERR_CONNECT_TIMEOUT']);

export function neverReached(code: string | undefined): boolean {
  return code !== undefined && NEVER_REACHED.has(code);
}
