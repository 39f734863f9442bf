// What the spool remembers about an entry: the failure that put it there (send --spool), and a quarantined
// file fixed by hand put back with `queue retry --quarantined`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm, writeFile, utimes, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.js';
import { freePort, startReceiver } from '../spool/receiver.js';

async function withSpool(fn: (dir: string) => Promise<void>) {
  const root = await mkdtemp(join(tmpdir(), 'wd-recorded-'));
  try {
    await fn(join(root, 'spool'));
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

test('send --spool records the failure that queued the entry: attempts, last error and time, shown by queue list and show', async () => {
  await withSpool(async (dir) => {
    const port = await freePort(); // nothing listens: connection refused
    const sent = await runCli(['send', `http://127.0.0.1:${port}/hooks`, '-d', '{"a":1}', '--retries', '1', '--spool', dir, '--json']);
    assert.equal(sent.code, 1, sent.stderr);
    const { spooled } = JSON.parse(sent.stdout);
    const rows = JSON.parse((await runCli(['queue', 'list', dir, '--json'])).stdout);
    assert.equal(rows.length, 1);
    assert.equal(rows[0].attempts, 2);
    assert.equal(rows[0].lastError, 'ECONNREFUSED');
    const { decodeFile } = await import('../../src/spool/entry.js');
    const { readFile } = await import('node:fs/promises');
    const decoded = decodeFile(await readFile(join(dir, rows[0].file)));
    assert.equal(decoded.kind === 'entry' && decoded.meta.unreached, 2, 'refused attempts do not count toward --max-attempts');
    const list = await runCli(['queue', 'list', dir]);
    assert.match(list.stdout, /due \(last: ECONNREFUSED\)/);
    const show = await runCli(['queue', 'show', dir, spooled.id]);
    assert.match(show.stdout, /attempts:\s+2/);
    assert.match(show.stdout, /last:\s+ECONNREFUSED/);
    assert.equal((show.stdout.match(/^  \d{4}-\d\d-\d\dT\S+Z  ECONNREFUSED$/gm) ?? []).length, 2, show.stdout);
  });
});

test('send --spool after a 429 with Retry-After keeps the entry deferred until then, never earlier', async () => {
  await withSpool(async (dir) => {
    const rx = await startReceiver(() => ({ status: 429, headers: { 'Retry-After': '120' } }));
    try {
      const sent = await runCli(['send', rx.url, '-d', '{"a":1}', '--spool', dir, '--json']);
      assert.equal(sent.code, 1);
      const [row] = JSON.parse((await runCli(['queue', 'list', dir, '--json'])).stdout);
      assert.equal(row.state, 'deferred');
      assert.equal(row.lastError, 'HTTP 429');
      assert.ok(Date.parse(row.nextAttempt) - Date.now() > 100_000, row.nextAttempt);
      const flush = await runCli(['flush', dir, '--max-wait', '0']);
      assert.equal(flush.code, 1);
      assert.equal(rx.received.length, 1, 'flush sent before the Retry-After send was given');
    } finally {
      await rx.close();
    }
  });
});

test('a Retry-After too large for a date (20 digits of seconds) still queues the payload, and flush keeps it: no stack trace', async () => {
  await withSpool(async (dir) => {
    const rx = await startReceiver(() => ({ status: 429, headers: { 'Retry-After': '99999999999999999999' } }));
    try {
      const sent = await runCli(['send', rx.url, '-d', '{"a":1}', '--spool', dir, '--json']);
      assert.equal(sent.code, 1, sent.stderr);
      assert.doesNotMatch(sent.stderr, /unexpected error|RangeError/);
      const [row] = JSON.parse((await runCli(['queue', 'list', dir, '--json'])).stdout);
      assert.equal(row.state, 'deferred', 'the payload was queued');
      assert.ok(Date.parse(row.nextAttempt) - Date.now() > 50 * 365 * 24 * 3600_000, row.nextAttempt);
      // flush --now sends it; the receiver answers the same again: it is deferred, not stuck in cur/ by a crash.
      const flush = await runCli(['flush', dir, '--now', '--max-wait', '0']);
      assert.equal(flush.code, 1, flush.stderr);
      assert.doesNotMatch(flush.stdout + flush.stderr, /unexpected error|RangeError|Invalid time value/);
      assert.deepEqual(await readdir(join(dir, 'cur')), []);
      assert.equal((await readdir(join(dir, 'deferred'))).length, 1);
      assert.match(flush.stdout, /longer than the pause limit/);
    } finally {
      await rx.close();
    }
  });
});

test('queue retry --quarantined puts a fixed file back (and only once it parses); the next flush sends it', async () => {
  await withSpool(async (dir) => {
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'alert-7.json'), '{"id": "alert-7", ');
    const old = new Date(Date.now() - 60_000);
    await utimes(join(dir, 'alert-7.json'), old, old);
    const rx = await startReceiver();
    try {
      assert.equal((await runCli(['flush', dir, '--url', rx.url])).code, 1);
      const [name] = (await readdir(join(dir, 'quarantine'))).filter((f) => !f.endsWith('.reason.json'));
      assert.ok(name);
      const still = await runCli(['queue', 'retry', dir, name!, '--quarantined']);
      assert.equal(still.code, 1);
      assert.match(still.stderr, /still unreadable \(not valid JSON/);
      assert.equal((await readdir(join(dir, 'quarantine'))).length, 2, 'a broken file stays with its reason');
      await writeFile(join(dir, 'quarantine', name!), '{"id": "alert-7"}');
      const fixed = await runCli(['queue', 'retry', dir, name!, '--quarantined']);
      assert.equal(fixed.code, 0, fixed.stderr);
      assert.match(fixed.stdout, /put back \S+ as alert-7\.json/);
      assert.deepEqual(await readdir(join(dir, 'quarantine')), []);
      const unknown = await runCli(['queue', 'retry', dir, 'nope', '--quarantined']);
      assert.equal(unknown.code, 2);
      const flush = await runCli(['flush', dir, '--url', rx.url]);
      assert.equal(flush.code, 0, flush.stdout);
      assert.deepEqual(rx.delivered().map((x) => [x.key, x.body]), [['alert-7', '{"id": "alert-7"}']]);
    } finally {
      await rx.close();
    }
  });
});
