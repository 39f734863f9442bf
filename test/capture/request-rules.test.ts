// The requests listen refuses though they frame fine: each row is a request and the answer a receiver must give.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import type { Capture, HeaderPair } from '../../src/capture/capture.js';
import { refusalFor } from '../../src/capture/request-rules.js';
import { getEntry } from '../../src/kb/index.js';

function capture(method: string, target: string, rawHeaders: HeaderPair[], httpVersion = '1.1'): Capture {
  return { seq: 1, id: 'x-1', receivedAt: '2026-11-22T10:00:00.000Z', remoteAddress: '127.0.0.1', method, target, httpVersion, rawHeaders, body: Buffer.alloc(0), bodyBytes: 0, findings: [] };
}
const host: HeaderPair = ['Host', 'example.com'];

const rows: Array<[what: string, c: Capture, forwarding: boolean, status: number | undefined, title?: RegExp]> = [
  ['an ordinary POST', capture('POST', '/hooks?a=1', [host]), false, undefined],
  ['an ordinary POST, relayed', capture('POST', '/hooks?a=1', [host]), true, undefined],
  ['absolute-form', capture('POST', 'http://example.com/x', [host]), true, undefined],
  ['HTTP/1.1 without Host', capture('POST', '/', []), false, 400, /^no Host header: answered 400$/],
  ['HTTP/1.0 without Host', capture('POST', '/', [], '1.0'), false, undefined],
  ['two Host fields', capture('POST', '/', [host, ['host', 'evil.example']]), false, 400, /^2 Host headers \("example.com", "evil.example"\): answered 400$/],
  ['two equal Host fields', capture('POST', '/', [host, host]), true, 400, /2 Host headers/],
  ['CONNECT', capture('CONNECT', 'example.com:443', [host]), false, 400, /^CONNECT example.com:443: answered 400, no tunnel$/],
  ['OPTIONS *', capture('OPTIONS', '*', [host]), false, undefined],
  ['OPTIONS *, relayed', capture('OPTIONS', '*', [host]), true, 400, /not relayed/],
  ['GET *', capture('GET', '*', [host]), false, 400, /is not a path/],
  ['@host:port/admin', capture('GET', '@127.0.0.1:1/admin', [host]), false, 400, /is not a path/],
  ['authority-form GET', capture('GET', '127.0.0.1:1', [host]), true, 400, /is not a path/],
  ['gzip, chunked', capture('POST', '/', [host, ['Transfer-Encoding', 'gzip, chunked']]), false, 501, /^Transfer-Encoding gzip before chunked: answered 501/],
  ['gzip then chunked in two fields', capture('POST', '/', [host, ['Transfer-Encoding', 'gzip'], ['Transfer-Encoding', 'chunked']]), true, 501, /gzip/],
  ['chunked alone', capture('POST', '/', [host, ['Transfer-Encoding', 'chunked']]), false, undefined],
];

for (const [what, c, forwarding, status, title] of rows) {
  test(`refusal: ${what}${status ? ` is answered ${status}` : ' is answered as usual'}`, () => {
    const r = refusalFor(c, forwarding);
    assert.equal(r?.status, status);
    if (title) {
      assert.match(r!.finding.title, title);
      assert.equal(r!.finding.level, 'fail');
      assert.ok((r!.finding.detail ?? '').length > 20, 'it says why');
    }
  });
}

test('the kb keys written literally in src/capture all exist', () => {
  const dir = new URL('../../src/capture/', import.meta.url);
  const literals = readdirSync(dir)
    .filter((f) => f.endsWith('.ts'))
    .flatMap((f) => [...readFileSync(new URL(f, dir), 'utf8').matchAll(/kb: '([^']+)'/g)].map((m) => m[1]!));
  assert.ok(literals.length >= 5);
  for (const key of literals) assert.ok(getEntry(key), `no kb entry for "${key}"`);
});
