// `flush --watch` as a service runs it: a child process beside another process that writes plain payloads;
// killed with SIGKILL and started again; beside other watchers and one-shot flushes; its spool taken away.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { chmod, mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { BIN } from '../helpers/cli.js';
import { startReceiver } from '../spool/receiver.js';
import { deliveredKeys, env, ids, leftInSpool, makeSpool, startWatcher, startWriter, type Watcher } from '../helpers/flush-watch.js';

test('--watch killed with SIGKILL mid-stream and started again: none lost, a duplicate only for a send in flight, with the same key', async () => {
  const { root, dir } = await makeSpool();
  const rx = await startReceiver(() => ({ status: 200, delayMs: 40 }));
  let second: Watcher | undefined;
  const first = startWatcher([dir, '--url', rx.url, '--concurrency', '4']);
  try {
    const writing = startWriter(dir, 0, 80, 10);
    await first.until((_e, all) => all.filter((x) => x.event === 'delivered').length >= 15);
    first.child.kill('SIGKILL');
    await first.exit;
    const before = rx.delivered().length;
    second = startWatcher([dir, '--url', rx.url, '--concurrency', '4']);
    await writing;
    const want = ids(0, 80);
    await second.until(() => want.every((id) => deliveredKeys(rx).has(id)));
    second.child.kill('SIGINT');
    assert.equal((await second.exit).code, 130);
    const got = deliveredKeys(rx);
    assert.equal(got.size, 80, 'an alert was lost');
    const duplicates = [...got].filter(([, n]) => n > 1);
    assert.ok(duplicates.length <= 4, `${duplicates.length} duplicates from one kill with 4 sends in flight`);
    for (const r of rx.delivered()) assert.equal(JSON.parse(r.body).id, r.key, 'a duplicate carried another key');
    assert.ok(before >= 15);
    assert.deepEqual(await leftInSpool(dir), []);
  } finally {
    first.child.kill('SIGKILL');
    second?.child.kill('SIGKILL');
    await rx.close();
    await rm(root, { recursive: true, force: true });
  }
});

test('two watchers and one-shot flushes on one spool send each alert exactly once', async () => {
  const { root, dir } = await makeSpool();
  const rx = await startReceiver(({ n }) => ({ status: 200, delayMs: n % 4 }));
  const watchers = [startWatcher([dir, '--url', rx.url]), startWatcher([dir, '--url', rx.url])];
  try {
    const writing = startWriter(dir, 0, 120, 5);
    const oneShots: Array<Promise<unknown>> = [];
    for (let i = 0; i < 3; i++) {
      await new Promise((r) => setTimeout(r, 100));
      oneShots.push(new Promise((resolve) => spawn(process.execPath, [BIN, 'flush', dir, '--url', rx.url, '--max-wait', '0'], { env, stdio: 'ignore' }).on('close', resolve)));
    }
    await writing;
    await Promise.all(oneShots);
    const want = ids(0, 120);
    // Waited for at the receiver: the last sends may be the other watcher's or a one-shot's, and then
    // watchers[0] prints nothing more that could wake a wait on its own events.
    await rx.until(() => want.every((id) => deliveredKeys(rx).has(id)));
    for (const w of watchers) w.child.kill('SIGTERM');
    for (const w of watchers) assert.equal((await w.exit).code, 143);
    const keys = rx.received.map((r) => r.key!);
    assert.equal(keys.length, 120, `${keys.length} sends for 120 alerts`);
    assert.equal(new Set(keys).size, 120);
    assert.deepEqual(await leftInSpool(dir), []);
  } finally {
    for (const w of watchers) w.child.kill('SIGKILL');
    await rx.close();
    await rm(root, { recursive: true, force: true });
  }
});

