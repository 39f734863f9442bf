// `webhook-doctor verify`: check a received signature against the raw body, and diagnose a mismatch.
import { z } from 'zod';
import { WdError, usageError } from '../errors.js';
import { parseOptions, type CommandInput } from '../options.js';
import { createOutput } from '../ui/output.js';
import { renderVerdict } from '../ui/signatures.js';
import {
  SCHEME_NAMES, isSchemeName, parseHeaderLine, readCaptureToVerify, verifyFile, verifyStream,
  type HeaderList, type Verdict, type VerifyOptions,
} from '../signatures/index.js';
import { bodySource, secretFrom } from './sign.js';

const schema = z.object({
  secret: z.string().optional(),
  body: z.string().optional(),
  header: z.array(z.string()).optional(),
  scheme: z.string().default('auto'),
  signatureHeader: z.string().min(1).optional(),
  tolerance: z.coerce.number().int('must be whole seconds').min(0, 'must be 0 or more').default(300),
  capture: z.string().min(1).optional(),
  json: z.boolean().optional(),
});

export function parseHeaders(lines: readonly string[]): Array<[string, string]> {
  return lines.map((line) => {
    const pair = parseHeaderLine(line);
    if (!pair) throw usageError(`--header: "${line}" is not "Name: value"`, 'e.g. -H "X-Hub-Signature-256: sha256=…"');
    return pair;
  });
}

export async function run(input: CommandInput): Promise<number> {
  const opts = parseOptions(schema, input.opts);
  const output = createOutput({ json: opts.json });
  if (opts.scheme !== 'auto' && !isSchemeName(opts.scheme)) {
    throw usageError(`--scheme: unknown scheme "${opts.scheme}"`, `choose auto, ${SCHEME_NAMES.join(', ')}`);
  }
  const secret = secretFrom(opts.secret);
  const given = parseHeaders(opts.header ?? []);
  const base: Omit<VerifyOptions, 'headers'> = {
    scheme: opts.scheme as VerifyOptions['scheme'],
    secret,
    tolerance: opts.tolerance,
    ...(opts.signatureHeader ? { header: opts.signatureHeader } : {}),
  };

  let verdict: Verdict;
  let source: string | undefined;
  if (opts.capture) {
    if (opts.body) throw usageError('give either --capture or --body, not both', 'a capture carries its own body');
    const capture = await readCaptureToVerify(opts.capture);
    // Headers given with -H come first, so they override the capture's.
    const headers: HeaderList = [...given, ...capture.headers];
    source = `capture ${capture.metaPath}${capture.receivedAt !== undefined ? ', timestamp judged at its receipt' : ''}`;
    verdict = await verifyFile(capture.bodyPath, { ...base, headers, ...(capture.receivedAt !== undefined ? { now: capture.receivedAt } : {}) });
  } else {
    if (given.length === 0) {
      throw usageError('no signature header: pass the headers the sender sent with -H "Name: value"', 'e.g. -H "X-Hub-Signature-256: sha256=…", or use --capture with a saved capture');
    }
    const body = await bodySource(opts.body);
    verdict = body.kind === 'file'
      ? await verifyFile(body.path, { ...base, headers: given })
      : await verifyStream(process.stdin, { ...base, headers: given });
  }

  if (verdict.status === 'no-header') {
    throw usageError(verdict.reason, 'pass the signature header with -H "Name: value" (and --signature-header for a custom hmac-sha256 header)');
  }
  if (verdict.status === 'bad-secret') throw new WdError('INPUT', verdict.reason, { hint: 'check the secret you passed with --secret or WEBHOOK_DOCTOR_SECRET' });
  await renderVerdict(output, verdict, source);
  return verdict.valid ? 0 : 1;
}

