// The flush engine's decisions, with deliveries given as data: remove, defer, dead-letter, quarantine.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, readdir, rm, writeFile, mkdir, rename } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { enqueue } from '../../src/spool/index.js';
import { flushSpool, type FlushDeps, type FlushEvent, type FlushOptions } from '../../src/spool/engine.js';
import { decodeFile } from '../../src/spool/entry.js';
import { claimName } from '../../src/spool/layout.js';
import type { Delivery, DeliveryRequest } from '../../src/http/delivery.js';
import { threadedClaims } from '../../src/spool/claim-source.js';

/** engine-threaded.test.ts runs these tests again with entries claimed ahead and deleted on the file thread. */
const FILE_THREAD = new URL('../../dist/spool/file-thread.js', import.meta.url); // built by pretest, as the e2e tests' binary is
const claimsUnderTest: Pick<FlushDeps, 'claims'> = process.env.WD_ENGINE_CLAIMS === 'threaded'
  ? { claims: (dir, due) => threadedClaims(dir, due, FILE_THREAD, { entries: 4, bytes: 1 << 20, renewAfterMs: 30_000 }) }
  : {};

function answer(status: number, opts: { retryable?: boolean; body?: string; headers?: Array<[string, string]>; requestId?: string } = {}) {
  return (req: DeliveryRequest): Delivery => ({
    request: req,
    response: { status, statusText: '', headers: opts.headers ?? [], body: Buffer.from(opts.body ?? ''), ...(opts.requestId ? { requestId: opts.requestId } : {}) },
    timings: { total: 1 },
    attempts: [],
    ok: status >= 200 && status < 300,
    retryable: opts.retryable ?? (status === 429 || status >= 500),
  });
}

function deps(reply: (req: DeliveryRequest) => Delivery, seen: DeliveryRequest[] = []): FlushDeps {
  return {
    send: async (req) => {
      seen.push(req);
      return reply(req);
    },
    sendTimeHeaders: (e) => [['Idempotency-Key', e.id]],
    retryAfterMs: (d) => {
      const v = d.response?.headers.find(([k]) => k.toLowerCase() === 'retry-after')?.[1];
      return v === undefined ? undefined : Number(v) * 1000;
    },
    ...claimsUnderTest,
  };
}

const base = (dir: string, more: Partial<FlushOptions> = {}): FlushOptions => ({
  dir, now: false, dryRun: false, concurrency: 4, timeoutMs: 1000, maxAttempts: 5, leaseMs: 60_000, maxPauseMs: 10_000, ...more,
});

