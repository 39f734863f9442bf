// Timestamp tolerance at its edges: 299 s off passes, 301 s off fails, both ways where the
// scheme checks both (Standard Webhooks, Slack); Stripe rejects only old timestamps, as stripe-node does.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import Stripe from 'stripe';
import { Webhook } from 'standardwebhooks';
import { signBody, verifySignature, type SchemeName } from '../../src/signatures/index.js';

const body = Buffer.from('{"a":1}');
const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const signedAt = 1_700_000_000;

function verifyAt(scheme: SchemeName, offset: number, tolerance?: number) {
  const headers = signBody({ scheme, secret, body, timestamp: signedAt, id: 'msg_1' });
  return verifySignature({ scheme, secret, headers, body, now: signedAt + offset, ...(tolerance !== undefined ? { tolerance } : {}) });
}

for (const scheme of ['standard', 'slack'] as const) {
  test(`${scheme}: 299 s old passes, 301 s old fails; 299 s ahead passes, 301 s ahead fails`, () => {
    assert.equal(verifyAt(scheme, 299).valid, true);
    assert.equal(verifyAt(scheme, -299).valid, true);
    const old = verifyAt(scheme, 301);
    assert.equal(old.valid, false);
    assert.equal(old.status, 'timestamp');
    assert.equal(old.diagnosis?.cause, 'timestamp');
    const ahead = verifyAt(scheme, -301);
    assert.equal(ahead.valid, false);
    assert.match(ahead.diagnosis!.detail, /in the future.*clock skew/);
  });
}

test('stripe: 299 s old passes, 301 s old fails, a future timestamp is not checked (as stripe-node)', () => {
  assert.equal(verifyAt('stripe', 299).valid, true);
  assert.equal(verifyAt('stripe', 301).valid, false);
  assert.equal(verifyAt('stripe', -301).valid, true);
  // The oracle agrees at both edges.
  const header = signBody({ scheme: 'stripe', secret, body, timestamp: signedAt })[0]![1];
  assert.doesNotThrow(() => Stripe.webhooks.constructEvent(body, header, secret, 300, undefined, (signedAt + 299) * 1000));
  assert.throws(() => Stripe.webhooks.constructEvent(body, header, secret, 300, undefined, (signedAt + 301) * 1000), /tolerance/);
});

test('standardwebhooks agrees with the edges against the real clock', () => {
  const wh = new Webhook(secret);
  for (const [offset, ok] of [[299, true], [-299, true], [301, false], [-301, false]] as const) {
    // The library reads the clock itself: redo a case if the second ticked while it ran.
    for (;;) {
      const now = Math.floor(Date.now() / 1000);
      const headers = signBody({ scheme: 'standard', secret, body, timestamp: now - offset, id: 'msg_1' });
      const ours = verifySignature({ scheme: 'standard', secret, headers, body, now }).valid;
      let theirs = true;
      try { wh.verify(body.toString(), Object.fromEntries(headers)); } catch { theirs = false; }
      if (Math.floor(Date.now() / 1000) !== now) continue;
      assert.equal(ours, ok, `ours at ${offset}`);
      assert.equal(theirs, ok, `standardwebhooks at ${offset}`);
      break;
    }
  }
});

test('an old timestamp says how old, and that a replay is likelier than skew', () => {
  const v = verifyAt('slack', 3 * 3600 + 60);
  assert.match(v.diagnosis!.detail, /3 h 1 min ago/);
  assert.match(v.diagnosis!.detail, /replay is likelier/);
  const recent = verifyAt('slack', 7 * 60);
  assert.match(recent.diagnosis!.detail, /clock skew .* likelier/);
});

test('a custom tolerance applies, and 0 skips the check', () => {
  assert.equal(verifyAt('standard', 500, 600).valid, true);
  assert.equal(verifyAt('standard', 99999, 0).valid, true);
  assert.equal(verifyAt('standard', 61, 60).valid, false);
});

test('a timestamp in milliseconds is named as such', () => {
  const ms = signedAt * 1000;
  const headers = signBody({ scheme: 'standard', secret, body, timestamp: ms, id: 'msg_1' });
  const v = verifySignature({ scheme: 'standard', secret, headers, body, now: signedAt });
  assert.equal(v.status, 'timestamp');
  assert.match(v.diagnosis!.detail, /timestamp 1700000000000 is in milliseconds/);
});

test('stripe: a timestamp in milliseconds verifies (stripe-node accepts it too) but is warned about: it never goes stale', () => {
  const ms = signedAt * 1000;
  const headers = signBody({ scheme: 'stripe', secret, body, timestamp: ms });
  const v = verifySignature({ scheme: 'stripe', secret, headers, body, now: signedAt });
  assert.equal(v.valid, true);
  assert.doesNotThrow(() => Stripe.webhooks.constructEvent(body, headers[0]![1], secret, 300, undefined, signedAt * 1000));
  const warn = v.findings.find((f) => f.level === 'warn');
  assert.ok(warn, JSON.stringify(v.findings));
  assert.match(warn.title, /in the future \(\d+ looks like milliseconds.*never goes stale/);
  assert.equal(verifyAt('stripe', -200).findings.some((f) => f.level === 'warn'), false);
});

test('hubspot, workos: a timestamp in seconds where milliseconds belong is named as such, not called a replay from 1970', () => {
  // Signed by hand, as a home-made sender that wrote whole seconds would.
  const url = 'https://example.com/h';
  const cases: Array<[SchemeName, Array<[string, string]>]> = [
    ['hubspot', [['X-HubSpot-Signature-v3', createHmac('sha256', secret).update(`POST${url}${body}${signedAt}`).digest('base64')], ['X-HubSpot-Request-Timestamp', String(signedAt)]]],
    ['workos', [['WorkOS-Signature', `t=${signedAt}, v1=${createHmac('sha256', secret).update(`${signedAt}.${body}`).digest('hex')}`]]],
  ];
  for (const [scheme, headers] of cases) {
    const v = verifySignature({ scheme, secret, headers, body, now: signedAt, url });
    assert.equal(v.status, 'timestamp', `${scheme}: ${v.reason}`);
    assert.match(v.diagnosis!.detail, /is in seconds: .* writes milliseconds/, scheme);
    assert.doesNotMatch(v.diagnosis!.detail, /replay/);
  }
});
