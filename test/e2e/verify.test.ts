// `webhook-doctor verify` as a user runs it: files, stdin, saved captures, JSON, exit codes.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { BIN, runCli } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'wd-verify-e2e-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, content: string | Buffer) => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};

const hello = file('hello.txt', 'Hello, World!');
const GH = 'X-Hub-Signature-256: sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17';
const GH_SECRET = "It's a Secret to Everybody";

test('a valid GitHub signature: exit 0 and one line saying so', async () => {
  const r = await runCli(['verify', '--secret', GH_SECRET, '--body', `@${hello}`, '-H', GH]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /✓ signature valid \(github, X-Hub-Signature-256\), 13 B body/);
  assert.equal(r.stderr, '');
});

test('the body from stdin and the secret from WEBHOOK_DOCTOR_SECRET', async () => {
  const r = await runCli(['verify', '--body', '-', '-H', GH], { input: 'Hello, World!', env: { WEBHOOK_DOCTOR_SECRET: GH_SECRET } });
  assert.equal(r.code, 0, r.stderr);
});

test('a re-serialized body: exit 1 with the cause named', async () => {
  const json = file('compact.json', '{"test":2432232314}');
  const r = await runCli(['verify', '--secret', 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', '--body', `@${json}`, '--tolerance', '0',
    '-H', 'webhook-id: msg_p5jXN8AQM9LWM0D4loKWxJek', '-H', 'webhook-timestamp: 1614265330',
    '-H', 'webhook-signature: v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=']);
  assert.equal(r.code, 1);
  assert.match(r.stdout, /✗ signature does not match \(standard, webhook-signature\)/);
  assert.match(r.stdout, /cause: re-serialized JSON/);
  assert.match(r.stdout, /explain signature-mismatch/);
});

test('--json prints the verdict, the scheme and the diagnosis, and nothing else', async () => {
  const r = await runCli(['verify', '--json', '--secret', 'wrong', '--body', `@${hello}`, '-H', GH]);
  assert.equal(r.code, 1);
  const v = JSON.parse(r.stdout);
  assert.equal(v.valid, false);
  assert.equal(v.scheme, 'github');
  assert.equal(v.status, 'mismatch');
  assert.equal(v.diagnosis.cause, 'different-secret');
  assert.match(v.diagnosis.detail, /most likely a different secret/);
  assert.equal(v.findings[0].kb, 'signature-mismatch');
});

test('an old Stripe timestamp: exit 1, how old, and replay vs skew', async () => {
  const sign = await runCli(['sign', '--json', '--scheme', 'stripe', '--secret', 'whsec_abc', '--body', `@${hello}`, '--timestamp', String(Math.floor(Date.now() / 1000) - 7200)]);
  const header = JSON.parse(sign.stdout).headers['Stripe-Signature'];
  const r = await runCli(['verify', '--secret', 'whsec_abc', '--body', `@${hello}`, '-H', `Stripe-Signature: ${header}`]);
  assert.equal(r.code, 1);
  assert.match(r.stdout, /timestamp is outside the 300 s tolerance/);
  assert.match(r.stdout, /made 2 h ago .*replay is likelier/);
});

test('--capture verifies a capture saved by listen, given either of its files', async () => {
  const body = Buffer.from('{"event":"deploy"}');
  const now = Math.floor(Date.now() / 1000) - 3600; // an hour-old capture: judged at its receipt, not now
  const sign = await runCli(['sign', '--scheme', 'slack', '--secret', 'slack-secret', '--body', '-', '--timestamp', String(now)], { input: body });
  const headers = sign.stdout.trim().split('\n').map((l) => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 2)]);
  file('cap.body', body);
  file('cap.json', JSON.stringify({
    version: 1, id: 'cap', receivedAt: new Date((now + 2) * 1000).toISOString(), remoteAddress: '127.0.0.1', method: 'POST', target: '/',
    httpVersion: '1.1', rawHeaders: [['Host', 'x'], ...headers], bodyBytes: body.length,
    bodySha256: createHash('sha256').update(body).digest('hex'), bodyFile: 'cap.body',
  }));
  for (const f of ['cap.json', 'cap.body']) {
    const r = await runCli(['verify', '--capture', join(dir, f), '--secret', 'slack-secret']);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /signature valid \(slack, X-Slack-Signature\).*timestamp judged at its receipt/);
  }
});

test('a capture whose body was changed is refused: exit 2', async () => {
  file('changed.body', 'changed');
  file('changed.json', JSON.stringify({
    version: 1, id: 'changed', receivedAt: new Date().toISOString(), remoteAddress: '127.0.0.1', method: 'POST', target: '/',
    httpVersion: '1.1', rawHeaders: [['X-Signature', 'sha256=00']], bodyBytes: 8,
    bodySha256: createHash('sha256').update('original').digest('hex'), bodyFile: 'changed.body',
  }));
  const r = await runCli(['verify', '--capture', join(dir, 'changed.json'), '--secret', 's']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /does not match its recorded sha256/);
});

