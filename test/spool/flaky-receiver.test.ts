// The flush engine over real undici to a real loopback receiver that fails half the time.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { enqueue } from '../../src/spool/index.js';
import { flushSpool } from '../../src/spool/engine.js';
import { sendTimeHeaders } from '../../src/spool/send-time.js';
import { createDispatcher, deliver, parseRetryAfter } from '../../src/http/deliver.js';
import { findProfile } from '../../src/profiles/index.js';
import { startReceiver } from './receiver.js';

test('a receiver that fails half the time loses nothing: repeated flushes deliver every alert, each once', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'wd-flaky-'));
  const rx = await startReceiver(({ n }) => ({ status: n % 2 === 0 ? 503 : 200 }));
  const dispatcher = createDispatcher({ connections: 4 });
  try {
    for (let i = 0; i < 40; i++) await enqueue(dir, { url: rx.url, body: Buffer.from(`{"n":${i}}`), headers: [['Content-Type', 'application/json']] });
    let rounds = 0;
    for (; rounds < 20; rounds++) {
      const s = await flushSpool(
        { dir, now: true, dryRun: false, concurrency: 4, timeoutMs: 5000, maxAttempts: 50, leaseMs: 60_000, maxPauseMs: 0 },
        {
          send: (req) => deliver(req, { dispatcher }),
          sendTimeHeaders: (e) => sendTimeHeaders(e, {}, findProfile),
          retryAfterMs: (d) => parseRetryAfter(d.response?.headers.find(([k]) => k.toLowerCase() === 'retry-after')?.[1]),
        },
      );
      if (s.ok) break;
      assert.equal(s.deadLettered + s.quarantined, 0);
    }
    assert.ok(rounds < 20, 'the spool never drained');
    const bodies = rx.delivered().map((x) => x.body).sort();
    assert.deepEqual(bodies, Array.from({ length: 40 }, (_, i) => `{"n":${i}}`).sort());
    assert.ok(rx.received.filter((x) => x.status === 503).length >= 20, 'the receiver did fail half the time');
    for (const f of ['new', 'cur', 'deferred', 'dead', 'tmp']) assert.deepEqual(await readdir(join(dir, f)), [], `${f}/ is not empty`);
  } finally {
    await dispatcher.close();
    await rx.close();
    await rm(dir, { recursive: true, force: true });
  }
});
