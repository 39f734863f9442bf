// Resolving the secret and body that sign and verify were pointed at (flags, environment, stdin),
// kept free of zod so verify starts fast.
import { stat } from 'node:fs/promises';
import { WdError, usageError } from '../errors.js';
import { unreadableFile } from '../options.js';

/** --secret, else WEBHOOK_DOCTOR_SECRET; neither is a usage error. */
export function secretFrom(flag: string | undefined): string {
  const secret = flag ?? process.env.WEBHOOK_DOCTOR_SECRET;
  if (!secret) throw usageError('no secret: pass --secret <secret> or set WEBHOOK_DOCTOR_SECRET', 'the environment keeps the secret out of your shell history');
  return secret;
}

/** Whether --url is an http(s) URL that parses (a URL-signing sender signs it; one that does not parse cannot be what it called). */
export function isWebUrl(text: string): boolean {
  if (!/^https?:\/\/[^/\s]/i.test(text)) return false;
  try { new URL(text); return true; } catch { return false; }
}

export type BodySource = { kind: 'file'; path: string } | { kind: 'stdin' } | { kind: 'pipe'; path: string };

/** --body @file or - (stdin); the file must be readable now, so a typo fails before any work. */
export async function bodySource(flag: string | undefined): Promise<BodySource> {
  if (!flag) throw usageError('no body: pass --body @file or --body - (stdin)', 'the body must be the raw bytes exactly as sent');
  if (flag === '-' || flag === '@-' || ['@/dev/stdin', '@/dev/fd/0', '@/proc/self/fd/0'].includes(flag)) return { kind: 'stdin' };
  if (!flag.startsWith('@')) {
    throw usageError(`--body takes @file or - (stdin), not "${flag.length > 40 ? flag.slice(0, 40) + '…' : flag}"`, `for a file: --body @${flag}; for text: printf '%s' '…' | webhook-doctor … --body -`);
  }
  const path = flag.slice(1);
  let kind: BodySource['kind'];
  try {
    const s = await stat(path);
    // A pipe (@/dev/stdin, a shell's <(…)) can be read only once: it is streamed like stdin.
    if (s.isFile()) kind = 'file';
    else if (s.isFIFO() || s.isCharacterDevice() || s.isSocket()) kind = 'pipe';
    else throw Object.assign(new Error('not a file'), { code: s.isDirectory() ? 'EISDIR' : 'not a file' });
  } catch (err) {
    throw unreadableFile('--body', path, err, 'pass --body @<path to the raw body>');
  }
  return { kind, path };
}


/** Run `read`; an I/O error on the body (EACCES, EIO, ENXIO…) becomes one clear INPUT error, not a stack. */
export async function readingBody<T>(label: string, read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (err) {
    const code = (err as NodeJS.ErrnoException)?.code;
    if (typeof code === 'string' && /^E[A-Z]+$/.test(code)) {
      throw new WdError('INPUT', `cannot read body ${label} (${code})`, { hint: 'pass --body @<path to the raw body>, or - for stdin' });
    }
    throw err;
  }
}
