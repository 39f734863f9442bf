import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildReplay, replayUrl, setHeader, signedAgeSeconds } from '../../src/replay/request.js';
import { storedFromInput, type StoredCapture } from '../../src/history/store.js';
import { detectScheme, signBody } from '../../src/signatures/index.js';

function stored(headers: Array<[string, string]>, body = '{"a":1}', forward?: string): StoredCapture {
  return storedFromInput({
    capture: { seq: 1, id: 'c1', receivedAt: '2026-11-22T10:00:00.000Z', remoteAddress: '127.0.0.1', method: 'POST', target: '/in?x=1', httpVersion: '1.1', rawHeaders: headers, body: Buffer.from(body), bodyBytes: body.length, findings: [] },
    answer: { kind: 'relay', status: 500, ms: 14200 },
    ...(forward ? { forward: { url: forward, ms: 14200, status: 500 } } : {}),
  });
}

test('hop-by-hop headers go, Host names the new target, the rest keep their order and case', () => {
  const c = stored([['Host', 'old:1'], ['Connection', 'keep-alive, X-Hop'], ['X-Hop', '1'], ['Content-Length', '7'], ['X-B', 'b'], ['x-a', 'a'], ['Transfer-Encoding', 'chunked']]);
  const { request } = buildReplay(c, { url: 'http://127.0.0.1:3000', timeoutMs: 1000 });
  assert.equal(request.url, 'http://127.0.0.1:3000/in?x=1');
  assert.deepEqual(request.headers, [['Host', '127.0.0.1:3000'], ['X-B', 'b'], ['x-a', 'a']]);
  assert.equal(request.body!.toString(), '{"a":1}');
});

test('with no URL the capture goes where listen relayed it; with neither, a usage error', () => {
  assert.equal(replayUrl(stored([], '{}', 'http://127.0.0.1:3000/hooks/in?x=1')), 'http://127.0.0.1:3000/hooks/in?x=1');
  assert.throws(() => replayUrl(stored([])), /was not relayed with --forward/);
  assert.throws(() => replayUrl(stored([]), 'ftp://x'), /not an http\(s\) URL/);
});

test('a masked credential is left out with a note, or given again with --token (its scheme word kept)', () => {
  const c = stored([['Authorization', 'Bearer sk_live_abcdefghijklmnop'], ['X-A', '1']]);
  assert.deepEqual(c.maskedHeaders, [0]);
  const left = buildReplay(c, { url: 'http://127.0.0.1:1', timeoutMs: 1 });
  assert.deepEqual(left.request.headers, [['X-A', '1']]);
  assert.match(left.notes[0]!, /Authorization was masked in history/);
  const given = buildReplay(c, { url: 'http://127.0.0.1:1', token: 'NEW', timeoutMs: 1 });
  assert.deepEqual(given.request.headers, [['Authorization', 'Bearer NEW'], ['X-A', '1']]);
  const byHeader = buildReplay(c, { url: 'http://127.0.0.1:1', headers: [['authorization', 'Basic eDp5']], timeoutMs: 1 });
  assert.deepEqual(byHeader.request.headers, [['Authorization', 'Basic eDp5'], ['X-A', '1']]);
});

test('-H replaces a header where it stands (and its repeats) or adds it; -d replaces the body', () => {
  assert.deepEqual(setHeader([['A', '1'], ['B', '2'], ['a', '3']], 'a', 'x'), [['A', 'x'], ['B', '2']]);
  assert.deepEqual(setHeader([['A', '1']], 'C', 'x'), [['A', '1'], ['C', 'x']]);
  const { request } = buildReplay(stored([['X', '1']]), { url: 'http://127.0.0.1:1', body: Buffer.from('new'), timeoutMs: 1 });
  assert.equal(request.body!.toString(), 'new');
});

