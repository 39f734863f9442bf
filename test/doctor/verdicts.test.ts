// Verdicts doctor must not get wrong: a check whose baseline failed is inconclusive, a resolver that does
// not answer is not a missing name, a short --timeout does not make a slow receiver look mute, localhost
// means every loopback address, and a protocol mix-up says which side speaks TLS. Real servers on loopback;
// DNS through an injected resolver, never a real one.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type RequestListener } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { createDoctorContext, runDoctor } from '../../src/doctor/run.js';
import { checkDns } from '../../src/doctor/check-dns.js';
import { checkTcp } from '../../src/doctor/check-tcp.js';
import { createDispatcher, deliver } from '../../src/http/deliver.js';
import { getProfile } from '../../src/profiles/index.js';
import { signBody } from '../../src/signatures/index.js';
import type { DoctorReport } from '../../src/doctor/report.js';
import { makeSelfSigned } from './self-signed.js';

const dispatcher = createDispatcher({ env: {} });
const closers: Array<() => void> = [];
after(async () => {
  closers.forEach((c) => c());
  await dispatcher.close();
});

async function serve(handler: RequestListener, host = '127.0.0.1'): Promise<number> {
  const server = createServer(handler).listen(0, host);
  closers.push(() => (server.closeAllConnections(), server.close()));
  await new Promise((r) => server.once('listening', r));
  return (server.address() as AddressInfo).port;
}

const answerAll = (status: number, delayMs = 0): RequestListener => (req, res) => {
  req.resume();
  req.on('end', () => setTimeout(() => res.writeHead(status, { 'content-type': 'application/json' }).end('{"error":"no"}'), delayMs));
};

function doctor(url: string, extra: Partial<Parameters<typeof createDoctorContext>[0]> = {}): Promise<DoctorReport> {
  const ctx = createDoctorContext({
    url: new URL(url),
    profile: getProfile('generic'),
    burstSize: 0,
    deliver: (req) => deliver(req, { dispatcher }),
    resolve: async () => { throw Object.assign(new Error('no real DNS in tests'), { code: 'EAI_AGAIN' }); },
    ...extra,
  });
  return runDoctor(ctx);
}
const findings = (r: DoctorReport, id: string) => r.checks.find((c) => c.id === id)!.findings;
const signer = (body: Buffer) => signBody({ scheme: 'hmac-sha256', secret: 's', body });

test('a receiver answering 500 to everything: signatures and malformed JSON are inconclusive, not a wrong secret or a pass', async () => {
  const port = await serve(answerAll(500));
  const r = await doctor(`http://127.0.0.1:${port}/h`, { signer, scheme: 'hmac-sha256', burstSize: 3 });
  assert.equal(findings(r, 'post')[0]!.level, 'fail');
  const [burst] = findings(r, 'burst');
  assert.equal(burst!.level, 'info', 'a 500 to everything is not a failure under load');
  assert.match(burst!.title, /inconclusive/);
  const sig = findings(r, 'signature');
  assert.ok(sig.every((f) => f.level === 'info' && /inconclusive/.test(f.title)), JSON.stringify(sig));
  assert.ok(sig.every((f) => f.kb !== 'signature-mismatch' && !/check the secret/i.test(f.detail ?? '')));
  const bad = findings(r, 'malformed');
  assert.equal(bad[0]!.level, 'info');
  assert.match(bad[0]!.title, /inconclusive/);
});

test('a receiver answering 410 to everything: malformed JSON is inconclusive, not a pass', async () => {
  const port = await serve(answerAll(410));
  const r = await doctor(`http://127.0.0.1:${port}/h`);
  const [bad] = findings(r, 'malformed');
  assert.notEqual(bad!.level, 'pass');
  assert.match(bad!.title, /inconclusive: malformed JSON answered 410, the same as the valid sample/);
});

test('a 401 to the validly signed sample is still the secret\'s failure (not inconclusive)', async () => {
  const port = await serve(answerAll(401));
  const r = await doctor(`http://127.0.0.1:${port}/h`, { signer, scheme: 'hmac-sha256' });
  const [valid] = findings(r, 'signature');
  assert.equal(valid!.level, 'fail');
  assert.equal(valid!.kb, 'signature-mismatch');
});

test('a 401 to everything, the validly signed sample too: a 401 to a forged request proves nothing (inconclusive, not a pass)', async () => {
  const port = await serve(answerAll(401));
  const r = await doctor(`http://127.0.0.1:${port}/h`, { signer, scheme: 'hmac-sha256' });
  const [, ...forged] = findings(r, 'signature');
  assert.ok(forged.length >= 2 && forged.every((f) => f.level === 'info' && /inconclusive/.test(f.title)), JSON.stringify(forged));
});

test('a shared token (gitlab) against a receiver answering 500 to everything: inconclusive, not a wrong token', async () => {
  const port = await serve(answerAll(500));
  const token = (_body: Buffer): Array<[string, string]> => [['X-Gitlab-Token', 's']];
  const r = await doctor(`http://127.0.0.1:${port}/h`, { signer: token, scheme: 'gitlab' });
  const sig = findings(r, 'signature');
  assert.ok(sig.every((f) => f.level === 'info' && f.kb !== 'signature-mismatch'), JSON.stringify(sig));
  assert.match(sig[0]!.title, /inconclusive/);
  assert.match(sig[2]!.title, /inconclusive: missing token answered 500/);
});

