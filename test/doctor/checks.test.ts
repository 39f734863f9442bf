// The checks that need no HTTP: URL, addresses, DNS, TCP and TLS, against real sockets on 127.0.0.1.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer as createHttpsServer } from 'node:https';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import { classifyAddress, isLoopbackHost } from '../../src/doctor/addresses.js';
import { createDoctorContext } from '../../src/doctor/run.js';
import { checkUrl } from '../../src/doctor/check-url.js';
import { checkDns } from '../../src/doctor/check-dns.js';
import { checkTcp } from '../../src/doctor/check-tcp.js';
import { checkTls } from '../../src/doctor/check-tls.js';
import { getProfile } from '../../src/profiles/index.js';
import { makeSelfSigned } from './self-signed.js';

const noHttp = async () => { throw new Error('this check must not send HTTP'); };
const ctxFor = (url: string, extra: Partial<Parameters<typeof createDoctorContext>[0]> = {}) =>
  createDoctorContext({ url: new URL(url), profile: getProfile('generic'), deliver: noHttp, ...extra });
const levels = (fs: { level: string }[]) => fs.map((f) => f.level);

test('addresses: loopback, private and public are told apart (IPv4-mapped too)', () => {
  assert.equal(classifyAddress('127.0.0.1'), 'loopback');
  assert.equal(classifyAddress('::1'), 'loopback');
  assert.equal(classifyAddress('10.1.2.3'), 'private');
  assert.equal(classifyAddress('172.20.0.1'), 'private');
  assert.equal(classifyAddress('192.168.1.10'), 'private');
  assert.equal(classifyAddress('::ffff:192.168.1.10'), 'private');
  assert.equal(classifyAddress('fd00::1'), 'private');
  assert.equal(classifyAddress('93.184.216.34'), 'public');
  assert.equal(classifyAddress('172.32.0.1'), 'public');
  assert.equal(isLoopbackHost('localhost'), true);
  assert.equal(isLoopbackHost('[::1]'), true);
  assert.equal(isLoopbackHost('example.com'), false);
});

test('url: https passes, http warns, http on loopback is only noted', async () => {
  assert.deepEqual(levels(await checkUrl(ctxFor('https://example.com/hooks'))), ['pass']);
  assert.deepEqual(levels(await checkUrl(ctxFor('http://example.com/hooks'))), ['warn']);
  assert.deepEqual(levels(await checkUrl(ctxFor('http://127.0.0.1:8080/hooks'))), ['info']);
});

test('url: a credential in the query string or user:password@ is warned, the value never shown', async () => {
  const q = await checkUrl(ctxFor('https://example.com/hooks?api_key=SECRET123&page=2'));
  assert.equal(q[1]?.level, 'warn');
  assert.match(q[1]!.title, /api_key/);
  assert.doesNotMatch(JSON.stringify(q), /SECRET123/);
  const u = await checkUrl(ctxFor('https://user:pw@example.com/hooks'));
  assert.equal(u[1]?.level, 'warn');
});

test('the report, meant for a support ticket, shows the target with its credentials masked', async () => {
  const { runDoctor } = await import('../../src/doctor/run.js');
  const { renderMarkdown } = await import('../../src/ui/doctor.js');
  // Port 1 refuses: the network checks are skipped, so this needs no server.
  const report = await runDoctor(ctxFor('http://alice:pw-SECRET1@127.0.0.1:1/hooks?api_key=SECRET2&page=2'));
  assert.equal(report.target, 'http://alice:***@127.0.0.1:1/hooks?api_key=***&page=2');
  assert.doesNotMatch(renderMarkdown(report), /SECRET/);
});

test('malformed JSON answered with a redirect is not called accepted: the redirect check owns that failure', async () => {
  const { checkMalformed } = await import('../../src/doctor/check-malformed.js');
  const redirect = async (req: import('../../src/http/delivery.js').DeliveryRequest) => ({
    request: req, response: { status: 302, statusText: 'Found', headers: [['Location', '/ok']] as Array<[string, string]>, body: Buffer.alloc(0) },
    timings: { total: 1 }, attempts: [], ok: false, retryable: false,
  });
  const [f] = await checkMalformed(ctxFor('http://127.0.0.1:1/hooks', { deliver: redirect }));
  assert.equal(f!.level, 'info');
  assert.doesNotMatch(f!.title, /accepts/);
});

test('dns: a loopback address is a warning for a cloud sender, a note for the built-in receiver', async () => {
  const [f] = await checkDns(ctxFor('http://localhost:1/'));
  assert.equal(f!.level, 'warn');
  assert.match(f!.title, /loopback address a cloud sender cannot reach/);
  const [b] = await checkDns(ctxFor('http://127.0.0.1:1/', { builtin: true }));
  assert.equal(b!.level, 'info');
  assert.match(b!.title, /built-in receiver/);
});

