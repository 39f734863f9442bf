// When to try a delivery again and how long to wait: retryable statuses, Retry-After, full-jitter backoff.

/** Statuses a sender should retry (RFC 9110 semantics; every vendor guide agrees on 429 and 5xx gateways). */
const retryableStatuses = new Set([408, 425, 429, 500, 502, 503, 504]);

/**
 * 408 Request Timeout, 425 Too Early, 429 Too Many Requests, 500, 502, 503, 504. Never other 4xx (the same
 * request will be refused again) and never 3xx (a webhook sender does not follow redirects with a body).
 */
export function isRetryableStatus(status: number): boolean {
  return retryableStatuses.has(status);
}

/** Error codes that mean "the connection failed or was too slow": worth another try later. */
const retryableErrorCodes = new Set([
  'ECONNRESET', 'ECONNREFUSED', 'ECONNABORTED', 'EPIPE', 'ETIMEDOUT', 'ENETUNREACH', 'EHOSTUNREACH', 'ENETDOWN',
  'EHOSTDOWN', 'EAI_AGAIN', 'UND_ERR_SOCKET', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT', 'UND_ERR_CLOSED',
]);

export function isRetryableErrorCode(code: string): boolean {
  return retryableErrorCodes.has(code);
}

/**
 * Retry-After as milliseconds to wait from `now`: either delta-seconds ("120") or an HTTP-date
 * ("Wed, 21 Oct 2026 07:28:00 GMT"). A date in the past means "now" (0). Undefined when absent or unreadable.
 */
export function parseRetryAfter(value: string | null | undefined, now: number | Date = Date.now()): number | undefined {
  if (value == null) return undefined;
  const text = value.trim();
  if (text === '') return undefined;
  if (/^\d+$/.test(text)) return Math.min(MAX_RETRY_AFTER_MS, Number(text) * 1000);
  if (/^\d+\.\d+$/.test(text)) return Math.min(MAX_RETRY_AFTER_MS, Math.round(Number(text) * 1000)); // not RFC, but some servers send it
  const at = Date.parse(text);
  if (Number.isNaN(at)) return undefined;
  const from = typeof now === 'number' ? now : now.getTime();
  return Math.min(MAX_RETRY_AFTER_MS, Math.max(0, at - from));
}

/**
 * The longest Retry-After taken as asked: 100 years. A larger one (20 digits of seconds) is read as this, so
 * that now + the wait stays a time a Date can hold (a spool writes it as an instant); no real wait is cut short.
 */
export const MAX_RETRY_AFTER_MS = 100 * 365 * 24 * 3600_000;

/**
 * Full-jitter exponential backoff (AWS Architecture Blog, "Exponential Backoff And Jitter"): a uniformly
 * random wait in [0, min(cap, base * 2^(attempt-1))]. Spreads retries from many senders instead of
 * having them all hammer a recovering receiver at the same instants.
 */
export function backoffDelay(attempt: number, baseMs: number, capMs: number, random: () => number = Math.random): number {
  const exp = Math.min(capMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.floor(random() * exp);
}
