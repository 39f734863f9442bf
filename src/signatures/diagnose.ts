// Explaining a signature mismatch: each known mistake is re-enacted from the recipe and the first one
// whose signature matches is named; then what is wrong with the signature value itself (case, length,
// not hex/base64). Nothing is named that a match or the value did not prove; otherwise "a different secret".
import type { Diagnosis, HeaderList, ReceivedSignature } from './types.js';
import type { Recipe, SignatureEncoding } from './recipe.js';
import { checkFor, checkKey, digestMatches, matchesWhole, streams, type Check } from './check.js';
import { digestBuffer } from './digest.js';
import { STANDARD_PREFIX, hmacKey } from './keys.js';
import { isFormBody, signedBody, signsUrl } from './message.js';
import { urlVariants } from './url-variants.js';
import { formatBytes, rewrittenBodyAttempts, type Attempt } from './rewrites.js';

export { JSON_REWRITE_LIMIT, formatBytes } from './rewrites.js';

export interface MismatchContext {
  recipe: Recipe;
  received: ReceivedSignature;
  secret: string;
  /** The check verification used. */
  primary: Check;
  headers: HeaderList;
  url?: string;
  method?: string;
  /** The request line's target (path and query), when known. */
  target?: string;
}

const isHex = (s: string) => s.length > 0 && s.length % 2 === 0 && /^[0-9a-fA-F]+$/.test(s);
const isBase64 = (s: string) => s.length > 0 && s.length % 4 === 0 && /^[A-Za-z0-9+/]+={0,2}$/.test(s);
const hashBytes = { sha1: 20, sha256: 32, sha512: 64 } as const;

function decodedLength(sig: string, encoding: SignatureEncoding): number {
  if (encoding === 'hex') return isHex(sig) ? sig.length / 2 : -1;
  return isBase64(sig) ? Buffer.from(sig, 'base64').length : -1;
}

const algorithm = (r: Recipe, hash = r.hash) => (r.kind === 'hmac' ? `HMAC-${hash.toUpperCase()}` : r.kind === 'ed25519' ? 'Ed25519' : 'ECDSA P-256');
const secretWord = (r: Recipe) => (r.kind === 'hmac' ? 'secret' : r.kind === 'token' ? 'token' : 'key');

