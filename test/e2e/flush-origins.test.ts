// `flush` of one spool holding entries for two receivers (origins): one paused or down, the other up.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.js';
import { freePort, startReceiver, type Receiver } from '../spool/receiver.js';
import { leftInSpool, makeSpool, startWatcher } from '../helpers/flush-watch.js';
import { enqueue } from '../../src/spool/index.js';

async function withSpool(fn: (dir: string) => Promise<void>) {
  const { root, dir } = await makeSpool();
  try {
    await fn(dir);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

/**
 * Entries for a and b in turn (a1, b1, a2, b2, …); the ids for each, in the spool's
 * order (oldest first by the id's time, then by name: entries made in one millisecond tie on time).
 */
async function interleave(dir: string, a: string, b: string, n: number): Promise<{ a: string[]; b: string[] }> {
  const ids = { a: [] as string[], b: [] as string[] };
  for (let i = 1; i <= n; i++) {
    for (const [to, url] of [['a', a], ['b', b]] as const) {
      ids[to].push((await enqueue(dir, { url, body: Buffer.from(`{"to":"${to}","n":${i}}`), headers: [['Content-Type', 'application/json']] })).id);
    }
  }
  return { a: ids.a.sort(), b: ids.b.sort() };
}

const lastJson = (stdout: string) => JSON.parse(stdout.trim().split('\n').at(-1)!);
const keys = (rx: Receiver) => rx.delivered().map((r) => r.key!);

test('a receiver that answers 429 Retry-After: 1 holds back only its own entries: the other receiver\'s go out meanwhile, in order, and its own after the pause', async () => {
  await withSpool(async (dir) => {
    const a = await startReceiver(({ n }) => (n === 0 ? { status: 429, headers: { 'Retry-After': '1' } } : { status: 200 }));
    const b = await startReceiver();
    try {
      const ids = await interleave(dir, a.url, b.url, 3);
      const r = await runCli(['flush', dir, '--concurrency', '1', '--json']);
      assert.equal(r.code, 0, r.stderr);
      const events = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
      const paused = events.find((e) => e.event === 'paused');
      assert.equal(paused?.origin, new URL(a.url).origin, 'the pause names the receiver that asked for it');
      assert.deepEqual(keys(b), ids.b, 'b\'s entries, in their order');
      assert.deepEqual(keys(a).sort(), ids.a, 'a\'s entries, after its pause');
      // Every b entry went out before a was sent anything again, and a nothing before the second it asked for.
      const again = a.received[1]!.at;
      assert.ok(b.received.every((x) => x.at < again), 'b waited for a\'s pause');
      assert.ok(again >= Date.parse(paused.until) - 5, `a sent ${Date.parse(paused.until) - again} ms before its pause ended`);
      const summary = lastJson(r.stdout);
      assert.equal(summary.delivered, 6);
      assert.equal(summary.left, 0);
      assert.deepEqual(await leftInSpool(dir), []);
    } finally {
      await a.close();
      await b.close();
    }
  });
});

test('a receiver that is down: the other receiver\'s entries are all delivered, its own stay (exit 1, saying which and until when) and the state is kept for it alone', async () => {
  await withSpool(async (dir) => {
    const downUrl = `http://127.0.0.1:${await freePort()}/hooks`;
    const down = new URL(downUrl).origin;
    const b = await startReceiver();
    try {
      const ids = await interleave(dir, downUrl, b.url, 4);
      // One send at a time: the first refusal is known before the next entry for that receiver is claimed.
      const r = await runCli(['flush', dir, '--max-wait', '0', '--concurrency', '1']);
      assert.equal(r.code, 1, r.stderr);
      assert.deepEqual(keys(b), ids.b);
      const o = down.replace(/[.:/]/g, '\\$&');
      assert.match(r.stdout, new RegExp(`^receiver ${o} down: ECONNREFUSED; next attempt at \\S+ \\(in \\d+ s\\); its entries wait, the others go on$`, 'm'));
      assert.match(r.stdout, new RegExp(`^stopped the receiver is down \\(ECONNREFUSED\\): its next attempt is due at \\S+, later than the wait limit \\(sending to ${o} only: the other receivers' entries still go out\\)$`, 'm'));
      assert.match(r.stdout, new RegExp(`4 left in the spool; the next attempt is due at \\S+ \\(in \\d+ s\\); entries for ${o} wait until \\S+, when its backoff ends \\(down: ECONNREFUSED\\)`));
      const kept = JSON.parse(await readFile(join(dir, '.receiver.json'), 'utf8'));
      assert.deepEqual(Object.keys(kept.origins), [down]);
      assert.equal(kept.origins[down].reason, 'ECONNREFUSED');
      // queue list says which receiver the next flush will not send to, and until when.
      const list = await runCli(['queue', 'list', dir]);
      assert.match(list.stdout, new RegExp(`receiver ${down.replace(/[.:/]/g, '\\$&')} down \\(ECONNREFUSED\\): no flush sends to it before \\S+`));
      assert.match(list.stdout, /3 pending, 1 deferred/, 'one probe was sent; the others were held back unsent, with no attempt counted');
    } finally {
      await b.close();
    }
  });
});

test('--watch: one receiver down, the other\'s entries go out; once it comes back, its entries are delivered after its backoff, each once', async () => {
  await withSpool(async (dir) => {
    const port = await freePort();
    const downUrl = `http://127.0.0.1:${port}/hooks`;
    const b = await startReceiver();
    let a: Receiver | undefined;
    const ids = await interleave(dir, downUrl, b.url, 3);
    const w = startWatcher([dir, '--concurrency', '2']);
    try {
      await w.until((e) => e.event === 'receiver' && e.state === 'down' && e.origin === new URL(downUrl).origin);
      await b.until(() => b.delivered().length === 3);
      assert.deepEqual(keys(b).sort(), ids.b);
      a = await startReceiver(() => ({ status: 200 }), { port });
      await a.until(() => a!.delivered().length === 3);
      await w.until((e) => e.event === 'receiver' && e.state === 'up');
      w.child.kill('SIGTERM');
      assert.equal((await w.exit).code, 143, w.stderr());
      assert.deepEqual(keys(a).sort(), ids.a, 'each delivered once');
      assert.deepEqual(await leftInSpool(dir), []);
    } finally {
      w.child.kill('SIGKILL');
      await a?.close();
      await b.close();
    }
  });
});

test('a .receiver.json in the earlier single-state form is read as the pause of the origin it names: that receiver is not sent to, the other is; --now sends both', async () => {
  await withSpool(async (dir) => {
    const a = await startReceiver();
    const b = await startReceiver();
    try {
      const ids = await interleave(dir, a.url, b.url, 2);
      const until = new Date(Date.now() + 300_000).toISOString();
      await writeFile(join(dir, '.receiver.json'), JSON.stringify({ pausedUntil: until, reason: 'HTTP 429 with Retry-After: 300 s', failures: 0, streak: 1, since: new Date().toISOString(), origin: new URL(a.url).origin }, null, 2));
      const r = await runCli(['flush', dir, '--json']);
      assert.equal(r.code, 1, r.stderr);
      assert.equal(a.received.length, 0, 'sent to a receiver that had asked for 300 s');
      assert.deepEqual(keys(b).sort(), ids.b);
      const summary = lastJson(r.stdout);
      assert.equal(summary.left, 2);
      assert.equal(summary.receiver.origin, new URL(a.url).origin);
      assert.equal(summary.nextAttempt, until);
      const now = await runCli(['flush', dir, '--now']);
      assert.equal(now.code, 0, now.stderr);
      assert.deepEqual(keys(a).sort(), ids.a);
      assert.deepEqual(await leftInSpool(dir), []);
    } finally {
      await a.close();
      await b.close();
    }
  });
});
