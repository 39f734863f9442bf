// `listen` answering senders' handshakes, played from the sender's side over real HTTP on 127.0.0.1:
// each request as the sender's documentation shows it, each answer checked against what it requires.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { createHmac, generateKeyPairSync, sign } from 'node:crypto';
import { createServer } from 'node:http';
import { request } from 'undici';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startListen as startListenText, curl } from '../helpers/listen.js';
import { BIN } from '../helpers/cli.js';
import { handshakes } from '../../src/capture/handshakes.js';
import { judgeHandshakeAnswer } from '../../src/capture/handshake-answer.js';
import { buildProbe, newChallenge } from '../../src/doctor/check-handshake.js';

interface Listening {
  url: string;
  records(n: number): Promise<any[]>;
  done: Promise<number | null>;
  child: ChildProcess;
}

function startListen(args: string[], env: Record<string, string> = {}): Promise<Listening> {
  const child = spawn(process.execPath, [BIN, 'listen', '0', '--json', ...args], { env: { ...process.env, NO_COLOR: '1', CI: '1', ...env } });
  let stdout = '';
  let stderr = '';
  const waiters: Array<() => void> = [];
  child.stdout!.setEncoding('utf8').on('data', (d) => { stdout += d; for (const w of waiters.splice(0)) w(); });
  child.stderr!.setEncoding('utf8').on('data', (d) => (stderr += d));
  const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
  const done = new Promise<number | null>((resolve) => child.on('close', (code) => { clearTimeout(timer); for (const w of waiters.splice(0)) w(); resolve(code); }));
  const lines = () => stdout.split('\n').filter(Boolean);
  const until = async (ready: () => boolean) => {
    while (!ready()) {
      if (child.exitCode !== null || child.signalCode !== null) throw new Error(`listen exited early:\n${stdout}\n${stderr}`);
      await new Promise<void>((r) => waiters.push(r));
    }
  };
  return (async () => {
    await until(() => lines().length >= 1);
    const first = JSON.parse(lines()[0]!);
    return {
      url: first.url as string,
      child,
      done,
      async records(n: number) {
        await until(() => lines().length >= n + 1);
        return lines().slice(1, n + 1).map((l) => JSON.parse(l));
      },
    };
  })();
}

async function send(url: string, init: { method?: string; headers?: Record<string, string>; body?: string }) {
  const res = await request(url, { method: (init.method ?? 'GET') as 'GET', headers: init.headers ?? {}, ...(init.body !== undefined ? { body: init.body } : {}) });
  return { status: res.statusCode, headers: res.headers, text: await res.body.text() };
}

const mediaType = (v: unknown) => String(v ?? '').split(';')[0]!.trim();