test('--resign puts fresh signature headers where the old ones were, keeping Svix names', () => {
  const secret = 'whsec_' + Buffer.from('0123456789abcdef0123456789abcdef').toString('base64');
  const old = signBody({ scheme: 'standard', secret, body: Buffer.from('{"a":1}'), timestamp: 1_700_000_000, id: 'msg_old' }).map(([n, v]) => [n.replace('webhook-', 'svix-'), v] as [string, string]);
  const c = stored([['Content-Type', 'application/json'], ...old, ['X-After', '1']]);
  const { request, resigned, notes } = buildReplay(c, { url: 'http://127.0.0.1:1', timeoutMs: 1, resign: { secret, sign: (o) => signBody(o as Parameters<typeof signBody>[0]), detect: (h, x) => detectScheme(h, x) } });
  assert.equal(resigned, 'standard');
  assert.deepEqual(request.headers.map(([n]) => n), ['Content-Type', 'svix-id', 'svix-timestamp', 'svix-signature', 'X-After']);
  assert.notEqual(request.headers[1]![1], 'msg_old');
  assert.ok(Math.abs(Number(request.headers[2]![1]) - Date.now() / 1000) < 60);
  assert.deepEqual(notes, []);
});

test('a stale signature is pointed out when not re-signing', () => {
  assert.equal(signedAgeSeconds([['Stripe-Signature', 't=1000,v1=ab']], 1_000_000 * 1000), 999_000);
  const c = stored([['Stripe-Signature', `t=${Math.floor(Date.now() / 1000) - 7200},v1=ab`]]);
  assert.match(buildReplay(c, { url: 'http://127.0.0.1:1', timeoutMs: 1 }).notes[0]!, /made 2 h ago.*--resign/);
});

test('--token replaces an Authorization held in full too (a HAR from devtools)', () => {
  const c = storedFromInput({ capture: { seq: 1, id: 'h1', receivedAt: '2026-11-22T10:00:00.000Z', remoteAddress: '', method: 'POST', target: '/', httpVersion: '1.1', rawHeaders: [['Authorization', 'Bearer old-token-in-full-here']], body: Buffer.alloc(0), bodyBytes: 0, findings: [] }, answer: { kind: 'respond', ms: 0 }, keepSecrets: true });
  assert.deepEqual(buildReplay(c, { url: 'http://127.0.0.1:1', token: 'NEW', timeoutMs: 1 }).request.headers, [['Authorization', 'Bearer NEW']]);
});

test('a query credential masked in history is pointed out; a URL given with its own query is not', () => {
  const c = storedFromInput({
    capture: { seq: 1, id: 'c2', receivedAt: '2026-11-22T10:00:00.000Z', remoteAddress: '127.0.0.1', method: 'GET', target: '/meta?hub.mode=subscribe&hub.verify_token=meatyhamhock1&x=1', httpVersion: '1.1', rawHeaders: [], body: Buffer.alloc(0), bodyBytes: 0, findings: [] },
    answer: { kind: 'respond', status: 200, ms: 1 },
  });
  assert.match(c.target, /hub\.verify_token=meat…\(13 chars\)/);
  const masked = buildReplay(c, { url: 'http://127.0.0.1:3000', timeoutMs: 1 });
  assert.deepEqual(masked.notes, ["query parameter hub.verify_token was masked in history: sent as the masked text (give the URL with its value: webhook-doctor replay c2 'http://127.0.0.1:3000/meta?hub.verify_token=…')"]);
  const given = buildReplay(c, { url: 'http://127.0.0.1:3000/meta?hub.mode=subscribe&hub.verify_token=real', timeoutMs: 1 });
  assert.deepEqual(given.notes, []);
  assert.equal(given.request.url, 'http://127.0.0.1:3000/meta?hub.mode=subscribe&hub.verify_token=real');
  // Kept with --show-secrets (keepSecrets): nothing masked, nothing said.
  const kept = storedFromInput({ capture: { ...c, target: '/meta?hub.verify_token=meatyhamhock1', rawHeaders: [], findings: [] } as never, answer: { kind: 'respond', status: 200, ms: 1 }, keepSecrets: true });
  assert.deepEqual(buildReplay(kept, { url: 'http://127.0.0.1:3000', timeoutMs: 1 }).notes, []);
});
