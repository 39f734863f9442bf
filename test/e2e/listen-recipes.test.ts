// listen --secret with the provider recipes, as a user runs it: real curl sends what Twilio would,
// listen verifies it against the URL it was called on, and a proxy's public URL is diagnosed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { BIN } from '../helpers/cli.js';

const require = createRequire(import.meta.url);
const twilio = require('twilio') as { getExpectedTwilioSignature(t: string, u: string, p: Record<string, string>): string };

function curl(args: string[]): Promise<void> {
  return new Promise((resolve) => execFile('curl', ['-sS', '--max-time', '10', ...args], () => resolve()));
}

test('listen --secret --scheme twilio: a signature for the URL listen was called on passes; one for the proxy\'s public URL is diagnosed', async () => {
  const child = spawn(process.execPath, [BIN, 'listen', '0', '--json', '--secret', 'auth-token', '--scheme', 'twilio', '--count', '2'], { env: { ...process.env, NO_COLOR: '1', CI: '1' } });
  const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
  let stdout = '';
  const lines = async (n: number) => {
    while (stdout.split('\n').filter(Boolean).length < n) {
      if (child.exitCode !== null) throw new Error(`listen exited: ${stdout}`);
      await new Promise((r) => child.stdout.once('data', r));
    }
    return stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l));
  };
  child.stdout.setEncoding('utf8').on('data', (d) => (stdout += d));
  try {
    const [started] = await lines(1);
    const base = String(started.url ?? JSON.stringify(started).match(/http:\/\/127\.0\.0\.1:\d+/)![0]).replace(/\/$/, '');
    const params = { Body: 'hi', From: '+15005550006', To: '+15005550001' };
    const form = new URLSearchParams(params).toString();
    const direct = twilio.getExpectedTwilioSignature('auth-token', `${base}/sms`, params);
    await curl(['-H', `X-Twilio-Signature: ${direct}`, '-H', 'Content-Type: application/x-www-form-urlencoded', '--data-binary', form, `${base}/sms`]);
    const viaProxy = twilio.getExpectedTwilioSignature('auth-token', 'https://public.example.com/sms', params);
    await curl(['-H', `X-Twilio-Signature: ${viaProxy}`, '-H', 'X-Forwarded-Proto: https', '-H', 'X-Forwarded-Host: public.example.com',
      '-H', 'Content-Type: application/x-www-form-urlencoded', '--data-binary', form, `${base}/sms`]);
    const [, ok, proxied] = await lines(3);
    assert.equal(ok.findings.find((f: { title: string }) => /Signature/.test(f.title)).level, 'pass', JSON.stringify(ok.findings));
    const bad = proxied.findings.find((f: { title: string }) => /Signature does not match/.test(f.title));
    assert.equal(bad.data.cause, 'different-url');
    assert.match(bad.detail, /https:\/\/public\.example\.com\/sms/);
  } finally {
    clearTimeout(timer);
    child.kill();
  }
});
