// Judging a relayed answer by the sender's rules, and which headers a relay drops.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { judgeForward, relayHeaders } from '../../src/capture/forward.js';
import { relayTarget, targetShape } from '../../src/capture/request-target.js';
import { getProfile, type Profile } from '../../src/profiles/index.js';

const tenSeconds: Profile = { ...getProfile('generic'), displayName: 'CloudAIPilot', timeBudgetSeconds: 10, successCodes: [200], retryableCodes: [500] };

test('an answer slower than the time budget fails once, with both figures, and no pass beside it', () => {
  const f = judgeForward({ url: 'http://127.0.0.1:3000/', ms: 14_200, status: 200, headers: [], body: Buffer.alloc(0) }, tenSeconds);
  assert.equal(f.length, 1);
  assert.equal(f[0]!.title, 'app answered 200 but took 14.2 s; CloudAIPilot gives up after 10 s');
  assert.equal(f[0]!.level, 'fail');
  const both = judgeForward({ url: 'u', ms: 14_200, status: 500, headers: [], body: Buffer.alloc(0) }, tenSeconds);
  assert.deepEqual(both.map((x) => x.level), ['fail', 'fail']);
  assert.equal(both.filter((x) => x.title.includes('14.2 s')).length, 1, 'the time is said once');
});

test('a status outside the success codes fails; a redirect is called out', () => {
  const f = judgeForward({ url: 'u', ms: 5, status: 202, headers: [], body: Buffer.alloc(0) }, tenSeconds);
  assert.equal(f[0]!.title, 'app answered 202 in 5 ms; CloudAIPilot counts only 200 as delivered');
  const r = judgeForward({ url: 'u', ms: 5, status: 301, headers: [], body: Buffer.alloc(0) }, tenSeconds);
  assert.match(r[0]!.detail!, /redirect/);
  const slow = judgeForward({ url: 'u', ms: 6_000, status: 200 }, tenSeconds);
  assert.deepEqual(slow.map((x) => [x.level, x.title]), [['warn', 'app answered 200 in 6.0 s, over half of CloudAIPilot\'s 10 s budget']]);
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

test('a bare origin takes the request path and query as sent; a URL with a path keeps it and takes the query', () => {
  const at = (forward: string, target: string, method = 'POST') => {
    const r = relayTarget(forward, method, target);
    return 'refused' in r ? r : r.url;
  };
  assert.equal(at('http://127.0.0.1:3000', '/hooks?a=1'), 'http://127.0.0.1:3000/hooks?a=1');
  assert.equal(at('http://127.0.0.1:3000/in', '/hooks'), 'http://127.0.0.1:3000/in');
  assert.equal(at('http://127.0.0.1:3000/base', '/hooks/a?x=1&y=2'), 'http://127.0.0.1:3000/base?x=1&y=2');
  assert.equal(at('http://127.0.0.1:3000/base?k=v', '/hooks/a?x=1'), 'http://127.0.0.1:3000/base?k=v');
  assert.equal(at('http://127.0.0.1:3000', '/public/%2e%2e/admin/../x\\y'), 'http://127.0.0.1:3000/public/%2e%2e/admin/../x\\y');
  assert.equal(at('http://127.0.0.1:3000', '/\xe9\xff'), 'http://127.0.0.1:3000/\xe9\xff');
  assert.equal(at('http://127.0.0.1:3000', '//evil.example/x'), 'http://127.0.0.1:3000//evil.example/x');
  assert.equal(at('http://127.0.0.1:3000', 'http://example.com/x?y=1'), 'http://127.0.0.1:3000/x?y=1');
  assert.equal(at('http://127.0.0.1:3000', 'HTTPS://example.com?y=1'), 'http://127.0.0.1:3000/?y=1');
  assert.equal(at('http://127.0.0.1:3000', 'http://127.0.0.1:44413@evil/x'), 'http://127.0.0.1:3000/x');
});

test('a target that is not a path or an absolute http URL is never relayed, each with its reason', () => {
  for (const [method, target, form] of [
    ['GET', '@127.0.0.1:44413/admin', 'invalid'],
    ['GET', '@[::1]:43361/', 'invalid'],
    ['GET', '7/admin', 'invalid'],
    ['GET', '127.0.0.1:44413', 'authority'],
    ['OPTIONS', '*', 'asterisk'],
    ['GET', '*', 'invalid'],
    ['CONNECT', '127.0.0.1:44413', 'authority'],
    ['CONNECT', '/x', 'invalid'],
    ['GET', 'ftp://h/x', 'invalid'],
    ['GET', 'http:///x', 'invalid'],
    ['GET', 'admin', 'invalid'],
  ] as const) {
    assert.equal(targetShape(method, target).form, form, target);
    const r = relayTarget('http://127.0.0.1:3000', method, target);
    assert.ok('refused' in r && r.refused.length > 10, `${method} ${target}`);
  }
});

test('generic counts any 2xx as delivered, as its facts and the README say; a 3xx fails and says so in a word', () => {
  const generic = getProfile('generic');
  for (const status of [200, 203, 206, 226, 299]) {
    assert.equal(judgeForward({ url: 'http://127.0.0.1:3000/', ms: 5, status, headers: [], body: Buffer.alloc(0) }, generic)[0]!.level, 'pass', String(status));
  }
  const redirect = judgeForward({ url: 'http://127.0.0.1:3000/', ms: 5, status: 302, headers: [], body: Buffer.alloc(0) }, generic)[0]!;
  assert.equal(redirect.title, 'app answered 302 in 5 ms; Generic webhook counts only 2xx as delivered');
});
