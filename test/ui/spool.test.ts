// How a flush's events and a watch's status line read: one row per event kind, the watch's line from its events.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { flushEventLine, inWords, newWatchStatus, noteEvent, watchStatusText } from '../../src/ui/spool.js';
import type { FlushEvent } from '../../src/spool/engine.js';

const soon = new Date(Date.now() + 45_500).toISOString();
const rows: Array<[FlushEvent, { deliveries?: boolean }, RegExp | undefined]> = [
  [{ event: 'delivered', id: 'a1', status: 200, ms: 12, attempts: 1 }, {}, undefined],
  [{ event: 'delivered', id: 'a1', status: 200, ms: 12, attempts: 2 }, { deliveries: true }, /^sent {4}a1 {2}HTTP 200 {2}12 ms {2}attempt 2$/],
  [{ event: 'receiver', state: 'down', reason: 'ECONNREFUSED', until: soon }, {}, /^receiver down: ECONNREFUSED; next attempt at \S+ \(in 4[56] s\)$/],
  [{ event: 'receiver', state: 'up', reason: 'answered again after ECONNREFUSED' }, {}, /^receiver up: answered again/],
  // Without --url a spool can send to several receivers: the line names the one paused, and says the others go on.
  [{ event: 'receiver', state: 'down', reason: 'ECONNREFUSED', until: soon, origin: 'http://a:1' }, {}, /^receiver http:\/\/a:1 down: ECONNREFUSED; next attempt at \S+ \(in 4[56] s\); its entries wait, the others go on$/],
  [{ event: 'stopped', reason: 'the receiver asked to wait 300 s (Retry-After on 429), longer than the pause limit', origin: 'http://a:1' }, {}, /^stopped the receiver asked to wait 300 s .*limit \(sending to http:\/\/a:1 only: the other receivers' entries still go out\)$/],
  [{ event: 'paused', id: 'e1', status: 429, ms: 2000, origin: 'http://a:1', until: soon }, {}, /^paused {2}http:\/\/a:1 for 2\.0 s: HTTP 429 with Retry-After \(entry e1\); its entries wait until \S+, the others go on$/],
  [{ event: 'waiting', until: soon, left: 3 }, {}, /^waiting until \S+ \(in 4[56] s\) for the next attempt: 3 in the spool$/],
  [{ event: 'waiting', until: soon, left: 3 }, { deliveries: true }, undefined],
];

for (const [event, opts, want] of rows) {
  test(`event line: ${event.event}${opts.deliveries ? ' (watch)' : ''}`, () => {
    const line = flushEventLine(event, opts);
    if (!want) return assert.equal(line, undefined);
    assert.match(line ?? '', want);
  });
}

test('inWords: seconds, minutes, hours', () => {
  const now = Date.parse('2026-12-01T00:00:00Z');
  assert.equal(inWords('2026-12-01T00:00:00Z', now), 'now');
  assert.equal(inWords('2026-12-01T00:00:45Z', now), 'in 45 s');
  assert.equal(inWords('2026-12-01T00:10:00Z', now), 'in 10 min');
  assert.equal(inWords('2026-12-01T05:00:00Z', now), 'in 5 h');
});

test('the watch status line follows the events: delivered, retries, next attempt, receiver state', () => {
  const s = newWatchStatus();
  assert.match(watchStatusText(s), /receiver not tried yet$/);
  noteEvent(s, { event: 'retry', id: 'a', attempts: 1, nextAttempt: soon, error: 'ECONNREFUSED' });
  noteEvent(s, { event: 'receiver', state: 'down', reason: 'ECONNREFUSED', until: soon });
  noteEvent(s, { event: 'waiting', until: soon, left: 1 });
  assert.match(watchStatusText(s), /^watching: 0 delivered, 1 waiting, 0 dead-lettered, next attempt \S+ \S+; receiver down until /);
  noteEvent(s, { event: 'delivered', id: 'a', status: 200, ms: 3, attempts: 2 });
  assert.match(watchStatusText(s), /1 delivered, 0 waiting.*; receiver up$/);
});

test('without --url the watch status line names each paused or down receiver; one coming back up leaves the line', () => {
  const s = newWatchStatus();
  noteEvent(s, { event: 'receiver', state: 'down', reason: 'ECONNREFUSED', until: soon, origin: 'http://a:1' });
  noteEvent(s, { event: 'delivered', id: 'b', status: 200, ms: 3, attempts: 1 });
  assert.match(watchStatusText(s), /; http:\/\/a:1 down until \S+ \S+; the other receivers up$/);
  noteEvent(s, { event: 'receiver', state: 'up', reason: 'answered again after ECONNREFUSED', origin: 'http://a:1' });
  assert.match(watchStatusText(s), /; receiver up$/);
});
