// Each known mistake, made on purpose, is named; nothing else is, and an unexplained mismatch
// says "most likely a different secret".
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { signBody, verifySignature, type HeaderList, type SchemeName } from '../../src/signatures/index.js';

const b = (s: string) => Buffer.from(s, 'utf8');
const T = 1_700_000_000;

/** The sender signs `sent`; the receiver verifies `received` with `secret`. */
function mistake(scheme: SchemeName, sent: string, received: string, secret = 'shh-secret', senderSecret = secret) {
  const headers = signBody({ scheme, secret: senderSecret, body: b(sent), timestamp: T, id: 'msg_1' });
  return verifySignature({ scheme: 'auto', secret, headers, body: b(received), now: T });
}

test('re-serialized JSON: whitespace removed by JSON.stringify after parsing', () => {
  const v = mistake('github', '{"alert": "disk full", "level": 3}', '{"alert":"disk full","level":3}');
  assert.equal(v.diagnosis?.cause, 'reserialized-json');
  assert.match(v.diagnosis!.detail, /whitespace/);
});

test('re-serialized JSON: key order (the sender sorted keys)', () => {
  const v = mistake('hmac-sha256', '{"a":1,"b":2}', '{"b":2,"a":1}');
  assert.equal(v.diagnosis?.cause, 'reserialized-json');
  assert.match(v.diagnosis!.detail, /keys sorted/);
});