test('Slack url_verification: answered 200 with the challenge as text/plain, and said so in the capture', async () => {
  const l = await startListen(['--count', '1']);
  // The request as Slack's url_verification page shows it.
  const r = await send(`${l.url}/slack/events`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"token":"Jhj5dZrVaK7ZwHHjRyZWjbDl","challenge":"3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P","type":"url_verification"}' });
  assert.equal(r.status, 200);
  assert.equal(mediaType(r.headers['content-type']), 'text/plain');
  assert.equal(r.text, '3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P');
  const [rec] = await l.records(1);
  const shown = rec.findings.find((f: any) => f.data?.handshake === 'slack');
  assert.equal(shown.level, 'pass');
  assert.match(shown.title, /answered Slack's url_verification/);
  assert.equal(rec.answer.status, 200);
  assert.equal(await l.done, 0);
});

test('Zoom endpoint.url_validation with --secret: plainToken and its HMAC-SHA256 keyed with the Secret Token', async () => {
  const secret = 'zoom-secret-token-123';
  const l = await startListen(['--count', '2', '--profile', 'zoom', '--secret', secret]);
  const body = '{"payload":{"plainToken":"qgg8vlvZRS6UYooatFL8Aw"},"event_ts":1654503849680,"event":"endpoint.url_validation"}';
  // Zoom signs the validation request like any event: v0= hex HMAC-SHA256 of v0:<timestamp>:<body>.
  const ts = String(Math.floor(Date.now() / 1000));
  const signed = { 'content-type': 'application/json', 'x-zm-request-timestamp': ts, 'x-zm-signature': 'v0=' + createHmac('sha256', secret).update(`v0:${ts}:${body}`).digest('hex') };
  const r = await send(`${l.url}/zoom`, { method: 'POST', headers: signed, body });
  assert.equal(r.status, 200);
  assert.equal(mediaType(r.headers['content-type']), 'application/json');
  assert.deepEqual(JSON.parse(r.text), { plainToken: 'qgg8vlvZRS6UYooatFL8Aw', encryptedToken: createHmac('sha256', secret).update('qgg8vlvZRS6UYooatFL8Aw').digest('hex') });
  // Without the secret there is no honest answer: refused, and the reason shown.
  const l2 = await startListen(['--count', '1', '--profile', 'zoom']);
  const r2 = await send(`${l2.url}/zoom`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  assert.notEqual(r2.status, 200);
  const [rec2] = await l2.records(1);
  assert.ok(rec2.findings.some((f: any) => f.level === 'fail' && /give --secret/.test(f.title)));
  l.child.kill();
  await l2.done;
});

test('Zoom with --secret: an unsigned or forged url_validation is refused (401), so listen signs nothing an attacker chooses', async () => {
  const secret = 'zoom-secret-token-123';
  const l = await startListen(['--count', '2', '--profile', 'zoom', '--secret', secret]);
  // The plainToken chosen to be the string Zoom signs for a forged event: its HMAC would be a valid x-zm-signature.
  const forgedEvent = '{"event":"meeting.started","payload":{}}';
  const body = JSON.stringify({ payload: { plainToken: `v0:1700000000:${forgedEvent}` }, event_ts: 1654503849680, event: 'endpoint.url_validation' });
  const oracle = createHmac('sha256', secret).update(`v0:1700000000:${forgedEvent}`).digest('hex');
  const unsigned = await send(`${l.url}/zoom`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  const forged = await send(`${l.url}/zoom`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-zm-request-timestamp': '1700000000', 'x-zm-signature': 'v0=' + '0'.repeat(64) }, body });
  for (const r of [unsigned, forged]) {
    assert.equal(r.status, 401);
    assert.ok(!r.text.includes(oracle), 'no HMAC of attacker-chosen text in the answer');
  }
  const recs = await l.records(2);
  for (const rec of recs) assert.ok(rec.findings.some((f: any) => f.level === 'fail' && /signature does not verify/.test(f.title)), JSON.stringify(rec.findings));
  assert.equal(await l.done, 0);
});

test('Meta hub.challenge: echoed with the right --verify-token, refused with 403 for a wrong one', async () => {
  const l = await startListen(['--count', '2', '--profile', 'meta'], { WEBHOOK_DOCTOR_VERIFY_TOKEN: 'meatyhamhock' });
  const ok = await send(`${l.url}/webhooks?hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token=meatyhamhock`, {});
  assert.equal(ok.status, 200);
  assert.equal(ok.text, '1158201444');
  const bad = await send(`${l.url}/webhooks?hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token=guess`, {});
  assert.equal(bad.status, 403);
  assert.notEqual(bad.text, '1158201444');
  const [, rec] = await l.records(2);
  assert.ok(rec.findings.some((f: any) => f.level === 'fail' && /verify_token/.test(f.title)));
  assert.equal(await l.done, 0);
});

test('Dropbox ?challenge=: echoed with text/plain and X-Content-Type-Options: nosniff (real curl)', async () => {
  const l = await startListen(['--count', '1']);
  const out = await new Promise<string>((resolve, reject) => execFile('curl', ['-sS', '-i', '--max-time', '10', `${l.url}/dropbox?challenge=abc123`], { encoding: 'utf8' }, (err, stdout) => (err ? reject(err) : resolve(stdout))));
  assert.match(out, /^HTTP\/1\.1 200/);
  assert.match(out, /^content-type: text\/plain/im);
  assert.match(out, /^x-content-type-options: nosniff/im);
  assert.match(out, /\r\n\r\nabc123$/);
  assert.equal(await l.done, 0);
});

test('Microsoft Graph validationToken: the URL-decoded token as text/plain with 200', async () => {
  const l = await startListen(['--count', '1']);
  const token = 'Validation: Testing client application reachability for subscription Request-Id: 522a8e7e';
  const r = await send(`${l.url}/graph?validationToken=${encodeURIComponent(token)}`, { method: 'POST', headers: { 'content-type': 'text/plain; charset=utf-8' }, body: '' });
  assert.equal(r.status, 200);
  assert.equal(mediaType(r.headers['content-type']), 'text/plain');
  assert.equal(r.text, token);
  assert.equal(await l.done, 0);
});

test('Event Grid, Okta, Twitch (no secret) and Discord PING: each answered in its sender\'s shape', async () => {
  const l = await startListen(['--count', '4']);
  const eg = await send(`${l.url}/eg`, { method: 'POST', headers: { 'content-type': 'application/json', 'aeg-event-type': 'SubscriptionValidation' }, body: JSON.stringify([{ id: '2d1781af', topic: '/subscriptions/x', subject: '', data: { validationCode: '512d38b6-c7b8-40c8-89fe-f46f9e9622b6', validationUrl: 'https://rp-eastus2.eventgrid.azure.net:553/eventsubscriptions/x/validate?id=512d38b6' }, eventType: 'Microsoft.EventGrid.SubscriptionValidationEvent', eventTime: '2018-01-25T22:12:19.4556811Z', metadataVersion: '1', dataVersion: '1' }]) });
  assert.deepEqual([eg.status, JSON.parse(eg.text)], [200, { validationResponse: '512d38b6-c7b8-40c8-89fe-f46f9e9622b6' }]);
  const okta = await send(`${l.url}/okta`, { headers: { 'x-okta-verification-challenge': 'Me_rShK8JHsTnbyYrWXCEoMGbM_zsZ6k0hLPZ_Pg', accept: 'application/json' } });
  assert.deepEqual([okta.status, mediaType(okta.headers['content-type']), JSON.parse(okta.text)], [200, 'application/json', { verification: 'Me_rShK8JHsTnbyYrWXCEoMGbM_zsZ6k0hLPZ_Pg' }]);
  const twitch = await send(`${l.url}/twitch`, { method: 'POST', headers: { 'content-type': 'application/json', 'twitch-eventsub-message-type': 'webhook_callback_verification', 'twitch-eventsub-message-id': 'e76c6bd4' }, body: '{"challenge":"pogchamp-kappa-360noscope-vohiyo","subscription":{"id":"f1c2a387","status":"webhook_callback_verification_pending","type":"channel.follow","version":"2"}}' });
  assert.deepEqual([twitch.status, mediaType(twitch.headers['content-type']), twitch.text], [200, 'text/plain', 'pogchamp-kappa-360noscope-vohiyo']);
  const discord = await send(`${l.url}/interactions`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-signature-ed25519': 'ab'.repeat(64), 'x-signature-timestamp': '1700000000' }, body: '{"id":"1","application_id":"2","type":1,"token":"t","version":1}' });
  assert.deepEqual([discord.status, JSON.parse(discord.text)], [200, { type: 1 }]);
  const recs = await l.records(4);
  assert.deepEqual(recs.map((r) => r.findings.find((f: any) => f.data?.handshake)?.data.handshake), ['azure-eventgrid', 'okta', 'twitch', 'discord']);
  assert.equal(await l.done, 0);
});

test('SNS SubscriptionConfirmation: the SubscribeURL is shown and never visited unless asked, and then only on an SNS address', async () => {
  let visited = 0;
  const trap = createServer((_req, res) => { visited++; res.end('ok'); });
  await new Promise<void>((r) => trap.listen(0, '127.0.0.1', r));
  const trapUrl = `http://127.0.0.1:${(trap.address() as { port: number }).port}/?Action=ConfirmSubscription&Token=t1`;
  const body = JSON.stringify({ Type: 'SubscriptionConfirmation', MessageId: '165545c9', Token: 't1', TopicArn: 'arn:aws:sns:us-west-2:123456789012:MyTopic', SubscribeURL: trapUrl });
  const headers = { 'x-amz-sns-message-type': 'SubscriptionConfirmation', 'content-type': 'text/plain; charset=UTF-8' };
  const plain = await startListen(['--count', '1']);
  assert.equal((await send(`${plain.url}/sns`, { method: 'POST', headers, body })).status, 200);
  const [shown] = await plain.records(1);
  assert.ok(shown.findings.some((f: any) => f.level === 'fail' && f.data?.subscribeUrl === trapUrl && /do not visit the SubscribeURL/.test(f.title)), 'a loopback SubscribeURL is called a forgery, not recommended');
  const asked = await startListen(['--count', '1', '--confirm-subscription']);
  assert.equal((await send(`${asked.url}/sns`, { method: 'POST', headers, body })).status, 200);
  const [refused] = await asked.records(1);
  assert.ok(refused.findings.some((f: any) => f.level === 'fail' && /not visiting the SubscribeURL/.test(f.title)));
  await Promise.all([plain.done, asked.done]);
  trap.close();
  assert.equal(visited, 0, 'a loopback SubscribeURL is never fetched');
});

test('an ordinary event is not taken for a handshake, --no-handshake turns answering off, and a --profile answers only its own', async () => {
  const l = await startListen(['--count', '3', '--profile', 'slack']);
  const event = await send(`${l.url}/hooks`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"type":"event_callback","challenge":"not-a-handshake"}' });
  assert.equal(event.status, 200);
  assert.notEqual(event.text, 'not-a-handshake');
  const dropbox = await send(`${l.url}/db?challenge=abc`, {});
  assert.notEqual(dropbox.text, 'abc', 'the slack profile answers Slack\'s handshake only');
  const slack = await send(`${l.url}/s`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"type":"url_verification","challenge":"c1"}' });
  assert.equal(slack.text, 'c1');
  await l.done;
  const off = await startListen(['--count', '1', '--no-handshake']);
  const r = await send(`${off.url}/s`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"type":"url_verification","challenge":"c1"}' });
  assert.notEqual(r.text, 'c1');
  await off.done;
});

test('every handshake, sent the way doctor plays it, is answered by listen as its sender requires', async () => {
  const secret = 'shared-secret-for-zoom';
  const l = await startListen(['--count', String(handshakes.length), '--secret', secret, '--verify-token', 'vt-1']);
  for (const h of handshakes) {
    const challenge = newChallenge(h);
    const probe = buildProbe(h, new URL(`${l.url}/hook`), { challenge, token: 'vt-1' });
    const started = performance.now();
    const res = await request(probe.url, { method: probe.method as 'GET', headers: Object.fromEntries(probe.headers), ...(probe.body ? { body: probe.body } : {}) });
    const body = Buffer.from(await res.body.arrayBuffer());
    const headers = Object.entries(res.headers).map(([k, v]) => [k, String(v)] as [string, string]);
    // With --secret, Twitch's, Discord's, Zoom's and Slack's unsigned samples are refused, as those senders require (tested signed below).
    if (h.secret === 'signature' || h.signed) {
      assert.equal(res.statusCode, h.badSignatureStatus ?? 403, h.id);
      continue;
    }
    const verdict = judgeHandshakeAnswer(h, challenge, { status: res.statusCode, headers, body, ms: performance.now() - started }, secret);
    assert.ok(!verdict.some((f) => f.level === 'fail'), `${h.id}: ${JSON.stringify(verdict)}`);
  }
  assert.equal(await l.done, 0);
});

test('with --forward the app answers the handshake, and listen judges its answer as the sender would', async () => {
  const app = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d)).on('end', () => {
      // A common mistake: the challenge wrapped in JSON under the wrong name.
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ token: JSON.parse(body).challenge }));
    });
  });
  await new Promise<void>((r) => app.listen(0, '127.0.0.1', r));
  const l = await startListen(['--count', '1', '--forward', `http://127.0.0.1:${(app.address() as { port: number }).port}`]);
  const r = await send(`${l.url}/slack/events`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"type":"url_verification","challenge":"c-42"}' });
  assert.equal(r.status, 200, 'the app\'s own answer is relayed');
  const [rec] = await l.records(1);
  const verdict = rec.findings.find((f: any) => f.data?.handshake === 'slack' && f.level === 'fail');
  assert.match(verdict.title, /^your app: Slack url_verification: the JSON has no matching "challenge"/);
  assert.equal(await l.done, 0);
  app.close();
});

