// Finding entries: every form a user types or pastes, and every form other commands ask for.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getEntry, keyForStatus, keyForError, lookup, scanLog, suggest } from '../../src/kb/index.js';

const keys = (q: string) => lookup(q).map((e) => e.key);

test('getEntry is case-insensitive', () => {
  assert.equal(getEntry('econnreset')?.key, 'ECONNRESET');
  assert.equal(getEntry('4XX')?.key, '4xx');
  assert.equal(getEntry('Signature-Mismatch')?.key, 'signature-mismatch');
  assert.equal(getEntry('nope'), undefined);
});

test('keyForStatus gives the code when it has an entry, else its class', () => {
  assert.equal(keyForStatus(429), '429');
  assert.equal(keyForStatus(418), '4xx');
  assert.equal(keyForStatus(511), '5xx');
  assert.equal(keyForStatus(204), '2xx');
  assert.equal(keyForStatus(308), '308');
});

test('keyForError maps Node, OpenSSL and undici codes', () => {
  assert.equal(keyForError('ECONNRESET'), 'ECONNRESET');
  assert.equal(keyForError('und_err_headers_timeout'), 'UND_ERR_HEADERS_TIMEOUT');
  assert.equal(keyForError('ENETUNREACH'), 'EHOSTUNREACH');
  assert.equal(keyForError('UNABLE_TO_GET_ISSUER_CERT_LOCALLY'), 'UNABLE_TO_VERIFY_LEAF_SIGNATURE');
  assert.equal(keyForError('ERR_SSL_WRONG_VERSION_NUMBER'), 'https-to-http-port');
  assert.equal(keyForError('TimeoutError'), 'timeout');
  assert.equal(keyForError('UND_ERR_CLOSED'), 'UND_ERR_SOCKET');
  assert.equal(keyForError('ERR_INVALID_URL'), undefined);
  assert.equal(keyForError('429'), undefined);
});

test('lookup: codes, classes and statuses without their own entry', () => {
  assert.deepEqual(keys('429'), ['429']);
  assert.deepEqual(keys('4xx'), ['4xx']);
  assert.deepEqual(keys('418'), ['4xx']);
  assert.deepEqual(keys('econnreset'), ['ECONNRESET']);
  assert.deepEqual(keys('UND_ERR_HEADERS_TIMEOUT'), ['UND_ERR_HEADERS_TIMEOUT']);
  assert.deepEqual(keys('cert_has_expired'), ['CERT_HAS_EXPIRED']);
  assert.deepEqual(keys('ENETUNREACH'), ['EHOSTUNREACH']);
});

test('lookup: names and aliases, any case and spacing', () => {
  assert.deepEqual(keys('too many requests'), ['429']);
  assert.deepEqual(keys('Too  Many Requests'), ['429']);
  assert.deepEqual(keys('signature mismatch'), ['signature-mismatch']);
  assert.deepEqual(keys('service unavailable'), ['503']);
  assert.deepEqual(keys('broken pipe'), ['EPIPE']);
});

test('lookup: pasted log lines', () => {
  assert.deepEqual(keys('Error: read ECONNRESET'), ['ECONNRESET']);
  assert.deepEqual(keys('HTTP/1.1 503 Service Unavailable'), ['503']);
  assert.deepEqual(keys('getaddrinfo ENOTFOUND hooks.example.com'), ['ENOTFOUND']);
  assert.deepEqual(keys('ConnectTimeoutError: Connect Timeout Error (attempted address: x:443, timeout: 10000ms) code: UND_ERR_CONNECT_TIMEOUT'), ['UND_ERR_CONNECT_TIMEOUT']);
  assert.deepEqual(keys('webhook returned 502 Bad Gateway'), ['502']);
  assert.deepEqual(keys('got a 429 again'), ['429']);
});

test('lookup: nothing for unknown input', () => {
  assert.deepEqual(keys('frobnicate'), []);
  assert.deepEqual(keys('600'), []);
  assert.deepEqual(keys(''), []);
});

test('scanLog finds every code in order, once each, with its line', () => {
  const log = [
    '2026-11-22T10:00:00Z POST /hook -> HTTP/1.1 200 OK',
    '2026-11-22T10:00:01Z delivery failed: Error: read ECONNRESET',
    '2026-11-22T10:00:02Z status=429 retry in 30s',
    '2026-11-22T10:00:03Z again: read ECONNRESET',
    '2026-11-22T10:00:04Z hook-error: Sleeping, too many errors, please wait and try again',
    '2026-11-22T10:00:05Z took 503ms port 8443',
  ].join('\n');
  const found = scanLog(log);
  assert.deepEqual(found.map((m) => m.key), ['2xx', 'ECONNRESET', '429', 'throttled']);
  assert.equal(found[1]!.lineNumber, 2);
  assert.match(found[1]!.line, /delivery failed/);
  assert.equal(found[2]!.match, 'status=429');
});

test('scanLog: a bare timeout counts only when nothing more specific is on the line', () => {
  assert.deepEqual(scanLog('request timeout after 20s').map((m) => m.key), ['timeout']);
  assert.deepEqual(scanLog('connect ETIMEDOUT 10.0.0.1:443 (timeout)').map((m) => m.key), ['ETIMEDOUT']);
});

test('suggest offers close keys and aliases', () => {
  assert.ok(suggest('ECONNRESTE').includes('ECONNRESET'));
  assert.ok(suggest('too many request').includes('429'));
  assert.ok(suggest('econn').some((k) => k.startsWith('ECONN')));
  assert.deepEqual(suggest('zzzzzzzzzzzz'), []);
});
