// `flush --watch` against a receiver that is down, then up, then asks for a pause, then fails at random,
// while another process writes plain payloads.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { freePort, startReceiver, type Receiver } from '../spool/receiver.js';
import { deliveredKeys, ids, leftInSpool, makeSpool, startWatcher, startWriter } from '../helpers/flush-watch.js';

test('--watch: a receiver down, then up, then 429 Retry-After, then 503 at random; every alert delivered once; SIGTERM exits 143', async () => {
  const { root, dir } = await makeSpool();
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/hooks`;
  // One send at a time, so that every request after the 429 was sent after its answer came.
  const w = startWatcher([dir, '--url', url, '--concurrency', '1']);
  let rx: Receiver | undefined;
  try {
    // Down: nothing listens. The watcher backs off instead of hammering the port.
    const writing = startWriter(dir, 0, 10, 20);
    await w.until((e) => e.event === 'receiver' && e.state === 'down');
    await writing;
    // Up: the first answer is 429 with Retry-After: 1, then one in ten at random is a 503.
    let pausedAt = 0;
    let seed = 1_234_567;
    const random = () => ((seed = (seed * 48271) % 2147483647) / 2147483647);
    rx = await startReceiver(({ n }) => {
      if (n === 0) {
        pausedAt = Date.now();
        return { status: 429, headers: { 'Retry-After': '1' } };
      }
      return random() < 0.1 ? { status: 503 } : { status: 200 };
    }, { port });
    await startWriter(dir, 10, 30, 15);
    const want = ids(0, 40);
    await w.until(() => want.every((id) => deliveredKeys(rx!).has(id)));
    // received[0] is the 429 itself (noted just after pausedAt); none after it may come within the second asked for.
    const refusedPauses = rx.received.slice(1).filter((r) => r.at < pausedAt + 950);
    assert.deepEqual(refusedPauses.map((r) => `${r.key} at +${r.at - pausedAt} ms`), [], 'sent during the 1 s the receiver asked for');
    w.child.kill('SIGTERM');
    const { code } = await w.exit;
    assert.equal(code, 143, w.stderr());
    for (const [key, n] of deliveredKeys(rx)) assert.equal(n, 1, `${key} delivered ${n} times`);
    assert.equal(deliveredKeys(rx).size, 40);
    assert.ok(rx.received.some((r) => r.status === 503), 'the receiver did fail at random');
    const summary = w.events.at(-1)!;
    assert.equal(summary.event, 'summary');
    assert.deepEqual(await leftInSpool(dir), [], 'left in the spool after every alert was delivered');
  } finally {
    w.child.kill('SIGKILL');
    await rx?.close();
    await rm(root, { recursive: true, force: true });
  }
});
