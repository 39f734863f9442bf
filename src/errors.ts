// The one error type of webhook-doctor: a stable code, a one-line message, an optional hint.
// cli.ts maps codes to exit status; domain code throws, it never calls process.exit.

export type ErrorCode =
  | 'USAGE' // bad flag or argument
  | 'INPUT' // unreadable file, invalid JSON, missing secret, unknown name
  | 'NOT_FOUND' // unknown explain topic, no such spool entry
  | 'NOT_IMPLEMENTED'
  | 'FAILED' // the thing checked or delivered failed
  | 'INTERRUPTED';

export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

const exitByCode: Record<ErrorCode, number> = {
  USAGE: EXIT.usage,
  INPUT: EXIT.usage,
  NOT_FOUND: EXIT.usage,
  NOT_IMPLEMENTED: EXIT.usage,
  FAILED: EXIT.failed,
  INTERRUPTED: 130,
};

export class WdError extends Error {
  readonly code: ErrorCode;
  readonly hint?: string;
  constructor(code: ErrorCode, message: string, options: { hint?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'WdError';
    this.code = code;
    this.hint = options.hint;
  }
}

/** Match on `code`, not instanceof: it survives two copies of a module being loaded. */
export function isWdError(err: unknown): err is WdError {
  return typeof err === 'object' && err !== null && (err as { name?: unknown }).name === 'WdError'
    && typeof (err as { code?: unknown }).code === 'string';
}

export function exitCodeFor(code: ErrorCode): number {
  return exitByCode[code] ?? EXIT.failed;
}

export function usageError(message: string, hint?: string): WdError {
  return new WdError('USAGE', message, { hint });
}

export function inputError(message: string, hint?: string): WdError {
  return new WdError('INPUT', message, { hint });
}
