// Findings for one request: Content-Type, JSON, Authorization, size, duplicates, framing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { inspectRequest } from '../../src/capture/inspect.js';
import { checkAuthorization } from '../../src/capture/authorization.js';
import { decodeBody } from '../../src/capture/content-encoding.js';
import type { Capture, HeaderPair } from '../../src/capture/capture.js';
import { getProfile, type Profile } from '../../src/profiles/index.js';
import { gzipSync } from 'node:zlib';

function capture(headers: HeaderPair[], body: string | Buffer, method = 'POST'): Capture {
  const b = Buffer.isBuffer(body) ? body : Buffer.from(body);
  // Every HTTP/1.1 client sends Host; a test of its absence builds the capture itself.
  const rawHeaders: HeaderPair[] = headers.some(([n]) => n.toLowerCase() === 'host') ? headers : [['Host', 'example.com'], ...headers];
  return { seq: 1, id: 'x-1', receivedAt: '2026-11-22T10:00:00.000Z', remoteAddress: '127.0.0.1', method, target: '/', httpVersion: '1.1', rawHeaders, body: b, bodyBytes: b.length, findings: [] };
}
const titles = (c: Capture, profile?: Profile) => inspectRequest(c, { profile }).findings.map((f) => `${f.level}: ${f.title}`);

test('a JSON body without Content-Type is a warning', () => {
  assert.ok(titles(capture([], '{"a":1}')).includes('warn: no Content-Type header'));
});

test('curl -d form encoding with a JSON body is named', () => {
  const t = titles(capture([['Content-Type', 'application/x-www-form-urlencoded']], '{"a":1}'));
  assert.ok(t.some((x) => x.startsWith('warn: Content-Type is application/x-www-form-urlencoded but the body is JSON')), t.join('\n'));
});

test('invalid JSON under application/json fails with line and column', () => {
  const r = inspectRequest(capture([['content-type', 'application/json; charset=utf-8']], '{\n  "a": 1\n  "b": 2\n}'));
  const f = r.findings.find((x) => x.level === 'fail')!;
  assert.match(f.title, /not valid JSON: .* at line 3, column 3/);
  assert.equal(f.kb, '400');
  assert.equal(r.json, undefined);
});

test('valid JSON passes and is returned parsed', () => {
  const r = inspectRequest(capture([['Content-Type', 'application/json']], '{"a":[1]}'));
  assert.deepEqual(r.json, { value: { a: [1] } });
  assert.deepEqual(r.findings.map((f) => f.level), ['pass']);
});

test('a non-UTF-8 charset on JSON is a warning', () => {
  assert.ok(titles(capture([['Content-Type', 'application/json; charset=iso-8859-1']], '{}')).includes('warn: Content-Type declares charset=iso-8859-1'));
});

test('duplicate headers: singletons warn, others are informational', () => {
  const t = titles(capture([['Content-Type', 'application/json'], ['content-type', 'application/json'], ['X-Tag', 'a'], ['x-tag', 'b']], '{}'));
  assert.ok(t.includes('warn: header content-type sent 2 times (same value)'), t.join('\n'));
  assert.ok(t.includes('info: header x-tag sent 2 times'));
});

test('chunked framing is noted', () => {
  assert.ok(titles(capture([['Transfer-Encoding', 'chunked'], ['Content-Type', 'application/json']], '{}')).some((t) => t.startsWith('info: body sent with Transfer-Encoding: chunked')));
});

test('lines ending in a bare LF are a warning: strict receivers refuse the request', () => {
  const c = { ...capture([['Content-Type', 'application/json']], '{}'), bareLf: true };
  assert.ok(titles(c).includes('warn: lines of the request end with a bare LF, not CRLF'));
  assert.ok(!titles(capture([['Content-Type', 'application/json']], '{}')).some((t) => /bare LF/.test(t)));
});