test('dns: a name that does not resolve fails and blocks the network checks', async () => {
  // An injected resolver: tests never ask a real one.
  const ctx = ctxFor('https://no-such-host.invalid/hooks', { resolve: async () => { throw Object.assign(new Error('getaddrinfo ENOTFOUND'), { code: 'ENOTFOUND' }); } });
  const [f] = await checkDns(ctx);
  assert.equal(f!.level, 'fail');
  assert.match(f!.title, /does not resolve/);
  assert.ok(ctx.state.blocked);
});

test('tcp: a listening port passes with its connect time; a closed one fails with ECONNREFUSED', async () => {
  const server = createNetServer((s) => s.destroy()).listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  const { port } = server.address() as AddressInfo;
  const [ok] = await checkTcp(ctxFor(`http://127.0.0.1:${port}/`));
  assert.equal(ok!.level, 'pass');
  assert.match(ok!.title, /connected to 127\.0\.0\.1:\d+ in \d+ ms/);
  await new Promise((r) => server.close(r));
  const ctx = ctxFor(`http://127.0.0.1:${port}/`);
  const [refused] = await checkTcp(ctx);
  assert.equal(refused!.level, 'fail');
  assert.equal(refused!.kb, 'ECONNREFUSED');
  assert.ok(ctx.state.blocked);
});

const tls = makeSelfSigned();
after(() => tls.cleanup());

async function httpsServer(cert = tls) {
  const server = createHttpsServer({ cert: cert.cert, key: cert.key }, (_req, res) => res.end('ok')).listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  return { server, port: (server.address() as AddressInfo).port };
}

test('tls: a self-signed certificate is untrusted (and blocks the HTTP checks)', async () => {
  const { server, port } = await httpsServer();
  try {
    const ctx = ctxFor(`https://localhost:${port}/hooks`);
    const findings = await checkTls(ctx);
    assert.equal(findings[0]!.level, 'fail');
    assert.equal(findings[0]!.kb, 'DEPTH_ZERO_SELF_SIGNED_CERT');
    assert.ok(ctx.state.blocked);
    assert.ok(findings.some((f) => f.level === 'pass' && /TLSv1\.[23]/.test(f.title)), 'protocol still reported');
  } finally {
    server.close();
  }
});

test('tls: trusted with --cacert; hostname, protocol and days to expiry reported', async () => {
  const { server, port } = await httpsServer();
  try {
    const findings = await checkTls(ctxFor(`https://localhost:${port}/hooks`, { ca: tls.cert }));
    assert.deepEqual(levels(findings), ['pass', 'pass', 'pass']);
    assert.match(findings[0]!.title, /trusted certificate for localhost/);
    assert.match(findings[2]!.title, /valid for 36[45] more days/);
  } finally {
    server.close();
  }
});

test('tls: a certificate expiring within 30 days is a warning', async () => {
  const short = makeSelfSigned(10);
  const { server, port } = await httpsServer(short);
  try {
    const findings = await checkTls(ctxFor(`https://127.0.0.1:${port}/hooks`, { ca: short.cert }));
    const expiry = findings.find((f) => /expires in/.test(f.title));
    assert.equal(expiry?.level, 'warn');
    assert.match(expiry!.title, /expires in (9|10) days/);
  } finally {
    server.close();
    short.cleanup();
  }
});

test('the tampered body differs from every profile\'s sample and is still valid JSON', async () => {
  const { profiles, sampleBody } = await import('../../src/profiles/index.js');
  const { tamperBody } = await import('../../src/doctor/check-signature.js');
  for (const profile of profiles) {
    const body = sampleBody(profile);
    const tampered = tamperBody(body);
    assert.notDeepEqual(tampered, body, profile.name);
    // A form-encoded sample (Twilio) only has to differ; a JSON one stays JSON.
    if (/json/.test(profile.contentType)) assert.doesNotThrow(() => JSON.parse(tampered.toString('utf8')), profile.name);
  }
});

test('tls: a trusted certificate for another name fails the hostname check', async () => {
  // The certificate covers localhost and 127.0.0.1; 127.0.0.2 is loopback too, but not on it.
  const server = createHttpsServer({ cert: tls.cert, key: tls.key }, (_req, res) => res.end('ok')).listen(0, '127.0.0.2');
  await new Promise((r) => server.once('listening', r));
  try {
    const { port } = server.address() as AddressInfo;
    const findings = await checkTls(ctxFor(`https://127.0.0.2:${port}/hooks`, { ca: tls.cert }));
    assert.equal(findings[0]!.level, 'fail');
    assert.match(findings[0]!.title, /certificate does not cover 127\.0\.0\.2/);
    assert.equal(findings[0]!.kb, 'ERR_TLS_CERT_ALTNAME_INVALID');
  } finally {
    server.close();
  }
});
