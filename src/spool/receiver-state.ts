// What a spool remembers about each receiver (by origin) between runs: a pause it asked for (Retry-After) or
// the backoff while it is down, in <spool>/.receiver.json (a dot file: never taken for a payload), so that the next flush,
// a cron job a minute later or a --watch beside it, does not send before the receiver said it may.
import { readFile, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { writeDurably } from './durable.js';

export const RECEIVER_FILE = '.receiver.json';

export interface ReceiverState {
  /** Epoch ms before which nothing is sent to this receiver. */
  pausedUntil: number;
  /** Why, in a few words: "HTTP 429 with Retry-After: 300 s"; while down, what failed: "ECONNREFUSED". */
  reason: string;
  /** Consecutive failed probes while down (drives the backoff); 0 for a pause the receiver asked for. */
  failures: number;
  /** Retryable failures in a row (any entry): three in a row mean the receiver, not one entry, is failing. */
  streak: number;
  /** When it started failing (epoch ms). */
  since: number;
  /** The origin (scheme://host:port) it is about: a pause for one receiver does not hold back another. */
  origin?: string;
}

export type Outcome =
  | { kind: 'answered' } // a 2xx, or an answer that is not retryable: the receiver is up
  | { kind: 'retry-after'; ms: number; status: number }
  | { kind: 'no-answer'; code: string } // refused, reset, timed out, DNS, TLS: nothing reached a handler
  | { kind: 'failed'; status: number }; // a retryable status without Retry-After (5xx, 429)

/**
 * Backoff between probes of a receiver that is down: exponential from 5 s, capped at 5 minutes (one request
 * every few minutes to a receiver down for hours is not hammering it, and it is back in use soon after it
 * recovers), with "equal jitter" (AWS Architecture Blog, "Exponential Backoff And Jitter": half the step
 * fixed, half random), so that a probe is never sent at once again, as full jitter can.
 */
export const RECEIVER_BACKOFF = { baseMs: 5_000, capMs: 5 * 60_000 } as const;

export function receiverBackoffMs(failures: number, random: () => number = Math.random): number {
  const step = Math.min(RECEIVER_BACKOFF.capMs, RECEIVER_BACKOFF.baseMs * 2 ** Math.max(0, failures - 1));
  return Math.floor(step / 2 + (random() * step) / 2);
}

/** Retryable answers in a row after which the receiver counts as down (a single 503 is one entry's bad luck). */
export const DOWN_AFTER_FAILURES = 3;

/** The state after one outcome (undefined: nothing to remember). Pure: the engine decides, this file only keeps. */
export function nextReceiverState(state: ReceiverState | undefined, outcome: Outcome, now: number, origin: string | undefined, random: () => number = Math.random): ReceiverState | undefined {
  // The receiver is up; but an answer to a request sent before it asked to wait (Retry-After) does not lift that wait.
  if (outcome.kind === 'answered') return state && state.failures === 0 && state.pausedUntil > now ? { ...state, streak: 0 } : undefined;
  const base: ReceiverState = state ?? { pausedUntil: 0, reason: '', failures: 0, streak: 0, since: now, ...(origin ? { origin } : {}) };
  const streak = base.streak + 1;
  // A Retry-After is honoured as asked (never earlier); answered again and again, the receiver counts as
  // down all the same, and the pauses grow, so that one run does not spend every entry's attempts on it.
  const asked = outcome.kind === 'retry-after' ? now + outcome.ms : 0;
  const down = outcome.kind === 'no-answer' || streak >= DOWN_AFTER_FAILURES;
  if (!down) {
    if (outcome.kind !== 'retry-after') return { ...base, streak };
    return { ...base, streak, pausedUntil: Math.max(base.pausedUntil, asked), reason: `HTTP ${outcome.status} with Retry-After: ${Math.ceil(outcome.ms / 1000)} s` };
  }
  // Sends already in flight when the pause began fail too: they do not make the next probe wait longer.
  if (base.pausedUntil > now) return { ...base, streak, pausedUntil: Math.max(base.pausedUntil, asked) };
  const failures = base.failures + 1;
  const what = outcome.kind === 'no-answer' ? outcome.code
    : outcome.kind === 'retry-after' ? `HTTP ${outcome.status} with Retry-After, ${streak} times in a row` : `HTTP ${outcome.status} ${streak} times in a row`;
  return { ...base, streak, failures, pausedUntil: Math.max(now + receiverBackoffMs(failures, random), asked), reason: what };
}

/** The origin of a URL, or undefined when it is none. */
export function originOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}

