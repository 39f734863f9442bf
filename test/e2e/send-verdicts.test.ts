// What send says when the connection itself fails: every address tried, and a protocol mix-up recognised
// (which side speaks TLS), with the connect time kept. Real servers on loopback.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { runCli } from '../helpers/cli.js';
import { makeSelfSigned } from '../doctor/self-signed.js';

const tls = makeSelfSigned();
const closers: Array<() => void> = [];
after(() => {
  closers.forEach((c) => c());
  tls.cleanup();
});

async function listen(server: http.Server | https.Server): Promise<number> {
  server.listen(0, '127.0.0.1');
  closers.push(() => (server.closeAllConnections(), server.close()));
  await new Promise((r) => server.once('listening', r));
  return (server.address() as AddressInfo).port;
}

test('send http://localhost:1/h names every address it tried, not a bare ECONNREFUSED', async () => {
  const r = await runCli(['send', 'http://localhost:1/h']);
  assert.equal(r.code, 1);
  assert.match(r.stdout, /ECONNREFUSED at every address tried: 127\.0\.0\.1:1, \[::1\]:1/);
  assert.doesNotMatch(r.stdout, /--host 0\.0\.0\.0/, 'a loopback target needs no listener on every interface');
});

test('plain HTTP to a TLS port: said to be the mix-up it is, with the https:// URL and the connect time', async () => {
  const port = await listen(https.createServer({ cert: tls.cert, key: tls.key }, (_q, s) => s.end('ok')));
  const r = await runCli(['send', `http://127.0.0.1:${port}/h`]);
  assert.equal(r.code, 1);
  assert.match(r.stdout, new RegExp(`the receiver at 127\\.0\\.0\\.1:${port} speaks TLS, but this request was plain HTTP .*use https://127\\.0\\.0\\.1:${port}/h`));
  assert.doesNotMatch(r.stdout, /idle keep-alive|crashed/);
  assert.match(r.stdout, /connect \d+(\.\d)? ms/);
  const j = await runCli(['send', `http://127.0.0.1:${port}/h`, '--json']);
  const out = JSON.parse(j.stdout) as { kb: { key: string }; diagnosis: string };
  assert.equal(out.kb.key, 'http-to-https-port');
  assert.match(out.diagnosis, /speaks TLS/);
});

test('an http:// URL gets no openssl s_client hint for a reset it cannot tie to TLS', async () => {
  const { explanationFor } = await import('../../src/ui/delivery.js');
  for (const key of ['ECONNRESET', 'UND_ERR_SOCKET', 'EPROTO']) {
    const e = await explanationFor(key, 'http://127.0.0.1:8080/h');
    assert.ok(e, key);
    assert.ok(e!.next.every((n) => !n.command?.startsWith('openssl ')), `${key}: ${JSON.stringify(e!.next)}`);
  }
});

test('HTTPS to a plain-HTTP port: the receiver speaks plain HTTP; the timing line shows that TCP connected', async () => {
  const port = await listen(http.createServer((q, s) => (q.resume(), s.end('ok'))));
  const r = await runCli(['send', `https://127.0.0.1:${port}/h`]);
  assert.equal(r.code, 1);
  assert.match(r.stdout, new RegExp(`the receiver at 127\\.0\\.0\\.1:${port} speaks plain HTTP, but this request spoke TLS .*use http://127\\.0\\.0\\.1:${port}/h`));
  assert.match(r.stdout, /timing +dns — +connect \d+(\.\d)? ms +tls —/);
  assert.doesNotMatch(r.stdout, /ssl3_get_record|deps\/openssl/, 'the OpenSSL reason, not its source path');
  const j = JSON.parse((await runCli(['send', `https://127.0.0.1:${port}/h`, '--json'])).stdout) as { kb: { key: string } };
  assert.equal(j.kb.key, 'https-to-http-port');
});

async function answering(status: number, delayMs = 0): Promise<string> {
  const port = await listen(http.createServer((q, s) => {
    q.resume();
    q.on('end', () => setTimeout(() => s.writeHead(status, { 'content-type': 'application/json' }).end('{"error":"x"}'), delayMs).unref());
  }));
  return `http://127.0.0.1:${port}/h`;
}

const hintLines = (stdout: string) => stdout.split('\n').map((l) => l.trim()).filter((l) => l.startsWith('webhook-doctor ') || l.includes('; webhook-doctor '));

test('hints after a failed send repeat what the user ran: their URL and -d body, never a file they do not have or another profile', async () => {
  const url = await answering(500);
  const r = await runCli(['send', url, '-d', '{"alert":"disk full"}']);
  assert.equal(r.code, 1);
  const hints = hintLines(r.stdout);
  assert.ok(hints.length >= 1, r.stdout);
  for (const h of hints) {
    if (h.startsWith('webhook-doctor send')) assert.ok(h.startsWith(`webhook-doctor send ${url} -d '{"alert":"disk full"}'`), h);
    assert.doesNotMatch(h, /@alert\.json|@body\.json/);
  }
});

test('the 503 hint drains the spool only when send queued the payload (send exits 1 after spooling; after a success there is no spool to flush)', async () => {
  const url = await answering(503);
  const r = await runCli(['send', url, '-d', '{}']);
  const spool = hintLines(r.stdout).find((h) => h.includes('--spool'));
  assert.ok(spool, r.stdout);
  assert.doesNotMatch(spool!, /&&/);
  assert.match(spool!, /--spool \.\/spool \|\| webhook-doctor flush \.\/spool/);
});

test('the timeout hint keeps the user\'s profile and budget: no switch to --profile particle', async () => {
  const url = await answering(200, 3000);
  const r = await runCli(['send', url, '--timeout', '0.5']);
  assert.equal(r.code, 1);
  assert.doesNotMatch(r.stdout, /--profile particle/);
  const sends = hintLines(r.stdout).filter((h) => h.startsWith('webhook-doctor send'));
  assert.ok(sends.length, r.stdout);
  for (const h of sends) assert.match(h, /--timeout (0\.5|\d+)/, h);
});
