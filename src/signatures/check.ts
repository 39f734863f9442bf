// One way of checking a received signature: the recipe's message parts, its key (HMAC bytes, a public
// key, or a shared token) and whether the signature matches, compared in constant time.
import { createHash, timingSafeEqual, verify as verifyAsymmetric, type KeyObject } from 'node:crypto';
import type { Recipe, SignatureEncoding } from './recipe.js';
import type { ReceivedSignature } from './types.js';
import { digestBuffer, jobKey, type DigestJob } from './digest.js';
import { isFormBody, messageParts, queryParam, signedBody, type MessageParts } from './message.js';
import { hmacKey, publicKey } from './keys.js';

export interface Check {
  recipe: Recipe;
  /** hmac: the digest to compute; ed25519/ecdsa: the prefix/suffix (key unused); token: unused. */
  job: DigestJob;
  body: MessageParts['body'];
  publicKey?: KeyObject;
  /** token recipes: the expected token. */
  token?: string;
  /** ECDSA: how the signature is encoded; SendGrid sends ASN.1 DER (the default), WebCrypto makes raw r‖s. */
  dsaEncoding?: 'der' | 'ieee-p1363';
  /** Twilio: the bodySHA256 the signed URL carries, checked against a body that is not a form. */
  bodyHash?: { param: string; value: string | undefined };
}

export interface CheckInput {
  secret: string;
  url?: string;
  method?: string;
}

/** The check a recipe makes for this request and secret. Throws WdError for an unusable secret or a missing URL. */
export function checkFor(recipe: Recipe, received: ReceivedSignature, input: CheckInput): Check {
  if (recipe.kind === 'token') return { recipe, job: { hash: 'sha256', key: null, prefix: Buffer.alloc(0) }, body: 'none', token: input.secret };
  const parts = messageParts(recipe, {
    ...(received.timestampText !== undefined ? { timestampText: received.timestampText } : {}),
    ...(received.id !== undefined ? { id: received.id } : {}),
    ...(received.token !== undefined ? { token: received.token } : {}),
    ...(input.url !== undefined ? { url: input.url } : {}),
    ...(input.method !== undefined ? { method: input.method } : {}),
  });
  const job: DigestJob = { hash: received.hash, key: null, prefix: parts.prefix, suffix: parts.suffix };
  const bodyHash = recipe.bodyHashParam ? { bodyHash: { param: recipe.bodyHashParam, value: queryParam(input.url, recipe.bodyHashParam) } } : {};
  if (recipe.kind === 'hmac') return { recipe, job: { ...job, key: hmacKey(recipe, input.secret) }, body: parts.body, ...bodyHash };
  return { recipe, job, body: parts.body, publicKey: publicKey(recipe, input.secret) };
}

/** Whether the check can run over a body streamed in chunks (HMAC over the raw body). */
export const streams = (c: Check) => c.recipe.kind === 'hmac' && c.body === 'raw';

export const checkKey = (c: Check) => `${c.recipe.kind}|${c.body}|${jobKey(c.job)}|${c.token ?? ''}|${c.dsaEncoding ?? ''}`;

/** Constant-time comparison of a digest against received signature strings (any may match). */
export function digestMatches(digest: Buffer, encoding: SignatureEncoding, signatures: readonly string[]): boolean {
  const expected = Buffer.from(digest.toString(encoding), 'utf8');
  let matched = false;
  for (const sig of signatures) {
    const got = Buffer.from(sig, 'utf8');
    if (got.length === expected.length && timingSafeEqual(got, expected)) matched = true;
  }
  return matched;
}

/** Same length, constant time, whatever the inputs' lengths (both are hashed first). */
function tokenEqual(a: string, b: string): boolean {
  return timingSafeEqual(createHash('sha256').update(a).digest(), createHash('sha256').update(b).digest());
}

function decodeSignature(sig: string, encoding: SignatureEncoding): Buffer | undefined {
  if (encoding === 'hex') return /^(?:[0-9a-fA-F]{2})+$/.test(sig) ? Buffer.from(sig, 'hex') : undefined;
  return /^[A-Za-z0-9+/]+={0,2}$/.test(sig) ? Buffer.from(sig, 'base64') : undefined;
}

/** Twilio's bodySHA256: the hex SHA-256 of the body, compared in constant time; absent never matches. */
export function bodyHashMatches(value: string | undefined, body: Buffer | string): boolean {
  if (!value) return false;
  return tokenEqual(value.toLowerCase(), createHash('sha256').update(body).digest('hex'));
}

/** Whether the check matches with the whole body in hand. */
export function matchesWhole(c: Check, body: Buffer | string, encoding: SignatureEncoding, signatures: readonly string[]): boolean {
  if (c.recipe.kind === 'token') {
    let matched = false;
    for (const s of signatures) if (tokenEqual(s, c.token ?? '')) matched = true;
    return matched;
  }
  const signed = signedBody({ prefix: c.job.prefix, suffix: c.job.suffix ?? Buffer.alloc(0), body: c.body }, body);
  if (c.bodyHash && !isFormBody(body) && !bodyHashMatches(c.bodyHash.value, body)) return false;
  if (c.recipe.kind === 'hmac') return digestMatches(digestBuffer(c.job, signed), encoding, signatures);
  const message = Buffer.concat([c.job.prefix, typeof signed === 'string' ? Buffer.from(signed, 'utf8') : signed, c.job.suffix ?? Buffer.alloc(0)]);
  let matched = false;
  for (const s of signatures) {
    const sig = decodeSignature(s, encoding);
    if (!sig) continue;
    try {
      // Ed25519 hashes internally (no digest name); ECDSA P-256 signs SHA-256 and SendGrid sends DER.
      const ok = c.recipe.kind === 'ed25519'
        ? verifyAsymmetric(null, message, c.publicKey!, sig)
        : verifyAsymmetric(c.recipe.hash, message, { key: c.publicKey!, dsaEncoding: c.dsaEncoding ?? 'der' }, sig);
      if (ok) matched = true;
    } catch {
      // a signature of the wrong length or shape is simply not a match
    }
  }
  return matched;
}
