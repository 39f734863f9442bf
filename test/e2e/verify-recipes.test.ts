// verify and sign over the provider recipes, as a user runs them: URL-signing senders (--url),
// public-key senders (--public-key), ambiguous headers, the recipe list in --help.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { generateKeyPairSync, sign } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.js';

const require = createRequire(import.meta.url);
const dir = mkdtempSync(join(tmpdir(), 'wd-recipes-e2e-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, content: string) => { const p = join(dir, name); writeFileSync(p, content); return p; };

const twilio = require('twilio') as { getExpectedTwilioSignature(t: string, u: string, p: Record<string, string>): string; validateRequest(t: string, s: string, u: string, p: Record<string, string>): boolean };
const params = { Body: 'hello', From: '+15005550006', MessageSid: 'SM1', To: '+15005550001' };
const form = file('form.txt', new URLSearchParams(params).toString());
const url = 'https://example.com/sms?x=1';

test('twilio: a signature made by twilio-node verifies with --url; behind a proxy (http://) it is diagnosed', async () => {
  const sig = twilio.getExpectedTwilioSignature('auth-token', url, params);
  const ok = await runCli(['verify', '--secret', 'auth-token', '--body', `@${form}`, '-H', `X-Twilio-Signature: ${sig}`, '--url', url]);
  assert.equal(ok.code, 0, ok.stdout + ok.stderr);
  assert.match(ok.stdout, /signature valid \(twilio, X-Twilio-Signature\)/);
  const proxy = await runCli(['verify', '--secret', 'auth-token', '--body', `@${form}`, '-H', `X-Twilio-Signature: ${sig}`, '--url', url.replace('https:', 'http:')]);
  assert.equal(proxy.code, 1);
  assert.match(proxy.stdout, /cause: a different URL/);
  assert.match(proxy.stdout, /--url https:\/\/example\.com\/sms\?x=1/);
});

test('twilio without --url is a usage error that says what to give', async () => {
  const r = await runCli(['verify', '--secret', 'auth-token', '--body', `@${form}`, '-H', 'X-Twilio-Signature: abc=']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /Twilio signs the URL it calls: give it with --url/);
});

test('sign --scheme twilio --url makes what twilio-node validates', async () => {
  const r = await runCli(['sign', '--scheme', 'twilio', '--secret', 'auth-token', '--body', `@${form}`, '--url', url, '--json']);
  assert.equal(r.code, 0, r.stderr);
  const { headers } = JSON.parse(r.stdout) as { headers: Record<string, string> };
  assert.equal(twilio.validateRequest('auth-token', headers['X-Twilio-Signature']!, url, params), true);
});

test('discord: --public-key verifies an Ed25519 signature; a changed body is diagnosed', async () => {
  const pair = generateKeyPairSync('ed25519');
  const publicHex = pair.publicKey.export({ type: 'spki', format: 'der' }).subarray(12).toString('hex');
  const body = '{"type":1}';
  const path = file('ping.json', body);
  const sig = sign(null, Buffer.from(`1700000000${body}`), pair.privateKey).toString('hex');
  const args = ['verify', '--public-key', publicHex, '--body', `@${path}`, '-H', `X-Signature-Ed25519: ${sig}`, '-H', 'X-Signature-Timestamp: 1700000000'];
  const ok = await runCli(args);
  assert.equal(ok.code, 0, ok.stdout + ok.stderr);
  assert.match(ok.stdout, /signature valid \(discord, X-Signature-Ed25519\)/);
  const changed = await runCli([...args.slice(0, 3), '--body', `@${file('ping2.json', '{"type": 1}')}`, ...args.slice(5), '--json']);
  assert.equal(changed.code, 1);
  assert.equal(JSON.parse(changed.stdout).diagnosis.cause, 'reserialized-json');
  const bad = await runCli(['verify', '--public-key', 'nope', '--body', `@${path}`, '-H', `X-Signature-Ed25519: ${sig}`, '-H', 'X-Signature-Timestamp: 1700000000']);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /the public key is not an Ed25519 key webhook-doctor can read/);
});

test('headers that fit several senders: verify says which, and judges by trying them', async () => {
  const path = file('meta.json', '{"object":"whatsapp_business_account"}');
  const s = await runCli(['sign', '--scheme', 'meta', '--secret', 'app-secret', '--body', `@${path}`]);
  const r = await runCli(['verify', '--secret', 'app-secret', '--body', `@${path}`, '-H', s.stdout.trim(), '--json']);
  assert.equal(r.code, 0, r.stdout + r.stderr);
  const v = JSON.parse(r.stdout);
  assert.deepEqual(v.candidates, ['github', 'meta']);
  const text = await runCli(['verify', '--secret', 'app-secret', '--body', `@${path}`, '-H', s.stdout.trim()]);
  assert.match(text.stdout, /the headers fit github, meta: judged as github \(its signature matched\)/);
});

test('verify --help lists every recipe and says how public keys are given', async () => {
  const r = await runCli(['verify', '--help']);
  assert.equal(r.code, 0);
  for (const id of ['github', 'stripe', 'twilio', 'sendgrid', 'discord', 'gitlab', 'docusign']) assert.match(r.stdout, new RegExp(`\\b${id}\\b`));
  assert.match(r.stdout, /--public-key/);
});

test('mailgun: sign prints the body fields; verify needs no -H, the signature is in the body', async () => {
  const s = await runCli(['sign', '--scheme', 'mailgun', '--secret', 'key-mg', '--id', 'tok-1']);
  assert.equal(s.code, 0, s.stderr);
  assert.match(s.stderr, /signs inside the JSON body/);
  const event = { ...JSON.parse(s.stdout), 'event-data': { event: 'delivered' } };
  const path = file('mailgun.json', JSON.stringify(event));
  const v = await runCli(['verify', '--secret', 'key-mg', '--body', `@${path}`]);
  assert.equal(v.code, 0, v.stdout + v.stderr);
  assert.match(v.stdout, /signature valid \(mailgun, body signature\.signature\)/);
  const other = await runCli(['verify', '--secret', 'key-other', '--body', `@${path}`]);
  assert.equal(other.code, 1);
});

test('a different secret for a sender whose recipe has a note says where that sender keeps its secret', async () => {
  const path = file('asana.json', '{"events":[]}');
  const s = await runCli(['sign', '--scheme', 'asana', '--secret', 'from-the-handshake', '--body', `@${path}`]);
  const r = await runCli(['verify', '--secret', 'a-guess', '--body', `@${path}`, '-H', s.stdout.trim()]);
  assert.equal(r.code, 1);
  assert.match(r.stdout, /cause: most likely a different secret/);
  assert.match(r.stdout, /about asana: The secret is the X-Hook-Secret Asana sent in the handshake request/);
});

test('send and flush with a sender that signs inside the body say so in one line, before sending anything', async () => {
  const send = await runCli(['send', 'http://127.0.0.1:9/hooks', '-d', '{"a":1}', '--secret', 'k', '--scheme', 'mailgun']);
  assert.equal(send.code, 2);
  assert.match(send.stderr, /Mailgun signs inside the JSON body/);
  const flush = await runCli(['flush', dir, '--url', 'http://127.0.0.1:9/hooks', '--secret', 'k', '--scheme', 'mailgun']);
  assert.equal(flush.code, 2);
  assert.match(flush.stderr, /signs inside the JSON body, which flush sends unchanged/);
});
