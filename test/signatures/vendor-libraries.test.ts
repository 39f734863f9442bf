// More vendors' own libraries as oracles (devDependencies): their published vectors verify; what
// webhook-doctor signs, their verifiers accept; a tampered body is rejected by both.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { generateKeyPairSync } from 'node:crypto';
import { Webhook as SvixWebhook } from 'svix';
import { signBody, verifySignature, type HeaderList } from '../../src/signatures/index.js';

const require = createRequire(import.meta.url);
const now = () => Math.floor(Date.now() / 1000);
const payload = '{"id":"evt_1","type":"alert.created","data":{"note":"caf\u00e9"}}';
const body = Buffer.from(payload);
const header = (headers: HeaderList, name: string) => headers.find(([n]) => n.toLowerCase() === name.toLowerCase())![1];

test('svix (Clerk, Resend): its signature verifies as standard, clerk and resend; it accepts ours', () => {
  const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
  const wh = new SvixWebhook(secret);
  const ts = now();
  const sig = wh.sign('msg_svix', new Date(ts * 1000), payload);
  const headers: HeaderList = [['svix-id', 'msg_svix'], ['svix-timestamp', String(ts)], ['svix-signature', sig]];
  for (const scheme of ['auto', 'standard', 'clerk', 'resend'] as const) {
    assert.equal(verifySignature({ scheme, secret, headers, body }).valid, true, scheme);
  }
  const ours = signBody({ scheme: 'clerk', secret, body, id: 'msg_ours' });
  const asSvix = { 'svix-id': header(ours, 'webhook-id'), 'svix-timestamp': header(ours, 'webhook-timestamp'), 'svix-signature': header(ours, 'webhook-signature') };
  assert.doesNotThrow(() => wh.verify(payload, asSvix));
  assert.throws(() => wh.verify(payload + ' ', asSvix));
});

test('twilio: getExpectedTwilioSignature verifies; validateRequest accepts ours; a proxy\'s http:// URL is diagnosed', () => {
  const twilio = require('twilio') as { getExpectedTwilioSignature(t: string, u: string, p: Record<string, string>): string; validateRequest(t: string, s: string, u: string, p: Record<string, string>): boolean };
  const token = '12345';
  const url = 'https://mycompany.com/myapp.php?foo=1&bar=2';
  const params = { CallSid: 'CA1234567890ABCDE', Caller: '+12349013030', Digits: '1234', From: '+12349013030', To: '+18005551212' };
  const form = Buffer.from(new URLSearchParams(params).toString());
  const theirs = twilio.getExpectedTwilioSignature(token, url, params);
  const headers: HeaderList = [['X-Twilio-Signature', theirs]];
  assert.equal(verifySignature({ scheme: 'auto', secret: token, headers, body: form, url }).valid, true);
  const behindProxy = verifySignature({ scheme: 'twilio', secret: token, headers, body: form, url: url.replace('https:', 'http:') });
  assert.equal(behindProxy.diagnosis?.cause, 'different-url');
  assert.match(behindProxy.diagnosis!.detail, /--url https:\/\/mycompany\.com\/myapp\.php\?foo=1&bar=2/);

  const ours = signBody({ scheme: 'twilio', secret: token, body: form, url });
  assert.equal(twilio.validateRequest(token, header(ours, 'X-Twilio-Signature'), url, params), true);
  assert.equal(twilio.validateRequest(token, header(ours, 'X-Twilio-Signature'), url, { ...params, Digits: '9' }), false);
});

test('twilio: a JSON body is covered through ?bodySHA256= (validateRequestWithBody agrees both ways)', () => {
  const twilio = require('twilio') as { getExpectedTwilioSignature(t: string, u: string, p: Record<string, string>): string; validateRequestWithBody(t: string, s: string, u: string, b: string): boolean };
  const { createHash } = require('node:crypto') as typeof import('node:crypto');
  const token = 'tw-token';
  const json = '{"status":"delivered"}';
  const url = `https://example.com/status?bodySHA256=${createHash('sha256').update(json).digest('hex')}`;
  const sig = twilio.getExpectedTwilioSignature(token, url, {});
  assert.equal(twilio.validateRequestWithBody(token, sig, url, json), true);
  const headers: HeaderList = [['X-Twilio-Signature', sig]];
  assert.equal(verifySignature({ scheme: 'twilio', secret: token, headers, body: Buffer.from(json), url }).valid, true);
  const changed = verifySignature({ scheme: 'twilio', secret: token, headers, body: Buffer.from('{"status": "delivered"}'), url });
  assert.equal(changed.diagnosis?.cause, 'body-hash');
  assert.throws(() => signBody({ scheme: 'twilio', secret: token, body: Buffer.from(json), url: 'https://example.com/status' }), (e: Error & { hint?: string }) => /bodySHA256=/.test(e.message) && (e.hint ?? '').includes(url));
  const ours = signBody({ scheme: 'twilio', secret: token, body: Buffer.from(json), url });
  assert.equal(twilio.validateRequestWithBody(token, header(ours, 'X-Twilio-Signature'), url, json), true);
});

