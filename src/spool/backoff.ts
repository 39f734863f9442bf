// When a spooled entry is tried again: full-jitter exponential backoff between flushes, capped.

/** Base and cap for a spool: minutes matter here, not the sub-second waits of an in-process retry. */
export const SPOOL_BACKOFF = { baseMs: 5_000, capMs: 30 * 60_000 } as const;

/** Full jitter (AWS Architecture Blog): a uniform wait in [0, min(cap, base·2^(attempt-1))). */
export function spoolBackoffMs(attempt: number, random: () => number = Math.random, policy = SPOOL_BACKOFF): number {
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.floor(random() * ceiling);
}
