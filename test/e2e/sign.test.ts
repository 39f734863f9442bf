// `webhook-doctor sign` as a user runs it: reproducible headers, JSON, stdin, and what verify accepts.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'wd-sign-e2e-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));
const body = join(dir, 'body.json');
writeFileSync(body, '{"test": 2432232314}');

test('Standard Webhooks headers as lines, reproducible with --id and --timestamp', async () => {
  const r = await runCli(['sign', '--scheme', 'standard', '--secret', 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', '--body', `@${body}`,
    '--id', 'msg_p5jXN8AQM9LWM0D4loKWxJek', '--timestamp', '1614265330']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, 'webhook-id: msg_p5jXN8AQM9LWM0D4loKWxJek\nwebhook-timestamp: 1614265330\nwebhook-signature: v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=\n');
});

test('--json from stdin', async () => {
  const r = await runCli(['sign', '--json', '--scheme', 'github', '--body', '-'], { input: 'Hello, World!', env: { WEBHOOK_DOCTOR_SECRET: "It's a Secret to Everybody" } });
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout), {
    scheme: 'github',
    headers: { 'X-Hub-Signature-256': 'sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17' },
  });
});

test('what sign makes, verify accepts (a custom hmac-sha256 header)', async () => {
  const s = await runCli(['sign', '--scheme', 'hmac-sha256', '--signature-header', 'X-CloudAIPilot-Signature', '--secret', 'cap', '--body', `@${body}`]);
  assert.match(s.stdout, /^X-CloudAIPilot-Signature: sha256=[0-9a-f]{64}\n$/);
  const v = await runCli(['verify', '--secret', 'cap', '--body', `@${body}`, '-H', s.stdout.trim()]);
  assert.equal(v.code, 0, v.stdout + v.stderr);
  assert.match(v.stdout, /signature valid \(hmac-sha256, X-CloudAIPilot-Signature\)/);
});

const usage: Array<[string, string[], RegExp]> = [
  ['no scheme', ['sign', '--secret', 's', '--body', `@${body}`], /no scheme/],
  ['an unknown scheme', ['sign', '--scheme', 'auto', '--secret', 's', '--body', `@${body}`], /--scheme: expected one of hmac-sha256, .*; got "auto"/],
  ['no secret', ['sign', '--scheme', 'github', '--body', `@${body}`], /no secret/],
  ['no body', ['sign', '--scheme', 'github', '--secret', 's'], /no body/],
  ['a bad timestamp', ['sign', '--scheme', 'stripe', '--secret', 's', '--body', `@${body}`, '--timestamp', 'yesterday'], /--timestamp/],
  ['a standard secret that is not base64', ['sign', '--scheme', 'standard', '--secret', 'whsec_!!', '--body', `@${body}`], /not a Standard Webhooks secret/],
];
// Independent one-shot runs: concurrently, to keep the suite quick.
describe('usage errors', { concurrency: true }, () => {
  for (const [what, args, message] of usage) {
    test(`usage error, exit 2: ${what}`, async () => {
      const r = await runCli(args);
      assert.equal(r.code, 2, r.stdout + r.stderr);
      assert.match(r.stderr, message);
      assert.equal(r.stdout, '');
    });
  }
});

test('--body @/dev/stdin (a pipe) is streamed like --body -', async () => {
  const r = await runCli(['sign', '--scheme', 'github', '--secret', "It's a Secret to Everybody", '--body', '@/dev/stdin'], { input: 'Hello, World!' });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, 'X-Hub-Signature-256: sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17\n');
});

test('a --url that does not parse is refused by sign and verify alike (exit 2), not signed', async () => {
  const form = join(dir, 'form.txt');
  writeFileSync(form, 'Body=hi');
  const s = await runCli(['sign', '--scheme', 'twilio', '--secret', 'tok', '--body', `@${form}`, '--url', 'http://[::1/sms']);
  assert.equal(s.code, 2, s.stdout);
  assert.equal(s.stdout, '');
  assert.match(s.stderr, /--url: expected an http:\/\/ or https:\/\/ URL \(e\.g\. https:\/\/example\.com\/hooks\), got "http:\/\/\[::1\/sms"/);
  const v = await runCli(['verify', '--secret', 'tok', '--body', `@${form}`, '--url', 'http://[::1/sms', '-H', 'X-Twilio-Signature: abc=']);
  assert.equal(v.code, 2);
  assert.equal(v.stderr.split('\n')[0], s.stderr.split('\n')[0], 'the same mistake reads the same in sign and verify');
});