/** Mistakes that keep the body as it is: signature encoding and prefixes, the secret's form, the hash, the URL. */
function originalBodyAttempts(ctx: MismatchContext): Attempt[] {
  const { recipe, received, secret, primary } = ctx;
  const sigs = received.signatures;
  const same = { check: primary, encoding: received.encoding, signatures: sigs };
  const attempts: Attempt[] = [];
  const expected = received.encoding;
  const other: SignatureEncoding = expected === 'hex' ? 'base64' : 'hex';
  if (recipe.kind === 'token') return tokenAttempts(ctx);

  const swapped = sigs.filter((s) => (other === 'hex' ? isHex(s) : isBase64(s) && !isHex(s)))
    .map((s) => Buffer.from(s, other).toString(expected));
  if (swapped.length) {
    attempts.push({
      ...same, signatures: swapped, cause: 'signature-encoding',
      detail: `The signature is ${other} where ${recipe.id} uses ${expected}: the same ${algorithm(recipe)}, encoded the other way. The signer (or your check) must encode it as ${expected}.`,
    });
  }
  const prefixRe = /^(sha256=|sha1=|sha512=|v1,|v1=|v0=|h1=|whsec_)/;
  const stripped = sigs.filter((s) => prefixRe.test(s)).map((s) => s.replace(prefixRe, ''));
  if (stripped.length) {
    attempts.push({
      ...same, signatures: stripped, cause: 'pasted-prefix',
      detail: `The signature value carries an extra "${sigs.find((s) => prefixRe.test(s))!.match(prefixRe)![1]}" prefix that does not belong in ${received.header}; without it the signature matches.`,
    });
  }
  if (signsUrl(recipe) && ctx.url) {
    for (const v of urlVariants(ctx.url, ctx.headers, ctx.target)) {
      let check: Check | undefined;
      try { check = checkFor(recipe, received, { secret, url: v.url, ...(ctx.method ? { method: ctx.method } : {}) }); } catch { check = undefined; }
      if (check) attempts.push({
        ...same, check, cause: 'different-url',
        detail: `The signature matches the URL ${v.url} (${v.describe}), not ${ctx.url}: ${recipe.name} signs the URL it called, and the receiver rebuilt a different one — the classic proxy or tunnel case. Verify with the public URL (--url ${v.url}), or have the app build it from X-Forwarded-Proto / X-Forwarded-Host.`,
      });
    }
  }
  if (recipe.kind === 'ecdsa-p256') attempts.push({
    ...same, check: { ...primary, dsaEncoding: 'ieee-p1363' }, cause: 'signature-encoding',
    detail: `The signature is raw r‖s (IEEE P1363, 64 bytes, as WebCrypto's sign() makes it) where ${recipe.name} sends ASN.1 DER: the same ECDSA signature, encoded another way. The signer must DER-encode it (node:crypto sign with dsaEncoding 'der').`,
  });
  if (recipe.signed.includes('{method}')) {
    const used = (ctx.method ?? 'POST').toUpperCase();
    for (const method of ['POST', 'GET', 'PUT', 'PATCH', 'DELETE']) {
      if (method === used) continue;
      let check: Check | undefined;
      try { check = checkFor(recipe, received, { secret, ...(ctx.url ? { url: ctx.url } : {}), method }); } catch { check = undefined; }
      if (check) attempts.push({
        ...same, check, cause: 'different-method',
        detail: `The signature matches the method ${method}, not ${used}: ${recipe.name} signs the request method. Verify with --method ${method}.`,
      });
    }
  }
  if (recipe.kind !== 'hmac') return attempts;

  const withKey = (key: Buffer): Pick<Attempt, 'check' | 'encoding' | 'signatures'> => ({ ...same, check: { ...primary, job: { ...primary.job, key } } });
  const trimmed = secret.trim();
  if (trimmed !== secret && trimmed.length) {
    let key: Buffer | undefined;
    try { key = hmacKey(recipe, trimmed); } catch { key = undefined; }
    if (key) attempts.push({
      ...withKey(key), cause: 'whitespace',
      detail: 'The secret you gave has leading or trailing whitespace (a newline from a file or a paste); the signature matches the secret without it.',
    });
  }
  if (recipe.secret === 'whsec') {
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
      detail: `The signature was made with the secret base64-decoded (the Standard Webhooks way), but ${recipe.id} uses the secret as text, byte for byte.`,
    });
    if (secret.startsWith(STANDARD_PREFIX)) attempts.push({
      ...withKey(Buffer.from(bare, 'utf8')), cause: 'pasted-prefix',
      detail: recipe.id === 'stripe'
        ? `The signature was made with the secret without its ${STANDARD_PREFIX} prefix; Stripe signs with the whole ${STANDARD_PREFIX}… string.`
        : `The signature was made with the secret without its ${STANDARD_PREFIX} prefix: the prefix was pasted in where it does not belong.`,
    });
    // Stripe's signing secret is the whole whsec_… text: one copied without its prefix does not sign the same.
    if (recipe.id === 'stripe' && !secret.startsWith(STANDARD_PREFIX)) attempts.push({
      ...withKey(Buffer.from(STANDARD_PREFIX + secret, 'utf8')), cause: 'secret-encoding',
      detail: `The signature was made with ${STANDARD_PREFIX} followed by the secret you gave: Stripe signs with the whole ${STANDARD_PREFIX}… string, prefix included. Pass --secret ${STANDARD_PREFIX}….`,
    });
  }

  const lengths = new Set(sigs.map((s) => decodedLength(s, received.encoding)));
  for (const hash of ['sha1', 'sha256', 'sha512'] as const) {
    if (hash !== received.hash && lengths.has(hashBytes[hash])) attempts.push({
      ...same, check: { ...primary, job: { ...primary.job, hash } }, cause: 'wrong-hash',
      detail: `The signature is an HMAC-${hash.toUpperCase()}, but ${recipe.id} uses HMAC-${received.hash.toUpperCase()} (${received.header}).`,
    });
  }
  attempts.push({
    ...same, check: { ...primary, job: { ...primary.job, key: null } }, cause: 'wrong-hash',
    detail: `The signature is a plain ${received.hash.toUpperCase()} hash of what is signed, made without the secret; it must be an HMAC keyed with the secret.`,
  });
  return attempts;
}

/** A shared token (GitLab): the same token with whitespace, another case, or a scheme word in front. */
function tokenAttempts(ctx: MismatchContext): Attempt[] {
  const { recipe, received, secret, primary } = ctx;
  const base = { check: primary, encoding: received.encoding };
  const out: Attempt[] = [];
  const sig = received.signatures[0] ?? '';
  if (sig.trim() !== sig || secret.trim() !== secret) out.push({
    ...base, check: { ...primary, token: secret.trim() }, signatures: [sig.trim()], cause: 'whitespace',
    detail: `The ${received.header} token and the one you gave differ only in leading or trailing whitespace (a newline from a file or a paste).`,
  });
  const word = /^(bearer|token)\s+/i.exec(sig);
  if (word) out.push({
    ...base, signatures: [sig.slice(word[0].length)], cause: 'pasted-prefix',
    detail: `${received.header} carries "${word[0].trim()} " before the token; ${recipe.name} sends the token alone.`,
  });
  if (sig.toLowerCase() === secret.toLowerCase() && sig !== secret) out.push({
    ...base, signatures: [secret], cause: 'signature-case',
    detail: `The ${received.header} token equals the one you gave except for letter case: tokens are compared exactly.`,
  });
  return out;
}

