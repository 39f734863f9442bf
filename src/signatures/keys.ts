// Turning the secret a user gives into key material: HMAC key bytes (text, base64, whsec_), a public
// key that verifies (Ed25519, ECDSA P-256), or a private key that signs. Throws WdError INPUT when it cannot.
import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { WdError } from '../errors.js';
import type { Recipe } from './recipe.js';

export const STANDARD_PREFIX = 'whsec_';

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
const HEX = /^(?:[0-9a-fA-F]{2})+$/;
// DER headers that wrap a raw 32-byte Ed25519 key as SPKI (public) or PKCS#8 (private), RFC 8410.
const ED25519_SPKI = Buffer.from('302a300506032b6570032100', 'hex');
const ED25519_PKCS8 = Buffer.from('302e020100300506032b657004220420', 'hex');

/** The key bytes for a Standard Webhooks secret: `whsec_` stripped, the rest base64-decoded. */
export function decodeStandardSecret(secret: string): Buffer {
  const body = secret.startsWith(STANDARD_PREFIX) ? secret.slice(STANDARD_PREFIX.length) : secret;
  const key = Buffer.from(body, 'base64');
  if (key.length === 0 || !BASE64.test(body)) {
    throw new WdError('INPUT', 'the secret is not a Standard Webhooks secret (whsec_ followed by base64)', {
      hint: 'copy the signing secret from the sender\'s dashboard, e.g. whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
    });
  }
  return key;
}

/** The HMAC key bytes for `secret` as the recipe's sender derives them. */
export function hmacKey(recipe: Recipe, secret: string): Buffer {
  if (recipe.secret === 'whsec') return decodeStandardSecret(secret);
  if (recipe.secret === 'base64') {
    if (!BASE64.test(secret)) throw new WdError('INPUT', `the ${recipe.name} secret is given as base64, and this is not base64`);
    return Buffer.from(secret, 'base64');
  }
  return Buffer.from(secret, 'utf8');
}

function keyText(text: string): { der?: Buffer; pem?: string } {
  const t = text.trim();
  if (t.startsWith('-----BEGIN')) return { pem: t.replace(/\\n/g, '\n') };
  if (HEX.test(t)) return { der: Buffer.from(t, 'hex') };
  if (BASE64.test(t)) return { der: Buffer.from(t, 'base64') };
  return {};
}

const keyError = (recipe: Recipe, what: string, hint: string) =>
  new WdError('INPUT', `the ${what} is not ${recipe.kind === 'ed25519' ? 'an Ed25519' : 'an ECDSA P-256'} key webhook-doctor can read`, { hint });

/** The public key that verifies a recipe's signatures: raw 32-byte Ed25519 (hex/base64), DER SPKI (hex/base64) or PEM. */
export function publicKey(recipe: Recipe, text: string): KeyObject {
  const { der, pem } = keyText(text);
  const hint = recipe.kind === 'ed25519'
    ? 'pass the application\'s public key as 64 hex characters (Discord: General Information → Public Key), or a PEM'
    : 'pass the verification key as base64 (SendGrid: Mail Settings → Signed Event Webhook → Verification Key), or a PEM';
  let key: KeyObject;
  try {
    if (pem) key = createPublicKey(pem);
    else if (der && recipe.kind === 'ed25519' && der.length === 32) key = createPublicKey({ key: Buffer.concat([ED25519_SPKI, der]), format: 'der', type: 'spki' });
    else if (der) key = createPublicKey({ key: der, format: 'der', type: 'spki' });
    else throw new Error('not hex, base64 or PEM');
  } catch {
    throw keyError(recipe, 'public key', hint);
  }
  const want = recipe.kind === 'ed25519' ? 'ed25519' : 'ec';
  if (key.asymmetricKeyType !== want) throw keyError(recipe, 'public key', hint);
  return key;
}

/** The private key that signs (sign, send): PEM, DER PKCS#8 (hex/base64), or a raw 32-byte Ed25519 seed (or 64-byte seed+public, as tweetnacl keeps it). */
export function privateKey(recipe: Recipe, text: string): KeyObject {
  const { der, pem } = keyText(text);
  const hint = recipe.kind === 'ed25519'
    ? 'sign with the private key: a PEM, or 64 hex characters of the seed (openssl genpkey -algorithm ed25519)'
    : 'sign with the private key: a PEM (openssl ecparam -name prime256v1 -genkey -noout | openssl pkcs8 -topk8 -nocrypt)';
  let key: KeyObject;
  try {
    if (pem) key = createPrivateKey(pem);
    else if (der && recipe.kind === 'ed25519' && (der.length === 32 || der.length === 64)) {
      key = createPrivateKey({ key: Buffer.concat([ED25519_PKCS8, der.subarray(0, 32)]), format: 'der', type: 'pkcs8' });
    } else if (der) key = createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
    else throw new Error('not hex, base64 or PEM');
  } catch {
    throw keyError(recipe, 'private key', hint);
  }
  const want = recipe.kind === 'ed25519' ? 'ed25519' : 'ec';
  if (key.asymmetricKeyType !== want) throw keyError(recipe, 'private key', hint);
  return key;
}
