// Issue #17: before blaming the secret, say what is wrong with the signature value itself — the same
// HMAC in upper case, a signature cut short, a value that is not hex/base64 or not the right length.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { verifySignature } from '../../src/signatures/index.js';

const body = Buffer.from('{"alert":"disk full"}');
const hmacHex = createHmac('sha256', 's').update(body).digest('hex');
const hmacB64 = createHmac('sha256', 's').update(body).digest('base64');
const verify = (headers: Array<[string, string]>, secret = 's') => verifySignature({ scheme: 'auto', secret, headers, body });

test('an upper-case hex digest of the right HMAC: the case, not the secret', () => {
  const v = verify([['X-Signature', `sha256=${hmacHex.toUpperCase()}`]]);
  assert.equal(v.valid, false);
  assert.equal(v.diagnosis?.cause, 'signature-case');
  assert.match(v.diagnosis!.detail, /upper-case hex/);
  assert.match(v.diagnosis!.detail, /The secret is right/);
  assert.doesNotMatch(v.diagnosis!.detail, /different secret/);
});

test('a signature cut to 40 hex characters: truncated, not a different secret', () => {
  const v = verify([['X-Hub-Signature-256', `sha256=${hmacHex.slice(0, 40)}`]]);
  assert.equal(v.scheme, 'github');
  assert.equal(v.diagnosis?.cause, 'signature-truncated');
  assert.match(v.diagnosis!.detail, /40 of the 64 characters/);
});

test('a base64 signature cut short (Shopify) is truncated too', () => {
  const v = verify([['X-Shopify-Hmac-Sha256', hmacB64.slice(0, 20)]]);
  assert.equal(v.diagnosis?.cause, 'signature-truncated');
});

test('sha256=abc: not a valid hex HMAC-SHA256 value, whatever the secret', () => {
  const v = verify([['X-Signature', 'sha256=abc']]);
  assert.equal(v.diagnosis?.cause, 'signature-format');
  assert.match(v.diagnosis!.detail, /"abc" .* is not hex/);
  assert.match(v.diagnosis!.detail, /64 hex characters/);
});

test('a hex value of the wrong length (not a cut of the right one) is named by its length', () => {
  const v = verify([['X-Signature', `sha256=${'ab'.repeat(10)}0`]], 'other');
  assert.equal(v.diagnosis?.cause, 'signature-format');
  const w = verify([['X-Signature', `sha256=${'ab'.repeat(30)}`]], 'other');
  assert.equal(w.diagnosis?.cause, 'signature-format');
  assert.match(w.diagnosis!.detail, /60 hex characters \(30 bytes\), where an HMAC-SHA256 hex value is 64 characters/);
});

test('a well-formed value of the right length with another secret is still "a different secret"', () => {
  const v = verify([['X-Signature', `sha256=${createHmac('sha256', 'other').update(body).digest('hex')}`]]);
  assert.equal(v.diagnosis?.cause, 'different-secret');
});

test('a Discord signature that is not hex is named as such', () => {
  const v = verifySignature({
    scheme: 'discord', secret: '3b6a27bcceb6a42d62a3a8d02a6f0d73653215771de243a63ac048a18b59da29',
    headers: [['X-Signature-Ed25519', 'not-hex!'], ['X-Signature-Timestamp', '1700000000']], body,
  });
  assert.equal(v.diagnosis?.cause, 'signature-format');
});
