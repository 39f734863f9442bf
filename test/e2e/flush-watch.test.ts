// `flush --watch` as a service runs it: a child process beside another process that writes plain payloads,
// a receiver that is down, then up, then asks for a pause, then fails at random; killed and restarted.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN } from '../helpers/cli.js';
import { freePort, startReceiver, type Receiver } from '../spool/receiver.js';

const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', CI: '1' };
delete env.WEBHOOK_DOCTOR_TOKEN;
delete env.WEBHOOK_DOCTOR_SECRET;

interface Watcher {
  child: ChildProcess;
  events: Array<Record<string, unknown>>;
  stderr: () => string;
  /** Resolves once an event matching `pred` has been printed (rejects if the watcher exits first). */
  until(pred: (e: Record<string, unknown>, all: Array<Record<string, unknown>>) => boolean): Promise<void>;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function startWatcher(args: string[], opts: { asNobody?: boolean } = {}): Watcher {
  const argv = [BIN, 'flush', ...args, '--watch', '--json'];
  const child = opts.asNobody
    ? spawn('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, ...argv], { env })
    : spawn(process.execPath, argv, { env });
  const events: Array<Record<string, unknown>> = [];
  let stderr = '';
  let buffer = '';
  const waiters: Array<{ pred: (e: Record<string, unknown>, all: Array<Record<string, unknown>>) => boolean; resolve(): void; reject(err: Error): void }> = [];
  const check = () => {
    for (const w of [...waiters]) {
      if (events.some((e) => w.pred(e, events))) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve();
      }
    }
  };
  child.stdout!.setEncoding('utf8').on('data', (d: string) => {
    buffer += d;
    const lines = buffer.split('\n');
    buffer = lines.pop()!;
    for (const line of lines) if (line.trim()) events.push({ ...JSON.parse(line), t: Date.now() });
    check();
  });
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('close', (code, signal) => {
    for (const w of waiters.splice(0)) w.reject(new Error(`the watcher exited (${code ?? signal}) first; stderr: ${stderr}`));
    resolve({ code, signal });
  }));
  // Bounded: a watcher left over by a failed test must not keep the run alive.
  const guard = setTimeout(() => child.kill('SIGKILL'), 90_000);
  void exit.then(() => clearTimeout(guard));
  return {
    child,
    events,
    stderr: () => stderr,
    until: (pred) => new Promise<void>((resolve, reject) => {
      waiters.push({ pred, resolve, reject });
      check();
    }),
    exit,
  };
}

/** Another program writing plain payloads as the README says (tmp/ then rename), every `everyMs`; some with write_text's in-place write. */
function startWriter(dir: string, from: number, count: number, everyMs: number): Promise<void> {
  const script = `
    const fs = require('node:fs'), path = require('node:path');
    const [dir, from, count, every] = process.argv.slice(1);
    let i = Number(from);
    const end = i + Number(count);
    const tick = () => {
      if (i >= end) return;
      const id = 'alert-' + String(i).padStart(5, '0');
      const body = JSON.stringify({ id, source: 'siem', n: i });
      if (i % 10 === 7) fs.writeFileSync(path.join(dir, id + '.json'), body); // the seeds' write_text, in place
      else {
        const tmp = path.join(dir, 'tmp', id + '.' + process.pid);
        fs.writeFileSync(tmp, body);
        fs.renameSync(tmp, path.join(dir, id + '.json'));
      }
      i++;
      setTimeout(tick, Number(every));
    };
    tick();
  `;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', script, dir, String(from), String(count), String(everyMs)], { stdio: 'inherit' });
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`writer exited ${code}`))));
  });
}

async function makeSpool(): Promise<{ root: string; dir: string }> {
  const root = await mkdtemp(join(tmpdir(), 'wd-watch-'));
  const dir = join(root, 'spool');
  await mkdir(join(dir, 'tmp'), { recursive: true });
  return { root, dir };
}

const ids = (from: number, count: number) => Array.from({ length: count }, (_, i) => `alert-${String(from + i).padStart(5, '0')}`);

async function leftInSpool(dir: string): Promise<string[]> {
  // Payloads only: .receiver.json (a pause the watcher noted) is no entry.
  const top = (await readdir(dir)).filter((f) => f.endsWith('.json') && !f.startsWith('.'));
  const rest: string[] = [];
  for (const f of ['new', 'cur', 'deferred', 'dead', 'quarantine']) rest.push(...(await readdir(join(dir, f)).catch(() => [])).map((x) => `${f}/${x}`));
  return [...top, ...rest];
}

function deliveredKeys(rx: Receiver): Map<string, number> {
  const got = new Map<string, number>();
  for (const r of rx.delivered()) got.set(r.key!, (got.get(r.key!) ?? 0) + 1);
  return got;
}

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
    const refusedPauses = rx.received.filter((r) => r.at > pausedAt && r.at < pausedAt + 950);
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
    await watchers[0]!.until(() => want.every((id) => deliveredKeys(rx).has(id)));
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
    await import('node:fs/promises').then((fs) => fs.writeFile(join(dir, 'new', 'poke'), 'x'));
    const { code } = await w.exit;
    assert.equal(code, 1);
    assert.match(w.stderr(), /the spool can no longer be used: .* no longer writable/);
  } finally {
    w.child.kill('SIGKILL');
    await rx.close();
    await rm(root, { recursive: true, force: true });
  }
});
