// Making the headers a sender attaches, from the same scheme definitions verify uses.
import { randomBytes } from 'node:crypto';
import type { SignOptions } from './types.js';
import { schemes } from './registry.js';
import { digestBuffer, digestFile, digestStream, type DigestJob } from './digest.js';
import { DEFAULT_HMAC_HEADER } from './hmac-sha256.js';

/** A Svix-style message id: msg_ and 27 random base62-ish characters. */
export function newMessageId(): string {
  return 'msg_' + randomBytes(20).toString('base64url').replace(/[-_]/g, '').slice(0, 27);
}

function plan(opts: Omit<SignOptions, 'body'>) {
  const scheme = schemes[opts.scheme];
  const timestamp = Math.floor(opts.timestamp ?? Date.now() / 1000);
  const id = opts.id ?? newMessageId();
  const ctx = { timestamp, id, header: opts.header ?? DEFAULT_HMAC_HEADER };
  const job: DigestJob = { hash: 'sha256', key: scheme.key(opts.secret), prefix: scheme.prefix({ timestampText: String(timestamp), id }) };
  return { scheme, ctx, job };
}

/** The headers to send with `body`, in order. Throws WdError (INPUT) for a malformed standard secret. */
export function signBody(opts: SignOptions): Array<[string, string]> {
  const { scheme, ctx, job } = plan(opts);
  return scheme.headers(digestBuffer(job, opts.body), ctx);
}

/** signBody for a body in a file, streamed. */
export async function signFile(path: string, opts: Omit<SignOptions, 'body'>): Promise<Array<[string, string]>> {
  const { scheme, ctx, job } = plan(opts);
  const { digests } = await digestFile(path, [job]);
  return scheme.headers(digests[0]!, ctx);
}

/** signBody for a body arriving once on a stream (stdin). */
export async function signStream(stream: AsyncIterable<Buffer | string>, opts: Omit<SignOptions, 'body'>): Promise<Array<[string, string]>> {
  const { scheme, ctx, job } = plan(opts);
  const { digests } = await digestStream(stream, [job], 0);
  return scheme.headers(digests[0]!, ctx);
}
