// Each scheme signs and verifies exactly as its vendor documents, with known answers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { signBody, verifySignature, detectScheme, type SchemeName } from '../../src/signatures/index.js';

const body = (s: string) => Buffer.from(s, 'utf8');

test('Standard Webhooks known answer (the spec\'s own example)', () => {
  const headers = signBody({
    scheme: 'standard', secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', id: 'msg_p5jXN8AQM9LWM0D4loKWxJek',
    timestamp: 1614265330, body: body('{"test": 2432232314}'),
  });
  assert.deepEqual(headers, [
    ['webhook-id', 'msg_p5jXN8AQM9LWM0D4loKWxJek'],
    ['webhook-timestamp', '1614265330'],
    ['webhook-signature', 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE='],
  ]);
  const v = verifySignature({ scheme: 'auto', secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', headers, body: body('{"test": 2432232314}'), now: 1614265330 });
  assert.equal(v.valid, true);
  assert.equal(v.scheme, 'standard');
});

test('GitHub known answer from GitHub\'s documentation', () => {
  const headers = signBody({ scheme: 'github', secret: "It's a Secret to Everybody", body: body('Hello, World!') });
  assert.deepEqual(headers, [['X-Hub-Signature-256', 'sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17']]);
});

test('Slack known answer from Slack\'s "Verifying requests" guide', () => {
  const slackBody = 'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c';
  const headers = signBody({ scheme: 'slack', secret: '8f742231b10e8888abcd99yyyzzz85a5', timestamp: 1531420618, body: body(slackBody) });
  assert.deepEqual(headers, [
    ['X-Slack-Request-Timestamp', '1531420618'],
    ['X-Slack-Signature', 'v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503'],
  ]);
});

test('shopify and hmac-sha256 agree with openssl dgst -hmac', () => {
  const payload = '{"id":820982911946154508,"email":"jon@example.com"}';
  const raw = execFileSync('openssl', ['dgst', '-sha256', '-hmac', 'hush', '-binary'], { input: payload });
  assert.deepEqual(signBody({ scheme: 'shopify', secret: 'hush', body: body(payload) }), [['X-Shopify-Hmac-Sha256', raw.toString('base64')]]);
  assert.deepEqual(signBody({ scheme: 'hmac-sha256', secret: 'hush', body: body(payload) }), [['X-Signature', 'sha256=' + raw.toString('hex')]]);
  assert.deepEqual(signBody({ scheme: 'hmac-sha256', secret: 'hush', body: body(payload), header: 'X-CloudAIPilot-Signature' })[0]![0], 'X-CloudAIPilot-Signature');
});

test('every scheme verifies what it signs, and rejects a tampered body', () => {
  const secrets: Partial<Record<SchemeName, string>> = {
    'hmac-sha256': 'hush', github: 'hush', stripe: 'whsec_test_secret', slack: 'hush', shopify: 'hush',
    standard: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  };
  for (const [scheme, secret] of Object.entries(secrets) as Array<[SchemeName, string]>) {
    const headers = signBody({ scheme, secret, body: body('{"a":1}') });
    const ok = verifySignature({ scheme: 'auto', secret, headers, body: body('{"a":1}') });
    assert.equal(ok.valid, true, `${scheme}: ${ok.reason}`);
    assert.equal(ok.scheme, scheme);
    const bad = verifySignature({ scheme, secret, headers, body: body('{"a":2}') });
    assert.equal(bad.valid, false, scheme);
    assert.equal(bad.status, 'mismatch');
    assert.equal(bad.findings[0]!.kb, 'signature-mismatch');
  }
});

test('header names match case-insensitively', () => {
  const headers = signBody({ scheme: 'github', secret: 's', body: body('x') }).map(([n, v]) => [n.toLowerCase(), v] as [string, string]);
  assert.equal(verifySignature({ scheme: 'github', secret: 's', headers, body: body('x') }).valid, true);
  const upper = headers.map(([n, v]) => [n.toUpperCase(), v] as [string, string]);
  assert.equal(verifySignature({ scheme: 'auto', secret: 's', headers: upper, body: body('x') }).valid, true);
});

test('several signatures in one header (key rotation) match if any does', () => {
  const [[, value]] = signBody({ scheme: 'standard', secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', id: 'msg_1', timestamp: 1000, body: body('x') }).slice(2) as [[string, string]];
  const headers: Array<[string, string]> = [['webhook-id', 'msg_1'], ['webhook-timestamp', '1000'], ['webhook-signature', `v1,AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA= ${value} v2,zzz`]];
  assert.equal(verifySignature({ scheme: 'standard', secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', headers, body: body('x'), now: 1000 }).valid, true);
  const stripeHeader = signBody({ scheme: 'stripe', secret: 'whsec_x', timestamp: 1000, body: body('x') })[0]![1];
  const rotated: Array<[string, string]> = [['Stripe-Signature', stripeHeader.replace(',v1=', ',v1=00ff,v0=abcd,v1=')]];
  assert.equal(verifySignature({ scheme: 'stripe', secret: 'whsec_x', headers: rotated, body: body('x'), now: 1000 }).valid, true);
});

test('svix-* header names are the same scheme as webhook-*', () => {
  const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
  const headers = signBody({ scheme: 'standard', secret, body: body('x') }).map(([n, v]) => [n.replace('webhook-', 'svix-'), v] as [string, string]);
  assert.equal(detectScheme(headers), 'standard');
  assert.equal(verifySignature({ scheme: 'auto', secret, headers, body: body('x') }).valid, true);
});

test('legacy X-Hub-Signature sha1 is recognised when the sha256 header is absent', () => {
  const sha1 = execFileSync('openssl', ['dgst', '-sha1', '-hmac', 's', '-r'], { input: 'x' }).toString().split(' ')[0]!;
  const v = verifySignature({ scheme: 'auto', secret: 's', headers: [['X-Hub-Signature', `sha1=${sha1}`]], body: body('x') });
  assert.equal(v.valid, true);
  assert.equal(v.header, 'X-Hub-Signature');
});

test('detectScheme recognises each vendor and a custom *-Signature: sha256= header', () => {
  assert.equal(detectScheme([['Stripe-Signature', 't=1,v1=ab']]), 'stripe');
  assert.equal(detectScheme([['X-Slack-Signature', 'v0=ab']]), 'slack');
  assert.equal(detectScheme([['X-Hub-Signature-256', 'sha256=ab']]), 'github');
  assert.equal(detectScheme([['X-Shopify-Hmac-Sha256', 'q83v']]), 'shopify');
  assert.equal(detectScheme([['X-CloudAIPilot-Signature', 'sha256=ab']]), 'hmac-sha256');
  assert.equal(detectScheme([['X-Signature', 'sha256=ab']]), 'hmac-sha256');
  assert.equal(detectScheme([['Content-Type', 'application/json']]), null);
});

test('no signature header and malformed headers are told apart', () => {
  const none = verifySignature({ scheme: 'auto', secret: 's', headers: [['Content-Type', 'application/json']], body: body('x') });
  assert.equal(none.status, 'no-header');
  assert.equal(none.scheme, null);
  const malformed = verifySignature({ scheme: 'auto', secret: 's', headers: [['Stripe-Signature', 'v1=abcd']], body: body('x') });
  assert.equal(malformed.status, 'malformed');
  assert.match(malformed.reason, /no t=/);
  const badSecret = verifySignature({ scheme: 'standard', secret: 'not base64!', headers: [['webhook-id', 'a'], ['webhook-timestamp', '1'], ['webhook-signature', 'v1,x']], body: body('x') });
  assert.equal(badSecret.status, 'bad-secret');
});

test('an explicit hmac-sha256 header beats recognising another scheme', () => {
  const [[name, value]] = signBody({ scheme: 'hmac-sha256', secret: 's', body: body('x'), header: 'X-Mine' }) as [[string, string]];
  const headers: Array<[string, string]> = [['Stripe-Signature', 't=1,v1=00'], [name, value]];
  assert.equal(detectScheme(headers), 'stripe');
  assert.equal(detectScheme(headers, 'X-Mine'), 'hmac-sha256');
  assert.equal(verifySignature({ scheme: 'auto', secret: 's', headers, body: body('x'), header: 'X-Mine' }).valid, true);
});
