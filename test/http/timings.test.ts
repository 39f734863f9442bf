// Timings agree with curl -w for the same request (loosely: both run on a busy loopback).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import https from 'node:https';
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { createDispatcher, deliver } from '../../src/http/deliver.js';
import type { Timings } from '../../src/http/delivery.js';

const DELAY_MS = 150;

function slowHandler(_req: http.IncomingMessage, res: http.ServerResponse) {
  _req.resume();
  _req.on('end', () => setTimeout(() => res.end('{"ok":true}'), DELAY_MS));
}

// curl runs as a child process, asynchronously: the server under test lives in this process.
async function curlTimings(url: string, extra: string[] = []): Promise<Timings & { dns: number; connect: number }> {
  const { stdout: out } = await promisify(execFile)('curl', ['-s', '-o', '/dev/null', '-d', '{"a":1}', ...extra, '-w',
    '%{time_namelookup} %{time_connect} %{time_appconnect} %{time_starttransfer} %{time_total}', url], { encoding: 'utf8' });
  const [dns, connect, tls, firstByte, total] = out.trim().split(' ').map((s) => Number(s) * 1000) as [number, number, number, number, number];
  return { dns, connect, tls, firstByte, total };
}

function assertOrdered(t: Timings) {
  const phases = [t.dns, t.connect, t.tls, t.firstByte, t.total].filter((x): x is number => x !== undefined);
  for (let i = 1; i < phases.length; i++) assert.ok(phases[i]! >= phases[i - 1]!, `phases out of order: ${JSON.stringify(t)}`);
}

function near(ours: number | undefined, curl: number, slackMs: number, what: string) {
  assert.ok(ours !== undefined, `${what} missing`);
  assert.ok(Math.abs(ours - curl) <= slackMs, `${what}: ours ${ours.toFixed(1)} ms vs curl ${curl.toFixed(1)} ms`);
}

type Phases = { dns?: number; connect?: number; tls?: number; firstByte?: number; total: number };

/** Per phase, the smallest of several runs: the best estimate of the uncontended time on a busy machine. */
function fastest(runs: Phases[]): Phases {
  const pick = (k: keyof Phases) => {
    const xs = runs.map((r) => r[k]).filter((x): x is number => x !== undefined);
    return xs.length ? Math.min(...xs) : undefined;
  };
  return { dns: pick('dns'), connect: pick('connect'), tls: pick('tls'), firstByte: pick('firstByte'), total: pick('total')! };
}

test('http timings: DNS, connect, first byte and total agree with curl -w', async () => {
  const server = http.createServer(slowHandler);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://localhost:${(server.address() as AddressInfo).port}/hook`;
  const ours: Phases[] = [];
  const theirs: Phases[] = [];
  for (let i = 0; i < 3; i++) {
    theirs.push(await curlTimings(url, ['--ipv4']));
    const d = await deliver({ url, headers: [['Content-Type', 'application/json']], body: Buffer.from('{"a":1}'), timeoutMs: 5000 });
    assert.equal(d.ok, true);
    assertOrdered(d.timings);
    assert.equal(d.timings.tls, undefined, 'no TLS on http');
    assert.ok(d.timings.firstByte! >= DELAY_MS, 'first byte includes the handler delay');
    ours.push(d.timings);
  }
  server.close();
  const o = fastest(ours);
  const curl = fastest(theirs);
  if (process.env.WD_SHOW_TIMINGS) console.log({ ours: o, curl });
  near(o.dns, curl.dns!, 80, 'dns');
  near(o.connect, curl.connect!, 120, 'connect');
  near(o.firstByte, curl.firstByte!, 120, 'first byte');
  near(o.total, curl.total, 120, 'total');
});

test('https timings include the TLS handshake, between connect and first byte, like curl time_appconnect', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'wd-tls-'));
  try {
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1',
      '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1',
      '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')], { stdio: 'ignore' });
    const server = https.createServer({ key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) }, slowHandler);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `https://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
    const curl = await curlTimings(url, ['--cacert', join(dir, 'cert.pem')]);
    const dispatcher = createDispatcher({ cacert: join(dir, 'cert.pem') });
    const d = await deliver({ url, headers: [], body: Buffer.from('{"a":1}'), timeoutMs: 5000 }, { dispatcher });
    await dispatcher.close();
    server.close();
    assert.equal(d.ok, true, JSON.stringify(d.error));
    assert.equal(d.timings.dns, undefined, 'an IP literal needs no DNS');
    assertOrdered(d.timings);
    assert.ok(d.timings.tls! > d.timings.connect!);
    near(d.timings.tls, curl.tls!, 120, 'tls');
    near(d.timings.firstByte, curl.firstByte!, 120, 'first byte');
    assert.match(d.attempts[0]!.connection?.tlsProtocol ?? '', /^TLSv1\.[23]$/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('an untrusted certificate is a TLS error code in the result', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'wd-tls-'));
  try {
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1',
      '-subj', '/CN=localhost', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')], { stdio: 'ignore' });
    const server = https.createServer({ key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) }, (_q, s) => s.end('ok'));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `https://localhost:${(server.address() as AddressInfo).port}/`;
    const d = await deliver({ url, headers: [], timeoutMs: 5000 });
    const insecure = createDispatcher({ insecure: true });
    const k = await deliver({ url, headers: [], timeoutMs: 5000 }, { dispatcher: insecure });
    await insecure.close();
    server.close();
    assert.equal(d.error?.code, 'DEPTH_ZERO_SELF_SIGNED_CERT');
    assert.equal(d.retryable, false);
    assert.equal(k.ok, true);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
