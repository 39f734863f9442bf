// Turning a delivery outcome (a status or an error) into "retry or not" and the knowledge-base key that explains it.
import { keyForError, keyForStatus } from '../kb/index.js';
import { isRetryableErrorCode, isRetryableStatus } from './retry-policy.js';

export { errorCodeOf } from './error-code.js';

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