test('@sendgrid/eventwebhook: its published vector verifies; its verifier accepts ours (ECDSA P-256)', () => {
  const { EventWebhook } = require('@sendgrid/eventwebhook') as { EventWebhook: new () => { convertPublicKeyToECDSA(k: string): unknown; verifySignature(k: unknown, p: string | Buffer, s: string, t: string): boolean } };
  // The vector from the library's own test (eventwebhook.spec.js): note the trailing CRLF it signs.
  const publicKey = 'MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE83T4O/n84iotIvIW4mdBgQ/7dAfSmpqIM8kF9mN1flpVKS3GRqe62gw+2fNNRaINXvVpiglSI8eNEc6wEA3F+g==';
  const signature = 'MEUCIGHQVtGj+Y3LkG9fLcxf3qfI10QysgDWmMOVmxG0u6ZUAiEAyBiXDWzM+uOe5W0JuG+luQAbPIqHh89M15TluLtEZtM=';
  const timestamp = '1600112502';
  const events = JSON.stringify([{
    email: 'hello@world.com', event: 'dropped', reason: 'Bounced Address',
    sg_event_id: 'ZHJvcC0xMDk5NDkxOS1MUnpYbF9OSFN0T0doUTRrb2ZTbV9BLTA',
    sg_message_id: 'LRzXl_NHStOGhQ4kofSm_A.filterdrecv-p3mdw1-756b745b58-kmzbl-18-5F5FC76C-9.0',
    'smtp-id': '<LRzXl_NHStOGhQ4kofSm_A@ismtpd0039p1iad1.sendgrid.net>', timestamp: 1600112492,
  }]) + '\r\n';
  const headers: HeaderList = [['X-Twilio-Email-Event-Webhook-Signature', signature], ['X-Twilio-Email-Event-Webhook-Timestamp', timestamp]];
  const v = verifySignature({ scheme: 'auto', secret: publicKey, headers, body: Buffer.from(events), now: Number(timestamp) });
  assert.equal(v.valid, true, v.reason);
  assert.equal(v.scheme, 'sendgrid');
  const lost = verifySignature({ scheme: 'auto', secret: publicKey, headers, body: Buffer.from(events.trimEnd()), now: Number(timestamp) });
  assert.equal(lost.diagnosis?.cause, 'whitespace');

  const pair = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const ours = signBody({ scheme: 'sendgrid', secret: pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), body });
  const ew = new EventWebhook();
  const key = ew.convertPublicKeyToECDSA(pair.publicKey.export({ type: 'spki', format: 'der' }).toString('base64'));
  const sig = header(ours, 'X-Twilio-Email-Event-Webhook-Signature');
  const ts = header(ours, 'X-Twilio-Email-Event-Webhook-Timestamp');
  assert.equal(ew.verifySignature(key, payload, sig, ts), true);
  assert.equal(ew.verifySignature(key, payload + ' ', sig, ts), false);
});

test('discord-interactions: verifyKey accepts ours; theirs is Ed25519 over timestamp + body (key from node:crypto)', async () => {
  const { verifyKey } = await import('discord-interactions');
  const pair = generateKeyPairSync('ed25519');
  const publicHex = pair.publicKey.export({ type: 'spki', format: 'der' }).subarray(12).toString('hex');
  const seedHex = pair.privateKey.export({ type: 'pkcs8', format: 'der' }).subarray(16).toString('hex');
  const ours = signBody({ scheme: 'discord', secret: seedHex, body });
  const sig = header(ours, 'X-Signature-Ed25519');
  const ts = header(ours, 'X-Signature-Timestamp');
  assert.equal(await verifyKey(payload, sig, ts, publicHex), true);
  assert.equal(await verifyKey(payload + ' ', sig, ts, publicHex), false);
  assert.equal(verifySignature({ scheme: 'auto', secret: publicHex, headers: ours, body }).valid, true);
  const other = generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }).toString();
  assert.equal(verifySignature({ scheme: 'auto', secret: other, headers: ours, body }).diagnosis?.cause, 'different-secret');
});

