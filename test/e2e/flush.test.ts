// `flush` as a user runs it against a real loopback receiver.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdtemp, readdir, rm, mkdir, writeFile, readFile, utimes } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN, runCli } from '../helpers/cli.js';
import { startReceiver, PYTHON_QUEUE_ALERT } from '../spool/receiver.js';
import { enqueue } from '../../src/spool/index.js';

async function withSpool(fn: (dir: string) => Promise<void>) {
  const root = await mkdtemp(join(tmpdir(), 'wd-flush-'));
  try {
    const dir = join(root, 'spool');
    await mkdir(dir);
    await fn(dir);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

async function pending(dir: string): Promise<string[]> {
  const top = (await readdir(dir)).filter((f) => f.endsWith('.json'));
  const rest: string[] = [];
  for (const f of ['new', 'cur', 'deferred', 'tmp']) rest.push(...(await readdir(join(dir, f)).catch(() => [])).map((x) => `${f}/${x}`));
  return [...top, ...rest];
}

const add = (dir: string, url: string, body: string) => enqueue(dir, { url, body: Buffer.from(body), headers: [['Content-Type', 'application/json']] });

test('a spool written by the seeds\' Python queue_alert flushes completely, each body as written', async () => {
  await withSpool(async (dir) => {
    execFileSync('python3', ['-c', PYTHON_QUEUE_ALERT, dir, '25']);
    const rx = await startReceiver();
    try {
      const r = await runCli(['flush', dir, '--url', rx.url]);
      assert.equal(r.code, 0, r.stderr + r.stdout);
      assert.equal(rx.delivered().length, 25);
      const one = rx.received.find((x) => x.key === 'alert-00007')!;
      assert.equal(one.body, '{"id": "alert-00007", "source": "siem", "severity": "high", "message": "alert number 7"}');
      assert.equal(one.headers['content-type'], 'application/json');
      assert.deepEqual(await pending(dir), []);
      assert.match(r.stdout, /delivered\s*│\s*25/);
      assert.match(r.stdout, /200×25/);
    } finally {
      await rx.close();
    }
  });
});

test('400 and 410 go to dead letter after one try, with status, reason and request id', async () => {
  await withSpool(async (dir) => {
    await add(dir, 'http://127.0.0.1:1/', '{"kind":"bad"}');
    await add(dir, 'http://127.0.0.1:1/', '{"kind":"gone"}');
    await add(dir, 'http://127.0.0.1:1/', '{"kind":"fine"}');
    const rx = await startReceiver(({ body }) =>
      body.includes('bad') ? { status: 400, body: '{"error":{"code":"invalid_payload","request_id":"req-400"}}' }
        : body.includes('gone') ? { status: 410 } : { status: 200 });
    try {
      const r = await runCli(['flush', dir, '--url', rx.url, '--json']);
      assert.equal(r.code, 1);
      assert.equal(rx.received.length, 3);
      const events = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
      const dead = events.filter((e) => e.event === 'dead');
      assert.deepEqual(dead.map((e) => e.status).sort(), [400, 410]);
      assert.equal(dead.find((e) => e.status === 400).requestId, 'req-400');
      const summary = events.at(-1);
      assert.equal(summary.event, 'summary');
      assert.equal(summary.deadLettered, 2);
      assert.equal(summary.delivered, 1);
      assert.equal((await readdir(join(dir, 'dead'))).length, 2);
      const again = await runCli(['flush', dir, '--url', rx.url, '--now']);
      assert.equal(again.code, 0);
      assert.equal(rx.received.length, 3, 'dead letters are not sent again');
      const list = await runCli(['queue', 'list', dir]);
      assert.match(list.stdout, /HTTP 400 is not retryable/);
      assert.match(list.stdout, /HTTP 410 is not retryable/);
    } finally {
      await rx.close();
    }
  });
});

test('a corrupt file and a torn entry are quarantined with the reason; the rest is delivered', async () => {
  await withSpool(async (dir) => {
    await writeFile(join(dir, 'broken.json'), '{"id": "broken", "message": ');
    const old = new Date(Date.now() - 60_000);
    await utimes(join(dir, 'broken.json'), old, old);
    const torn = await add(dir, 'http://127.0.0.1:1/', '{"kind":"torn"}');
    const bytes = await readFile(torn.path);
    await writeFile(torn.path, bytes.subarray(0, bytes.length - 4));
    await add(dir, 'http://127.0.0.1:1/', '{"kind":"fine"}');
    const rx = await startReceiver();
    try {
      const r = await runCli(['flush', dir, '--url', rx.url]);
      assert.equal(r.code, 1);
      assert.equal(rx.received.length, 1);
      assert.match(r.stdout, /quarantined broken\.json\s+not valid JSON/);
      assert.match(r.stdout, /quarantined \S+\s+torn entry/);
      const q = await readdir(join(dir, 'quarantine'));
      assert.equal(q.length, 4);
      assert.deepEqual(await pending(dir), []);
    } finally {
      await rx.close();
    }
  });
});

test('Retry-After on a 429 pauses sending for as long as it says, and the entry is retried in the same run', async () => {
  await withSpool(async (dir) => {
    for (let i = 0; i < 3; i++) await add(dir, 'http://127.0.0.1:1/', `{"n":${i}}`);
    const rx = await startReceiver(({ n }) => (n === 0 ? { status: 429, headers: { 'Retry-After': '1' } } : { status: 200 }));
    try {
      const r = await runCli(['flush', dir, '--url', rx.url, '--concurrency', '1']);
      assert.equal(r.code, 0, r.stdout + r.stderr);
      assert.match(r.stdout, /paused\s+1\.0 s: HTTP 429 with Retry-After/);
      const gap = rx.received[1]!.at - rx.received[0]!.at;
      assert.ok(gap >= 950, `next send came ${gap} ms after the 429`);
      assert.equal(rx.delivered().length, 3);
      const again = rx.received.filter((x) => x.key === rx.received[0]!.key);
      assert.equal(again.length, 2);
      assert.ok(again[1]!.at - again[0]!.at >= 950, 'retried before its Retry-After');
      assert.deepEqual(await pending(dir), []);
    } finally {
      await rx.close();
    }
  });
});

test('the seeds\' five alerts, the first answered 429 Retry-After: 2: one flush delivers all five and exits 0', async () => {
  await withSpool(async (dir) => {
    execFileSync('python3', ['-c', PYTHON_QUEUE_ALERT, dir, '5']);
    const rx = await startReceiver(({ n }) => (n === 0 ? { status: 429, headers: { 'Retry-After': '2' } } : { status: 200 }));
    try {
      const r = await runCli(['flush', dir, '--url', rx.url, '--concurrency', '1']);
      assert.equal(r.code, 0, r.stdout + r.stderr);
      assert.equal(new Set(rx.delivered().map((x) => x.key)).size, 5);
      const first = rx.received.filter((x) => x.key === rx.received[0]!.key);
      assert.ok(first[1]!.at - first[0]!.at >= 1950, `retried ${first[1]!.at - first[0]!.at} ms after Retry-After: 2`);
      assert.deepEqual(await pending(dir), []);
    } finally {
      await rx.close();
    }
  });
});

test('a receiver that keeps refusing: the run ends at --max-wait, exits 1 and says how many are left and when the next attempt is due', async () => {
  await withSpool(async (dir) => {
    execFileSync('python3', ['-c', PYTHON_QUEUE_ALERT, dir, '5']);
    const rx = await startReceiver(() => ({ status: 429, headers: { 'Retry-After': '2' } }));
    try {
      const r = await runCli(['flush', dir, '--url', rx.url, '--max-wait', '3']);
      assert.equal(r.code, 1, r.stdout + r.stderr);
      assert.equal(rx.delivered().length, 0);
      const m = /5 left in the spool; the next attempt is due at (\S+) \(in \d+ s\)/.exec(r.stdout);
      assert.ok(m, r.stdout);
      assert.ok(Date.parse(m[1]!) > Date.now() - 1000);
      // Each alert was retried, none before the 2 s it was asked to wait.
      const byKey = new Map<string, number[]>();
      for (const x of rx.received) byKey.set(x.key!, [...(byKey.get(x.key!) ?? []), x.at]);
      for (const [key, times] of byKey) for (let i = 1; i < times.length; i++) assert.ok(times[i]! - times[i - 1]! >= 1950, `${key} retried early`);
      const json = await runCli(['flush', dir, '--url', rx.url, '--max-wait', '0', '--json']);
      assert.equal(json.code, 1);
      const summary = JSON.parse(json.stdout.trim().split('\n').at(-1)!);
      assert.equal(summary.left, 5);
      assert.ok(summary.nextAttempt);
    } finally {
      await rx.close();
    }
  });
});

test('entries not yet due wait for a later flush (exit 1, saying when); --now sends them', async () => {
  await withSpool(async (dir) => {
    await add(dir, 'http://127.0.0.1:1/', '{"n":1}');
    let fail = true;
    const rx = await startReceiver(() => (fail ? { status: 503, headers: { 'Retry-After': '60' } } : { status: 200 }));
    try {
      // Retry-After: 60 puts the next attempt a minute away (--max-wait 0: do not wait for it here).
      assert.equal((await runCli(['flush', dir, '--url', rx.url, '--max-wait', '0'])).code, 1);
      fail = false;
      const waiting = await runCli(['flush', dir, '--url', rx.url, '--max-wait', '10', '--json']);
      assert.equal(waiting.code, 1);
      assert.equal(rx.received.length, 1);
      const summary = JSON.parse(waiting.stdout.trim().split('\n').at(-1)!);
      assert.equal(summary.notDue, 1);
      assert.ok(Date.parse(summary.nextAttempt) - Date.now() > 40_000, summary.nextAttempt);
      const now = await runCli(['flush', dir, '--url', rx.url, '--now']);
      assert.equal(now.code, 0);
      assert.equal(rx.delivered().length, 1);
      assert.deepEqual(await pending(dir), []);
    } finally {
      await rx.close();
    }
  });
});

test('a Retry-After longer than --max-wait is kept in the spool: the next run does not send before it', async () => {
  await withSpool(async (dir) => {
    for (let i = 0; i < 3; i++) await add(dir, 'http://127.0.0.1:1/', `{"n":${i}}`);
    const rx = await startReceiver(({ n }) => (n === 0 ? { status: 429, headers: { 'Retry-After': '300' } } : { status: 200 }));
    try {
      const first = await runCli(['flush', dir, '--url', rx.url, '--concurrency', '1']);
      assert.equal(first.code, 1);
      assert.match(first.stdout, /stopped the receiver asked to wait 300 s/);
      assert.equal(rx.received.length, 1);
      const kept = JSON.parse(await readFile(join(dir, '.receiver.json'), 'utf8')).origins[new URL(rx.url).origin];
      assert.ok(Date.parse(kept.pausedUntil) - Date.now() > 290_000, kept.pausedUntil);
      const second = await runCli(['flush', dir, '--url', rx.url, '--json']);
      assert.equal(second.code, 1);
      assert.equal(rx.received.length, 1, 'the next flush sent to a receiver that had asked for 300 s');
      const summary = JSON.parse(second.stdout.trim().split('\n').at(-1)!);
      assert.equal(summary.left, 3);
      assert.ok(Date.parse(summary.nextAttempt) - Date.now() > 290_000);
      assert.match(summary.receiver.reason, /HTTP 429 with Retry-After: 300 s/);
      // The queue listing does not take the receiver's note for an entry, and says when flushes may send.
      const list = await runCli(['queue', 'list', dir, '--json']);
      assert.equal(JSON.parse(list.stdout).length, 3);
      assert.match((await runCli(['queue', 'list', dir])).stdout, /receiver http:\/\/127\.0\.0\.1:\d+ paused \(HTTP 429 with Retry-After: 300 s\): no flush sends to it before \S+ \(in 5 min\); flush --now sends at once/);
    } finally {
      await rx.close();
    }
  });
});

test('--rate 10/s holds: fifteen sends spread over about a second and a half', async () => {
  await withSpool(async (dir) => {
    for (let i = 0; i < 15; i++) await add(dir, 'http://127.0.0.1:1/', `{"n":${i}}`);
    const rx = await startReceiver();
    try {
      const r = await runCli(['flush', dir, '--url', rx.url, '--rate', '10/s', '--concurrency', '4']);
      assert.equal(r.code, 0);
      const times = rx.received.map((x) => x.at).sort((a, b) => a - b);
      assert.equal(times.length, 15);
      assert.ok(times.at(-1)! - times[0]! >= 1100, `15 sends took ${times.at(-1)! - times[0]!} ms`);
      // Ideal spacing is 100 ms. The times are taken where the receiver, in this busy test process, got to the
      // requests, so a stall bunches some arrivals: the bound is what no unlimited flush could meet (all 15
      // at once) with room for a loaded machine, not the ideal spacing.
      for (let i = 0; i + 12 < times.length; i++) assert.ok(times[i + 12]! - times[i]! >= 600, `13 sends within ${times[i + 12]! - times[i]!} ms`);
    } finally {
      await rx.close();
    }
  });
});

test('--dry-run sends nothing and moves nothing', async () => {
  await withSpool(async (dir) => {
    await add(dir, 'http://127.0.0.1:1/', '{"n":1}');
    const rx = await startReceiver();
    try {
      const r = await runCli(['flush', dir, '--url', rx.url, '--dry-run']);
      assert.equal(r.code, 0);
      assert.match(r.stdout, /would send \S+ \(7 bytes, 0 earlier attempts\)/);
      assert.equal(rx.received.length, 0);
      assert.equal((await readdir(join(dir, 'new'))).length, 1);
    } finally {
      await rx.close();
    }
  });
});

test('usage errors exit 2 with a hint: no such directory; plain payloads and no --url; a bad rate', async () => {
  await withSpool(async (dir) => {
    const missing = await runCli(['flush', join(dir, 'nope'), '--url', 'http://127.0.0.1:1/']);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /no spool directory at/);
    // The hint is not the command that just failed: it says what makes a spool.
    assert.doesNotMatch(missing.stderr, /hint:.*webhook-doctor flush/);
    assert.match(missing.stderr, /hint: nothing was queued there: send --spool/);
    await writeFile(join(dir, 'a.json'), '{}');
    const noUrl = await runCli(['flush', dir]);
    assert.equal(noUrl.code, 2);
    assert.match(noUrl.stderr, /plain \*\.json payloads and no --url/);
    assert.match(noUrl.stderr, /hint: /);
    const rate = await runCli(['flush', dir, '--url', 'http://127.0.0.1:1/', '--rate', 'fast']);
    assert.equal(rate.code, 2);
    assert.match(rate.stderr, /--rate: "fast" is not a rate/);
  });
});

test('the token and signature go out at send time and never reach the disk', async () => {
  await withSpool(async (dir) => {
    await add(dir, 'http://127.0.0.1:1/', '{"n":1}');
    const rx = await startReceiver(() => ({ status: 500 }));
    try {
      const r = await runCli(['flush', dir, '--url', rx.url, '--max-wait', '0', '--scheme', 'standard', '--secret', 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'], { env: { WEBHOOK_DOCTOR_TOKEN: 'pst_supersecret' } });
      assert.equal(r.code, 1);
      const h = rx.received[0]!.headers;
      assert.equal(h.authorization, 'Bearer pst_supersecret');
      assert.equal(h['webhook-id'], h['idempotency-key']);
      assert.match(String(h['webhook-signature']), /^v1,/);
      const [file] = await readdir(join(dir, 'deferred'));
      const onDisk = await readFile(join(dir, 'deferred', file!), 'utf8');
      assert.doesNotMatch(onDisk, /pst_supersecret|whsec_|v1,/);
    } finally {
      await rx.close();
    }
  });
});

test('`flush --secret` signs each entry the way its own profile does, as send --spool suggests', async () => {
  await withSpool(async (dir) => {
    // What `send --profile cloudaipilot --secret … --spool` leaves, and the command it prints: flush <dir> --secret …
    await enqueue(dir, { url: 'http://127.0.0.1:1/', body: Buffer.from('{"n":1}'), headers: [['Content-Type', 'application/json']], profile: 'cloudaipilot' });
    const rx = await startReceiver();
    try {
      const r = await runCli(['flush', dir, '--url', rx.url, '--secret', 's3cret']);
      assert.equal(r.code, 0, r.stderr + r.stdout);
      const { createHmac } = await import('node:crypto');
      assert.equal(rx.received[0]!.headers['x-cloudaipilot-signature'], 'sha256=' + createHmac('sha256', 's3cret').update('{"n":1}').digest('hex'));
    } finally {
      await rx.close();
    }
  });
});

test('a secret from the environment that the --profile cannot sign with is named on stderr, not silently dropped', async () => {
  await withSpool(async (dir) => {
    await add(dir, 'http://127.0.0.1:1/', '{"n":1}');
    const rx = await startReceiver();
    try {
      const r = await runCli(['flush', dir, '--url', rx.url, '--profile', 'parapet'], { env: { WEBHOOK_DOCTOR_SECRET: 'from-env' } });
      assert.equal(r.code, 0, r.stderr + r.stdout);
      assert.match(r.stderr, /WEBHOOK_DOCTOR_SECRET is set, but the parapet profile does not sign/);
      assert.equal(rx.delivered().length, 1);
    } finally {
      await rx.close();
    }
  });
});

test('-H adds a header at send time (an API key that send --spool did not write); it never reaches the disk', async () => {
  await withSpool(async (dir) => {
    await add(dir, 'http://127.0.0.1:1/', '{"n":1}');
    const rx = await startReceiver(() => ({ status: 503 }));
    try {
      const r = await runCli(['flush', dir, '--url', rx.url, '--max-wait', '0', '-H', 'X-Api-Key: key_supersecret']);
      assert.equal(r.code, 1, r.stderr);
      assert.equal(rx.received[0]!.headers['x-api-key'], 'key_supersecret');
      const [file] = await readdir(join(dir, 'deferred'));
      assert.doesNotMatch(await readFile(join(dir, 'deferred', file!), 'utf8'), /key_supersecret/);
    } finally {
      await rx.close();
    }
    const bad = await runCli(['flush', dir, '--url', 'http://127.0.0.1:1/', '-H', 'nonsense']);
    assert.equal(bad.code, 2);
  });
});

for (const [what, total] of [['entries', 40], ['plain payloads, claimed ahead on the file thread', 300]] as const) {
  test(`Ctrl-C stops claiming, lets sends in flight finish, keeps the rest and exits 130 (${total} ${what})`, async () => {
    await withSpool(async (dir) => {
      if (total < 200) for (let i = 0; i < total; i++) await add(dir, 'http://127.0.0.1:1/', `{"n":${i}}`);
      else execFileSync('python3', ['-c', PYTHON_QUEUE_ALERT, dir, String(total)]);
      const rx = await startReceiver(() => ({ status: 200, delayMs: 100 }));
      try {
        const { spawn } = await import('node:child_process');
        const { BIN } = await import('../helpers/cli.js');
        const child = spawn(process.execPath, [BIN, 'flush', dir, '--url', rx.url, '--concurrency', '2', '--json'], { env: { ...process.env, NO_COLOR: '1', CI: '1' } });
        let out = '';
        child.stdout.setEncoding('utf8').on('data', (d: string) => {
          out += d;
          if (out.includes('"delivered"') && !child.killed) child.kill('SIGINT');
        });
        const code = await new Promise<number | null>((r) => child.on('close', (c) => r(c)));
        assert.equal(code, 130);
        const summary = JSON.parse(out.trim().split('\n').at(-1)!);
        assert.equal(summary.event, 'summary');
        assert.ok(summary.delivered >= 1 && summary.delivered < total);
        assert.equal(summary.delivered, rx.delivered().length);
        assert.equal(summary.left, total - summary.delivered);
        // Whatever was claimed and not sent is back where it was: nothing held in cur/.
        assert.equal((await pending(dir)).length, total - summary.delivered);
        assert.deepEqual(await readdir(join(dir, 'cur')), []);
      } finally {
        await rx.close();
      }
    });
  });
}

test('a spool this user cannot write is one clear line, a hint and exit 2 (no stack trace), and nothing in it is touched', async (t) => {
  // Root writes anywhere: run the flush as nobody then (where setpriv exists), as another user would.
  const asRoot = process.getuid?.() === 0;
  if (asRoot && !['/usr/bin/setpriv', '/bin/setpriv'].some((p) => existsSync(p))) return t.skip('running as root without setpriv');
  const root = await mkdtemp(join(tmpdir(), 'wd-flush-ro-'));
  try {
    for (const [name, count, layout] of [['small', 10, false], ['large', 250, true]] as const) {
      const dir = join(root, name);
      await mkdir(dir);
      for (let i = 0; i < count; i++) await writeFile(join(dir, `alert-${i}.json`), `{"n":${i}}`);
      if (layout) for (const f of ['tmp', 'new', 'cur', 'deferred', 'dead', 'quarantine']) await mkdir(join(dir, f));
      execFileSync('chmod', ['-R', 'a+rX,a-w', dir]);
    }
    await chmod(root, 0o755);
    for (const name of ['small', 'large']) {
      const dir = join(root, name);
      const args = [BIN, 'flush', dir, '--url', 'http://127.0.0.1:1/'];
      const r = spawnSync(asRoot ? 'setpriv' : process.execPath, asRoot ? ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, ...args] : args, { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
      assert.equal(r.status, 2, r.stderr);
      assert.match(r.stderr, /^webhook-doctor: cannot write to the spool .*permission denied.*\nhint: .+\n$/);
      assert.doesNotMatch(r.stderr, /\n\s+at /, 'a stack trace');
      assert.equal((await readdir(dir)).filter((f) => f.endsWith('.json')).length, name === 'small' ? 10 : 250);
    }
  } finally {
    execFileSync('chmod', ['-R', 'u+w', root]);
    await rm(root, { recursive: true, force: true });
  }
});

test('`flush .` in a project folder is refused with a hint; nothing is sent, deleted or created there', async () => {
  await withSpool(async (dir) => {
    await writeFile(join(dir, 'package.json'), '{"name":"app"}');
    await writeFile(join(dir, 'tsconfig.json'), '{}');
    await writeFile(join(dir, 'README.md'), '# app\n');
    const rx = await startReceiver();
    try {
      for (const extra of [[], ['--dry-run'], ['--watch']]) {
        const r = await runCli(['flush', '.', '--url', rx.url, ...extra], { cwd: dir });
        assert.equal(r.code, 2, r.stderr);
        assert.match(r.stderr, /does not look like a spool: .*README\.md/);
        assert.match(r.stderr, /hint: /);
      }
      assert.equal(rx.received.length, 0);
      assert.deepEqual((await readdir(dir)).sort(), ['README.md', 'package.json', 'tsconfig.json']);
    } finally {
      await rx.close();
    }
  });
});

test('--rate does not keep the process alive after the last send (one entry at 1/min exits at once)', async () => {
  await withSpool(async (dir) => {
    await add(dir, 'http://127.0.0.1:1/', '{"n":1}');
    const rx = await startReceiver();
    try {
      const t0 = Date.now();
      const r = await runCli(['flush', dir, '--url', rx.url, '--rate', '1/min'], { timeoutMs: 50_000 });
      assert.equal(r.code, 0, r.stderr);
      assert.equal(rx.delivered().length, 1);
      assert.ok(Date.now() - t0 < 45_000, 'the flush waited out the next 1/min slot with nothing left to send');
    } finally {
      await rx.close();
    }
  });
});

test('--rate 4/s with --concurrency 8: ten entries, and no slot is taken for an entry that is not there', async () => {
  await withSpool(async (dir) => {
    for (let i = 0; i < 10; i++) await add(dir, 'http://127.0.0.1:1/', `{"n":${i}}`);
    const rx = await startReceiver();
    try {
      const r = await runCli(['flush', dir, '--url', rx.url, '--rate', '4/s', '--concurrency', '8', '--json']);
      assert.equal(r.code, 0, r.stderr);
      const times = rx.received.map((x) => x.at).sort((a, b) => a - b);
      assert.equal(times.length, 10);
      assert.ok(times.at(-1)! - times[0]! >= 2150, `10 sends at 4/s took ${times.at(-1)! - times[0]!} ms`);
      // The run ends with its last send: its elapsed time is the nine intervals plus start-up, not sixteen.
      const summary = JSON.parse(r.stdout.trim().split('\n').at(-1)!);
      assert.ok(summary.elapsedMs < 3_750, `the flush took ${summary.elapsedMs} ms for nine 250 ms intervals`);
    } finally {
      await rx.close();
    }
  });
});

test('--scheme without a secret is an input error (exit 2), as in send and doctor; nothing goes out unsigned', async () => {
  await withSpool(async (dir) => {
    await add(dir, 'http://127.0.0.1:1/', '{"n":1}');
    const rx = await startReceiver();
    try {
      const r = await runCli(['flush', dir, '--url', rx.url, '--scheme', 'github']);
      assert.equal(r.code, 2);
      assert.match(r.stderr, /--scheme github needs a secret to sign with\nhint: .*WEBHOOK_DOCTOR_SECRET/);
      assert.equal(rx.received.length, 0);
      const ok = await runCli(['flush', dir, '--url', rx.url, '--scheme', 'github'], { env: { WEBHOOK_DOCTOR_SECRET: 's3cret' } });
      assert.equal(ok.code, 0, ok.stderr);
      assert.match(String(rx.received[0]!.headers['x-hub-signature-256']), /^sha256=[0-9a-f]{64}$/);
    } finally {
      await rx.close();
    }
  });
});

test('a receiver with a private CA: the entry is kept (not dead-lettered) with a hint; --cacert and -k deliver it', async () => {
  const { makeSelfSigned } = await import('../doctor/self-signed.js');
  const { createServer } = await import('node:https');
  const tls = makeSelfSigned();
  const got: string[] = [];
  const server = createServer({ cert: tls.cert, key: tls.key }, (req, res) => {
    req.resume();
    req.on('end', () => {
      got.push(String(req.headers['idempotency-key']));
      res.end('{"ok":true}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `https://127.0.0.1:${(server.address() as { port: number }).port}/hooks`;
  try {
    await withSpool(async (dir) => {
      const a = await add(dir, url, '{"n":1}');
      const r = await runCli(['flush', dir]);
      assert.equal(r.code, 1, r.stderr + r.stdout);
      assert.match(r.stdout, /stopped the receiver's certificate is not trusted \(DEPTH_ZERO_SELF_SIGNED_CERT\): pass --cacert/);
      assert.deepEqual(await readdir(join(dir, 'dead')), []);
      assert.equal((await readdir(join(dir, 'deferred'))).length, 1);
      const shown = await runCli(['queue', 'show', dir, a.id, '--json']);
      assert.equal(JSON.parse(shown.stdout).lastError, 'DEPTH_ZERO_SELF_SIGNED_CERT');
      const trusted = await runCli(['flush', dir, '--cacert', tls.certFile]);
      assert.equal(trusted.code, 0, trusted.stderr + trusted.stdout);
      assert.deepEqual(got, [a.id]);
      await add(dir, url, '{"n":2}');
      const insecure = await runCli(['flush', dir, '-k']);
      assert.equal(insecure.code, 0, insecure.stderr + insecure.stdout);
      assert.equal(got.length, 2);
      const missing = await runCli(['flush', dir, '--cacert', join(dir, 'nope.pem')]);
      assert.equal(missing.code, 2);
      assert.match(missing.stderr, /--cacert: cannot read .*\(ENOENT\)/);
    });
  } finally {
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
    tls.cleanup();
  }
});

test('a second Ctrl-C stops at once and says the claimed sends stay in cur/ for the next flush, which delivers them', async () => {
  await withSpool(async (dir) => {
    for (let i = 0; i < 12; i++) await add(dir, 'http://127.0.0.1:1/', `{"n":${i}}`);
    const rx = await startReceiver(() => ({ status: 200, delayMs: 3000 }));
    try {
      const { spawn } = await import('node:child_process');
      const child = spawn(process.execPath, [BIN, 'flush', dir, '--url', rx.url, '--concurrency', '4', '--json'], { env: { ...process.env, NO_COLOR: '1', CI: '1' } });
      let err = '';
      child.stderr.setEncoding('utf8').on('data', (d: string) => {
        err += d;
      });
      child.stdout.resume();
      // Wait until four requests are at the receiver (in flight), then Ctrl-C twice.
      for (let i = 0; i < 200 && rx.received.length + (await readdir(join(dir, 'cur'))).length < 4; i++) await new Promise((r) => setTimeout(r, 25));
      child.kill('SIGINT');
      for (let i = 0; i < 200 && !err.includes('Ctrl-C'); i++) await new Promise((r) => setTimeout(r, 25));
      child.kill('SIGINT');
      const code = await new Promise<number | null>((r) => child.on('close', (c) => r(c)));
      assert.equal(code, 130);
      assert.match(err, /stopping at once: 4 claimed entries stay in \S+cur; the next flush takes them back and sends them again \(same Idempotency-Key\)/);
      const again = await runCli(['flush', dir, '--url', rx.url, '--concurrency', '12']);
      assert.equal(again.code, 0, again.stderr);
      assert.equal(new Set(rx.delivered().map((x) => x.key)).size, 12);
      assert.deepEqual(await pending(dir), []);
    } finally {
      await rx.close();
    }
  });
});

test('--proxy: a flush goes through a real forward proxy, as send does', async () => {
  const { forwardProxy } = await import('../helpers/proxy.js');
  const proxy = await forwardProxy();
  const rx = await startReceiver();
  try {
    await withSpool(async (dir) => {
      await add(dir, rx.url, '{"via":"proxy"}');
      const r = await runCli(['flush', dir, '--proxy', proxy.url]);
      assert.equal(r.code, 0, r.stdout + r.stderr);
      assert.equal(proxy.seen.length, 1);
      assert.match(proxy.seen[0]!, new RegExp(new URL(rx.url).host));
      assert.equal(rx.delivered()[0]!.body, '{"via":"proxy"}');
    });
  } finally {
    await rx.close();
    await proxy.close();
  }
});

test('an entry queued with --profile ./file.json is signed by flush as that file says, from any directory', async () => {
  await withSpool(async (dir) => {
    const root = join(dir, '..');
    const { profileData } = await import('../../src/profiles/summary.js');
    const { getProfile } = await import('../../src/profiles/index.js');
    // Your own sender: GitHub's shape under a name of its own, signing in its own header.
    const mine = { ...profileData(getProfile('github')), name: 'my-siem', signature: { scheme: 'hmac-sha256', header: 'X-Siem-Signature' } };
    await writeFile(join(root, 'my-siem.json'), JSON.stringify(mine));
    const rx = await startReceiver();
    try {
      const queued = await runCli(['queue', 'add', dir, '--url', rx.url, '--data', '{"n":1}', '--profile', './my-siem.json'], { cwd: root });
      assert.equal(queued.code, 0, queued.stderr);
      const r = await runCli(['flush', dir, '--secret', 's3cret'], { cwd: tmpdir() });
      assert.equal(r.code, 0, r.stderr + r.stdout);
      const { createHmac } = await import('node:crypto');
      assert.equal(rx.received[0]!.headers['x-siem-signature'], 'sha256=' + createHmac('sha256', 's3cret').update('{"n":1}').digest('hex'), JSON.stringify(rx.received[0]!.headers));
    } finally {
      await rx.close();
    }
  });
});

test('a .receiver.json that is a folder does not stop delivery, and the failed writes leave nothing in tmp/', async () => {
  await withSpool(async (dir) => {
    await mkdir(join(dir, '.receiver.json'));
    await writeFile(join(dir, 'a1.json'), '{"a":1}');
    const r = await runCli(['flush', dir, '--url', 'http://127.0.0.1:1/hooks', '--max-wait', '0']);
    assert.equal(r.code, 1, r.stderr);
    assert.doesNotMatch(r.stderr, /unexpected error/);
    assert.equal((await readdir(join(dir, 'deferred'))).length, 1, 'the alert is kept');
    assert.deepEqual(await readdir(join(dir, 'tmp')), [], 'temp files of the failed state writes were left behind');
  });
});
