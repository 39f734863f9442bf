// Resolving the secret and body that sign and verify were pointed at (flags, environment, stdin),
// kept free of zod so verify starts fast.
import { stat } from 'node:fs/promises';
import { WdError, usageError } from '../errors.js';

/** --secret, else WEBHOOK_DOCTOR_SECRET; neither is a usage error. */
export function secretFrom(flag: string | undefined): string {
  const secret = flag ?? process.env.WEBHOOK_DOCTOR_SECRET;
  if (!secret) throw usageError('no secret: pass --secret <secret> or set WEBHOOK_DOCTOR_SECRET', 'the environment keeps the secret out of your shell history');
  return secret;
}

export type BodySource = { kind: 'file'; path: string } | { kind: 'stdin' };

/** --body @file or - (stdin); the file must be readable now, so a typo fails before any work. */
export async function bodySource(flag: string | undefined): Promise<BodySource> {
  if (!flag) throw usageError('no body: pass --body @file or --body - (stdin)', 'the body must be the raw bytes exactly as sent');
  if (flag === '-' || flag === '@-') return { kind: 'stdin' };
  if (!flag.startsWith('@')) {
    throw usageError(`--body takes @file or - (stdin), not "${flag.length > 40 ? flag.slice(0, 40) + '…' : flag}"`, `for a file: --body @${flag}; for text: printf '%s' '…' | webhook-doctor … --body -`);
  }
  const path = flag.slice(1);
  try {
    const s = await stat(path);
    if (!s.isFile()) throw new Error('not a file');
  } catch (err) {
    throw new WdError('INPUT', `cannot read body file ${path} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`, { hint: 'pass --body @<path to the raw body>' });
  }
  return { kind: 'file', path };
}

