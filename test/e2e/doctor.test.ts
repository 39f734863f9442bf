// doctor as a user runs it: against its own built-in receiver, and against real receivers on
// 127.0.0.1 that are careful, careless in one way each, or behind a self-signed certificate.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type RequestListener, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { runCli } from '../helpers/cli.js';
import { makeSelfSigned } from '../doctor/self-signed.js';

const SECRET = 'e2e-secret';

interface Faults {
  acceptForged?: boolean;
  throwOnMalformed?: boolean;
  redirectTo?: string;
  delayMs?: number;
}

interface JsonReport {
  ok: boolean;
  builtin: boolean;
  checks: Array<{ id: string; level: string; findings: Array<{ level: string; title: string; kb?: string }> }>;
  exchanges: Array<{ status?: number; requestId?: string }>;
}

/** A receiver written the way the README asks: verify, parse, answer fast; with one fault switched on per test. */
function receiver(faults: Faults = {}): RequestListener {
  let n = 0;
  return (req: IncomingMessage, res: ServerResponse) => {
    const id = `rid-${++n}`;
    const reply = (status: number, body: string, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', 'x-request-id': id, ...headers });
      res.end(body);
    };
    if (req.method !== 'POST') return reply(405, '{"error":"method"}', { allow: 'POST' });
    if (Number(req.headers['content-length']) > 1024 * 1024) {
      req.resume();
      return reply(413, '{"error":"too large"}', { connection: 'close' });
    }
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      if (faults.redirectTo) return reply(302, '', { location: faults.redirectTo });
      const expected = Buffer.from('sha256=' + createHmac('sha256', SECRET).update(body).digest('hex'));
      const got = Buffer.from(String(req.headers['x-signature'] ?? ''));
      const signed = got.length === expected.length && timingSafeEqual(got, expected);
      if (!signed && !faults.acceptForged) return reply(401, '{"error":"bad signature"}');
      let parsed: unknown;
      try {
        parsed = JSON.parse(body.toString('utf8'));
      } catch {
        if (faults.throwOnMalformed) return reply(500, '{"error":"SyntaxError: Unexpected token }"}');
        return reply(400, '{"error":"malformed JSON"}');
      }
      setTimeout(() => reply(200, JSON.stringify({ ok: true, got: typeof parsed })), faults.delayMs ?? 0);
    });
  };
}

const servers: Array<{ close(): void; closeAllConnections(): void }> = [];
after(() => servers.forEach((s) => (s.closeAllConnections(), s.close())));