test('--watch leaves a payload alone while another program appends to it piece by piece (opening it by name each time): sent once, whole', async () => {
  const { root, dir } = await makeSpool();
  const rx = await startReceiver();
  const watcher = startWatcher([dir, '--url', rx.url]);
  try {
    await watcher.until((e) => e.event === 'start');
    // A shell's >> or a logger: every piece opens the file by its name again. A claim (a rename) in between
    // would send the next piece into a new file, and both halves would be quarantined.
    const script = `
      const fs = require('node:fs'), path = require('node:path');
      const [dir] = process.argv.slice(1);
      for (let f = 0; f < 12; f++) {
        const file = path.join(dir, 'piece-' + f + '.json');
        let i = 0;
        fs.writeFileSync(file, '{"id":"piece-' + f + '"');
        const more = () => {
          if (i++ < 40) { fs.appendFileSync(file, ',"k' + i + '":"' + 'x'.repeat(20) + '"'); setTimeout(more, 5); }
          else fs.appendFileSync(file, ',"end":true}');
        };
        more();
      }
    `;
    await new Promise<void>((resolve, reject) => spawn(process.execPath, ['-e', script, dir], { stdio: 'inherit' }).on('close', (code) => (code === 0 ? resolve() : reject(new Error(`writer exited ${code}`)))));
    const want = Array.from({ length: 12 }, (_, f) => `piece-${f}`);
    await watcher.until(() => want.every((id) => deliveredKeys(rx).has(id)));
    watcher.child.kill('SIGTERM');
    assert.equal((await watcher.exit).code, 143);
    assert.equal(rx.received.length, 12, 'each payload sent once');
    for (const r of rx.received) assert.equal(JSON.parse(r.body).end, true, `${r.key} went out before its writer finished`);
    assert.deepEqual(await leftInSpool(dir), [], 'nothing torn into cur/ or quarantine/');
    assert.ok(!watcher.events.some((e) => e.event === 'quarantined'));
  } finally {
    watcher.child.kill('SIGKILL');
    await rx.close();
    await rm(root, { recursive: true, force: true });
  }
});

test('--watch exits non-zero with the reason when the spool folder is removed', async () => {
  const { root, dir } = await makeSpool();
  const rx = await startReceiver();
  const w = startWatcher([dir, '--url', rx.url]);
  try {
    await w.until((e) => e.event === 'start');
    await rm(dir, { recursive: true, force: true });
    const { code } = await w.exit;
    assert.equal(code, 1);
    assert.match(w.stderr(), /^webhook-doctor: the spool can no longer be used: .*spool(\/[a-z]+)? is gone\nhint: /m);
  } finally {
    w.child.kill('SIGKILL');
    await rx.close();
    await rm(root, { recursive: true, force: true });
  }
});

test('--watch exits non-zero with the reason when the spool becomes unwritable', async (t) => {
  if (process.getuid?.() !== 0) return t.skip('needs root to run the watcher as another user');
  const { root, dir } = await makeSpool();
  for (const f of ['new', 'cur', 'deferred', 'dead', 'quarantine']) await mkdir(join(dir, f), { recursive: true });
  await chmod(root, 0o755);
  for (const f of ['', 'tmp', 'new', 'cur', 'deferred', 'dead', 'quarantine']) await chmod(join(dir, f), 0o777);
  const rx = await startReceiver();
  const w = startWatcher([dir, '--url', rx.url], { asNobody: true });
  try {
    await w.until((e) => e.event === 'start');
    await chmod(join(dir, 'cur'), 0o755);
    await chmod(dir, 0o755);
    // The change is seen at the next look: a file landing (the rescan would find it too, later).
    await new Promise((r) => setTimeout(r, 50));
    await writeFile(join(dir, 'new', 'poke'), 'x');
    const { code } = await w.exit;
    assert.equal(code, 1);
    assert.match(w.stderr(), /the spool can no longer be used: .* no longer writable/);
  } finally {
    w.child.kill('SIGKILL');
    await rx.close();
    await rm(root, { recursive: true, force: true });
  }
});

test('--watch honours a Retry-After pause an earlier run kept in the spool, then sends', async () => {
  const { root, dir } = await makeSpool();
  const rx = await startReceiver();
  // What a one-shot flush leaves after a 429 with Retry-After longer than its wait.
  const until = Date.now() + 2500;
  await writeFile(join(dir, '.receiver.json'), JSON.stringify({ pausedUntil: new Date(until).toISOString(), reason: 'HTTP 429 with Retry-After: 300 s', failures: 0, streak: 1, since: new Date().toISOString() }));
  await writeFile(join(dir, 'alert-1.json'), '{"id":"alert-1"}');
  const w = startWatcher([dir, '--url', rx.url]);
  try {
    await w.until((e) => e.event === 'delivered');
    assert.ok(rx.received[0]!.at >= until, `sent ${until - rx.received[0]!.at} ms before the pause ended`);
    w.child.kill('SIGTERM');
    assert.equal((await w.exit).code, 143);
  } finally {
    w.child.kill('SIGKILL');
    await rx.close();
    await rm(root, { recursive: true, force: true });
  }
});
