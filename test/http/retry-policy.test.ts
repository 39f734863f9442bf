import { test } from 'node:test';
import assert from 'node:assert/strict';
import { backoffDelay, isRetryableStatus, parseRetryAfter } from '../../src/http/retry-policy.js';
import { classifyFailure } from '../../src/http/classify.js';

test('retryable statuses are 408, 425, 429, 500, 502, 503, 504 only', () => {
  for (const s of [408, 425, 429, 500, 502, 503, 504]) assert.equal(isRetryableStatus(s), true, String(s));
  for (const s of [200, 301, 302, 307, 308, 400, 401, 403, 404, 405, 409, 410, 413, 422, 501]) assert.equal(isRetryableStatus(s), false, String(s));
});

test('Retry-After in delta-seconds becomes milliseconds', () => {
  assert.equal(parseRetryAfter('120', 0), 120_000);
  assert.equal(parseRetryAfter(' 0 ', 0), 0);
});

test('Retry-After as an HTTP-date is measured from now, never negative', () => {
  const now = Date.parse('Wed, 21 Oct 2026 07:28:00 GMT');
  assert.equal(parseRetryAfter('Wed, 21 Oct 2026 07:28:30 GMT', now), 30_000);
  assert.equal(parseRetryAfter('Wed, 21 Oct 2026 07:27:00 GMT', new Date(now)), 0);
});

test('a Retry-After beyond 100 years is read as 100 years, so that now + the wait is still a date', () => {
  const hundredYears = 100 * 365 * 24 * 3600_000;
  assert.equal(parseRetryAfter('99999999999999999999', 0), hundredYears);
  assert.equal(parseRetryAfter('3153600000', 0), 3_153_600_000_000, 'exactly 100 years is kept as asked');
  assert.equal(parseRetryAfter('Sat, 13 Sep 275760 00:00:00 GMT', 0), hundredYears);
  assert.equal(parseRetryAfter('9'.repeat(400), 0), hundredYears, 'more digits than a double holds');
});

test('unreadable Retry-After is undefined', () => {
  assert.equal(parseRetryAfter(undefined), undefined);
  assert.equal(parseRetryAfter(''), undefined);
  assert.equal(parseRetryAfter('soon'), undefined);
});

test('full jitter stays within [0, min(cap, base*2^(n-1))]', () => {
  assert.equal(backoffDelay(1, 500, 30_000, () => 0.999999), 499);
  assert.equal(backoffDelay(3, 500, 30_000, () => 0.5), 1000);
  assert.equal(backoffDelay(20, 500, 30_000, () => 0.5), 15_000);
  assert.equal(backoffDelay(4, 500, 30_000, () => 0), 0);
  for (let i = 0; i < 200; i++) {
    const d = backoffDelay(5, 100, 1000);
    assert.ok(d >= 0 && d < 1000);
  }
});

test('classifyFailure names the knowledge-base key and the retry decision', () => {
  assert.deepEqual(classifyFailure({ status: 429 }), { retryable: true, kb: '429' });
  assert.deepEqual(classifyFailure({ status: 400 }), { retryable: false, kb: '400' });
  assert.deepEqual(classifyFailure({ code: 'ECONNRESET' }), { retryable: true, kb: 'ECONNRESET' });
  assert.deepEqual(classifyFailure({ code: 'CERT_HAS_EXPIRED' }), { retryable: false, kb: 'CERT_HAS_EXPIRED' });
});