test('@mux/mux-node: webhooks.verifySignature accepts ours and rejects a changed body', async () => {
  const { default: Mux } = await import('@mux/mux-node');
  const mux = new Mux({ tokenId: 'x', tokenSecret: 'y', webhookSecret: 'mux-secret' });
  const ours = signBody({ scheme: 'mux', secret: 'mux-secret', body });
  const headers = { 'mux-signature': header(ours, 'Mux-Signature') };
  await assert.doesNotReject(mux.webhooks.verifySignature(payload, headers));
  await assert.rejects(mux.webhooks.verifySignature(payload + ' ', headers));
});

test('@paddle/paddle-node-sdk: isSignatureValid accepts ours (within its 5 s) and rejects a changed body', async () => {
  const { Paddle } = await import('@paddle/paddle-node-sdk');
  const paddle = new Paddle('pdl_sdbx_apikey_01abcdefghijklmnopqrstuvwx_abcdefghijklmnopqrstuv_abc');
  const secret = 'pdl_ntfset_01abc_secret';
  const event = JSON.stringify({ event_id: 'evt_01', event_type: 'transaction.created', occurred_at: new Date().toISOString(), notification_id: 'ntf_01', data: { id: 'txn_01' } });
  const ours = signBody({ scheme: 'paddle', secret, body: Buffer.from(event) });
  const sig = header(ours, 'Paddle-Signature');
  assert.equal(await paddle.webhooks.isSignatureValid(event, secret, sig), true);
  assert.equal(await paddle.webhooks.isSignatureValid(event + ' ', secret, sig), false);
});

test('@workos-inc/node: webhooks.verifyHeader accepts ours (timestamp in ms) and rejects a changed body', async () => {
  const { WorkOS } = await import('@workos-inc/node');
  const workos = new WorkOS('sk_test_123');
  const event = { id: 'wh_01', event: 'user.created', data: { id: 'user_01' } };
  const text = JSON.stringify(event);
  const ours = signBody({ scheme: 'workos', secret: 'workos-secret', body: Buffer.from(text) });
  const sigHeader = header(ours, 'WorkOS-Signature');
  assert.equal(await workos.webhooks.verifyHeader({ payload: event, sigHeader, secret: 'workos-secret' }), true);
  await assert.rejects(workos.webhooks.verifyHeader({ payload: { ...event, id: 'wh_02' }, sigHeader, secret: 'workos-secret' }));
  assert.equal(verifySignature({ scheme: 'auto', secret: 'workos-secret', headers: ours, body: Buffer.from(text) }).scheme, 'workos');
});

test('razorpay: validateWebhookSignature accepts ours and rejects a changed body', () => {
  const Razorpay = require('razorpay') as { validateWebhookSignature(body: string, sig: string, secret: string): boolean };
  const ours = signBody({ scheme: 'razorpay', secret: 'rzp-secret', body });
  assert.equal(Razorpay.validateWebhookSignature(payload, header(ours, 'X-Razorpay-Signature'), 'rzp-secret'), true);
  assert.equal(Razorpay.validateWebhookSignature(payload + ' ', header(ours, 'X-Razorpay-Signature'), 'rzp-secret'), false);
});

test('@linear/sdk: LinearWebhookClient.verify accepts ours (webhookTimestamp in the body, 60 s)', async () => {
  const { LinearWebhookClient } = await import('@linear/sdk/webhooks');
  const client = new LinearWebhookClient('lin_wh_secret');
  const event = Buffer.from(JSON.stringify({ action: 'create', type: 'Issue', webhookTimestamp: Date.now() }));
  const ours = signBody({ scheme: 'linear', secret: 'lin_wh_secret', body: event });
  assert.equal(client.verify(event, header(ours, 'Linear-Signature')), true);
  assert.throws(() => client.verify(Buffer.concat([event, Buffer.from(' ')]), header(ours, 'Linear-Signature')));
  const stale = Buffer.from(JSON.stringify({ action: 'create', webhookTimestamp: Date.now() - 10 * 60 * 1000 }));
  const staleHeaders = signBody({ scheme: 'linear', secret: 'lin_wh_secret', body: stale });
  assert.equal(verifySignature({ scheme: 'linear', secret: 'lin_wh_secret', headers: staleHeaders, body: stale }).status, 'timestamp');
});

