// `webhook-doctor verify`: check a received signature against the raw body, and diagnose a mismatch.
import { createReadStream } from 'node:fs';
import { WdError, usageError } from '../errors.js';
import { choiceOption, numberOption, urlOption, type CommandInput } from '../options.js';
import { createOutput } from '../ui/output.js';
import { renderVerdict } from '../ui/signatures.js';
import {
  SCHEME_NAMES, formatBytes, isSchemeName, parseHeaderLine, requestUrl, verifyFile, verifySignature, verifyStream,
  type HeaderList, type Verdict, type VerifyOptions,
} from '../signatures/index.js';
import { bodySource, readingBody, secretFrom } from '../signatures/cli-inputs.js';

interface VerifyFlags {
  secret?: string;
  publicKey?: string;
  url?: string;
  method?: string;
  body?: string;
  header: string[];
  scheme: string;
  signatureHeader?: string;
  tolerance?: number;
  capture?: string;
  json: boolean;
}

// Validated with the light rules of options.ts rather than zod: importing zod costs 100-300 ms, and verify's
// benchmark (a 1 GiB body within 1.2x of openssl) is a wall-time budget that start-up eats into.
function parseFlags(opts: Record<string, unknown>): VerifyFlags {
  const str = (name: string): string | undefined => {
    const v = opts[name];
    if (v === undefined) return undefined;
    if (typeof v !== 'string' || v === '') throw usageError(`--${name.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase())}: expected a value`, 'see --help for the accepted values');
    return v;
  };
  const tolerance = numberOption('tolerance', str('tolerance'), undefined, { int: true, min: 0, unit: 'seconds' });
  const url = urlOption('url', str('url'));
  const method = str('method');
  if (method !== undefined && !/^[A-Za-z]+$/.test(method)) throw usageError(`--method: "${method}" is not an HTTP method`, 'e.g. --method POST');
  const header = opts.header === undefined ? [] : opts.header;
  if (!Array.isArray(header) || !header.every((h) => typeof h === 'string')) throw usageError('--header: expected "Name: value"');
  return {
    secret: str('secret'), publicKey: str('publicKey'), body: str('body'), header, scheme: str('scheme') ?? 'auto', signatureHeader: str('signatureHeader'),
    ...(tolerance !== undefined ? { tolerance } : {}),
    ...(url !== undefined ? { url } : {}), ...(method !== undefined ? { method } : {}),
    capture: str('capture'), json: opts.json === true,
  };
}

export function parseHeaders(lines: readonly string[]): Array<[string, string]> {
  return lines.map((line) => {
    const pair = parseHeaderLine(line);
    if (!pair) throw usageError(`--header: "${line}" is not "Name: value"`, 'e.g. -H "X-Hub-Signature-256: sha256=…"');
    return pair;
  });
}

export async function run(input: CommandInput): Promise<number> {
  const opts = parseFlags(input.opts);
  const output = createOutput({ json: opts.json });
  choiceOption('scheme', opts.scheme, ['auto', ...SCHEME_NAMES]);
  if (opts.secret && opts.publicKey) throw usageError('give either --secret or --public-key, not both', '--public-key is the secret of Ed25519 and ECDSA senders (Discord, SendGrid)');
  // A public key (Discord, SendGrid) is the secret of a public-key recipe: it verifies, it cannot sign.
  const secret = opts.publicKey ?? secretFrom(opts.secret);
  const given = parseHeaders(opts.header ?? []);
  const base: Omit<VerifyOptions, 'headers'> = {
    scheme: opts.scheme as VerifyOptions['scheme'],
    secret,
    ...(opts.tolerance !== undefined ? { tolerance: opts.tolerance } : {}),
    ...(opts.method ? { method: opts.method } : {}),
    ...(opts.signatureHeader ? { header: opts.signatureHeader } : {}),
  };

  let verdict: Verdict;
  let source: string | undefined;
  if (opts.capture) {
    if (opts.body) throw usageError('give either --capture or --body, not both', 'a capture carries its own body');
    // The capture format belongs to listen (src/capture/saved.ts); its body is bounded by listen's --max-body.
    const { readCapture } = await import('../capture/saved.js');
    const capture = await readCapture(opts.capture);
    if (capture.bodyRefused) throw new WdError('INPUT', `${capture.path} has no body: listen refused it as too large`, { hint: 'capture again with a larger --max-body' });
    // Headers given with -H come first, so they override the capture's.
    const headers: HeaderList = [...given, ...capture.rawHeaders];
    const received = Date.parse(capture.receivedAt);
    const now = Number.isNaN(received) ? undefined : Math.floor(received / 1000);
    source = `capture ${capture.path}${now !== undefined ? ', timestamp judged at its receipt' : ''}`;
    // The URL a capture was sent to, as listen saw it (http://<Host><target>); --url gives the public one.
    const url = opts.url ?? requestUrl(headers, capture.target);
    verdict = verifySignature({
      ...base, headers, body: capture.body, method: opts.method ?? capture.method, target: capture.target,
      ...(url ? { url } : {}), ...(now !== undefined ? { now } : {}),
    });
  } else {
    // No -H at all is fine for a sender that signs inside the body (Mailgun); others end as "no signature header".
    const body = await bodySource(opts.body);
    // One plain line, not a spinner: the hash loop holds the event loop, so animation would stall anyway.
    const withHeaders: VerifyOptions = {
      ...base, headers: given, ...(opts.url ? { url: opts.url } : {}),
      onDiagnose: (bytes) => {
        if (output.interactive && bytes >= 64 * 1024 * 1024) output.err(`signature does not match: diagnosing (another pass over ${formatBytes(bytes)})…`);
      },
    };
    verdict = await readingBody(body.kind === 'stdin' ? 'from stdin' : body.path, () => body.kind === 'file'
      ? verifyFile(body.path, withHeaders)
      : verifyStream(body.kind === 'pipe' ? createReadStream(body.path) : process.stdin, withHeaders));
  }

  if (verdict.status === 'no-header') {
    throw usageError(verdict.reason, 'pass the signature header with -H "Name: value" (and --signature-header for a custom hmac-sha256 header)');
  }
  if (verdict.status === 'bad-secret') throw new WdError('INPUT', verdict.reason, { hint: 'check the secret you passed with --secret or WEBHOOK_DOCTOR_SECRET (a public key: --public-key)' });
  if (verdict.status === 'needs-url') throw usageError(verdict.reason, 'the URL exactly as the sender calls it, e.g. --url https://example.com/hooks (behind a proxy: the public one)');
  await renderVerdict(output, verdict, source);
  return verdict.valid ? 0 : 1;
}

