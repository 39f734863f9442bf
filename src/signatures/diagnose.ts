// Explaining a signature mismatch: each known mistake is re-enacted and the first one whose
// signature matches is named. Nothing is named that a match did not prove; otherwise "a different secret".
import { timingSafeEqual } from 'node:crypto';
import type { Diagnosis, ReceivedSignature, SchemeDefinition, SignatureEncoding } from './types.js';
import { digestBuffer, jobKey, type DigestJob } from './digest.js';
import { jsonVariants } from './json-variants.js';
import { STANDARD_PREFIX } from './standard.js';

export interface MismatchContext {
  scheme: SchemeDefinition;
  received: ReceivedSignature;
  secret: string;
  /** The digest job verification used. */
  primary: DigestJob;
}

/** A re-enacted mistake: compute `job` over the body (or `body` when rewritten) and compare. */
interface Attempt {
  cause: Diagnosis['cause'];
  detail: string;
  job: DigestJob;
  /** A rewritten body (text is hashed as UTF-8). */
  body?: Buffer | string;
  encoding: SignatureEncoding;
  signatures: readonly string[];
}

const isHex = (s: string) => s.length > 0 && s.length % 2 === 0 && /^[0-9a-fA-F]+$/.test(s);
const isBase64 = (s: string) => s.length > 0 && s.length % 4 === 0 && /^[A-Za-z0-9+/]+={0,2}$/.test(s);

function decodedLength(sig: string, encoding: SignatureEncoding): number {
  if (encoding === 'hex') return isHex(sig) ? sig.length / 2 : -1;
  return isBase64(sig) ? Buffer.from(sig, 'base64').length : -1;
}

/** Constant-time comparison of a digest against received signature strings (any may match). */
export function signatureMatches(digest: Buffer, encoding: SignatureEncoding, signatures: readonly string[]): boolean {
  const expected = Buffer.from(digest.toString(encoding), 'utf8');
  let matched = false;
  for (const sig of signatures) {
    const got = Buffer.from(sig, 'utf8');
    if (got.length === expected.length && timingSafeEqual(got, expected)) matched = true;
  }
  return matched;
}

/** Mistakes that keep the body as it is: signature encoding and prefixes, the secret's form, the hash. */
function originalBodyAttempts(ctx: MismatchContext): Attempt[] {
  const { scheme, received, secret, primary } = ctx;
  const sigs = received.signatures;
  const same = { job: primary, encoding: received.encoding, signatures: sigs };
  const attempts: Attempt[] = [];
  const expected = received.encoding;
  const other: SignatureEncoding = expected === 'hex' ? 'base64' : 'hex';

  const swapped = sigs.filter((s) => (other === 'hex' ? isHex(s) : isBase64(s) && !isHex(s)))
    .map((s) => Buffer.from(s, other).toString(expected));
  if (swapped.length) {
    attempts.push({
      ...same, signatures: swapped, cause: 'signature-encoding',
      detail: `The signature is ${other} where ${scheme.name} uses ${expected}: the same HMAC, encoded the other way. The signer (or your check) must encode the digest as ${expected}.`,
    });
  }
  const prefixRe = /^(sha256=|sha1=|v1,|v1=|v0=|whsec_)/;
  const stripped = sigs.filter((s) => prefixRe.test(s)).map((s) => s.replace(prefixRe, ''));
  if (stripped.length) {
    attempts.push({
      ...same, signatures: stripped, cause: 'pasted-prefix',
      detail: `The signature value carries an extra "${sigs.find((s) => prefixRe.test(s))!.match(prefixRe)![1]}" prefix that does not belong in ${received.header}; without it the signature matches.`,
    });
  }

  const withKey = (key: Buffer) => ({ ...same, job: { ...primary, key } });
  const trimmed = secret.trim();
  if (trimmed !== secret && trimmed.length) {
    let key: Buffer | undefined;
    try { key = scheme.key(trimmed); } catch { key = undefined; }
    if (key) attempts.push({
      ...withKey(key), cause: 'whitespace',
      detail: 'The secret you gave has leading or trailing whitespace (a newline from a file or a paste); the signature matches the secret without it.',
    });
  }
  if (scheme.name === 'standard') {
    attempts.push({
      ...withKey(Buffer.from(secret, 'utf8')), cause: 'secret-encoding',
      detail: `The signature was made with the secret used as text (its UTF-8 bytes) instead of base64-decoding what follows ${STANDARD_PREFIX}, as Standard Webhooks requires.`,
    });
    if (secret.startsWith(STANDARD_PREFIX)) attempts.push({
      ...withKey(Buffer.from(secret.slice(STANDARD_PREFIX.length), 'utf8')), cause: 'secret-encoding',
      detail: `The signature was made with the text after ${STANDARD_PREFIX} used as is, not base64-decoded as Standard Webhooks requires.`,
    });
  } else {
    const bare = secret.startsWith(STANDARD_PREFIX) ? secret.slice(STANDARD_PREFIX.length) : secret;
    if (isBase64(bare) || /^[A-Za-z0-9+/]+$/.test(bare)) attempts.push({
      ...withKey(Buffer.from(bare, 'base64')), cause: 'secret-encoding',
      detail: `The signature was made with the secret base64-decoded (the Standard Webhooks way), but ${scheme.name} uses the secret as text, byte for byte.`,
    });
    if (secret.startsWith(STANDARD_PREFIX)) attempts.push({
      ...withKey(Buffer.from(bare, 'utf8')), cause: 'pasted-prefix',
      detail: scheme.name === 'stripe'
        ? `The signature was made with the secret without its ${STANDARD_PREFIX} prefix; Stripe signs with the whole ${STANDARD_PREFIX}… string.`
        : `The signature was made with the secret without its ${STANDARD_PREFIX} prefix: the prefix was pasted in where it does not belong.`,
    });
  }

  const lengths = new Set(sigs.map((s) => decodedLength(s, received.encoding)));
  const hashFor: Array<[number, DigestJob['hash']]> = [[20, 'sha1'], [32, 'sha256'], [64, 'sha512']];
  for (const [len, hash] of hashFor) {
    if (hash !== received.hash && lengths.has(len)) attempts.push({
      ...same, job: { ...primary, hash }, cause: 'wrong-hash',
      detail: `The signature is an HMAC-${hash.toUpperCase()}, but ${scheme.name} uses HMAC-${received.hash.toUpperCase()} (${received.header}).`,
    });
  }
  attempts.push({
    ...same, job: { ...primary, key: null }, cause: 'wrong-hash',
    detail: `The signature is a plain ${received.hash.toUpperCase()} hash of the body, made without the secret; it must be an HMAC keyed with the secret.`,
  });
  return attempts;
}

