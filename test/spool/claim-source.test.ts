// Claim sources: every due entry handed out once, oldest first, byte for byte; entries another flusher took
// are skipped; claims made ahead go back where they were found; a broken file thread is an error, not a hang.
import { afterEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rename, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { enqueue } from '../../src/spool/index.js';
import { decodeFile } from '../../src/spool/entry.js';
import { HOST } from '../../src/spool/layout.js';
import { ensureLayout } from '../../src/spool/durable.js';
import { scanSpool } from '../../src/spool/claim.js';
import { inlineClaims, threadedClaims, type ClaimSource } from '../../src/spool/claim-source.js';
import type { Candidate } from '../../src/spool/claim.js';

const FILE_THREAD = new URL('../../dist/spool/file-thread.js', import.meta.url); // built by pretest

// Every source a test opens is closed after it, pass or fail: a file thread left running would keep the run alive.
const opened: ClaimSource[] = [];
const track = (source: ClaimSource) => (opened.push(source), source);
afterEach(async () => {
  for (const source of opened.splice(0)) await source.close().catch(() => {});
});

const sources: Record<string, (dir: string, due: readonly Candidate[]) => ClaimSource> = {
  inline: (dir, due) => track(inlineClaims(dir, due)),
  threaded: (dir, due) => track(threadedClaims(dir, due, FILE_THREAD, { entries: 8, bytes: 1 << 20, renewAfterMs: 30_000 })),
};

async function spoolWith(plain: number, entries: number): Promise<{ dir: string; bodies: Map<string, string> }> {
  const dir = await mkdtemp(join(tmpdir(), 'wd-source-'));
  await ensureLayout(dir);
  const bodies = new Map<string, string>();
  for (let i = 0; i < entries; i++) {
    const body = `{"entry":${i}}`;
    const { id } = await enqueue(dir, { url: 'http://127.0.0.1:1/', body: Buffer.from(body), headers: [] });
    bodies.set(id, body);
  }
  for (let i = 0; i < plain; i++) {
    const body = `{"plain":${i}, "pad":"${'x'.repeat(i)}"}`;
    await writeFile(join(dir, `alert-${String(i).padStart(3, '0')}.json`), body);
    bodies.set(`alert-${String(i).padStart(3, '0')}`, body);
  }
  return { dir, bodies };
}

const ascending = (xs: number[]) => xs.every((x, i) => i === 0 || xs[i - 1]! < x);
const scan = async (dir: string) => (await scanSpool(dir, { now: Date.now(), includeNotDue: true, leaseMs: 60_000 })).due;

for (const [kind, open] of Object.entries(sources)) {
  test(`${kind}: every due entry once, in the scan's order, byte for byte; remove deletes the claimed file`, async () => {
    const { dir, bodies } = await spoolWith(30, 30);
    try {
      const due = await scan(dir);
      const source = open(dir, due);
      // The thread's first claims (the lookahead, 8) are in hand before anything is asked for.
      if (kind === 'threaded') {
        for (let i = 0; i < 150 && source.inHand < 8; i++) await new Promise((r) => setTimeout(r, 20));
        assert.equal(source.inHand, 8, 'the thread claimed and read ahead within 3 s');
      }
      const got: string[] = [];
      const byThread: number[] = []; // positions in the scan of what the file thread claimed and read
      const byCaller: number[] = []; // ...and of what was claimed here while the thread had nothing in hand
      for (let c = await source.next(); c; c = await source.next()) {
        const decoded = decodeFile(c.data);
        assert.notEqual(decoded.kind, 'corrupt');
        assert.equal(decoded.kind !== 'corrupt' && decoded.body.toString(), bodies.get(c.claim.id), `${c.claim.id} read back different bytes`);
        assert.match(c.claim.path, /[/\\]cur[/\\]/);
        got.push(c.claim.candidate.name);
        (c.decoded ? byThread : byCaller).push(due.findIndex((d) => d.name === c.claim.candidate.name));
        await source.remove(c.claim.path);
      }
      await source.close();
      if (kind === 'inline') assert.deepEqual(got, due.map((d) => d.name));
      else {
        // Every one once. How the two claimers interleave depends on how fast the thread runs (on a loaded
        // machine it can hold its first batch until the caller has claimed the rest), but each of them goes
        // oldest first: what the thread hands out, and what the caller claims while the thread has nothing in hand.
        assert.deepEqual([...got].sort(), due.map((d) => d.name).sort());
        assert.ok(ascending(byThread), `the thread's, out of order: ${byThread.join(' ')}`);
        assert.ok(ascending(byCaller), `the caller's, out of order: ${byCaller.join(' ')}`);
        // What the thread has in hand goes out first: nothing is claimed here while it holds entries.
        assert.deepEqual(byThread.slice(0, 8), [0, 1, 2, 3, 4, 5, 6, 7], 'the first 8 are the thread\'s');
        assert.ok(got.slice(0, 8).every((name, i) => name === due[i]!.name), `handed out first: ${got.slice(0, 8).join(' ')}`);
      }
      assert.equal(source.notHandedOut, 0);
      assert.deepEqual(await readdir(join(dir, 'cur')), []);
      assert.deepEqual((await readdir(dir)).filter((f) => f.endsWith('.json')), []);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  test(`${kind}: an entry another flusher claimed first is skipped, not an error`, async () => {
    const { dir } = await spoolWith(5, 0);
    try {
      const due = await scan(dir);
      // Another flusher wins the race for the third one after our scan.
      await rename(join(dir, due[2]!.file), join(dir, 'cur', `${due[2]!.name}@elsewhere@1@1-a`));
      const source = open(dir, due);
      const got: string[] = [];
      for (let c = await source.next(); c; c = await source.next()) got.push(c.claim.candidate.name);
      await source.close();
      assert.deepEqual(got, due.filter((_, i) => i !== 2).map((d) => d.name));
      assert.equal(source.takenByOthers, 1, 'counted as taken by another flusher');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  test(`${kind}: after stop() nothing more is handed out; what was claimed and not sent goes back where it was found`, async () => {
    const { dir } = await spoolWith(10, 10);
    try {
      // One entry waits in deferred/, one is a stale claim of a process that is gone.
      const [first, second] = (await readdir(join(dir, 'new'))).sort();
      await rename(join(dir, 'new', first!), join(dir, 'deferred', first!));
      const stale = `${second}@${HOST}@4194305@1-b`;
      await rename(join(dir, 'new', second!), join(dir, 'cur', stale));
      const due = await scan(dir);
      const source = open(dir, due);
      const handedOut = await source.next();
      assert.ok(handedOut);
      // Let the threaded source fill its lookahead (its thread takes tens of ms to start; the stale claim is
      // among the oldest, so it is claimed ahead once the thread runs), then stop and give back the one handed out.
      if (kind === 'threaded') {
        for (let i = 0; i < 150 && (await readdir(join(dir, 'cur'))).includes(stale); i++) await new Promise((r) => setTimeout(r, 20));
      } else {
        await new Promise((r) => setTimeout(r, 50));
      }
      source.stop();
      assert.equal(await source.next(), undefined);
      await source.giveBack(handedOut);
      await source.close();
      assert.equal(source.notHandedOut, due.length);
      const cur = await readdir(join(dir, 'cur'));
      assert.deepEqual(cur.filter((f) => f.includes(`@${process.pid}@`)), [], 'a claim of ours was left in cur/');
      assert.ok((await readdir(join(dir, 'deferred'))).includes(first!), 'the deferred entry went back to deferred/');
      if (kind === 'threaded') assert.ok((await readdir(join(dir, 'new'))).includes(second!), 'the stale claim, taken back ahead, went to new/');
      else assert.deepEqual(cur, [stale], 'the stale claim, never reached, is where it was');
      const count = (await readdir(dir)).filter((f) => f.endsWith('.json')).length + (await readdir(join(dir, 'new'))).length + (await readdir(join(dir, 'deferred'))).length + cur.length;
      assert.equal(count, 20, 'every entry is still in the spool');
      assert.equal((await readdir(dir)).filter((f) => f.endsWith('.json')).length, 10, 'plain payloads are at the top');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
}

test('threaded: a file thread that cannot start is a clear error from next() (after what was claimed while it started), and close() still returns', async () => {
  const { dir } = await spoolWith(50, 0);
  try {
    const source = track(threadedClaims(dir, await scan(dir), new URL('./no-such-thread.js', import.meta.url), { entries: 8, bytes: 1 << 20, renewAfterMs: 30_000 }));
    let handedOut = 0;
    let error: Error | undefined;
    for (let i = 0; i < 50 && !error; i++) {
      try {
        if (!(await source.next())) break;
        handedOut++;
        await new Promise((r) => setTimeout(r, 5));
      } catch (err) {
        error = err as Error;
      }
    }
    assert.match(String(error?.message), /the spool's file thread (failed|stopped)/);
    await source.close();
    const top = (await readdir(dir)).filter((f) => f.endsWith('.json')).length;
    const claimed = (await readdir(join(dir, 'cur'))).length;
    assert.equal(claimed, handedOut, 'only what was handed out is claimed');
    assert.equal(top + claimed, 50, 'nothing was lost');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('threaded: a disk error while claiming rejects next() with the error, not a silent skip', async () => {
  const { dir } = await spoolWith(3, 0);
  try {
    const due = await scan(dir);
    // cur/ gone: the rename into it fails with ENOENT for the destination, which is not a lost race.
    await rm(join(dir, 'cur'), { recursive: true });
    await writeFile(join(dir, 'cur'), 'not a folder');
    const source = track(threadedClaims(dir, due, FILE_THREAD, { entries: 8, bytes: 1 << 20, renewAfterMs: 30_000 }));
    await assert.rejects(source.next(), (err: NodeJS.ErrnoException) => err.code === 'ENOTDIR');
    await source.close();
    await unlink(join(dir, 'cur'));
    assert.equal((await readdir(dir)).filter((f) => f.endsWith('.json')).length, 3);
    assert.ok((await readFile(join(dir, due[0]!.file))).length > 0);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('threaded: a claim made ahead that waited past half its lease is renewed when handed out, and one another flusher took back meanwhile is not handed out', async () => {
  const { dir, bodies } = await spoolWith(12, 0);
  try {
    const due = await scan(dir);
    const source = track(threadedClaims(dir, due, FILE_THREAD, { entries: 8, bytes: 1 << 20, renewAfterMs: 100 }));
    const got: string[] = [];
    const byThread: number[] = [];
    const byCaller: number[] = [];
    let takenName = '';
    try {
      const first = await source.next();
      assert.ok(first);
      await source.remove(first.claim.path);
      // Let the thread claim ahead, then wait past renewAfterMs: those claims look stale to another flusher.
      let ahead: string[] = [];
      for (let i = 0; i < 100 && ahead.length < 4; i++) {
        await new Promise((r) => setTimeout(r, 20));
        ahead = (await readdir(join(dir, 'cur'))).sort();
      }
      assert.ok(ahead.length >= 4, `claims were made ahead (${ahead.length})`);
      await new Promise((r) => setTimeout(r, 400));
      const resumedAt = Date.now();
      // Another flusher takes one back, as it does once a claim's lease has run out, and holds it.
      const taken = ahead[1]!;
      await rename(join(dir, 'cur', taken), join(dir, 'cur', `${taken.split('@')[0]}@elsewhere@1@${Date.now()}-b`));
      takenName = taken.split('@')[0]!;
      got.push(first.claim.candidate.name);
      for (let c = await source.next(); c; c = await source.next()) {
        assert.notEqual(c.claim.candidate.name, takenName, 'an entry another flusher took back was handed out (sent twice)');
        const claimedMs = Number(c.claim.path.split('@')[3]!.split('-')[0]);
        // Renewed: its claim name is from after the wait (claims made ahead were made before it).
        assert.ok(claimedMs >= resumedAt, `${c.claim.candidate.name} handed out on a claim made ${resumedAt - claimedMs} ms before the wait ended`);
        assert.equal(await readFile(c.claim.path, 'utf8'), bodies.get(c.claim.id));
        got.push(c.claim.candidate.name);
        (c.decoded ? byThread : byCaller).push(due.findIndex((d) => d.name === c.claim.candidate.name));
        await source.remove(c.claim.path);
      }
    } finally {
      await source.close(); // a thread left running would keep the test process alive
    }
    // Every other one once; the order can bend when the thread runs slowly, but each claimer goes oldest first (see the first test).
    assert.deepEqual([...got].sort(), due.map((d) => d.name).filter((n) => n !== takenName).sort());
    assert.ok(ascending(byThread) && ascending(byCaller), `out of order: thread ${byThread.join(' ')}, caller ${byCaller.join(' ')}`);
    assert.deepEqual((await readdir(join(dir, 'cur'))).map((f) => f.split('@')[0]), [takenName]);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('threaded: what is claimed and read ahead stays within the byte limit however large the entries are, and every entry is still handed out once', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'wd-source-'));
  try {
    await ensureLayout(dir);
    const body = (i: number) => `{"n":${i},"pad":"${'x'.repeat(100_000)}"}`;
    for (let i = 0; i < 40; i++) await writeFile(join(dir, `big-${String(i).padStart(2, '0')}.json`), body(i));
    const due = await scan(dir);
    const source = track(threadedClaims(dir, due, FILE_THREAD, { entries: 32, bytes: 300_000, renewAfterMs: 30_000 }));
    const got = new Set<string>();
    try {
      const first = await source.next();
      assert.ok(first);
      got.add(first.claim.candidate.name);
      await new Promise((r) => setTimeout(r, 400)); // the thread claims ahead meanwhile
      const claimed = (await readdir(join(dir, 'cur'))).length;
      // 300 KB of 100 KB entries, give or take one entry for each of the two batches under way, and the one handed out.
      assert.ok(claimed <= 1 + 3 + 2, `${claimed} entries of 100 KB claimed and read ahead with a 300 KB limit`);
      await source.remove(first.claim.path);
      for (let c = await source.next(); c; c = await source.next()) {
        assert.ok(!got.has(c.claim.candidate.name), `${c.claim.candidate.name} handed out twice`);
        got.add(c.claim.candidate.name);
        assert.equal(c.data.toString(), body(Number(c.claim.candidate.name.slice(4, 6))));
        await source.remove(c.claim.path);
      }
    } finally {
      await source.close();
    }
    assert.equal(got.size, 40);
    assert.equal(source.notHandedOut, 0);
    assert.deepEqual(await readdir(join(dir, 'cur')), []);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