/** A time as the file keeps it (ISO text or epoch ms) as epoch ms; undefined when no Date can hold it (a hand-edited 1e20 would throw when said or written back). */
function instantOf(value: unknown): number | undefined {
  const ms = typeof value === 'string' ? Date.parse(value) : Number(value);
  return Number.isFinite(new Date(ms).getTime()) ? ms : undefined;
}

/** One state as the file keeps it (times as ISO text or epoch ms), read back; undefined when it is not one. */
function stateOf(value: unknown, origin: string): ReceiverState | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const s = value as Record<string, unknown>;
  const until = instantOf(s.pausedUntil);
  if (until === undefined) return undefined;
  return {
    pausedUntil: until,
    reason: typeof s.reason === 'string' ? s.reason : 'paused',
    failures: Number(s.failures) || 0,
    streak: Number(s.streak) || 0,
    since: instantOf(s.since) || Date.now(),
    origin,
  };
}

/**
 * Every receiver's state the spool keeps, by origin (scheme://host:port): one spool can hold entries for
 * several URLs, and a pause for one must neither hold back nor overwrite another's. The file is
 * `{ "origins": { "<origin>": state, … } }`. The single state an earlier version wrote (`{ pausedUntil, …,
 * origin }`) is read as that origin's. One that names no origin held back every run then: it is read as the
 * origin of the run's --url (`anonymousTo`), as before; without one it cannot be told apart from another
 * receiver's and is dropped (a pause is advice: at worst one request gets the 429 or the refusal again, and
 * the state is noted afresh, for its origin). None, or unreadable (even a folder): no state; never a reason
 * to stop delivering.
 */
export async function readReceiverStates(dir: string, anonymousTo?: string): Promise<Map<string, ReceiverState>> {
  const states = new Map<string, ReceiverState>();
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(join(dir, RECEIVER_FILE), 'utf8'));
  } catch {
    return states;
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return states;
  const record = parsed as Record<string, unknown>;
  if ('pausedUntil' in record) {
    const origin = typeof record.origin === 'string' ? originOf(record.origin) : anonymousTo;
    const one = origin ? stateOf(record, origin) : undefined;
    if (one) states.set(one.origin!, one);
    return states;
  }
  const origins = record.origins;
  if (!origins || typeof origins !== 'object') return states;
  for (const [key, value] of Object.entries(origins as Record<string, unknown>)) {
    const origin = originOf(key);
    const one = origin ? stateOf(value, origin) : undefined;
    if (one) states.set(origin!, one);
  }
  return states;
}

/** Writes every state given (times as ISO text, for a person reading the file), or removes the file when none is left. */
async function writeReceiverStates(dir: string, states: ReadonlyMap<string, ReceiverState>): Promise<void> {
  const path = join(dir, RECEIVER_FILE);
  if (states.size === 0) {
    await unlink(path).catch((err: NodeJS.ErrnoException) => {
      if (err.code !== 'ENOENT') throw err;
    });
    return;
  }
  const origins: Record<string, unknown> = {};
  for (const [origin, { origin: _o, ...s }] of [...states].sort(([a], [b]) => a.localeCompare(b))) {
    origins[origin] = { ...s, pausedUntil: new Date(s.pausedUntil).toISOString(), since: new Date(s.since).toISOString() };
  }
  await writeDurably(dir, path, Buffer.from(JSON.stringify({ origins }, null, 2) + '\n'));
}

/**
 * Keeps one origin's state, or forgets it (undefined), leaving the other origins' as the file has them now
 * (another flusher may have noted one meanwhile). Callers in one process serialize their calls.
 */
export async function keepReceiverState(dir: string, origin: string, state: ReceiverState | undefined, anonymousTo?: string): Promise<void> {
  const states = await readReceiverStates(dir, anonymousTo);
  if (state) states.set(origin, { ...state, origin });
  else if (!states.delete(origin)) return;
  await writeReceiverStates(dir, states);
}

/** Forgets every origin's state (flush --now without --url: the receivers are fixed). */
export async function forgetReceiverStates(dir: string): Promise<void> {
  await writeReceiverStates(dir, new Map());
}
