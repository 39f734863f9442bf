// The held-out set (test/kb/fixtures/held-out.ts): lines no row was written from. At least 95 in 100 must be
// explained by the right entry; the misses are printed so a failure says which lines to look at.
// Its first run scored 92 of 99 (Peer's Certificate issuer / .NET "remote certificate is invalid" / two TLS
// alerts / SSL_ERROR_SYSCALL / curl 28 "Timeout was reached" and "Connection timed out" missed); the rules for
// those kinds were then fixed, so new lines, not these, are the honest test of the next change.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { heldOut } from './fixtures/held-out.js';
import { recogniseText } from '../../src/kb/recognise.js';
import { getEntry } from '../../src/kb/index.js';

test('the held-out set names entries that exist and cites a source for every line', () => {
  assert.ok(heldOut.length >= 100, `${heldOut.length} lines`);
  for (const h of heldOut) {
    assert.ok(getEntry(h.expect), `unknown expected key ${h.expect}`);
    assert.ok(h.from.length > 5, h.line);
  }
});

test('at least 95 in 100 held-out lines are explained by the right entry', () => {
  const misses = heldOut
    .map((h) => ({ ...h, got: recogniseText(h.line)[0]?.key }))
    .filter((h) => h.got !== h.expect);
  const score = (heldOut.length - misses.length) / heldOut.length;
  assert.ok(score >= 0.95, `${(score * 100).toFixed(1)}% right; misses:\n${misses.map((m) => `  ${m.expect} ← got ${m.got ?? 'nothing'}: ${m.line}`).join('\n')}`);
});

test('the second review\'s lines (real clients on loopback, quoted Java/Go/.NET/Ruby/PHP/sender lines): at least 95 in 100', async () => {
  const { reviewLines } = await import('./fixtures/review-lines.js');
  assert.ok(reviewLines.length >= 40, `${reviewLines.length} lines`);
  const misses = reviewLines
    .map((h) => ({ ...h, got: recogniseText(h.line)[0]?.key }))
    .filter((h) => !(Array.isArray(h.expect) ? h.expect.includes(h.got ?? '') : h.got === h.expect));
  for (const h of reviewLines) for (const k of [h.expect].flat()) assert.ok(getEntry(k), `unknown expected key ${k}`);
  const score = (reviewLines.length - misses.length) / reviewLines.length;
  assert.ok(score >= 0.95, `${(score * 100).toFixed(1)}% right; misses:\n${misses.map((m) => `  ${m.expect} ← got ${m.got ?? 'nothing'}: ${m.line}`).join('\n')}`);
  assert.deepEqual(misses.map((m) => m.line), [], 'every review line is now right');
});

test('the third review\'s lines (100 quoted from public threads, none from this repository): at least 95 in 100', async () => {
  // First run: 80 of 100 (curl "SSL_read … errno 104", Java ConnectException "timed out" read as refused, JSSE
  // "Received fatal alert", nginx "upstream timed out", urllib3 "hostname … doesn't match", a Go server's "TLS
  // handshake error", WinHTTP 12007, GnuTLS pull error, Stripe "Timed out connecting", musl "[Errno 110] Operation
  // timed out", a .NET reset inside a TLS wrapper); the rows for those were then added.
  const { review3Lines } = await import('./fixtures/review3-lines.js');
  assert.equal(review3Lines.length, 100);
  for (const h of review3Lines) {
    for (const k of [h.expect].flat()) assert.ok(getEntry(k), `unknown expected key ${k}`);
    assert.match(h.from, /^https:\/\//, h.line);
  }
  const misses = review3Lines
    .map((h) => ({ ...h, got: recogniseText(h.line)[0]?.key }))
    .filter((h) => ![h.expect].flat().includes(h.got ?? ''));
  assert.ok(misses.length <= 5, `${100 - misses.length} of 100 right; misses:\n${misses.map((m) => `  ${m.expect} ← got ${m.got ?? 'nothing'}: ${m.line}`).join('\n')}`);
});
