// Parsing --chaos, --max-body and Retry-After, and planning each answer.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isRetryAfter, parseChaos, parseSize, pickChaos, planAnswer } from '../../src/capture/answer.js';

test('--chaos parses status and timeout mixes', () => {
  assert.deepEqual(parseChaos('503:0.3,timeout:0.1'), [
    { outcome: { kind: 'status', status: 503 }, probability: 0.3 },
    { outcome: { kind: 'timeout' }, probability: 0.1 },
  ]);
  assert.deepEqual(parseChaos('429:25%'), [{ outcome: { kind: 'status', status: 429 }, probability: 0.25 }]);
});

test('--chaos rejects a bad mix with a usage error', () => {
  for (const bad of ['503', '503:0.8,timeout:0.4', 'boom:0.1', '503:0', '503:1.5', '503:0.1,503:0.2', '999:0.1', '503:0.1,,', '', '100:0.1', '199:0.5']) {
    assert.throws(() => parseChaos(bad), (e: any) => e.code === 'USAGE' && /--chaos/.test(e.message), bad);
  }
  assert.throws(() => parseChaos('101:0.2'), /interim \(1xx\) status, not a final answer/);
});

test('pickChaos walks the cumulative probabilities', () => {
  const mix = parseChaos('503:0.3,timeout:0.1');
  assert.deepEqual(pickChaos(mix, () => 0.1), { kind: 'status', status: 503 });
  assert.deepEqual(pickChaos(mix, () => 0.35), { kind: 'timeout' });
  assert.equal(pickChaos(mix, () => 0.5), undefined);
});

test('--max-body sizes', () => {
  assert.equal(parseSize('10mb'), 10 * 1024 * 1024);
  assert.equal(parseSize('512kb'), 512 * 1024);
  assert.equal(parseSize('1.5MB'), 1572864);
  assert.equal(parseSize('2048'), 2048);
  assert.equal(parseSize('ten'), undefined);
  assert.equal(parseSize('5tb'), undefined);
  assert.equal(parseSize('0'), undefined);
});

test('Retry-After: seconds or an HTTP date', () => {
  assert.ok(isRetryAfter('30'));
  assert.ok(isRetryAfter('Wed, 21 Oct 2026 07:28:00 GMT'));
  assert.ok(!isRetryAfter('soon'));
  assert.ok(!isRetryAfter('-5'));
});

test('planAnswer: default acknowledgement, --body, --retry-after, chaos status', () => {
  const base = { status: 200, delayMs: 0, chaos: [] };
  const plain = planAnswer(base, 'id-1');
  assert.equal(plain.kind, 'respond');
  if (plain.kind === 'respond') assert.equal(plain.body.toString(), '{"ok":true,"request_id":"id-1"}');
  const custom = planAnswer({ ...base, status: 429, body: 'slow down', retryAfter: '30' }, 'id-2');
  assert.ok(custom.kind === 'respond' && custom.status === 429 && custom.body.toString() === 'slow down' && custom.headers['retry-after'] === '30');
  const chaos = planAnswer({ ...base, chaos: parseChaos('503:1') }, 'id-3');
  assert.ok(chaos.kind === 'respond' && chaos.status === 503 && chaos.chaos);
  assert.equal(planAnswer({ ...base, chaos: parseChaos('timeout:1') }, 'id-4').kind, 'timeout');
  const empty = planAnswer({ ...base, status: 204 }, 'id-5');
  assert.ok(empty.kind === 'respond' && empty.body.length === 0);
  assert.equal(plain.kind === 'respond' && typeof plain.body, 'string');
});
