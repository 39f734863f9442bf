// How listen answers each request: the configured status/body/delay/Retry-After, or a --chaos outcome.
import { STATUS_CODES } from 'node:http';
import { usageError } from '../errors.js';

export type ChaosOutcome = { kind: 'status'; status: number } | { kind: 'timeout' } | { kind: 'reset' };
export interface ChaosEntry {
  outcome: ChaosOutcome;
  probability: number;
}

const chaosHint = 'write outcome:probability pairs, e.g. --chaos 503:0.3,timeout:0.1 (outcomes: a status 200-599, timeout, reset; probabilities add up to at most 1)';

/** Parse "503:0.3,timeout:0.1,reset:0.05" strictly: every pair well formed, no outcome twice, probabilities summing to at most 1. */
export function parseChaos(text: string): ChaosEntry[] {
  const entries: ChaosEntry[] = [];
  const seen = new Set<string>();
  let total = 0;
  for (const part of text.split(',')) {
    const m = /^\s*([a-z]+|\d{3}):(\d*\.?\d+)(%?)\s*$/i.exec(part);
    if (!m) throw usageError(`--chaos: cannot read "${part.trim()}"`, chaosHint);
    const [, what, num, pct] = m as unknown as [string, string, string, string];
    const probability = Number(num) / (pct ? 100 : 1);
    if (!(probability > 0 && probability <= 1)) throw usageError(`--chaos: probability of ${what} must be above 0 and at most 1 (got ${num}${pct})`, chaosHint);
    let outcome: ChaosOutcome;
    if (/^\d{3}$/.test(what)) {
      const status = Number(what);
      if (status < 100 || status > 599) throw usageError(`--chaos: ${what} is not an HTTP status`, chaosHint);
      // A 1xx is an interim answer: a request needs a final one after it, so it cannot be the answer.
      if (status < 200) throw usageError(`--chaos: ${what} is an interim (1xx) status, not a final answer; use 200-599`, chaosHint);
      outcome = { kind: 'status', status };
    } else if (what.toLowerCase() === 'timeout' || what.toLowerCase() === 'reset') {
      outcome = { kind: what.toLowerCase() as 'timeout' | 'reset' };
    } else {
      throw usageError(`--chaos: unknown outcome "${what}"`, chaosHint);
    }
    if (seen.has(what.toLowerCase())) throw usageError(`--chaos: ${what} is given twice`, chaosHint);
    seen.add(what.toLowerCase());
    total += probability;
    entries.push({ outcome, probability });
  }
  if (total > 1 + 1e-9) throw usageError(`--chaos: probabilities add up to ${Number(total.toFixed(4))}, more than 1`, chaosHint);
  return entries;
}

/** One draw: the chaos outcome for this request, or undefined for the normal answer. */
export function pickChaos(entries: readonly ChaosEntry[], random: () => number = Math.random): ChaosOutcome | undefined {
  if (entries.length === 0) return undefined;
  let r = random();
  for (const e of entries) {
    if (r < e.probability) return e.outcome;
    r -= e.probability;
  }
  return undefined;
}

const sizeUnits: Record<string, number> = { '': 1, b: 1, k: 1024, kb: 1024, kib: 1024, m: 1024 ** 2, mb: 1024 ** 2, mib: 1024 ** 2, g: 1024 ** 3, gb: 1024 ** 3, gib: 1024 ** 3 };

/** "10mb", "512kb", "1.5MB", "2048" → bytes (binary units, like the seeds' "1 MB"). */
export function parseSize(text: string): number | undefined {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(text);
  if (!m) return undefined;
  const unit = sizeUnits[m[2]!.toLowerCase()];
  if (unit === undefined) return undefined;
  const bytes = Math.floor(Number(m[1]) * unit);
  return bytes > 0 && Number.isSafeInteger(bytes) ? bytes : undefined;
}

/** Retry-After is either delay-seconds or an HTTP-date (RFC 9110). */
export function isRetryAfter(text: string): boolean {
  return /^\d+$/.test(text.trim()) || (/[a-z]/i.test(text) && !Number.isNaN(Date.parse(text)));
}

export interface AnswerConfig {
  status: number;
  /** --body, sent as given; undefined for the default small JSON acknowledgement. */
  body?: string;
  delayMs: number;
  retryAfter?: string;
  chaos: ChaosEntry[];
}

export type Answer =
  | { kind: 'respond'; status: number; headers: Record<string, string>; body: Buffer | string; delayMs: number; chaos?: boolean }
  | { kind: 'timeout'; delayMs: number }
  | { kind: 'reset'; delayMs: number };

/** What to answer request `id` with, given the configuration and one random draw. */
export function planAnswer(config: AnswerConfig, id: string, random: () => number = Math.random): Answer {
  const chaos = pickChaos(config.chaos, random);
  if (chaos?.kind === 'timeout') return { kind: 'timeout', delayMs: config.delayMs };
  if (chaos?.kind === 'reset') return { kind: 'reset', delayMs: config.delayMs };
  const status = chaos?.kind === 'status' ? chaos.status : config.status;
  const headers: Record<string, string> = {};
  let body: Buffer | string;
  if (config.body !== undefined && !chaos) {
    body = config.body;
    headers['content-type'] = /^\s*[[{"]/.test(config.body) ? 'application/json' : 'text/plain; charset=utf-8';
  } else {
    const ok = status >= 200 && status < 300;
    body = ok ? `{"ok":true,"request_id":"${id}"}` : `{"error":${JSON.stringify(STATUS_CODES[status] ?? 'error')},"request_id":"${id}"}`;
    headers['content-type'] = 'application/json';
  }
  if (config.retryAfter !== undefined) headers['retry-after'] = config.retryAfter;
  if (status === 204 || status === 304) body = ''; // no body allowed on these
  headers['x-request-id'] = id;
  return { kind: 'respond', status, headers, body, delayMs: config.delayMs, ...(chaos ? { chaos: true } : {}) };
}