test('dns: EAI_AGAIN from the resolver is a temporary failure; the name may exist (ENOTFOUND still says it does not resolve)', async () => {
  const failing = (code: string) => async () => { throw Object.assign(new Error(`getaddrinfo ${code} hooks.example.com`), { code }); };
  const again = createDoctorContext({ url: new URL('https://hooks.example.com/h'), profile: getProfile('generic'), deliver: async () => { throw new Error('no HTTP'); }, resolve: failing('EAI_AGAIN') });
  const [f] = await checkDns(again);
  assert.equal(f!.level, 'fail');
  assert.doesNotMatch(f!.title + f!.detail, /does not resolve|DNS record exists/);
  assert.match(f!.title, /failed for now \(EAI_AGAIN\).*may well exist/);
  assert.equal(f!.kb, 'EAI_AGAIN');
  assert.match(again.state.blocked!, /failed for now/);
  const missing = createDoctorContext({ url: new URL('https://hooks.example.com/h'), profile: getProfile('generic'), deliver: async () => { throw new Error('no HTTP'); }, resolve: failing('ENOTFOUND') });
  const [n] = await checkDns(missing);
  assert.match(n!.title, /does not resolve \(ENOTFOUND\)/);
});

test('--timeout 1 against a receiver that takes 3 s: the POST is judged slow, and the later checks still run', async () => {
  // Only the valid sample is slow, so the test waits 3 s once.
  const port = await serve((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      let valid = true;
      try { JSON.parse(Buffer.concat(chunks).toString()); } catch { valid = false; }
      if (req.method !== 'POST') return res.writeHead(405).end();
      if (!valid) return res.writeHead(400).end();
      setTimeout(() => res.writeHead(200).end('{}'), Buffer.concat(chunks).length > 100_000 ? 0 : 3000);
    });
  });
  const r = await doctor(`http://127.0.0.1:${port}/h`, { budgetSeconds: 1 });
  const [post] = findings(r, 'post');
  assert.equal(post!.level, 'fail');
  assert.match(post!.title, /answered 200 but took [34]\.\d s; Generic webhook gives up after 1 s/);
  assert.equal(findings(r, 'malformed')[0]!.level, 'pass');
  assert.equal(findings(r, 'get')[0]!.level, 'pass');
  assert.ok(!r.checks.some((c) => c.findings.some((f) => /skipped: /.test(f.title))), 'nothing skipped');
});

test('localhost: a receiver on ::1 only is reached as send reaches it (127.0.0.1 refused, then ::1)', async () => {
  const port = await serve((req, res) => { req.resume(); res.end('ok'); }, '::1');
  const ctx = createDoctorContext({ url: new URL(`http://localhost:${port}/h`), profile: getProfile('generic'), deliver: async () => { throw new Error('no HTTP'); } });
  await checkDns(ctx);
  assert.deepEqual(ctx.state.addresses, ['127.0.0.1', '::1']);
  const [f] = await checkTcp(ctx);
  assert.equal(f!.level, 'pass', f!.title);
  assert.match(f!.title, new RegExp(`connected to \\[::1\\]:${port} in \\d+ ms \\(after 127\\.0\\.0\\.1:${port} ECONNREFUSED\\)`));
  assert.equal(ctx.state.connected, '::1');
});

test('localhost: the whole check-up reaches a receiver on ::1 only, as send does', async () => {
  const port = await serve((req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(req.method === 'POST' ? 200 : 405).end('{}'));
  }, '::1');
  const r = await doctor(`http://localhost:${port}/h`, { resolve: undefined });
  assert.equal(findings(r, 'tcp')[0]!.level, 'pass');
  assert.equal(findings(r, 'post')[0]!.level, 'pass', JSON.stringify(findings(r, 'post')));
});

test('localhost: a refusal names every address tried', async () => {
  const ctx = createDoctorContext({ url: new URL('http://localhost:1/h'), profile: getProfile('generic'), deliver: async () => { throw new Error('no HTTP'); } });
  await checkDns(ctx);
  const [f] = await checkTcp(ctx);
  assert.equal(f!.level, 'fail');
  assert.match(f!.title, /cannot connect to localhost:1 \(ECONNREFUSED, tried 127\.0\.0\.1:1 and \[::1\]:1\)/);
});

const tls = makeSelfSigned();
after(() => tls.cleanup());

test('plain HTTP to a TLS port: the POST says the receiver speaks TLS, names the https:// URL, and no openssl hint', async () => {
  const server = createHttpsServer({ cert: tls.cert, key: tls.key }, (_q, s) => s.end('ok')).listen(0, '127.0.0.1');
  closers.push(() => server.close());
  await new Promise((r) => server.once('listening', r));
  const { port } = server.address() as AddressInfo;
  const r = await doctor(`http://127.0.0.1:${port}/h`);
  const [post] = findings(r, 'post');
  assert.equal(post!.kb, 'http-to-https-port');
  assert.match(post!.title, /speaks TLS, but this request was plain HTTP/);
  assert.match(post!.detail!, new RegExp(`https://127\\.0\\.0\\.1:${port}/h`));
  assert.doesNotMatch(JSON.stringify(r), /openssl s_client/);
});

test('HTTPS to a plain-HTTP port: the TLS check says the receiver speaks plain HTTP', async () => {
  const port = await serve((req, res) => { req.resume(); res.end('ok'); });
  const r = await doctor(`https://127.0.0.1:${port}/h`);
  const [t] = findings(r, 'tls');
  assert.equal(t!.level, 'fail');
  assert.equal(t!.kb, 'https-to-http-port');
  assert.match(t!.title, /speaks plain HTTP, but this request spoke TLS/);
  assert.match(t!.detail!, new RegExp(`http://127\\.0\\.0\\.1:${port}/h`));
});