/** Mistakes that change the body: whitespace, line endings, re-serialized JSON, form ↔ JSON. */
// Re-serializing JSON makes dozens of full-size copies of the text: only for bodies up to this size.
export const JSON_REWRITE_LIMIT = 1024 * 1024;

function rewrittenBodyAttempts(ctx: MismatchContext, body: Buffer, skipped: string[]): Attempt[] {
  const base = { job: ctx.primary, encoding: ctx.received.encoding, signatures: ctx.received.signatures };
  const text = body.toString('utf8');
  const out: Attempt[] = [];
  const seen = new Set<string>([text]);
  const add = (candidate: string, cause: Diagnosis['cause'], detail: string) => {
    if (seen.has(candidate)) return;
    seen.add(candidate);
    out.push({ ...base, body: candidate, cause, detail });
  };
  add(text.replace(/\r?\n$/, ''), 'whitespace', 'The signature matches this body without its trailing newline: a newline was added after signing (echo without -n, an editor saving the file, a framework).');
  add(text + '\n', 'whitespace', 'The signature matches this body with a trailing newline: the sender signed a body ending in a newline, and the body you verified lost it.');
  if (text.includes('\r\n')) add(text.replace(/\r\n/g, '\n'), 'whitespace', 'The signature was made over LF line endings; the body you verified has CRLF (converted on the way, e.g. by a Windows tool or git).');
  else if (text.includes('\n')) add(text.replace(/\n/g, '\r\n'), 'whitespace', 'The signature was made over CRLF line endings; the body you verified has LF.');
  add(text.trim(), 'whitespace', 'The signature matches this body without its leading/trailing whitespace: whitespace was added or removed after signing.');

  if (body.length > JSON_REWRITE_LIMIT) {
    skipped.push(`re-serialized JSON and form/JSON rewrites not tried: the body is ${formatBytes(body.length)}, above the ${formatBytes(JSON_REWRITE_LIMIT)} limit`);
    return out;
  }
  for (const variant of jsonVariants(text)) {
    add(variant.text, 'reserialized-json', `The signature matches the same JSON serialized differently (the signed bytes: ${variant.describe.join('; ')}): the body was parsed and serialized again before verifying (or by a proxy). Verify the raw request bytes before parsing them.`);
  }

  const form = formFromJson(text);
  if (form) for (const f of form) add(f, 'form-to-json', 'The signature matches this data form-encoded (application/x-www-form-urlencoded): the sender posted a form, and a framework turned it into JSON before verifying. Verify the raw form body.');
  const json = jsonFromForm(text);
  if (json) for (const j of json) add(j, 'form-to-json', 'The signature matches this form body as JSON: the signer serialized the fields as JSON while a form-encoded body was sent (or received).');
  return out;
}

