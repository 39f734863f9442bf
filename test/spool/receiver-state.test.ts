// The receiver's state a spool keeps between runs: each outcome's effect as a row, the backoff's bounds, the file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { forgetReceiverStates, keepReceiverState, nextReceiverState, readReceiverStates, receiverBackoffMs, RECEIVER_BACKOFF, type Outcome, type ReceiverState } from '../../src/spool/receiver-state.js';
import { ensureLayout } from '../../src/spool/durable.js';
import { enqueue } from '../../src/spool/index.js';
import { flushSpool } from '../../src/spool/engine.js';
import type { Delivery, DeliveryRequest } from '../../src/http/delivery.js';

const NOW = 1_800_000_000_000;
const half = () => 0.5;

const rows: Array<{ what: string; before?: Partial<ReceiverState>; outcome: Outcome; pausedFor?: number; failures: number; streak: number; cleared?: boolean }> = [
  { what: 'a 2xx clears everything', before: { pausedUntil: NOW + 9000, failures: 3, streak: 4 }, outcome: { kind: 'answered' }, failures: 0, streak: 0, cleared: true },
  { what: 'a 2xx to a send already in flight does not lift a Retry-After pause in force', before: { pausedUntil: NOW + 2000, streak: 1 }, outcome: { kind: 'answered' }, pausedFor: 2000, failures: 0, streak: 0 },
  { what: 'a Retry-After pauses exactly as long as asked', outcome: { kind: 'retry-after', ms: 2000, status: 429 }, pausedFor: 2000, failures: 0, streak: 1 },
  { what: 'a later Retry-After never shortens a pause in force', before: { pausedUntil: NOW + 300_000, streak: 1 }, outcome: { kind: 'retry-after', ms: 2000, status: 429 }, pausedFor: 300_000, failures: 0, streak: 2 },
  { what: 'one 503 is one entry\'s bad luck: no pause', outcome: { kind: 'failed', status: 503 }, failures: 0, streak: 1 },
  { what: 'the third retryable answer in a row: down, backoff from 5 s', before: { streak: 2 }, outcome: { kind: 'failed', status: 503 }, pausedFor: 3750, failures: 1, streak: 3 },
  { what: 'no answer at all (refused): down at once', outcome: { kind: 'no-answer', code: 'ECONNREFUSED' }, pausedFor: 3750, failures: 1, streak: 1 },
  { what: 'while paused, sends that were in flight do not grow the backoff', before: { pausedUntil: NOW + 3000, failures: 1, streak: 1 }, outcome: { kind: 'no-answer', code: 'ECONNREFUSED' }, pausedFor: 3000, failures: 1, streak: 2 },
  { what: 'the next failed probe doubles the step', before: { pausedUntil: NOW - 1, failures: 1, streak: 1 }, outcome: { kind: 'no-answer', code: 'ECONNREFUSED' }, pausedFor: 7500, failures: 2, streak: 2 },
  { what: 'Retry-After again and again: down, and never earlier than asked', before: { streak: 2 }, outcome: { kind: 'retry-after', ms: 10_000, status: 503 }, pausedFor: 10_000, failures: 1, streak: 3 },
];

for (const row of rows) {
  test(`receiver state: ${row.what}`, () => {
    const before: ReceiverState | undefined = row.before ? { pausedUntil: 0, reason: 'x', failures: 0, streak: 0, since: NOW - 1000, ...row.before } : undefined;
    const after = nextReceiverState(before, row.outcome, NOW, 'http://127.0.0.1:9', half);
    if (row.cleared) return assert.equal(after, undefined);
    assert.ok(after);
    assert.equal(after.failures, row.failures);
    assert.equal(after.streak, row.streak);
    assert.equal(Math.max(0, after.pausedUntil - NOW), row.pausedFor ?? 0);
  });
}

test('the down backoff is bounded (5 min) and never zero, whatever the draw', () => {
  for (const draw of [0, 0.5, 0.999]) {
    for (let f = 1; f < 40; f++) {
      const ms = receiverBackoffMs(f, () => draw);
      assert.ok(ms >= Math.min(RECEIVER_BACKOFF.capMs, RECEIVER_BACKOFF.baseMs * 2 ** (f - 1)) / 2, `failures ${f}: ${ms}`);
      assert.ok(ms <= RECEIVER_BACKOFF.capMs);
    }
  }
});

