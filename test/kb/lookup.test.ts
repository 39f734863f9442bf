// Finding entries: every form a user types or pastes, and every form other commands ask for.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getEntry, keyForStatus, keyForError, lookup, suggest, typedStatuses } from '../../src/kb/index.js';
import { recogniseText } from '../../src/kb/recognise.js';

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

test('pasted log lines are read by the pattern tables', () => {
  const pasted = (q: string) => recogniseText(q).map((h) => h.key);
  assert.deepEqual(pasted('Error: read ECONNRESET'), ['ECONNRESET']);
  assert.deepEqual(pasted('HTTP/1.1 503 Service Unavailable'), ['503']);
  assert.deepEqual(pasted('getaddrinfo ENOTFOUND hooks.example.com'), ['ENOTFOUND']);
  assert.deepEqual(pasted('ConnectTimeoutError: Connect Timeout Error (attempted address: x:443, timeout: 10000ms) code: UND_ERR_CONNECT_TIMEOUT'), ['UND_ERR_CONNECT_TIMEOUT']);
  assert.deepEqual(pasted('webhook returned 502 Bad Gateway'), ['502']);
  assert.deepEqual(typedStatuses('got a 429 again').map((e) => e.key), ['429']);
});

test('lookup: nothing for unknown input', () => {
  assert.deepEqual(keys('frobnicate'), []);
  assert.deepEqual(keys('600'), []);
  assert.deepEqual(keys(''), []);
});


test('a bare timeout counts only when nothing more specific is on the line', () => {
  assert.deepEqual(recogniseText('request timeout after 20s').map((m) => m.key), ['timeout']);
  assert.deepEqual(recogniseText('connect ETIMEDOUT 10.0.0.1:443 (timeout)').map((m) => m.key), ['ETIMEDOUT']);
});

test('suggest offers close keys and aliases', () => {
  assert.ok(suggest('ECONNRESTE').includes('ECONNRESET'));
  assert.ok(suggest('too many request').includes('429'));
  assert.ok(suggest('econn').some((k) => k.startsWith('ECONN')));
  assert.deepEqual(suggest('zzzzzzzzzzzz'), []);
});