test('re-serialized JSON: \\/ unescaped (a PHP sender escapes slashes)', () => {
  const v = mistake('slack', '{"url":"https:\\/\\/example.com\\/x"}', '{"url":"https://example.com/x"}');
  assert.equal(v.diagnosis?.cause, 'reserialized-json');
  assert.match(v.diagnosis!.detail, /escaped as \\\//);
});

test('re-serialized JSON: unicode escapes (a Python sender writes \\u00e9)', () => {
  const v = mistake('stripe', '{"name": "caf\\u00e9"}', '{"name":"café"}', 'whsec_abc');
  assert.equal(v.diagnosis?.cause, 'reserialized-json');
  assert.match(v.diagnosis!.detail, /\\uXXXX/);
});

test('a trailing newline added after signing', () => {
  const v = mistake('shopify', '{"a":1}', '{"a":1}\n');
  assert.equal(v.diagnosis?.cause, 'whitespace');
  assert.match(v.diagnosis!.detail, /without its trailing newline/);
});

test('a trailing newline lost after signing', () => {
  const v = mistake('github', '{"a":1}\n', '{"a":1}');
  assert.equal(v.diagnosis?.cause, 'whitespace');
  assert.match(v.diagnosis!.detail, /with a trailing newline/);
});

test('CRLF instead of LF', () => {
  const v = mistake('hmac-sha256', 'line one\nline two\n', 'line one\r\nline two\r\n');
  assert.equal(v.diagnosis?.cause, 'whitespace');
  assert.match(v.diagnosis!.detail, /LF line endings.*CRLF/);
});

test('a form-encoded body turned into JSON by a framework', () => {
  const v = mistake('slack', 'token=abc&command=%2Fdeploy&text=hello+world', '{"token":"abc","command":"/deploy","text":"hello world"}');
  assert.equal(v.diagnosis?.cause, 'form-to-json');
});

test('hex where base64 was expected (Shopify)', () => {
  const hex = createHmac('sha256', 's').update('x').digest('hex');
  const v = verifySignature({ scheme: 'auto', secret: 's', headers: [['X-Shopify-Hmac-Sha256', hex]], body: b('x') });
  assert.equal(v.diagnosis?.cause, 'signature-encoding');
  assert.match(v.diagnosis!.detail, /hex where shopify uses base64/);
});

test('base64 where hex was expected (hmac-sha256)', () => {
  const b64 = createHmac('sha256', 's').update('x').digest('base64');
  const v = verifySignature({ scheme: 'auto', secret: 's', headers: [['X-Signature', `sha256=${b64}`]], body: b('x') });
  assert.equal(v.diagnosis?.cause, 'signature-encoding');
  assert.match(v.diagnosis!.detail, /base64 where hmac-sha256 uses hex/);
});

test('a whsec_ secret used as text instead of base64-decoded (Standard Webhooks)', () => {
  const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
  const sig = createHmac('sha256', secret).update(`msg_1.${T}.x`).digest('base64');
  const headers: HeaderList = [['webhook-id', 'msg_1'], ['webhook-timestamp', String(T)], ['webhook-signature', `v1,${sig}`]];
  const v = verifySignature({ scheme: 'auto', secret, headers, body: b('x'), now: T });
  assert.equal(v.diagnosis?.cause, 'secret-encoding');
  assert.match(v.diagnosis!.detail, /used as text/);
});

test('a whsec_ prefix pasted in front of a GitHub secret', () => {
  const v = mistake('github', 'x', 'x', 'whsec_abc123', 'abc123');
  assert.equal(v.diagnosis?.cause, 'pasted-prefix');
  assert.match(v.diagnosis!.detail, /without its whsec_ prefix/);
});

test('a v1, prefix pasted into a signature value where it does not belong', () => {
  const sig = createHmac('sha256', 's').update('x').digest('base64');
  const v = verifySignature({ scheme: 'shopify', secret: 's', headers: [['X-Shopify-Hmac-Sha256', `v1,${sig}`]], body: b('x') });
  assert.equal(v.diagnosis?.cause, 'pasted-prefix');
  assert.match(v.diagnosis!.detail, /"v1,"/);
});

test('a Stripe API key (sk_) where the whsec_ signing secret belongs', () => {
  const v = mistake('stripe', '{"a":1}', '{"a":1}', 'sk_test_51Habc', 'whsec_real');
  assert.equal(v.diagnosis?.cause, 'wrong-secret-kind');
  assert.match(v.diagnosis!.detail, /Stripe API key \(sk_…\)/);
});

test('a Stripe signing secret given without its whsec_ prefix (Stripe signs with the whole text)', () => {
  const v = mistake('stripe', '{"a":1}', '{"a":1}', 'Ab12Cd34', 'whsec_Ab12Cd34');
  assert.equal(v.diagnosis?.cause, 'secret-encoding', v.diagnosis?.detail);
  assert.match(v.diagnosis!.detail, /whsec_ followed by the secret you gave/);
});

test('the wrong hash: HMAC-SHA1 where HMAC-SHA256 belongs', () => {
  const sha1 = createHmac('sha1', 's').update('x').digest('hex');
  const v = verifySignature({ scheme: 'auto', secret: 's', headers: [['X-Signature', `sha256=${sha1}`]], body: b('x') });
  assert.equal(v.diagnosis?.cause, 'wrong-hash');
  assert.match(v.diagnosis!.detail, /HMAC-SHA1, but hmac-sha256 uses HMAC-SHA256/);
});

test('a secret with a trailing newline (read from a file)', () => {
  const v = mistake('github', 'x', 'x', 'abc123\n', 'abc123');
  assert.equal(v.diagnosis?.cause, 'whitespace');
  assert.match(v.diagnosis!.detail, /secret you gave has leading or trailing whitespace/);
});

test('nothing explains it: "most likely a different secret", and no other cause is named', () => {
  for (const scheme of ['hmac-sha256', 'github', 'stripe', 'slack', 'shopify'] as const) {
    const v = mistake(scheme, '{"a": 1}\n', '{"a": 1}\n', 'secret-one', 'secret-two');
    assert.equal(v.diagnosis?.cause, 'different-secret', scheme);
    assert.match(v.diagnosis!.detail, /most likely a different secret/);
  }
  const std = mistake('standard', '{"a":1}', '{"a":1}', 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', 'whsec_AAAAAAAAAAAAAAAAAAAAAAAAAAAA');
  assert.equal(std.diagnosis?.cause, 'different-secret');
});

test('the diagnosis is carried on the failing finding with the kb key', () => {
  const v = mistake('github', '{"a": 1}', '{"a":1}');
  assert.equal(v.findings[0]!.level, 'fail');
  assert.equal(v.findings[0]!.kb, 'signature-mismatch');
  assert.equal(v.findings[0]!.detail, v.diagnosis!.detail);
});