function formFromJson(text: string): string[] | undefined {
  let value: unknown;
  try { value = JSON.parse(text); } catch { return undefined; }
  if (!value || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const entries = Object.entries(value as Record<string, unknown>);
  if (!entries.every(([, v]) => v === null || ['string', 'number', 'boolean'].includes(typeof v))) return undefined;
  const pairs = entries.map(([k, v]) => [k, v === null ? '' : String(v)] as [string, string]);
  const plus = new URLSearchParams(pairs).toString();
  const percent = pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
  return [plus, percent];
}

function jsonFromForm(text: string): string[] | undefined {
  if (!/^[^=&{[\s]+=[^&]*(&[^=&]+=[^&]*)*$/.test(text.trim())) return undefined;
  const obj = Object.fromEntries(new URLSearchParams(text.trim()));
  return [JSON.stringify(obj), JSON.stringify(obj).replace(/","/g, '", "').replace(/":"/g, '": "')];
}

/** The digests a diagnosis needs over the unmodified body, besides the primary one (deduplicated). */
export function diagnosisJobs(ctx: MismatchContext): DigestJob[] {
  const seen = new Set<string>([jobKey(ctx.primary)]);
  const jobs: DigestJob[] = [];
  for (const a of originalBodyAttempts(ctx)) {
    const k = jobKey(a.job);
    if (!seen.has(k)) { seen.add(k); jobs.push(a.job); }
  }
  return jobs;
}

const STRIPE_API_KEY = /^(sk|rk|pk)_(live|test)_/;

export interface DiagnosisInput {
  /** Digests over the unmodified body, by jobKey (must include the primary and diagnosisJobs). */
  digests: ReadonlyMap<string, Buffer>;
  /** The whole body when it is small enough for the rewriting diagnoses. */
  whole: Buffer | undefined;
  bodyBytes: number;
  limit: number;
}

export function diagnoseMismatch(ctx: MismatchContext, input: DiagnosisInput): { diagnosis: Diagnosis; skipped?: string[] } {
  for (const a of originalBodyAttempts(ctx)) {
    const digest = input.digests.get(jobKey(a.job));
    if (digest && signatureMatches(digest, a.encoding, a.signatures)) return { diagnosis: { cause: a.cause, detail: a.detail } };
  }
  if (ctx.scheme.name === 'stripe' && STRIPE_API_KEY.test(ctx.secret)) {
    const kind = ctx.secret.slice(0, 2);
    return {
      diagnosis: {
        cause: 'wrong-secret-kind',
        detail: `The secret is a Stripe API key (${kind}_…), not a webhook signing secret: Stripe signs with the endpoint's whsec_… secret (Dashboard → Developers → Webhooks → your endpoint → Signing secret).`,
      },
    };
  }
  const skipped: string[] = [];
  if (input.whole) {
    for (const a of rewrittenBodyAttempts(ctx, input.whole, skipped)) {
      if (signatureMatches(digestBuffer(a.job, a.body!), a.encoding, a.signatures)) return { diagnosis: { cause: a.cause, detail: a.detail }, ...(skipped.length ? { skipped } : {}) };
    }
  } else {
    skipped.push(`body rewrites (re-serialized JSON, whitespace, form/JSON) not tried: the body is ${formatBytes(input.bodyBytes)}, above the ${formatBytes(input.limit)} limit`);
  }
  const tried = !input.whole ? '' : skipped.length ? 'whitespace and line endings, ' : 're-serialized JSON, whitespace and line endings, form/JSON, ';
  return {
    diagnosis: {
      cause: 'different-secret',
      detail: `None of the known mistakes reproduces the signature (${tried}hex/base64, secret prefix and encoding, hash): most likely a different secret signed it. Copy the signing secret again from the sender, for this exact endpoint and environment.`,
    },
    ...(skipped.length ? { skipped } : {}),
  };
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['KiB', 'MiB', 'GiB'];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) { v /= 1024; i++; }
  return `${v >= 10 ? Math.round(v) : v.toFixed(1)} ${units[i]}`;
}
