// Judging a relayed answer by the sender's rules, and which headers a relay drops.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { forwardTarget, judgeForward, relayHeaders } from '../../src/capture/forward.js';
import { getProfile, type Profile } from '../../src/profiles/index.js';

const tenSeconds: Profile = { ...getProfile('generic'), displayName: 'CloudAIPilot', timeBudgetSeconds: 10, successCodes: [200], retryableCodes: [500] };

test('an answer slower than the time budget fails with both figures', () => {
  const f = judgeForward({ url: 'http://127.0.0.1:3000/', ms: 14_200, status: 200, headers: [], body: Buffer.alloc(0) }, tenSeconds);
  assert.equal(f[0]!.level, 'pass');
  assert.equal(f[1]!.title, 'took 14.2 s; CloudAIPilot gives up after 10 s');
  assert.equal(f[1]!.level, 'fail');
});

test('a status outside the success codes fails; a redirect is called out', () => {
  const f = judgeForward({ url: 'u', ms: 5, status: 202, headers: [], body: Buffer.alloc(0) }, tenSeconds);
  assert.equal(f[0]!.title, 'app answered 202; CloudAIPilot counts only 200 as delivered');
  const r = judgeForward({ url: 'u', ms: 5, status: 301, headers: [], body: Buffer.alloc(0) }, tenSeconds);
  assert.match(r[0]!.detail!, /redirect/);
  assert.equal(judgeForward({ url: 'u', ms: 6_000, status: 200 }, tenSeconds)[1]!.level, 'warn');
});

test('a connection error names its code as the kb key', () => {
  const f = judgeForward({ url: 'u', ms: 1, error: { code: 'ECONNREFUSED', message: 'connect ECONNREFUSED' } }, tenSeconds);
  assert.equal(f[0]!.kb, 'ECONNREFUSED');
});

test('hop-by-hop headers are dropped, end-to-end ones kept in order and case', () => {
  assert.deepEqual(
    relayHeaders([['Host', 'a'], ['X-Sig', '1'], ['Connection', 'keep-alive, X-Hop'], ['X-Hop', 'h'], ['Transfer-Encoding', 'chunked'], ['content-TYPE', 'application/json'], ['Expect', '100-continue']]),
    [['X-Sig', '1'], ['content-TYPE', 'application/json']],
  );
});

test('a bare origin takes the request path; a full URL is used as given', () => {
  assert.equal(forwardTarget('http://127.0.0.1:3000', '/hooks?a=1'), 'http://127.0.0.1:3000/hooks?a=1');
  assert.equal(forwardTarget('http://127.0.0.1:3000/in', '/hooks'), 'http://127.0.0.1:3000/in');
});

test('generic counts any 2xx as delivered, as its facts and the README say; a 3xx fails and says so in a word', () => {
  const generic = getProfile('generic');
  for (const status of [200, 203, 206, 226, 299]) {
    assert.equal(judgeForward({ url: 'http://127.0.0.1:3000/', ms: 5, status, headers: [], body: Buffer.alloc(0) }, generic)[0]!.level, 'pass', String(status));
  }
  const redirect = judgeForward({ url: 'http://127.0.0.1:3000/', ms: 5, status: 302, headers: [], body: Buffer.alloc(0) }, generic)[0]!;
  assert.equal(redirect.title, 'app answered 302; Generic webhook counts only 2xx as delivered');
});