test('@hubspot/api-client: Signature.isValid (v3) accepts ours and rejects another URL', async () => {
  const { Signature } = require('@hubspot/api-client') as { Signature: { isValid(o: Record<string, unknown>): boolean } };
  const url = 'https://example.com/hubspot?portal=1';
  const ours = signBody({ scheme: 'hubspot', secret: 'hs-secret', body, url, method: 'POST' });
  const base = { signatureVersion: 'v3', signature: header(ours, 'X-HubSpot-Signature-v3'), clientSecret: 'hs-secret', requestBody: payload, method: 'POST', timestamp: Number(header(ours, 'X-HubSpot-Request-Timestamp')) };
  assert.equal(Signature.isValid({ ...base, url }), true);
  assert.equal(Signature.isValid({ ...base, url: 'http://example.com/hubspot?portal=1' }), false);
});

test('twilio: the query left out of --url is found from the request line a capture kept', () => {
  const twilio = require('twilio') as { getExpectedTwilioSignature(t: string, u: string, p: Record<string, string>): string };
  const params = { Body: 'hi', From: '+15005550006' };
  const sig = twilio.getExpectedTwilioSignature('tok', 'https://example.com/sms?tenant=7', params);
  const v = verifySignature({
    scheme: 'twilio', secret: 'tok', headers: [['X-Twilio-Signature', sig]], body: Buffer.from(new URLSearchParams(params).toString()),
    url: 'https://example.com/sms', target: '/sms?tenant=7',
  });
  assert.equal(v.diagnosis?.cause, 'different-url');
  assert.match(v.diagnosis!.detail, /with the query string the request carried \(\?tenant=7\)/);
});

type TwilioLib = {
  getExpectedTwilioSignature(t: string, u: string, p: Record<string, string | string[]>, algorithm?: string): string;
  validateRequest(t: string, s: string, u: string, p: Record<string, string | string[]>, algorithm?: string): boolean;
  getSignatureAlgorithm(settings: string): string;
};

test('twilio: a SharedKey webhook signed HMAC_SHA256 (X-Twilio-Webhooks-Signature-Settings) verifies, and a changed field is rejected', () => {
  const twilio = require('twilio') as TwilioLib;
  const key = 'shared-key-secret';
  const url = 'https://example.com/voice';
  const params = { CallSid: 'CA1', From: '+15005550006' };
  const settings = 'key=webhooks_sharedkey_1,algorithm=HMAC_SHA256';
  const sig = twilio.getExpectedTwilioSignature(key, url, params, twilio.getSignatureAlgorithm(settings));
  const form = Buffer.from(new URLSearchParams(params).toString());
  const headers: HeaderList = [['X-Twilio-Signature', sig], ['X-Twilio-Webhooks-Signature-Settings', settings]];
  for (const scheme of ['auto', 'twilio'] as const) {
    const v = verifySignature({ scheme, secret: key, headers, body: form, url });
    assert.equal(v.valid, true, `${scheme}: ${v.reason} ${v.diagnosis?.detail ?? ''}`);
    assert.equal(v.scheme, 'twilio');
  }
  const tampered = verifySignature({ scheme: 'twilio', secret: key, headers, body: Buffer.from('CallSid=CA2&From=%2B15005550006'), url });
  assert.equal(tampered.valid, false);
  // Without the settings header the signature is read as the Auth Token's SHA-1, and is not one.
  assert.equal(verifySignature({ scheme: 'twilio', secret: key, headers: [headers[0]!], body: form, url }).valid, false);
  const odd = verifySignature({ scheme: 'twilio', secret: key, headers: [headers[0]!, ['X-Twilio-Webhooks-Signature-Settings', 'key=k,algorithm=HMAC_MD5']], body: form, url });
  assert.equal(odd.status, 'malformed');
  assert.match(odd.reason, /algorithm=HMAC_MD5/);
});

