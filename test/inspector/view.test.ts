// What the page is sent for a stored capture: the detail's parts, each from the domain code that owns it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { storedFromInput } from '../../src/history/store.js';
import { detailOf, harOf } from '../../src/inspector/view.js';
import { tokenMatches } from '../../src/inspector/server.js';

const stored = (over: { headers?: Array<[string, string]>; body?: Buffer; findings?: any[]; sender?: string; forward?: any } = {}) => storedFromInput({
  capture: {
    seq: 1, id: '2026-11-22T10-00-00.000Z-1', receivedAt: '2026-11-22T10:00:00.000Z', remoteAddress: '127.0.0.1', method: 'POST', target: '/hooks?x=1', httpVersion: '1.1',
    rawHeaders: over.headers ?? [['Host', '127.0.0.1:8080'], ['Authorization', 'Bearer pst_0123456789abcdef'], ['Content-Type', 'application/json']],
    body: over.body ?? Buffer.from('{"a":1}'), bodyBytes: (over.body ?? Buffer.from('{"a":1}')).length,
    findings: over.findings ?? [{ level: 'fail', title: 'Authorization value is wrapped in quotes', kb: '401' }, { level: 'fail', title: 'Signature does not match (github)', kb: 'signature-mismatch' }],
  },
  answer: { kind: 'relay', status: 202, ms: 12 },
  listenUrl: 'http://127.0.0.1:8080',
  ...(over.sender ? { sender: over.sender } : {}),
  ...(over.forward ? { forward: over.forward } : {}),
});

test('the detail: request line, headers as stored (the credential masked, its place said), findings explained, the signature apart, curl', () => {
  const d = detailOf(stored(), { fallbackBase: 'http://127.0.0.1' });
  assert.equal(d.requestLine, 'POST /hooks?x=1 HTTP/1.1');
  assert.deepEqual(d.rawHeaders.map(([n]) => n), ['Host', 'Authorization', 'Content-Type']);
  assert.doesNotMatch(d.rawHeaders[1]![1], /0123456789abcdef/);
  assert.deepEqual(d.maskedHeaders, [1]);
  assert.equal(d.findings[0]!.explanation?.command, 'webhook-doctor explain 401');
  assert.match(d.findings[0]!.explanation!.meaning, /\S/);
  assert.equal(d.signature.verdict, 'invalid');
  assert.deepEqual(d.signature.findings.map((f) => f.kb), ['signature-mismatch']);
  assert.equal(Buffer.from(d.body, 'base64').toString(), '{"a":1}');
  assert.match(d.curl, /^curl -sS .*--data-raw '\{"a":1\}' .*'http:\/\/127\.0\.0\.1:8080\/hooks\?x=1'$/);
  assert.equal(d.budget.sender, 'Generic webhook');
});

test('a gzip body is decoded for the page; the sender\'s profile sets the budget; the app\'s answer comes along', () => {
  const d = detailOf(stored({
    headers: [['Host', 'h'], ['Content-Encoding', 'gzip']], body: gzipSync('{"z":true}'), findings: [], sender: 'cloudaipilot',
    forward: { url: 'http://127.0.0.1:3000/hooks', ms: 14_500, status: 200, headers: [], body: Buffer.from('ok') },
  }), { fallbackBase: 'http://127.0.0.1' });
  assert.equal(d.decoded?.encoding, 'gzip');
  assert.equal(Buffer.from(d.decoded!.body, 'base64').toString(), '{"z":true}');
  assert.equal(d.signature.verdict, 'not checked');
  assert.deepEqual(d.budget, { seconds: 10, sender: 'CloudAIPilot', assumed: false });
  assert.equal(d.forward?.status, 200);
  assert.equal(d.forward?.ms, 14_500);
  assert.equal(Buffer.from(d.forward!.body, 'base64').toString(), 'ok');
});

test('the HAR of one capture is listen --har\'s entry: headers in order, the body as text', () => {
  const har = harOf(stored(), { fallbackBase: 'http://127.0.0.1', version: '1.2.3' }) as any;
  assert.equal(har.log.creator.version, '1.2.3');
  const [entry] = har.log.entries;
  assert.equal(entry.request.url, 'http://127.0.0.1:8080/hooks?x=1');
  assert.deepEqual(entry.request.headers.map((h: any) => h.name), ['Host', 'Authorization', 'Content-Type']);
  assert.equal(entry.request.postData.text, '{"a":1}');
  assert.equal(entry.response.status, 202);
});

test('tokens compare whole: a prefix, a longer string or nothing is no match', () => {
  assert.equal(tokenMatches('abcdef', 'abcdef'), true);
  assert.equal(tokenMatches('abcde', 'abcdef'), false);
  assert.equal(tokenMatches('abcdefg', 'abcdef'), false);
  assert.equal(tokenMatches(undefined, 'abcdef'), false);
  assert.equal(tokenMatches('', 'abcdef'), false);
});