test('Twitch with --secret: the challenge is answered only after the signature verifies (403 for a bad one)', async () => {
  const secret = 'twitch-subscription-secret';
  const l = await startListen(['--count', '2', '--profile', 'twitch', '--secret', secret]);
  const body = '{"challenge":"pogchamp-kappa-360noscope-vohiyo","subscription":{"id":"f1c2a387-161a-49f9-a165-0f21d7a4e1c4","status":"webhook_callback_verification_pending","type":"channel.follow","version":"2"}}';
  const id = 'e76c6bd4-55c9-4987-8304-da1588d8988b';
  const timestamp = new Date().toISOString();
  // Twitch's rule: HMAC-SHA256 over message id + timestamp + raw body, hex, prefixed sha256=.
  const signature = 'sha256=' + createHmac('sha256', secret).update(id + timestamp + body).digest('hex');
  const headers = { 'content-type': 'application/json', 'twitch-eventsub-message-id': id, 'twitch-eventsub-message-timestamp': timestamp, 'twitch-eventsub-message-type': 'webhook_callback_verification', 'twitch-eventsub-message-signature': signature };
  const ok = await send(`${l.url}/twitch`, { method: 'POST', headers, body });
  assert.deepEqual([ok.status, ok.text], [200, 'pogchamp-kappa-360noscope-vohiyo']);
  const forged = await send(`${l.url}/twitch`, { method: 'POST', headers: { ...headers, 'twitch-eventsub-message-signature': 'sha256=' + '0'.repeat(64) }, body });
  assert.equal(forged.status, 403);
  assert.notEqual(forged.text, 'pogchamp-kappa-360noscope-vohiyo');
  const [first, second] = await l.records(2);
  assert.ok(first.findings.some((f: any) => f.level === 'pass' && /signature verified before answering/.test(f.title)));
  assert.ok(second.findings.some((f: any) => f.level === 'fail' && /signature does not verify/.test(f.title)));
  assert.equal(await l.done, 0);
});

