// Never lose, never double-send: flushers killed with SIGKILL at random instants, and three flushers at once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { mkdtemp, readdir, rm, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN, runCli } from '../helpers/cli.js';
import { startReceiver, PYTHON_QUEUE_ALERT } from './receiver.js';
import { enqueue } from '../../src/spool/index.js';

const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', CI: '1' };
delete env.WEBHOOK_DOCTOR_TOKEN;
delete env.WEBHOOK_DOCTOR_SECRET;

/** Runs a flush and SIGKILLs it `killAfterMs` after it started work (its first NDJSON event), whatever its start-up took. */
function flushKilledAfter(args: string[], killAfterMs: number): Promise<{ killed: boolean }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, 'flush', ...args, '--json'], { env, stdio: ['ignore', 'pipe', 'ignore'] });
    let timer: NodeJS.Timeout | undefined;
    child.stdout.once('data', () => {
      timer = setTimeout(() => child.kill('SIGKILL'), killAfterMs);
    });
    child.stdout.resume();
    const guard = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.on('exit', (_code, signal) => {
      clearTimeout(timer);
      clearTimeout(guard);
      resolve({ killed: signal === 'SIGKILL' });
    });
  });
}

async function leftInSpool(dir: string): Promise<string[]> {
  const top = (await readdir(dir)).filter((f) => f.endsWith('.json'));
  const rest: string[] = [];
  for (const f of ['new', 'cur', 'deferred', 'tmp', 'dead', 'quarantine']) rest.push(...(await readdir(join(dir, f)).catch(() => [])).map((x) => `${f}/${x}`));
  return [...top, ...rest];
}

async function seed(dir: string, plain: number, entries: number): Promise<Map<string, string>> {
  await mkdir(dir, { recursive: true });
  execFileSync('python3', ['-c', PYTHON_QUEUE_ALERT, dir, String(plain)]);
  const expected = new Map<string, string>();
  for (let i = 0; i < plain; i++) {
    const id = `alert-${String(i).padStart(5, '0')}`;
    expected.set(id, `{"id": "${id}", "source": "siem", "severity": "high", "message": "alert number ${i}"}`);
  }
  for (let i = 0; i < entries; i++) {
    const body = `{"entry":${i}}`;
    const { id } = await enqueue(dir, { url: 'http://127.0.0.1:1/', body: Buffer.from(body), headers: [['Content-Type', 'application/json']] });
    expected.set(id, body);
  }
  return expected;
}

test('crash test: SIGKILL at random instants, then a final flush: every alert delivered, duplicates only with the same key, spool empty', async () => {
  const root = await mkdtemp(join(tmpdir(), 'wd-crash-'));
  const dir = join(root, 'spool');
  const expected = await seed(dir, 250, 250);
  // Slow, flaky answers keep sends in flight and entries moving between folders when the kills land.
  const rx = await startReceiver(({ n }) => ({ status: n % 7 === 3 ? 503 : 200, delayMs: 5 + (n % 5) * 5 }));
  try {
    let kills = 0;
    let killsHoldingClaims = 0;
    for (let round = 0; round < 8; round++) {
      const { killed } = await flushKilledAfter([dir, '--url', rx.url, '--now', '--concurrency', '8', '--max-attempts', '50'], Math.floor(Math.random() * 300));
      if (killed) kills++;
      if (killed && (await readdir(join(dir, 'cur'))).length > 0) killsHoldingClaims++;
    }
    assert.ok(killsHoldingClaims >= 3, `only ${killsHoldingClaims} of ${kills} kills landed while entries were claimed`);
    assert.ok(rx.received.length > 0, 'no flush got as far as sending before its kill');
    let final;
    for (let i = 0; i < 10; i++) {
      final = await runCli(['flush', dir, '--url', rx.url, '--now', '--concurrency', '8', '--max-attempts', '50'], { timeoutMs: 20_000 });
      if (final.code === 0) break;
    }
    assert.equal(final!.code, 0, final!.stdout + final!.stderr);
    const got = new Map<string, string[]>();
    for (const r of rx.delivered()) got.set(r.key!, [...(got.get(r.key!) ?? []), r.body]);
    for (const [id, body] of expected) {
      const bodies = got.get(id);
      assert.ok(bodies, `alert ${id} was never delivered`);
      for (const b of bodies) assert.equal(b, body, `a duplicate of ${id} carried a different body`);
    }
    assert.equal(got.size, expected.size, 'a delivery carried an unknown Idempotency-Key');
    const duplicates = rx.delivered().length - expected.size;
    assert.ok(duplicates <= kills * 8, `${duplicates} duplicates from ${kills} kills of 8 sends in flight`);
    assert.deepEqual(await leftInSpool(dir), []);
  } finally {
    await rx.close();
    await rm(root, { recursive: true, force: true });
  }
});

test('three flushers at once on one spool deliver each alert exactly once', async () => {
  const root = await mkdtemp(join(tmpdir(), 'wd-three-'));
  const dir = join(root, 'spool');
  const expected = await seed(dir, 150, 150);
  const rx = await startReceiver(({ n }) => ({ status: 200, delayMs: n % 3 }));
  try {
    const runs = await Promise.all([0, 1, 2].map(() => runCli(['flush', dir, '--url', rx.url, '--concurrency', '4'], { timeoutMs: 30_000 })));
    for (const r of runs) assert.equal(r.code, 0, r.stderr);
    const keys = rx.received.map((r) => r.key!);
    assert.equal(keys.length, expected.size, `${keys.length} sends for ${expected.size} alerts`);
    assert.equal(new Set(keys).size, expected.size);
    for (const r of rx.received) assert.equal(r.body, expected.get(r.key!));
    assert.deepEqual(await leftInSpool(dir), []);
  } finally {
    await rx.close();
    await rm(root, { recursive: true, force: true });
  }
});