async function serve(handler: RequestListener): Promise<string> {
  const server = createServer(handler).listen(0, '127.0.0.1');
  servers.push(server);
  await new Promise((r) => server.once('listening', r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;
}

async function doctorJson(args: string[]) {
  const r = await runCli(['doctor', ...args, '--json'], { timeoutMs: 30_000 });
  assert.equal(r.stderr.includes('unexpected error'), false, r.stderr);
  return { code: r.code, report: JSON.parse(r.stdout) as JsonReport, stderr: r.stderr };
}

const check = (report: JsonReport, id: string) => report.checks.find((c) => c.id === id)!;

test('doctor with no URL checks the built-in receiver: every check passes, with a note saying so', async () => {
  const r = await runCli(['doctor'], { timeoutMs: 30_000 });
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /note: this is the built-in receiver/);
  assert.match(r.stdout, /all checks passed/);
  assert.doesNotMatch(r.stdout, /│ (fail|warn) /);
  for (const label of ['URL', 'DNS', 'TCP connect', 'POST sample', 'Redirects', 'Malformed JSON', 'Signatures', 'GET', 'Payload limit', 'Burst']) {
    assert.match(r.stdout, new RegExp(`│ ${label}\\s`), `${label} row missing`);
  }
  assert.match(r.stdout, /rate limited with/);
});

test('a careful receiver passes, signatures included', async () => {
  const url = await serve(receiver());
  const { code, report } = await doctorJson([url, '--secret', SECRET, '--scheme', 'hmac-sha256']);
  assert.equal(code, 0, JSON.stringify(report.checks, null, 1));
  assert.equal(report.ok, true);
  const sig = check(report, 'signature').findings;
  assert.deepEqual(sig.map((f) => f.level), ['pass', 'pass', 'pass']);
  assert.match(sig[1]!.title, /tampered body rejected \(401\)/);
  assert.equal(check(report, 'dns').level, 'warn', 'loopback is flagged for a cloud sender');
});

test('a receiver that accepts forged signatures fails the signature check', async () => {
  const url = await serve(receiver({ acceptForged: true }));
  const { code, report } = await doctorJson([url, '--secret', SECRET, '--no-burst']);
  assert.equal(code, 1);
  const sig = check(report, 'signature');
  assert.equal(sig.level, 'fail');
  assert.match(sig.findings.find((f) => f.level === 'fail')!.title, /accepted \(200\): anyone can forge events/);
  assert.equal(check(report, 'post').level, 'pass');
});

test('a receiver that answers 500 to malformed JSON fails the malformed-body check', async () => {
  const url = await serve(receiver({ throwOnMalformed: true }));
  const { code, report } = await doctorJson([url, '--secret', SECRET, '--no-burst']);
  assert.equal(code, 1);
  const bad = check(report, 'malformed');
  assert.equal(bad.level, 'fail');
  assert.match(bad.findings[0]!.title, /answered 500: the handler throws/);
  assert.equal(bad.findings[0]!.kb, '500');
  assert.deepEqual(report.checks.filter((c) => c.level === 'fail').map((c) => c.id), ['malformed']);
});

test('a receiver that redirects the POST fails the redirect check', async () => {
  const url = await serve(receiver({ redirectTo: 'https://example.com/hooks/' }));
  const { code, report } = await doctorJson([url, '--no-burst']);
  assert.equal(code, 1);
  const redirect = check(report, 'redirect');
  assert.equal(redirect.level, 'fail');
  assert.match(redirect.findings[0]!.title, /302 → https:\/\/example\.com\/hooks\/: senders do not follow redirects/);
});

test('a receiver slower than the time budget fails the POST check, naming the budget', async () => {
  const url = await serve(receiver({ delayMs: 1300 }));
  const { code, report } = await doctorJson([url, '--secret', SECRET, '--timeout', '1', '--no-burst']);
  assert.equal(code, 1);
  const post = check(report, 'post');
  assert.equal(post.level, 'fail');
  assert.match(post.findings[0]!.title, /took \d+\.\d s; Generic webhook gives up after 1 s/);
});

test('a receiver that never answers fails the POST, and the checks after it are skipped rather than each timing out', async () => {
  const url = await serve((req) => req.resume());
  const { code, report } = await doctorJson([url, '--timeout', '0.4']);
  assert.equal(code, 1);
  assert.match(check(report, 'post').findings[0]!.title, /no answer within \d+\.\d s; Generic webhook gives up after 0\.4 s/);
  assert.match(check(report, 'burst').findings[0]!.title, /skipped: the POST got no answer/);
  // No long wait per check: the POST is the only request that was made (and waited for).
  assert.equal(report.exchanges.length, 1, JSON.stringify(report.exchanges));
});

test('--no-burst says so as the burst\'s reason even when an earlier failure stopped the checks', async () => {
  const url = await serve((req) => req.resume());
  const { report } = await doctorJson([url, '--timeout', '0.4', '--no-burst']);
  assert.equal(check(report, 'burst').findings[0]!.title, 'skipped (--no-burst)');
  assert.match(check(report, 'oversize').findings[0]!.title, /skipped: the POST got no answer/);
});

const tls = makeSelfSigned();
after(() => tls.cleanup());

test('a self-signed certificate is reported untrusted, and trusted with --cacert', async () => {
  const server = createHttpsServer({ cert: tls.cert, key: tls.key }, receiver()).listen(0, '127.0.0.1');
  servers.push(server);
  await new Promise((r) => server.once('listening', r));
  const url = `https://localhost:${(server.address() as AddressInfo).port}/hooks`;

  const untrusted = await doctorJson([url, '--no-burst']);
  assert.equal(untrusted.code, 1);
  const t = check(untrusted.report, 'tls');
  assert.equal(t.level, 'fail');
  assert.equal(t.findings[0]!.kb, 'DEPTH_ZERO_SELF_SIGNED_CERT');
  assert.match(check(untrusted.report, 'post').findings[0]!.title, /skipped: the certificate is not trusted/);

  const trusted = await doctorJson([url, '--cacert', tls.certFile, '--secret', SECRET, '--no-burst']);
  assert.equal(trusted.code, 0, JSON.stringify(trusted.report.checks, null, 1));
  assert.equal(check(trusted.report, 'tls').level, 'pass');
  assert.equal(check(trusted.report, 'url').level, 'pass');
});

test('--markdown writes a support-ticket report: time, target, each check, statuses and request ids', async () => {
  const url = await serve(receiver());
  const r = await runCli(['doctor', url, '--secret', SECRET, '--no-burst', '--markdown'], { timeoutMs: 30_000 });
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /\*\*Time \(UTC\):\*\* \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z/);
  assert.ok(r.stdout.includes(`\`${url}\``));
  assert.match(r.stdout, /\| Malformed JSON \| PASS \| malformed JSON answered 400/);
  assert.match(r.stdout, /\| \d+ \| post \| POST \| \d+ \| 200 \| rid-\d+ \|/);
  assert.doesNotMatch(r.stdout, new RegExp(SECRET), 'the secret never appears');
});

test('bad input is a usage error: exit 2 with a hint', async () => {
  const notUrl = await runCli(['doctor', 'example.com/hooks']);
  assert.equal(notUrl.code, 2);
  assert.match(notUrl.stderr, /not a URL: example\.com\/hooks\nhint: /);
  const both = await runCli(['doctor', '--json', '--markdown']);
  assert.equal(both.code, 2);
  const cacert = await runCli(['doctor', 'https://localhost:1/', '--cacert', '/nonexistent.pem']);
  assert.equal(cacert.code, 2);
  assert.match(cacert.stderr, /--cacert: cannot read \/nonexistent\.pem/);
  const timeout = await runCli(['doctor', '--timeout', 'soon']);
  assert.equal(timeout.code, 2);
  assert.match(timeout.stderr, /--timeout: expected a number of seconds, got "soon"/);
});