/** What is wrong with the signature value itself, judged against the one the secret gives (#17). */
function valueAttempts(ctx: MismatchContext, expectedText: string | undefined): Diagnosis | undefined {
  const { recipe, received } = ctx;
  if (recipe.kind === 'token') return undefined;
  const sigs = received.signatures;
  const enc = received.encoding;
  const want = recipe.kind === 'hmac' ? hashBytes[received.hash] : recipe.kind === 'ed25519' ? 64 : undefined;
  const wantChars = want === undefined ? undefined : enc === 'hex' ? want * 2 : Math.ceil(want / 3) * 4;
  const name = `${algorithm(recipe, received.hash)} ${enc === 'hex' ? 'hex' : 'base64'}`;
  if (expectedText) {
    for (const s of sigs) {
      if (enc === 'hex' && s !== expectedText && s.toLowerCase() === expectedText) {
        return { cause: 'signature-case', detail: `The signature is the right ${algorithm(recipe, received.hash)} written in upper-case hex: ${recipe.name} sends lower case, and a check that compares text rejects it. The secret is right; lower-case the value (or compare case-insensitively before the constant-time compare).` };
      }
      if (s.length >= 8 && s.length < expectedText.length && expectedText.startsWith(s)) {
        return { cause: 'signature-truncated', detail: `The signature is cut short: ${s.length} of the ${expectedText.length} characters of the right ${name} value, which it begins with. The secret is right; the value was truncated (a column width, a log line, a copy) — pass it whole.` };
      }
    }
  }
  for (const s of sigs) {
    const valid = enc === 'hex' ? isHex(s) : isBase64(s);
    const shown = s.length > 24 ? `${s.slice(0, 24)}…` : s;
    if (!valid) {
      const looks = enc === 'hex' && isBase64(s) ? ' (it looks like base64)' : enc === 'base64' && isHex(s) ? ' (it looks like hex)' : '';
      return { cause: 'signature-format', detail: `The signature "${shown}" in ${received.header} is not ${enc}${looks}: ${recipe.name} sends ${wantChars ? `${wantChars} ${enc} characters` : enc}${received.header.includes('body') ? '' : ` after the header's prefix`}. It cannot match any secret; check what wrote this header.` };
    }
    if (want !== undefined && decodedLength(s, enc) !== want && !(recipe.kind === 'hmac' && Object.values(hashBytes).includes(decodedLength(s, enc) as 20))) {
      return { cause: 'signature-format', detail: `The signature "${shown}" in ${received.header} is ${s.length} ${enc} characters (${decodedLength(s, enc)} bytes), where an ${name} value is ${wantChars} characters (${want} bytes): cut short or padded, it cannot match any secret.` };
    }
  }
  return undefined;
}

/** The checks a diagnosis runs over the unmodified body, besides the primary one (deduplicated). */
export function diagnosisChecks(ctx: MismatchContext): Check[] {
  const seen = new Set<string>([checkKey(ctx.primary)]);
  const checks: Check[] = [];
  for (const a of originalBodyAttempts(ctx)) {
    const k = checkKey(a.check);
    if (!seen.has(k)) { seen.add(k); checks.push(a.check); }
  }
  return checks;
}

const STRIPE_API_KEY = /^(sk|rk|pk)_(live|test)_/;

export interface DiagnosisInput {
  /** The whole unmodified body, when in hand: every check is computed from it. */
  original?: Buffer;
  /** Otherwise, digests over the unmodified body by checkKey (the primary and the streamable diagnosisChecks). */
  digests?: ReadonlyMap<string, Buffer>;
  /** The whole body when it is small enough for the rewriting diagnoses. */
  whole: Buffer | undefined;
  bodyBytes: number;
  limit: number;
}

function originalMatches(a: Attempt, input: DiagnosisInput): boolean {
  if (input.original) return matchesWhole(a.check, input.original, a.encoding, a.signatures);
  if (!streams(a.check)) return false;
  const digest = input.digests?.get(checkKey(a.check));
  return digest !== undefined && digestMatches(digest, a.encoding, a.signatures);
}

/** The signature text the secret gives over the unmodified body (HMAC only), for the value checks. */
function expectedText(ctx: MismatchContext, input: DiagnosisInput): string | undefined {
  if (ctx.recipe.kind !== 'hmac') return undefined;
  const p = ctx.primary;
  const digest = input.original
    ? digestBuffer(p.job, signedBody({ prefix: p.job.prefix, suffix: p.job.suffix ?? Buffer.alloc(0), body: p.body }, input.original))
    : input.digests?.get(checkKey(p));
  return digest?.toString(ctx.received.encoding);
}

/** Twilio's JSON webhooks: the signature covers the URL, the URL's bodySHA256 covers the body. */
function bodyHashDiagnosis(ctx: MismatchContext, input: DiagnosisInput): Diagnosis | undefined {
  const bh = ctx.primary.bodyHash;
  if (!bh || !input.original || isFormBody(input.original)) return undefined;
  const urlOnly = { ...ctx.primary, bodyHash: undefined };
  if (!matchesWhole(urlOnly, input.original, ctx.received.encoding, ctx.received.signatures)) return undefined;
  if (bh.value === undefined) {
    return { cause: 'body-hash', detail: `The signature matches the URL, but ${ctx.recipe.name} covers a body that is not a form only through ?${bh.param}= in the URL, and this URL has none: the body is not protected. Give the URL as it was called, query included (--url …?${bh.param}=…).` };
  }
  return { cause: 'body-hash', detail: `The signature matches the URL, but its ${bh.param} is not the SHA-256 of this body: the body changed after ${ctx.recipe.name} sent it (re-serialized JSON, a proxy), or it is another request's. Verify the raw bytes.` };
}

export function diagnoseMismatch(ctx: MismatchContext, input: DiagnosisInput): { diagnosis: Diagnosis; skipped?: string[] } {
  const bodyHash = bodyHashDiagnosis(ctx, input);
  if (bodyHash) return { diagnosis: bodyHash };
  for (const a of originalBodyAttempts(ctx)) {
    if (originalMatches(a, input)) return { diagnosis: { cause: a.cause, detail: a.detail } };
  }
  const value = valueAttempts(ctx, expectedText(ctx, input));
  if (value) return { diagnosis: value };
  if (ctx.recipe.id === 'stripe' && STRIPE_API_KEY.test(ctx.secret)) {
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
    for (const a of rewrittenBodyAttempts(ctx.primary, ctx.received.encoding, ctx.received.signatures, input.whole, skipped)) {
      if (matchesWhole(a.check, a.body!, a.encoding, a.signatures)) return { diagnosis: { cause: a.cause, detail: a.detail }, ...(skipped.length ? { skipped } : {}) };
    }
  } else if (ctx.primary.body !== 'none') {
    skipped.push(`body rewrites (re-serialized JSON, whitespace, form/JSON) not tried: the body is ${formatBytes(input.bodyBytes)}, above the ${formatBytes(input.limit)} limit`);
  }
  return { diagnosis: differentSecret(ctx, input, skipped), ...(skipped.length ? { skipped } : {}) };
}

function differentSecret(ctx: MismatchContext, input: DiagnosisInput, skipped: string[]): Diagnosis {
  const { recipe } = ctx;
  if (recipe.kind === 'token') {
    return { cause: 'different-secret', detail: `${ctx.received.header} carries a different token from the one you gave: copy the secret token again from the webhook's settings in ${recipe.name}.` };
  }
  const bodyTried = ctx.primary.body === 'none' ? '' : !input.whole ? '' : skipped.length ? 'whitespace and line endings, ' : 're-serialized JSON, whitespace and line endings, form/JSON, ';
  const tried = `${bodyTried}hex/base64, ${recipe.kind === 'hmac' ? 'secret prefix and encoding, hash' : 'signature length'}${signsUrl(recipe) && ctx.url ? ', http/https, port, trailing slash and query of the URL' : ''}${recipe.signed.includes('{method}') ? ', the method' : ''}`;
  if (recipe.kind !== 'hmac') {
    return { cause: 'different-secret', detail: `None of the known mistakes reproduces the signature (${tried}): most likely a different key signed it, or the signed bytes differ. Check the public key is this application's (${recipe.note ?? recipe.source}).` };
  }
  const where = signsUrl(recipe) && !ctx.url ? ' (and give the URL the sender called with --url)' : '';
  return {
    cause: 'different-secret',
    detail: `None of the known mistakes reproduces the signature (${tried}): most likely a different ${secretWord(recipe)} signed it. Copy the signing secret again from the sender, for this exact endpoint and environment${where}.`,
  };
}
