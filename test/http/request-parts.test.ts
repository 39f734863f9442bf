import { test } from 'node:test';
import assert from 'node:assert/strict';
import { composeHeaders, parseHeaderArg } from '../../src/http/outgoing.js';
import { shellQuote, toCurl } from '../../src/http/curl-command.js';
import { ratePerSecond, percentile, summarizeBurst } from '../../src/http/burst.js';
import { findRequestId } from '../../src/http/deliver.js';
import type { Delivery } from '../../src/http/delivery.js';

test('-H lines split at the first colon; a line without a name is refused', () => {
  assert.deepEqual(parseHeaderArg('X-Trace: a:b '), ['X-Trace', 'a:b']);
  assert.equal(parseHeaderArg('no colon'), undefined);
  assert.equal(parseHeaderArg(': v'), undefined);
  assert.equal(parseHeaderArg('Bad Name: v'), undefined);
});

test('headers: content type first unless given, token as Bearer and marked secret, signature last', () => {
  const o = composeHeaders({ body: Buffer.from('{}'), contentType: 'application/json', headers: [['X-A', '1']], token: 't0k', signature: [['X-Signature', 'sha256=ab']] });
  assert.deepEqual(o.headers, [['Content-Type', 'application/json'], ['X-A', '1'], ['Authorization', 'Bearer t0k'], ['X-Signature', 'sha256=ab']]);
  assert.deepEqual([...o.secretHeaders], ['authorization']);
  const own = composeHeaders({ body: Buffer.from('x'), contentType: 'application/json', headers: [['content-type', 'text/plain']] });
  assert.deepEqual(own.headers, [['content-type', 'text/plain']]);
});

test('shell quoting survives quotes and newlines', () => {
  assert.equal(shellQuote('plain-word'), 'plain-word');
  assert.equal(shellQuote("it's\nok"), `'it'\\''s\nok'`);
});

test('toCurl: text body as --data-raw, binary through printf, method and TLS flags carried', () => {
  const text = toCurl({ url: 'https://h/x', headers: [['A', 'b c']], body: Buffer.from('@not-a-file'), timeoutMs: 5000 }, { insecure: true });
  assert.equal(text, "curl -sS -H 'A: b c' --data-raw @not-a-file --max-time 5 -k https://h/x");
  const bin = toCurl({ url: 'http://h/', method: 'PUT', headers: [], body: Buffer.from([0, 37, 92, 65]), timeoutMs: 30000 });
  assert.equal(bin, "printf '\\000\\045\\134A' | curl -sS -X PUT --data-binary @- --max-time 30 http://h/");
});

test('rates read per second or per minute', () => {
  assert.equal(ratePerSecond('5/s'), 5);
  assert.equal(ratePerSecond('50/min'), 50 / 60);
  assert.equal(ratePerSecond('2'), undefined, 'a rate needs its unit, as flush requires');
  assert.equal(ratePerSecond('fast'), undefined);
  assert.equal(ratePerSecond('0/s'), undefined);
});

test('nearest-rank percentiles and a burst summary', () => {
  const xs = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
  assert.equal(percentile(xs, 50), 5);
  assert.equal(percentile(xs, 90), 9);
  assert.equal(percentile(xs, 99), 10);
  const d = (status: number | undefined, total: number): Delivery => ({
    request: { url: 'u', headers: [], timeoutMs: 1 }, timings: { total }, attempts: [], ok: status === 200, retryable: false,
    ...(status ? { response: { status, statusText: '', headers: [], body: Buffer.alloc(0) } } : { error: { code: 'ECONNRESET', message: '' } }),
  });
  const s = summarizeBurst([d(200, 10), d(429, 30), d(200, 20), d(undefined, 40)], 1000);
  assert.deepEqual(s.outcomes, { 200: 2, 429: 1, ECONNRESET: 1 });
  assert.equal(s.delivered, 2);
  assert.equal(s.latencyMs.p50, 20);
  assert.equal(s.achievedRate, 4);
});

test('request ids come from headers first, then a JSON body one level deep', () => {
  assert.equal(findRequestId([['X-Request-Id', 'h1']], Buffer.from('{"request_id":"b1"}')), 'h1');
  assert.equal(findRequestId([], Buffer.from('{"error":{"requestId":"b2"}}')), 'b2');
  assert.equal(findRequestId([], Buffer.from('not json')), undefined);
  assert.equal(findRequestId([], Buffer.from('\n  {"request_id":"b3"}')), 'b3');
  assert.equal(findRequestId([], Buffer.from('[{"request_id":"in-an-array"}]')), undefined);
});
