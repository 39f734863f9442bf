// The vendors' own libraries as oracles: what they sign, verify accepts; what sign makes, they accept.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import Stripe from 'stripe';
import { Webhook } from 'standardwebhooks';
import { sign as octokitSign, verify as octokitVerify } from '@octokit/webhooks-methods';
import { signBody, verifySignature } from '../../src/signatures/index.js';

const payload = '{"id":"evt_1","type":"alert.created","data":{"note":"caf\u00e9 / \u2713"}}\n';
const body = Buffer.from(payload, 'utf8');
const now = () => Math.floor(Date.now() / 1000);

test('standardwebhooks: its signature verifies; ours passes its verify; tampering is rejected', () => {
  const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
  const wh = new Webhook(secret);
  const ts = now();
  const theirs = wh.sign('msg_oracle', new Date(ts * 1000), payload);
  const headers: Array<[string, string]> = [['webhook-id', 'msg_oracle'], ['webhook-timestamp', String(ts)], ['webhook-signature', theirs]];
  assert.equal(verifySignature({ scheme: 'auto', secret, headers, body }).valid, true);
  assert.equal(verifySignature({ scheme: 'auto', secret, headers, body: Buffer.from(payload.replace('evt_1', 'evt_2')) }).valid, false);

  const ours = signBody({ scheme: 'standard', secret, body, id: 'msg_ours' });
  assert.doesNotThrow(() => wh.verify(payload, Object.fromEntries(ours)));
  assert.throws(() => wh.verify(payload + ' ', Object.fromEntries(ours)), /No matching signature/);
});

test('stripe: generateTestHeaderString verifies; constructEvent accepts ours; tampering is rejected', () => {
  const secret = 'whsec_4eC39HqLyjWDarjtT1zdp7dc';
  const header = Stripe.webhooks.generateTestHeaderString({ payload, secret });
  assert.equal(verifySignature({ scheme: 'auto', secret, headers: [['Stripe-Signature', header]], body }).valid, true);
  assert.equal(verifySignature({ scheme: 'stripe', secret, headers: [['Stripe-Signature', header]], body: Buffer.from(payload.trim()) }).valid, false);

  const ours = signBody({ scheme: 'stripe', secret, body });
  const event = Stripe.webhooks.constructEvent(body, ours[0]![1], secret) as unknown as { id: string };
  assert.equal(event.id, 'evt_1');
  assert.throws(() => Stripe.webhooks.constructEvent(Buffer.from(payload.replace('evt_1', 'evt_2')), ours[0]![1], secret), /No signatures found/);
});

test('@octokit/webhooks-methods: its sign verifies; its verify accepts ours; tampering is rejected', async () => {
  const secret = "It's a Secret to Everybody";
  const theirs = await octokitSign(secret, payload);
  assert.equal(verifySignature({ scheme: 'auto', secret, headers: [['X-Hub-Signature-256', theirs]], body }).valid, true);
  assert.equal(verifySignature({ scheme: 'github', secret, headers: [['X-Hub-Signature-256', theirs]], body: Buffer.from(payload + 'x') }).valid, false);

  const ours = signBody({ scheme: 'github', secret, body });
  assert.equal(await octokitVerify(secret, payload, ours[0]![1]), true);
  assert.equal(await octokitVerify(secret, payload + 'x', ours[0]![1]), false);
});
