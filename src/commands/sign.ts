// `webhook-doctor sign`: print the signature headers a sender would attach to a body.
import { z } from 'zod';
import { stat } from 'node:fs/promises';
import { WdError, usageError } from '../errors.js';
import { parseOptions, type CommandInput } from '../options.js';
import { createOutput } from '../ui/output.js';
import { renderSignedHeaders } from '../ui/signatures.js';
import { SCHEME_NAMES, isSchemeName, signFile, signStream, type SchemeName } from '../signatures/index.js';

const schema = z.object({
  secret: z.string().optional(),
  scheme: z.string().optional(),
  body: z.string().optional(),
  signatureHeader: z.string().min(1).optional(),
  timestamp: z.coerce.number().int('must be whole unix seconds').min(0, 'must be unix seconds').optional(),
  id: z.string().min(1).optional(),
  json: z.boolean().optional(),
});

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

export async function run(input: CommandInput): Promise<number> {
  const opts = parseOptions(schema, input.opts);
  const output = createOutput({ json: opts.json });
  if (!opts.scheme) throw usageError('no scheme: pass --scheme <name>', `choose ${SCHEME_NAMES.join(', ')}`);
  if (!isSchemeName(opts.scheme)) throw usageError(`--scheme: unknown scheme "${opts.scheme}"`, `choose ${SCHEME_NAMES.join(', ')}`);
  const scheme: SchemeName = opts.scheme;
  const secret = secretFrom(opts.secret);
  const body = await bodySource(opts.body);
  const signOpts = {
    scheme, secret,
    ...(opts.timestamp !== undefined ? { timestamp: opts.timestamp } : {}),
    ...(opts.id ? { id: opts.id } : {}),
    ...(opts.signatureHeader ? { header: opts.signatureHeader } : {}),
  };
  const headers = body.kind === 'file' ? await signFile(body.path, signOpts) : await signStream(process.stdin, signOpts);
  renderSignedHeaders(output, scheme, headers);
  return 0;
}