test('the state file: one state per origin, written as readable times, read back, each changed alone; an unreadable one is ignored', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'wd-rstate-'));
  try {
    await ensureLayout(dir);
    const a: ReceiverState = { pausedUntil: NOW, reason: 'HTTP 429 with Retry-After: 300 s', failures: 0, streak: 1, since: NOW - 5, origin: 'http://127.0.0.1:9' };
    const b: ReceiverState = { pausedUntil: NOW + 1000, reason: 'ECONNREFUSED', failures: 2, streak: 2, since: NOW - 9, origin: 'https://example.com' };
    await keepReceiverState(dir, a.origin!, a);
    await keepReceiverState(dir, b.origin!, b);
    const file = JSON.parse(await readFile(join(dir, '.receiver.json'), 'utf8'));
    assert.equal(file.origins['http://127.0.0.1:9'].pausedUntil, '2027-01-15T08:00:00.000Z');
    assert.equal(file.origins['https://example.com'].reason, 'ECONNREFUSED');
    assert.deepEqual(await readReceiverStates(dir), new Map([[a.origin!, a], [b.origin!, b]]));
    await keepReceiverState(dir, a.origin!, undefined);
    assert.deepEqual(await readReceiverStates(dir), new Map([[b.origin!, b]]), 'forgetting one origin kept the other');
    await forgetReceiverStates(dir);
    assert.equal((await readReceiverStates(dir)).size, 0);
    await writeFile(join(dir, '.receiver.json'), '{not json');
    assert.equal((await readReceiverStates(dir)).size, 0);
    assert.deepEqual(await readdir(join(dir, 'tmp')), []);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('the single state an earlier version wrote is read as its origin\'s; one that names none as --url\'s origin, or else dropped', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'wd-rstate-old-'));
  try {
    await ensureLayout(dir);
    const old = { pausedUntil: '2027-01-15T08:00:00.000Z', reason: 'HTTP 429 with Retry-After: 300 s', failures: 0, streak: 1, since: '2027-01-15T07:55:00.000Z', origin: 'http://127.0.0.1:9' };
    await writeFile(join(dir, '.receiver.json'), JSON.stringify(old, null, 2) + '\n');
    assert.deepEqual(await readReceiverStates(dir), new Map([['http://127.0.0.1:9', { ...old, pausedUntil: NOW, since: NOW - 300_000 }]]));
    // Changing another origin's state rewrites the file in the new form, the old origin's state kept.
    await keepReceiverState(dir, 'http://127.0.0.1:8', { pausedUntil: NOW, reason: 'ECONNREFUSED', failures: 1, streak: 1, since: NOW });
    assert.deepEqual([...(await readReceiverStates(dir)).keys()], ['http://127.0.0.1:8', 'http://127.0.0.1:9']);
    const { origin: _o, ...anonymous } = old;
    await writeFile(join(dir, '.receiver.json'), JSON.stringify(anonymous));
    assert.equal((await readReceiverStates(dir)).size, 0);
    assert.deepEqual([...(await readReceiverStates(dir, 'http://127.0.0.1:7')).keys()], ['http://127.0.0.1:7']);
    // Forgotten for that origin, it is gone from the file (not read again by the next run).
    await keepReceiverState(dir, 'http://127.0.0.1:7', undefined, 'http://127.0.0.1:7');
    assert.equal((await readReceiverStates(dir, 'http://127.0.0.1:7')).size, 0);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

function refused(req: DeliveryRequest): Delivery {
  return { request: req, error: { code: 'ECONNREFUSED', message: 'connect ECONNREFUSED' }, timings: { total: 1 }, attempts: [], ok: false, retryable: true };
}

test('a receiver that is down gets one probe at a time, not every entry at once, and entries keep their attempts', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'wd-rdown-'));
  try {
    for (let i = 0; i < 20; i++) await enqueue(dir, { url: 'http://127.0.0.1:1/h', body: Buffer.from(`{"n":${i}}`), headers: [] });
    let inFlight = 0;
    let most = 0;
    let sent = 0;
    const s = await flushSpool(
      { dir, now: false, dryRun: false, concurrency: 8, timeoutMs: 1000, maxAttempts: 5, leaseMs: 60_000, maxPauseMs: 1000, maxWaitMs: 1000, random: () => 0 },
      {
        send: async (req) => {
          sent++;
          most = Math.max(most, ++inFlight);
          await new Promise((r) => setTimeout(r, 5));
          inFlight--;
          return refused(req);
        },
        sendTimeHeaders: () => [],
        retryAfterMs: () => undefined,
      },
    );
    // The first round had all eight in flight before any answer came; after it, one probe at a time.
    assert.ok(sent <= 8 + 1, `${sent} sends to a receiver that refused the first`);
    assert.ok(most <= 8);
    assert.equal(s.deadLettered, 0);
    assert.equal(s.left, 20);
    assert.equal(s.receiver?.state, 'down');
    const kept = (await readReceiverStates(dir)).get('http://127.0.0.1:1');
    assert.equal(kept?.reason, 'ECONNREFUSED');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('a pause kept for another origin than --url does not hold a run back; one for this origin does', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'wd-rorigin-'));
  try {
    await ensureLayout(dir);
    const opts = { dir, now: false, dryRun: false, concurrency: 1, timeoutMs: 1000, maxAttempts: 5, leaseMs: 60_000, maxPauseMs: 1000, maxWaitMs: 1000 };
    const sent: string[] = [];
    const deps = {
      send: async (req: DeliveryRequest): Promise<Delivery> => {
        sent.push(req.url);
        return { request: req, response: { status: 200, statusText: 'OK', headers: [], body: Buffer.alloc(0) }, timings: { total: 1 }, attempts: [], ok: true, retryable: false };
      },
      sendTimeHeaders: () => [],
      retryAfterMs: () => undefined,
    };
    await keepReceiverState(dir, 'http://127.0.0.1:2', { pausedUntil: Date.now() + 600_000, reason: 'HTTP 429 with Retry-After: 600 s', failures: 0, streak: 1, since: Date.now() });
    await enqueue(dir, { url: 'http://127.0.0.1:1/h', body: Buffer.from('{}'), headers: [] });
    const other = await flushSpool({ ...opts, url: 'http://127.0.0.1:1/h' }, deps);
    assert.equal(other.delivered, 1);
    await enqueue(dir, { url: 'http://127.0.0.1:2/h', body: Buffer.from('{}'), headers: [] });
    const same = await flushSpool({ ...opts, url: 'http://127.0.0.1:2/h' }, deps);
    assert.equal(same.delivered, 0);
    assert.equal(same.left, 1);
    assert.deepEqual(sent, ['http://127.0.0.1:1/h']);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('attempts that never reached the receiver do not count toward --max-attempts; answered ones do', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'wd-unreached-'));
  try {
    const { id } = await enqueue(dir, { url: 'http://127.0.0.1:1/h', body: Buffer.from('{}'), headers: [] });
    const opts = { dir, now: true, dryRun: false, concurrency: 1, timeoutMs: 1000, maxAttempts: 3, leaseMs: 60_000, maxPauseMs: 0 };
    const deps = { send: async (req: DeliveryRequest) => refused(req), sendTimeHeaders: () => [], retryAfterMs: () => undefined };
    for (let i = 0; i < 6; i++) assert.equal((await flushSpool(opts, deps)).deadLettered, 0, `refused attempt ${i + 1} dead-lettered it`);
    const fiveHundred = async (req: DeliveryRequest): Promise<Delivery> => ({ request: req, response: { status: 500, statusText: '', headers: [], body: Buffer.alloc(0) }, timings: { total: 1 }, attempts: [], ok: false, retryable: true });
    let dead = 0;
    for (let i = 0; i < 3; i++) dead += (await flushSpool(opts, { ...deps, send: fiveHundred })).deadLettered;
    assert.equal(dead, 1, 'three answered failures are --max-attempts 3');
    const d = (await import('../../src/spool/entry.js')).decodeFile(await readFile(join(dir, 'dead', id)));
    assert.equal(d.kind === 'entry' && d.meta.attempts, 9);
    assert.match(d.kind === 'entry' ? d.meta.dead!.reason : '', /gave up after 9 attempts \(last: HTTP 500\)/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('a kept time no Date can hold (hand-edited: 1e20) is no state, and does not stop another origin being kept', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'wd-rstate-'));
  try {
    await ensureLayout(dir);
    const bad = { reason: 'x', failures: 0, streak: 0 };
    await writeFile(join(dir, '.receiver.json'), JSON.stringify({ origins: {
      'http://127.0.0.1:1': { ...bad, pausedUntil: 1e20, since: 0 },
      'http://127.0.0.1:2': { ...bad, pausedUntil: '2027-01-15T08:00:00.000Z', since: 1e20 },
    } }));
    const states = await readReceiverStates(dir);
    assert.deepEqual([...states.keys()], ['http://127.0.0.1:2']);
    assert.ok(Number.isFinite(new Date(states.get('http://127.0.0.1:2')!.since).getTime()));
    await keepReceiverState(dir, 'http://127.0.0.1:3', { pausedUntil: NOW, reason: 'ECONNREFUSED', failures: 1, streak: 1, since: NOW });
    assert.deepEqual(Object.keys(JSON.parse(await readFile(join(dir, '.receiver.json'), 'utf8')).origins), ['http://127.0.0.1:2', 'http://127.0.0.1:3']);
    // The old single state too.
    await writeFile(join(dir, '.receiver.json'), JSON.stringify({ ...bad, pausedUntil: 1e20, since: 0, origin: 'http://127.0.0.1:1' }));
    assert.equal((await readReceiverStates(dir)).size, 0);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