async function withSpool(fn: (dir: string) => Promise<void>) {
  const dir = await mkdtemp(join(tmpdir(), 'wd-engine-'));
  try {
    await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const entries = async (dir: string, folder: string) => (await readdir(join(dir, folder))).filter((f) => !f.startsWith('.'));

test('a 2xx removes the entry; the body goes out byte for byte with its Idempotency-Key', async () => {
  await withSpool(async (dir) => {
    const body = Buffer.from('{"a": 1 }\n');
    const { id } = await enqueue(dir, { url: 'http://127.0.0.1:1/h', body, headers: [['Content-Type', 'application/json']] });
    const seen: DeliveryRequest[] = [];
    const s = await flushSpool(base(dir), deps(answer(200), seen));
    assert.equal(s.delivered, 1);
    assert.equal(s.ok, true);
    assert.deepEqual(seen[0]!.body, body);
    assert.deepEqual(seen[0]!.headers, [['Content-Type', 'application/json'], ['Idempotency-Key', id]]);
    assert.deepEqual(await entries(dir, 'new'), []);
    assert.deepEqual(await entries(dir, 'cur'), []);
  });
});

for (const status of [400, 410, 301]) {
  test(`a ${status} goes to dead letter after one try, with reason, status, excerpt and request id`, async () => {
    await withSpool(async (dir) => {
      const { id } = await enqueue(dir, { url: 'http://127.0.0.1:1/h', body: Buffer.from('{}'), headers: [] });
      const seen: DeliveryRequest[] = [];
      const s = await flushSpool(base(dir), deps(answer(status, { retryable: false, body: '{"error":{"code":"bad"}}', requestId: 'req-9' }), seen));
      assert.equal(seen.length, 1);
      assert.equal(s.deadLettered, 1);
      assert.equal(s.ok, false);
      const d = decodeFile(await readFile(join(dir, 'dead', id)));
      assert.equal(d.kind, 'entry');
      if (d.kind !== 'entry') return;
      assert.equal(d.meta.dead!.status, status);
      assert.match(d.meta.dead!.reason, new RegExp(`HTTP ${status} is not retryable`));
      assert.equal(d.meta.dead!.requestId, 'req-9');
      assert.match(d.meta.dead!.excerpt!, /"code":"bad"/);
    });
  });
}

test('a retryable failure keeps the entry in deferred/ with attempts and a next attempt; a later flush waits for it unless --now', async () => {
  await withSpool(async (dir) => {
    const { id } = await enqueue(dir, { url: 'http://127.0.0.1:1/h', body: Buffer.from('{}'), headers: [] });
    const s1 = await flushSpool(base(dir, { random: () => 0.99 }), deps(answer(503)));
    assert.equal(s1.retried, 1);
    assert.equal(s1.left, 1);
    const d = decodeFile(await readFile(join(dir, 'deferred', id)));
    assert.equal(d.kind === 'entry' && d.meta.attempts, 1);
    assert.ok(d.kind === 'entry' && Date.parse(d.meta.nextAttempt!) > Date.now());
    const seen: DeliveryRequest[] = [];
    const s2 = await flushSpool(base(dir), deps(answer(200), seen));
    assert.equal(seen.length, 0);
    assert.equal(s2.notDue, 1);
    const s3 = await flushSpool(base(dir, { now: true }), deps(answer(200), seen));
    assert.equal(s3.delivered, 1);
    assert.deepEqual(await entries(dir, 'deferred'), []);
  });
});

test('--max-attempts dead-letters an entry that keeps failing', async () => {
  await withSpool(async (dir) => {
    const { id } = await enqueue(dir, { url: 'http://127.0.0.1:1/h', body: Buffer.from('{}'), headers: [] });
    for (let i = 0; i < 3; i++) await flushSpool(base(dir, { now: true, maxAttempts: 3 }), deps(answer(500)));
    const d = decodeFile(await readFile(join(dir, 'dead', id)));
    assert.equal(d.kind === 'entry' && d.meta.attempts, 3);
    assert.match(d.kind === 'entry' ? d.meta.dead!.reason : '', /gave up after 3 attempts \(last: HTTP 500\)/);
  });
});

test('a corrupt plain file and a torn entry are quarantined with the reason and do not block the rest', async () => {
  await withSpool(async (dir) => {
    await enqueue(dir, { url: 'http://127.0.0.1:1/h', body: Buffer.from('{"ok":1}'), headers: [] });
    const { path } = await enqueue(dir, { url: 'http://127.0.0.1:1/h', body: Buffer.from('{"torn":"yes"}'), headers: [] });
    const whole = await readFile(path);
    await writeFile(path, whole.subarray(0, whole.length - 3));
    await writeFile(join(dir, 'broken.json'), '{"id": "x", ');
    const old = new Date(Date.now() - 60_000);
    const { utimes } = await import('node:fs/promises');
    await utimes(join(dir, 'broken.json'), old, old);
    const events: FlushEvent[] = [];
    const s = await flushSpool(base(dir, { url: 'http://127.0.0.1:1/h' }), deps(answer(200)), (e) => events.push(e));
    assert.equal(s.delivered, 1);
    assert.equal(s.quarantined, 2);
    const q = await entries(dir, 'quarantine');
    assert.equal(q.filter((f) => f.endsWith('.reason.json')).length, 2);
    const reasons = await Promise.all(q.filter((f) => f.endsWith('.reason.json')).map(async (f) => JSON.parse(await readFile(join(dir, 'quarantine', f), 'utf8')).reason));
    assert.ok(reasons.some((r) => /not valid JSON/.test(r)));
    assert.ok(reasons.some((r) => /torn entry/.test(r)));
  });
});

test('a plain file still being written (young, not yet valid JSON) is left for a later flush', async () => {
  await withSpool(async (dir) => {
    await writeFile(join(dir, 'a1.json'), '{"id": "a1", ');
    const s = await flushSpool(base(dir, { url: 'http://127.0.0.1:1/h' }), deps(answer(200)));
    assert.equal(s.quarantined, 0);
    assert.equal(s.left, 1);
    assert.deepEqual((await readdir(dir)).filter((f) => f.endsWith('.json')), ['a1.json']);
  });
});

test('plain *.json payloads go to --url with their file name as Idempotency-Key', async () => {
  await withSpool(async (dir) => {
    await writeFile(join(dir, 'alert-7.json'), '{"id": "alert-7"}');
    const seen: DeliveryRequest[] = [];
    const s = await flushSpool(base(dir, { url: 'http://127.0.0.1:1/plain' }), deps(answer(202), seen));
    assert.equal(s.delivered, 1);
    assert.equal(seen[0]!.url, 'http://127.0.0.1:1/plain');
    assert.deepEqual(seen[0]!.headers, [['Content-Type', 'application/json'], ['Idempotency-Key', 'alert-7']]);
    assert.deepEqual((await readdir(dir)).filter((f) => f.endsWith('.json')), []);
  });
});

test('a claim whose owner process is gone is taken back at once; a live one from another host only after its lease', async () => {
  await withSpool(async (dir) => {
    const a = await enqueue(dir, { url: 'http://127.0.0.1:1/h', body: Buffer.from('{"a":1}'), headers: [] });
    const b = await enqueue(dir, { url: 'http://127.0.0.1:1/h', body: Buffer.from('{"b":1}'), headers: [] });
    const c = await enqueue(dir, { url: 'http://127.0.0.1:1/h', body: Buffer.from('{"c":1}'), headers: [] });
    await mkdir(join(dir, 'cur'), { recursive: true });
    // pid 2^22+1 is above Linux's pid_max: surely gone.
    await rename(a.path, join(dir, 'cur', claimName(a.id, Date.now(), 4194305)));
    await rename(b.path, join(dir, 'cur', `${b.id}@far-away-host@123@${Date.now()}-abcd`));
    await rename(c.path, join(dir, 'cur', `${c.id}@far-away-host@123@${Date.now() - 120_000}-abcd`));
    const seen: DeliveryRequest[] = [];
    const s = await flushSpool(base(dir, { leaseMs: 60_000 }), deps(answer(200), seen));
    assert.deepEqual(seen.map((r) => r.body!.toString()).sort(), ['{"a":1}', '{"c":1}']);
    assert.equal(s.delivered, 2);
    // The live claim is the other flusher's to send: held, not left for this run.
    assert.equal(s.left, 0);
    assert.equal(s.held, 1);
    assert.equal((await entries(dir, 'cur')).length, 1);
  });
});

test('Retry-After on a 429 pauses every send for that long', async () => {
  await withSpool(async (dir) => {
    for (let i = 0; i < 3; i++) await enqueue(dir, { url: 'http://127.0.0.1:1/h', body: Buffer.from(`{"n":${i}}`), headers: [] });
    const times: number[] = [];
    let first = true;
    const reply = (req: DeliveryRequest) => {
      times.push(Date.now());
      if (first) {
        first = false;
        return answer(429, { headers: [['Retry-After', '1']] })(req);
      }
      return answer(200)(req);
    };
    const s = await flushSpool(base(dir, { concurrency: 1 }), deps(reply));
    assert.equal(s.delivered, 2);
    assert.equal(s.retried, 1);
    assert.ok(times[1]! - times[0]! >= 950, `second send ${times[1]! - times[0]!} ms after the 429`);
  });
});

test('a Retry-After pauses the other workers at once: a 2xx to a send in flight beside it does not lift it', async () => {
  await withSpool(async (dir) => {
    for (let i = 0; i < 4; i++) await enqueue(dir, { url: 'http://127.0.0.1:1/h', body: Buffer.from(`{"n":${i}}`), headers: [] });
    const times: number[] = [];
    const reply = (req: DeliveryRequest) => {
      times.push(Date.now());
      // The first two go out side by side: the first is answered 429 Retry-After: 1, the second 200.
      return times.length === 1 ? answer(429, { headers: [['Retry-After', '1']] })(req) : answer(200)(req);
    };
    const events: FlushEvent[] = [];
    const s = await flushSpool(base(dir, { concurrency: 2, maxWaitMs: 5000 }), deps(reply), (e) => events.push(e));
    assert.equal(s.delivered, 4);
    assert.equal(times.length, 5);
    assert.ok(times[2]! - times[0]! >= 950, `third send ${times[2]! - times[0]!} ms after the 429 that asked for 1 s`);
    assert.ok(events.some((e) => e.event === 'paused'), 'the pause is said');
  });
});

test('a Retry-After beyond the pause limit stops the flush (of several receivers, the sends to that one) and leaves the rest', async () => {
  for (const url of ['http://127.0.0.1:1/h', undefined]) {
    await withSpool(async (dir) => {
      for (let i = 0; i < 3; i++) await enqueue(dir, { url: 'http://127.0.0.1:1/h', body: Buffer.from(`{"n":${i}}`), headers: [] });
      const events: FlushEvent[] = [];
      const seen: DeliveryRequest[] = [];
      const s = await flushSpool(base(dir, { concurrency: 1, maxPauseMs: 5000, ...(url ? { url } : {}) }), deps(answer(503, { headers: [['Retry-After', '3600']] }), seen), (e) => events.push(e));
      // Messages on every assert.ok: a failing one without a message hangs Node 20's assert under tsx (it parses this file for one).
      assert.equal(seen.length, 1, 'one request to a receiver that asked for an hour');
      assert.equal(s.retried, 1);
      assert.equal(s.left, 3);
      assert.equal(s.ok, false);
      assert.ok(Date.parse(s.nextAttempt!) - Date.now() > 3_500_000, `next attempt ${s.nextAttempt}`);
      const stopped = events.find((e): e is Extract<FlushEvent, { event: 'stopped' }> => e.event === 'stopped');
      assert.ok(stopped, 'stopped');
      if (url) assert.equal(stopped.origin, undefined);
      else {
        assert.equal(stopped.origin, 'http://127.0.0.1:1', 'without --url only the sends to that receiver stop');
        assert.equal(s.receiver?.origin, 'http://127.0.0.1:1');
        assert.equal(s.notDue, 3, 'the two held back count as not yet due');
      }
    });
  }
});

test('--dry-run reads entries without moving or sending any', async () => {
  await withSpool(async (dir) => {
    await enqueue(dir, { url: 'http://127.0.0.1:1/h', body: Buffer.from('{}'), headers: [] });
    const seen: DeliveryRequest[] = [];
    const s = await flushSpool(base(dir, { dryRun: true }), deps(answer(200), seen));
    assert.equal(seen.length, 0);
    assert.equal(s.wouldSend, 1);
    assert.equal((await entries(dir, 'new')).length, 1);
  });
});

test('a plain payload whose id is already deferred or dead does not overwrite that entry', async () => {
  await withSpool(async (dir) => {
    const url = 'http://127.0.0.1:1/h';
    const old = new Date(Date.now() - 10_000);
    const { utimes } = await import('node:fs/promises');
    // The seeds' queue_alert names files by alert id: the same id can come back while the first is still spooled.
    for (const [status, folder] of [[503, 'deferred'], [400, 'dead']] as const) {
      for (const text of ['first', 'second']) {
        await writeFile(join(dir, 'alert-1.json'), `{"alert":"${folder}-${text}"}`);
        await utimes(join(dir, 'alert-1.json'), old, old);
        // No jitter down to zero: the deferred alert-1 must stay not due for the next flush.
        await flushSpool(base(dir, { url, random: () => 1 }), deps(answer(status, { retryable: status === 503 })));
      }
      const bodies = [];
      for (const f of await entries(dir, folder)) {
        const d = decodeFile(await readFile(join(dir, folder, f)));
        if (d.kind === 'entry') bodies.push(d.body.toString());
      }
      assert.deepEqual(bodies.sort(), [`{"alert":"${folder}-first"}`, `{"alert":"${folder}-second"}`]);
    }
  });
});

test('two entries with one id handled at once both survive: a move never replaces a file', async () => {
  await withSpool(async (dir) => {
    const url = 'http://127.0.0.1:1/h';
    const { utimes } = await import('node:fs/promises');
    const old = new Date(Date.now() - 10_000);
    // alert-1 deferred once already; the writer then wrote alert-1.json again. With --now both are due together.
    await writeFile(join(dir, 'alert-1.json'), '{"alert":"first"}');
    await utimes(join(dir, 'alert-1.json'), old, old);
    await flushSpool(base(dir, { url }), deps(answer(503)));
    await writeFile(join(dir, 'alert-1.json'), '{"alert":"second"}');
    await utimes(join(dir, 'alert-1.json'), old, old);
    for (let round = 0; round < 3; round++) {
      const s = await flushSpool(base(dir, { url, now: true }), deps(answer(503)));
      assert.equal(s.retried, 2, `round ${round}: both were sent`);
      const bodies = [];
      for (const f of await entries(dir, 'deferred')) {
        const d = decodeFile(await readFile(join(dir, 'deferred', f)));
        if (d.kind === 'entry') bodies.push(d.body.toString());
      }
      assert.deepEqual(bodies.sort(), ['{"alert":"first"}', '{"alert":"second"}'], `round ${round}`);
    }
  });
});

test('within maxWaitMs a retryable failure is retried in the same run, after its backoff; beyond it the run ends saying when', async () => {
  await withSpool(async (dir) => {
    const { id } = await enqueue(dir, { url: 'http://127.0.0.1:1/h', body: Buffer.from('{}'), headers: [] });
    const times: number[] = [];
    const reply = (req: DeliveryRequest) => {
      times.push(Date.now());
      return times.length === 1 ? answer(503)(req) : answer(200)(req);
    };
    // random 0.1: the first backoff is 0.1 × 5 s = 500 ms, within the 2 s wait.
    const s = await flushSpool(base(dir, { maxWaitMs: 2000, random: () => 0.1 }), deps(reply));
    assert.equal(s.delivered, 1);
    assert.equal(s.retried, 1);
    assert.equal(s.ok, true);
    assert.equal(s.left, 0);
    assert.ok(times[1]! - times[0]! >= 480, `retried ${times[1]! - times[0]!} ms after a 500 ms backoff`);
    await enqueue(dir, { url: 'http://127.0.0.1:1/h', body: Buffer.from('{"b":1}'), headers: [] });
    const t0 = Date.now();
    const late = await flushSpool(base(dir, { maxWaitMs: 2000, random: () => 0.99 }), deps(answer(503)));
    assert.equal(late.ok, false);
    assert.equal(late.left, 1);
    assert.ok(Date.parse(late.nextAttempt!) - t0 > 4000, late.nextAttempt);
    assert.ok(Date.now() - t0 < 4000, 'the run waited for an attempt beyond its wait');
    assert.ok(id);
  });
});

test('without --url a Retry-After holds back only that receiver\'s entries: the other receiver\'s go out meanwhile, in order, then its own', async () => {
  await withSpool(async (dir) => {
    const ids: Record<'a' | 'b', string[]> = { a: [], b: [] };
    for (let i = 0; i < 4; i++) {
      for (const to of ['a', 'b'] as const) ids[to].push((await enqueue(dir, { url: `http://${to}.test/h`, body: Buffer.from(`{"${to}":${i}}`), headers: [] })).id);
    }
    // The spool's order: oldest first by the id's time, then by name (entries made in one millisecond tie on time).
    for (const to of ['a', 'b'] as const) ids[to].sort();
    const sent: string[] = [];
    let first = true;
    const reply = (req: DeliveryRequest) => {
      sent.push(req.headers.find(([k]) => k === 'Idempotency-Key')![1]);
      if (req.url.startsWith('http://a.test') && first) {
        first = false;
        return answer(429, { headers: [['Retry-After', '1']] })(req);
      }
      return answer(200)(req);
    };
    const events: FlushEvent[] = [];
    const s = await flushSpool(base(dir, { concurrency: 1, maxWaitMs: 5000 }), deps(reply), (e) => events.push(e));
    assert.equal(s.delivered, 8);
    assert.equal(s.left, 0);
    // The first entry for a asked for a second: every entry for b went out before any for a again, in their order
    // (claimed ahead on the file thread, only roughly: see the README's "Claiming ahead"); then a's.
    assert.equal(sent[0], ids.a[0]);
    if (claimsUnderTest.claims) assert.deepEqual(sent.slice(1, 5).sort(), ids.b);
    else assert.deepEqual(sent.slice(1, 5), ids.b);
    assert.deepEqual(sent.slice(5).sort(), ids.a);
    assert.ok(events.some((e) => e.event === 'paused' && e.origin === 'http://a.test'), 'the pause names its receiver');
    assert.deepEqual(await entries(dir, 'new'), []);
    assert.deepEqual(await entries(dir, 'cur'), []);
  });
});

test('without --url a probe of a receiver that is down holds back only its entries: the other receiver\'s all go out while the probe waits for its answer', async () => {
  await withSpool(async (dir) => {
    const { keepReceiverState } = await import('../../src/spool/receiver-state.js');
    for (let i = 0; i < 4; i++) {
      await enqueue(dir, { url: 'http://a.test/h', body: Buffer.from(`{"a":${i}}`), headers: [] });
      await enqueue(dir, { url: 'http://b.test/h', body: Buffer.from(`{"b":${i}}`), headers: [] });
    }
    // An earlier run found a.test down; its backoff has just ended, so the next entry for it is a probe.
    await keepReceiverState(dir, 'http://a.test', { pausedUntil: Date.now() - 1, reason: 'ECONNREFUSED', failures: 1, streak: 1, since: Date.now() - 5000 });
    let bSent = 0;
    let bDone!: () => void;
    const allOfB = new Promise<void>((r) => (bDone = r));
    // Should b wait for the probe, nothing would answer it: a fallback ends the probe so the test fails, not hangs.
    const fallback = setTimeout(bDone, 5000);
    const sent: string[] = [];
    let probeAnsweredAfter = -1;
    const send = async (req: DeliveryRequest): Promise<Delivery> => {
      sent.push(String(req.body));
      if (req.url.startsWith('http://b.test')) {
        if (++bSent === 4) bDone();
      } else if (sent.filter((s) => s.startsWith('{"a"')).length === 1) {
        await allOfB;
        probeAnsweredAfter = bSent;
      }
      return answer(200)(req);
    };
    const events: FlushEvent[] = [];
    try {
      const s = await flushSpool(base(dir, { concurrency: 2, maxWaitMs: 1000 }), { ...deps(answer(200)), send }, (e) => events.push(e));
      assert.equal(probeAnsweredAfter, 4, 'b\'s entries waited for a\'s probe');
      assert.equal(s.delivered, 8);
      assert.equal(s.left, 0);
      assert.equal(sent.filter((x) => x.startsWith('{"a"')).length, 4, 'each entry for a sent once: the ones held back during the probe were not sent');
      assert.ok(events.some((e) => e.event === 'receiver' && e.state === 'up' && e.origin === 'http://a.test'), 'a is said to be up again');
      assert.equal((await import('../../src/spool/receiver-state.js').then((m) => m.readReceiverStates(dir))).size, 0, 'a\'s state is forgotten once it answered');
    } finally {
      clearTimeout(fallback);
    }
  });
});

test('without --url a Retry-After this run was answered is said as this run\'s, not as "an earlier run noted", by the entries held back while it is kept', async () => {
  await withSpool(async (dir) => {
    for (let i = 0; i < 30; i++) await enqueue(dir, { url: 'http://a.test/h', body: Buffer.from(`{"n":${i}}`), headers: [] });
    let first = true;
    const reply = (req: DeliveryRequest) => {
      if (!first) return answer(200)(req);
      first = false;
      return answer(429, { headers: [['Retry-After', '3600']] })(req);
    };
    const events: FlushEvent[] = [];
    await flushSpool(base(dir, { concurrency: 4, maxPauseMs: 5000 }), deps(reply), (e) => events.push(e));
    const said = events.filter((e) => e.event === 'stopped' || e.event === 'receiver').map((e) => ('reason' in e ? e.reason : ''));
    assert.ok(!said.some((r) => r.includes('earlier run')), `said: ${said.join(' | ')}`);
    assert.ok(said.some((r) => r.includes('asked to wait 3600 s')), `said: ${said.join(' | ')}`);
  });
});