const usage: Array<[string, string[], RegExp]> = [
  ['no secret', ['verify', '--body', `@${hello}`, '-H', GH], /no secret: pass --secret/],
  ['no header at all', ['verify', '--secret', 's', '--body', `@${hello}`], /no signature header/],
  ['no signature header among the headers', ['verify', '--secret', 's', '--body', `@${hello}`, '-H', 'Content-Type: text/plain'], /no signature header \(looked for/],
  ['an unknown scheme', ['verify', '--secret', 's', '--scheme', 'sha3', '--body', `@${hello}`, '-H', GH], /--scheme: expected one of auto, hmac-sha256, .*; got "sha3"/],
  ['an unreadable body file', ['verify', '--secret', 's', '--body', `@${join(dir, 'nope.json')}`, '-H', GH], /--body: cannot read .*: no such file \(ENOENT\)/],
  ['a body without @', ['verify', '--secret', 's', '--body', 'hello.txt', '-H', GH], /--body takes @file or -/],
  ['a header without a colon', ['verify', '--secret', 's', '--body', `@${hello}`, '-H', 'X-Hub-Signature-256 sha256=00'], /is not "Name: value"/],
  ['a bad tolerance', ['verify', '--secret', 's', '--body', `@${hello}`, '-H', GH, '--tolerance', 'soon'], /--tolerance: expected a whole number of seconds, got "soon"/],
  ['a missing capture', ['verify', '--secret', 's', '--capture', join(dir, 'none.json')], /--capture: cannot read .*: no such file \(ENOENT\)/],
];
// Independent one-shot runs: concurrently, to keep the suite quick.
describe('usage errors', { concurrency: true }, () => {
  for (const [what, args, message] of usage) {
    test(`usage error, exit 2: ${what}`, async () => {
      const r = await runCli(args);
      assert.equal(r.code, 2, r.stdout + r.stderr);
      assert.match(r.stderr, message);
      assert.match(r.stderr, /\nhint: /);
      assert.equal(r.stdout, '');
    });
  }
});

test('a malformed signature header is an invalid signature: exit 1 with the reason', async () => {
  const r = await runCli(['verify', '--secret', 'whsec_abc', '--body', `@${hello}`, '-H', 'Stripe-Signature: v1=abcdef']);
  assert.equal(r.code, 1);
  assert.match(r.stdout, /✗ Stripe-Signature has no t=<timestamp>/);
});

test('listen --save, then verify --capture: the real round trip with curl', async () => {
  const saveDir = join(dir, 'captures');
  const child = spawn(process.execPath, [BIN, 'listen', '0', '--count', '1', '--save', saveDir], { env: { ...process.env, NO_COLOR: '1', CI: '1' } });
  const killer = setTimeout(() => child.kill('SIGKILL'), 20_000);
  let stdout = '';
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
      const m = /127\.0\.0\.1:(\d+)/.exec(stdout);
      if (m) resolve(Number(m[1]));
    });
    child.on('close', () => reject(new Error(`listen exited early: ${stdout}`)));
  });
  const closed = new Promise((resolve) => child.on('close', resolve));
  const payload = '{"event": "deploy", "ok": true}\n';
  const signed = await runCli(['sign', '--scheme', 'github', '--secret', 'round-trip', '--body', '-'], { input: payload });
  await new Promise<void>((resolve, reject) => execFile('curl', ['-sS', '--max-time', '10', '-H', signed.stdout.trim(), '-H', 'Content-Type: application/json',
    '--data-binary', payload, `http://127.0.0.1:${port}/hooks`], (err) => (err ? reject(err) : resolve())));
  await closed;
  clearTimeout(killer);
  const meta = readdirSync(saveDir).find((f) => f.endsWith('.json'))!;
  const ok = await runCli(['verify', '--capture', join(saveDir, meta), '--secret', 'round-trip']);
  assert.equal(ok.code, 0, ok.stdout + ok.stderr);
  assert.match(ok.stdout, /signature valid \(github, X-Hub-Signature-256\), 32 B body/);
  const wrong = await runCli(['verify', '--capture', join(saveDir, meta.replace(/\.json$/, '.body')), '--secret', 'another']);
  assert.equal(wrong.code, 1);
  assert.match(wrong.stdout, /most likely a different secret/);
});

test('a Stripe signature whose t= is in milliseconds: valid (as stripe-node says) with a warning printed', async () => {
  const body = file('ms.json', '{"id":"evt_1"}');
  const signed = await runCli(['sign', '--scheme', 'stripe', '--secret', 'whsec_x', '--body', `@${body}`, '--timestamp', String(Date.now())]);
  assert.equal(signed.code, 0, signed.stderr);
  const r = await runCli(['verify', '--secret', 'whsec_x', '--body', `@${body}`, '-H', signed.stdout.trim()]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /warning: Timestamp .* in the future \(\d+ looks like milliseconds where Stripe writes seconds\)/);
});