test('a body over the profile limit fails with the sender named', () => {
  const parapetLike: Profile = { ...getProfile('generic'), displayName: 'Parapet', payloadLimitBytes: 1024 * 1024 };
  const t = titles(capture([['Content-Type', 'application/json']], `{"log":"${'x'.repeat(1024 * 1024)}"}`), parapetLike);
  assert.ok(t.some((x) => /^fail: body is 1\.0 MB, over Parapet's 1\.0 MB limit/.test(x)), t.join('\n'));
});

test('an empty POST is a warning; a bodiless GET is not', () => {
  assert.ok(titles(capture([], '')).includes('warn: POST with an empty body'));
  assert.deepEqual(titles(capture([], '', 'GET')), []);
});

test('Authorization: quotes, missing scheme, empty, stray whitespace, doubled scheme; tokens masked', () => {
  const t = (v: string, o = {}) => checkAuthorization([v], o).map((f) => `${f.level}: ${f.title}`);
  assert.match(t('Bearer "pst_0123456789abcdef"').join(), /fail: Authorization value is wrapped in quotes: Bearer "pst_…\(20 chars\)"/);
  assert.match(t('pst_0123456789abcdef').join(), /warn: Authorization has no "Bearer" scheme/);
  assert.match(t('pst_0123456789abcdef', { expectBearer: true }).join(), /fail: Authorization has no "Bearer" scheme/);
  assert.match(t('').join(), /fail: Authorization header is empty/);
  assert.match(t('Bearer').join(), /fail: Authorization says "Bearer" but carries no token/);
  assert.match(t('Bearer  abc').join(), /warn: Authorization has stray whitespace/);
  assert.match(t('Bearer Bearer abc').join(), /fail: Authorization repeats the scheme/);
  assert.deepEqual(t('Bearer abcdefghijklmnop'), []);
  assert.doesNotMatch(t('xyz0123456789abcdef').join(), /0123456789/);
  assert.match(t('xyz0123456789abcdef', { showSecrets: true }).join(), /xyz0123456789abcdef/);
  assert.match(checkAuthorization([], { expectBearer: true, sender: 'Parapet' })[0]!.detail!, /Parapet/);
});

test('gzip bodies are decoded and said so; a lying Content-Encoding fails; a bomb is bounded', () => {
  const d = decodeBody(gzipSync('{"a":1}'), 'gzip', 1000);
  assert.equal(d.body!.toString(), '{"a":1}');
  assert.match(d.finding!.title, /gzip-encoded: \d+ bytes on the wire, 7 decoded/);
  assert.equal(decodeBody(Buffer.from('{"a":1}'), 'gzip', 1000).finding!.level, 'fail');
  const bomb = decodeBody(gzipSync(Buffer.alloc(100_000)), 'gzip', 1000);
  assert.equal(bomb.body, undefined);
  assert.match(bomb.finding!.title, /more than 1000 bytes/);
});

test('a lower-cased method is named (methods are case-sensitive); an unusual but upper-case one is not', () => {
  const lower = inspectRequest(capture([['Content-Type', 'application/json']], '{}', 'post')).findings;
  assert.ok(lower.some((f) => f.level === 'warn' && /method "post" is not POST/.test(f.title) && f.kb === '405'), JSON.stringify(lower));
  for (const m of ['POST', 'PROPFIND', 'DELETE']) {
    assert.ok(!inspectRequest(capture([['Content-Type', 'application/json']], '{}', m)).findings.some((f) => /method/.test(f.title)), m);
  }
});

// inspect.ts remembers the last request's header names (lower-cased) and media type, and the last valid-JSON
// finding: a request unlike the one before must get its own findings, not the remembered ones.
test('one request after another: each is read with its own header names and Content-Type', () => {
  const json = '{"a":1}';
  assert.ok(!titles(capture([['Content-Type', 'application/json']], json)).includes('warn: no Content-Type header'));
  // The same number of headers, another name at the same place.
  assert.ok(titles(capture([['Content-Tipe', 'application/json']], json)).includes('warn: no Content-Type header'));
  // The name as before, another case: still Content-Type.
  assert.ok(!titles(capture([['CONTENT-TYPE', 'application/json']], json)).includes('warn: no Content-Type header'));
  assert.ok(titles(capture([['Content-Type', 'text/plain']], json)).some((t) => t.startsWith('warn: Content-Type is text/plain but the body is JSON')));
  assert.ok(!titles(capture([['Content-Type', 'Application/JSON; charset=utf-8']], json)).some((t) => t.includes('but the body is JSON')));
});

test('bodies of one size share one frozen valid-JSON finding; another size gets its own', () => {
  const pass = (body: string) => inspectRequest(capture([['Content-Type', 'application/json']], body)).findings.find((f) => f.level === 'pass')!;
  const a = pass('{"a":1}');
  const b = pass('{"b":2}');
  assert.equal(a, b);
  assert.ok(Object.isFrozen(a));
  const c = pass('{"ab":12}');
  assert.equal(c.title, 'body is valid JSON (9 bytes)');
  assert.equal(a.title, 'body is valid JSON (7 bytes)');
});

test('a well-formed Bearer token checked before does not hide a malformed one after it', () => {
  assert.deepEqual(checkAuthorization(['Bearer abc123']), []);
  assert.deepEqual(checkAuthorization(['Bearer abc123']), []);
  assert.ok(checkAuthorization(['Bearer  abc123']).some((f) => f.title.startsWith('Authorization has stray whitespace')));
  assert.ok(checkAuthorization(['"Bearer abc123"']).some((f) => f.title.startsWith('Authorization value is wrapped in quotes')));
  assert.deepEqual(checkAuthorization(['Bearer abc123']), []);
});
