// Turning a delivery outcome (a status or an error) into "retry or not" and the knowledge-base key that explains it.
import { keyForError, keyForStatus } from '../kb/index.js';
import { isRetryableErrorCode, isRetryableStatus } from './retry-policy.js';

export interface FailureClass {
  /** A sender should try again later. */
  retryable: boolean;
  /** Knowledge-base key explaining the outcome. */
  kb: string;
}

/** Classify a failed outcome: `status` for an HTTP answer, `code` for a network/TLS/undici error. */
export function classifyFailure(outcome: { status?: number; code?: string }): FailureClass {
  if (outcome.code !== undefined) {
    return { retryable: isRetryableErrorCode(outcome.code), kb: keyForError(outcome.code) ?? outcome.code };
  }
  const status = outcome.status ?? 0;
  return { retryable: isRetryableStatus(status), kb: keyForStatus(status) };
}

/** The stable code of an error thrown by undici or node:net/tls (an AggregateError from happy eyeballs carries it on its members). */
export function errorCodeOf(err: unknown): string {
  const e = err as { code?: unknown; errors?: unknown[]; cause?: unknown } | null;
  if (e && typeof e.code === 'string' && e.code !== 'UND_ERR' && e.code !== 'ERR_AGGREGATE') return e.code;
  const inner = e?.errors?.find((x) => typeof (x as { code?: unknown })?.code === 'string') ?? e?.cause;
  if (inner && inner !== err) {
    const code = errorCodeOf(inner);
    if (code !== 'UND_ERR') return code;
  }
  return typeof e?.code === 'string' ? e.code : 'UND_ERR';
}