test('twilio: a field sent several times is signed once per distinct value, values sorted (as validateRequest does)', () => {
  const twilio = require('twilio') as TwilioLib;
  const token = 'tok';
  const url = 'https://example.com/sms';
  const form = Buffer.from('To=%2B1500&MediaUrl=https%3A%2F%2Fb.example%2F2&Body=x&MediaUrl=https%3A%2F%2Fa.example%2F1&MediaUrl=https%3A%2F%2Fb.example%2F2');
  const params = { To: '+1500', Body: 'x', MediaUrl: ['https://b.example/2', 'https://a.example/1', 'https://b.example/2'] };
  const theirs = twilio.getExpectedTwilioSignature(token, url, params);
  const v = verifySignature({ scheme: 'twilio', secret: token, headers: [['X-Twilio-Signature', theirs]], body: form, url });
  assert.equal(v.valid, true, v.diagnosis?.detail);
  const ours = signBody({ scheme: 'twilio', secret: token, body: form, url });
  assert.equal(twilio.validateRequest(token, header(ours, 'X-Twilio-Signature'), url, params), true);
});

test('@hubspot/api-client: a signature over another method is diagnosed as the method, with the --method to use', () => {
  const { Signature } = require('@hubspot/api-client') as { Signature: { getSignature(m: string, v: string, o: Record<string, unknown>): string } };
  const url = 'https://example.com/hubspot';
  const ts = Date.now();
  const sig = Signature.getSignature('GET', 'v3', { clientSecret: 'hs-secret', requestBody: '', url, timestamp: ts });
  const headers: HeaderList = [['X-HubSpot-Signature-v3', sig], ['X-HubSpot-Request-Timestamp', String(ts)]];
  assert.equal(verifySignature({ scheme: 'hubspot', secret: 'hs-secret', headers, body: Buffer.alloc(0), url, method: 'GET' }).valid, true);
  const v = verifySignature({ scheme: 'hubspot', secret: 'hs-secret', headers, body: Buffer.alloc(0), url });
  assert.equal(v.diagnosis?.cause, 'different-method', v.diagnosis?.detail);
  assert.match(v.diagnosis!.detail, /--method GET/);
});

test('hubspot: a URI signed with %40, %3A … decoded (HubSpot v3\'s rule) is found from the escaped --url', () => {
  const { Signature } = require('@hubspot/api-client') as { Signature: { getSignature(m: string, v: string, o: Record<string, unknown>): string } };
  const ts = Date.now();
  const signedUri = 'https://example.com/hubspot?email=a@b.example&t=10:30';
  const sig = Signature.getSignature('POST', 'v3', { clientSecret: 'hs-secret', requestBody: payload, url: signedUri, timestamp: ts });
  const headers: HeaderList = [['X-HubSpot-Signature-v3', sig], ['X-HubSpot-Request-Timestamp', String(ts)]];
  const v = verifySignature({ scheme: 'hubspot', secret: 'hs-secret', headers, body, url: 'https://example.com/hubspot?email=a%40b.example&t=10%3A30' });
  assert.equal(v.diagnosis?.cause, 'different-url', v.diagnosis?.detail);
  assert.match(v.diagnosis!.detail, /--url https:\/\/example\.com\/hubspot\?email=a@b\.example&t=10:30/);
});

test('@sendgrid/eventwebhook: a raw r‖s (WebCrypto) signature is refused by SendGrid\'s verifier and diagnosed as its encoding', () => {
  const { EventWebhook } = require('@sendgrid/eventwebhook') as { EventWebhook: new () => { convertPublicKeyToECDSA(k: string): unknown; verifySignature(k: unknown, p: string | Buffer, s: string, t: string): boolean } };
  const { sign } = require('node:crypto') as typeof import('node:crypto');
  const pair = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const publicKey = pair.publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
  const ts = String(now());
  const raw = sign('sha256', Buffer.from(ts + payload), { key: pair.privateKey, dsaEncoding: 'ieee-p1363' }).toString('base64');
  const ew = new EventWebhook();
  let theirs: boolean;
  try { theirs = ew.verifySignature(ew.convertPublicKeyToECDSA(publicKey), payload, raw, ts); } catch { theirs = false; }
  assert.equal(theirs, false, 'SendGrid\'s verifier reads DER only');
  const headers: HeaderList = [['X-Twilio-Email-Event-Webhook-Signature', raw], ['X-Twilio-Email-Event-Webhook-Timestamp', ts]];
  const v = verifySignature({ scheme: 'sendgrid', secret: publicKey, headers, body });
  assert.equal(v.valid, false);
  assert.equal(v.diagnosis?.cause, 'signature-encoding', v.diagnosis?.detail);
  assert.match(v.diagnosis!.detail, /IEEE P1363/);
});

