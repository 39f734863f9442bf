import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createDispatcher, deliver } from '../../src/http/deliver.js';

function serve(handler: http.RequestListener): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer(handler);
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${port}/hook`,
        close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }),
      });
    });
  });
}

function readBody(req: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
  });
}

test('delivers the body byte for byte and headers in order and case', async () => {
  let got: { body: Buffer; raw: string[] } | undefined;
  const srv = await serve(async (req, res) => {
    got = { body: await readBody(req), raw: req.rawHeaders };
    res.setHeader('X-Request-Id', 'req_42');
    res.end('{"ok":true}');
  });
  const body = Buffer.from('{ "a" : 1,\r\n "é": "\\u0000" }\n');
  const d = await deliver({ url: srv.url, headers: [['X-First', '1'], ['content-type', 'application/json']], body, timeoutMs: 5000 });
  await srv.close();
  assert.equal(d.ok, true);
  assert.deepEqual(got!.body, body);
  assert.deepEqual(got!.raw.filter((h) => h === 'X-First' || h === 'content-type'), ['X-First', 'content-type']);
  assert.equal(d.response?.requestId, 'req_42');
  assert.equal(d.kb, undefined);
  assert.ok(d.timings.connect !== undefined && d.timings.firstByte! >= d.timings.connect && d.timings.total >= d.timings.firstByte!);
});

test('429 with Retry-After is retried after the wait, then succeeds', async () => {
  let n = 0;
  const srv = await serve((_req, res) => {
    n++;
    if (n === 1) res.writeHead(429, { 'Retry-After': '1' }).end();
    else res.end('ok');
  });
  const started = Date.now();
  const seen: number[] = [];
  const d = await deliver({ url: srv.url, headers: [], body: Buffer.from('x'), timeoutMs: 5000 }, { retries: 2, onAttempt: (a) => seen.push(a.response!.status) });
  await srv.close();
  assert.equal(d.ok, true);
  assert.deepEqual(seen, [429, 200]);
  assert.equal(d.attempts[0]!.waitMs, 1000);
  assert.ok(Date.now() - started >= 950);
});

test('a 400 is tried once however many retries are allowed', async () => {
  let n = 0;
  const srv = await serve((_req, res) => { n++; res.writeHead(400).end('{"error":"bad","request_id":"r1"}'); });
  const d = await deliver({ url: srv.url, headers: [], timeoutMs: 5000 }, { retries: 3 });
  await srv.close();
  assert.equal(n, 1);
  assert.equal(d.ok, false);
  assert.equal(d.retryable, false);
  assert.equal(d.kb, '400');
  assert.equal(d.response?.requestId, 'r1');
});

test('5xx retries use full-jitter backoff and report the last answer', async () => {
  let n = 0;
  const srv = await serve((_req, res) => { n++; res.writeHead(503).end(); });
  const d = await deliver({ url: srv.url, headers: [], timeoutMs: 5000 }, { retries: 2, baseDelayMs: 20, maxDelayMs: 40 });
  await srv.close();
  assert.equal(n, 3);
  assert.equal(d.attempts.length, 3);
  assert.ok(d.attempts[0]!.waitMs! < 20 && d.attempts[1]!.waitMs! < 40);
  assert.equal(d.kb, '503');
  assert.equal(d.retryable, true);
});

test('a handler slower than the timeout fails as a timeout, in time', async () => {
  const srv = await serve((_req, res) => { setTimeout(() => res.end('late'), 3000).unref(); });
  const started = Date.now();
  const d = await deliver({ url: srv.url, headers: [], timeoutMs: 300 });
  const took = Date.now() - started;
  await srv.close();
  assert.equal(d.error?.code, 'UND_ERR_HEADERS_TIMEOUT');
  assert.equal(d.kb, 'UND_ERR_HEADERS_TIMEOUT');
  assert.ok(took < 1500, `took ${took} ms`);
});

test('connection refused is an error in the result, not an exception', async () => {
  const srv = await serve(() => {});
  const url = srv.url;
  await srv.close();
  const d = await deliver({ url, headers: [], timeoutMs: 2000 });
  assert.equal(d.error?.code, 'ECONNREFUSED');
  assert.equal(d.retryable, true);
  assert.equal(d.response, undefined);
});

test('a shared dispatcher keeps the connection: the second attempt reports it reused', async () => {
  const srv = await serve((_req, res) => res.end('ok'));
  const dispatcher = createDispatcher();
  const a = await deliver({ url: srv.url, headers: [], timeoutMs: 2000 }, { dispatcher });
  await new Promise((r) => setTimeout(r, 30)); // let undici put the socket back in its pool
  const b = await deliver({ url: srv.url, headers: [], timeoutMs: 2000 }, { dispatcher });
  await dispatcher.close();
  await srv.close();
  assert.equal(a.attempts[0]!.connection?.reused, false);
  assert.equal(b.attempts[0]!.connection?.reused, true);
  assert.equal(b.timings.connect, undefined);
  assert.match(a.attempts[0]!.requestHead!, /^POST \/hook HTTP\/1\.1\r\n/);
});