test('Discord PING with --secret (the public key): PONG for a valid Ed25519 signature, 401 for a bad one', async () => {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  // Discord gives the public key as hex of the raw 32 bytes: the last 32 bytes of the SPKI DER.
  const hexKey = (publicKey.export({ type: 'spki', format: 'der' }) as Buffer).subarray(-32).toString('hex');
  const l = await startListen(['--count', '2', '--profile', 'discord', '--secret', hexKey]);
  const body = '{"id":"1000000000000000001","application_id":"1000000000000000000","type":1,"token":"t","version":1}';
  const timestamp = String(Math.floor(Date.now() / 1000));
  const signature = sign(null, Buffer.from(timestamp + body), privateKey).toString('hex');
  const headers = { 'content-type': 'application/json', 'x-signature-ed25519': signature, 'x-signature-timestamp': timestamp };
  const ok = await send(`${l.url}/interactions`, { method: 'POST', headers, body });
  assert.deepEqual([ok.status, JSON.parse(ok.text)], [200, { type: 1 }]);
  const bad = await send(`${l.url}/interactions`, { method: 'POST', headers: { ...headers, 'x-signature-ed25519': '0'.repeat(128) }, body });
  assert.equal(bad.status, 401);
  assert.equal(await l.done, 0);
});

test('Meta\'s hub.verify_token is masked in listen\'s request line, --json, --save and --har unless --show-secrets (real curl)', async () => {
  const token = 'meatyhamhock-verify-token-1234';
  const dir = await mkdtemp(join(tmpdir(), 'wd-meta-mask-'));
  try {
    const target = `/meta?hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token=${token}`;
    const text = await startListenText(['--count', '1', '--verify-token', token, '--save', join(dir, 'saved'), '--har', join(dir, 'h.har'), '--history', join(dir, 'history')]);
    assert.equal((await curl([`${text.url}${target}`])).stdout, '1158201444');
    const out = await text.done;
    assert.match(out.stdout, /GET \/meta\?hub\.mode=subscribe&hub\.challenge=1158201444&hub\.verify_token=meat…\(30 chars\) HTTP\/1\.1/);
    const saved = await readdir(join(dir, 'saved'));
    const kept = (await readdir(join(dir, 'history'), { recursive: true, withFileTypes: true })).filter((e) => e.isFile()).map((e) => join(e.parentPath ?? (e as unknown as { path: string }).path, e.name));
    assert.ok(kept.length > 0, 'the history keeps the capture');
    const files = [out.stdout, await readFile(join(dir, 'h.har'), 'utf8'), ...await Promise.all(saved.map((f) => readFile(join(dir, 'saved', f), 'utf8'))), ...await Promise.all(kept.map((f) => readFile(f, 'latin1')))];
    for (const f of files) assert.ok(!f.includes(token), `the verify token is written out: ${f.slice(0, 400)}`);
    const json = await startListen(['--count', '1', '--verify-token', token]);
    await send(`${json.url}${target}`, {});
    const [rec] = await json.records(1);
    assert.ok(!rec.target.includes(token) && /hub\.verify_token=meat…/.test(rec.target), rec.target);
    assert.equal(await json.done, 0);
    const shown = await startListen(['--count', '1', '--verify-token', token, '--show-secrets']);
    await send(`${shown.url}${target}`, {});
    assert.equal((await shown.records(1))[0].target, target);
    assert.equal(await shown.done, 0);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('Slack with --secret: url_verification is answered only after X-Slack-Signature verifies, as Slack\'s page asks (401 otherwise)', async () => {
  const secret = '8f742231b10e8888abcd99yyyzzz85a5';
  const l = await startListen(['--count', '2', '--profile', 'slack', '--secret', secret]);
  const body = '{"token":"Jhj5dZrVaK7ZwHHjRyZWjbDl","challenge":"3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P","type":"url_verification"}';
  const ts = String(Math.floor(Date.now() / 1000));
  // Slack's rule: v0= hex HMAC-SHA256 of v0:<timestamp>:<body>.
  const headers = { 'content-type': 'application/json', 'x-slack-request-timestamp': ts, 'x-slack-signature': 'v0=' + createHmac('sha256', secret).update(`v0:${ts}:${body}`).digest('hex') };
  const ok = await send(`${l.url}/slack/events`, { method: 'POST', headers, body });
  assert.deepEqual([ok.status, ok.text], [200, '3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P']);
  const forged = await send(`${l.url}/slack/events`, { method: 'POST', headers: { ...headers, 'x-slack-signature': 'v0=' + '0'.repeat(64) }, body });
  assert.equal(forged.status, 401);
  assert.ok(!forged.text.includes('3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P'));
  assert.equal(await l.done, 0);
});

test('with --forward, the relayed URL listen shows (text and --json) masks the verify token too', async () => {
  const token = 'meatyhamhock-verify-token-1234';
  const app = createServer((req, res) => { req.resume(); res.end('1158201444'); });
  await new Promise<void>((r) => app.listen(0, '127.0.0.1', r));
  const forward = `http://127.0.0.1:${(app.address() as { port: number }).port}`;
  try {
    const target = `/meta?hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token=${token}`;
    const text = await startListenText(['--count', '1', '--forward', forward]);
    await curl([`${text.url}${target}`]);
    const out = await text.done;
    assert.match(out.stdout, /relayed to http:\/\/127\.0\.0\.1:\d+\/meta\?.*hub\.verify_token=meat…\(30 chars\)/);
    assert.ok(!out.stdout.includes(token), out.stdout);
    const json = await startListen(['--count', '1', '--forward', forward]);
    await send(`${json.url}${target}`, {});
    const [rec] = await json.records(1);
    assert.ok(!JSON.stringify(rec).includes(token), JSON.stringify(rec.forward));
    assert.equal(await json.done, 0);
  } finally {
    app.close();
  }
});

test('Event Grid with the CloudEvents schema: the OPTIONS abuse-protection request is answered with WebHook-Allowed-Origin (real curl), under --profile azure-eventgrid too', async () => {
  for (const args of [[], ['--profile', 'azure-eventgrid']]) {
    const l = await startListenText(['--count', '1', ...args]);
    const out = await curl(['-i', '-X', 'OPTIONS', `${l.url}/eg`, '-H', 'WebHook-Request-Origin: eventgrid.azure.net', '-H', 'WebHook-Request-Rate: 120']);
    assert.match(out.stdout, /^HTTP\/1\.1 200/, args.join(' '));
    assert.match(out.stdout, /^webhook-allowed-origin: eventgrid\.azure\.net\r$/im);
    assert.match(out.stdout, /^webhook-allowed-rate: \*\r$/im);
    const done = await l.done;
    assert.match(done.stdout, /answered Azure Event Grid's CloudEvents v1\.0 abuse protection .* as required \(200, WebHook-Allowed-Origin\)/);
  }
});