test('@mux/mux-node and @paddle/paddle-node-sdk sign the parsed timestamp: a t=/ts= written with a leading zero verifies for them and for us', async () => {
  const { createHmac } = require('node:crypto') as typeof import('node:crypto');
  const ts = now();
  const { default: Mux } = await import('@mux/mux-node');
  const mux = new Mux({ tokenId: 'x', tokenSecret: 'y', webhookSecret: 'mux-secret' });
  const muxHeader = `t=0${ts},v1=${createHmac('sha256', 'mux-secret').update(`${ts}.${payload}`).digest('hex')}`;
  await assert.doesNotReject(mux.webhooks.verifySignature(payload, { 'mux-signature': muxHeader }));
  const m = verifySignature({ scheme: 'mux', secret: 'mux-secret', headers: [['Mux-Signature', muxHeader]], body });
  assert.equal(m.valid, true, m.diagnosis?.detail ?? m.reason);

  const { Paddle } = await import('@paddle/paddle-node-sdk');
  const paddle = new Paddle('pdl_sdbx_apikey_01abcdefghijklmnopqrstuvwx_abcdefghijklmnopqrstuv_abc');
  const paddleHeader = `ts=0${ts};h1=${createHmac('sha256', 'pdl_secret').update(`${ts}:${payload}`).digest('hex')}`;
  assert.equal(await paddle.webhooks.isSignatureValid(payload, 'pdl_secret', paddleHeader), true);
  const p = verifySignature({ scheme: 'paddle', secret: 'pdl_secret', headers: [['Paddle-Signature', paddleHeader]], body });
  assert.equal(p.valid, true, p.diagnosis?.detail ?? p.reason);
});

test('twilio: a request without a body (a GET webhook, its parameters in the query) verifies and signs, as validateRequest with no params', () => {
  const twilio = require('twilio') as TwilioLib;
  const url = 'https://example.com/voice?CallSid=CA1&From=%2B15005550006';
  const sig = twilio.getExpectedTwilioSignature('tok', url, {});
  assert.equal(twilio.validateRequest('tok', sig, url, {}), true);
  const v = verifySignature({ scheme: 'twilio', secret: 'tok', headers: [['X-Twilio-Signature', sig]], body: Buffer.alloc(0), url, method: 'GET' });
  assert.equal(v.valid, true, v.diagnosis?.detail ?? v.reason);
  const ours = signBody({ scheme: 'twilio', secret: 'tok', body: Buffer.alloc(0), url });
  assert.equal(twilio.validateRequest('tok', header(ours, 'X-Twilio-Signature'), url, {}), true);
});

test('twilio: a URL given with a port Twilio did not sign (or without the one it did) is valid, as validateRequest says, and names the URL that matched', () => {
  const twilio = require('twilio') as TwilioLib;
  const params = { Body: 'hi', From: '+15005550006' };
  const form = Buffer.from(new URLSearchParams(params).toString());
  for (const [signed, given, describe] of [
    ['https://example.com/sms?x=1', 'https://example.com:443/sms?x=1', /without the port 443/],
    ['https://example.com:443/sms', 'https://example.com/sms', /with the default port 443 written in/],
    ['http://example.com/sms', 'http://example.com:8080/sms', /without the port 8080/],
  ] as const) {
    const sig = twilio.getExpectedTwilioSignature('tok', signed, params);
    assert.equal(twilio.validateRequest('tok', sig, given, params), true, `twilio-node accepts ${given} for ${signed}`);
    const v = verifySignature({ scheme: 'twilio', secret: 'tok', headers: [['X-Twilio-Signature', sig]], body: form, url: given });
    assert.equal(v.valid, true, `${given}: ${v.diagnosis?.detail ?? v.reason}`);
    assert.equal(v.matchedUrl?.url, signed);
    assert.match(v.matchedUrl!.describe, describe);
  }
  // Another scheme is no port variant: still a mismatch, diagnosed.
  const sig = twilio.getExpectedTwilioSignature('tok', 'https://example.com/sms', params);
  assert.equal(twilio.validateRequest('tok', sig, 'http://example.com/sms', params), false);
  assert.equal(verifySignature({ scheme: 'twilio', secret: 'tok', headers: [['X-Twilio-Signature', sig]], body: form, url: 'http://example.com/sms' }).diagnosis?.cause, 'different-url');
});
