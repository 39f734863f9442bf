// Claims: one winner per entry, stale claims recognised, rates parsed and paced.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { link, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { enqueue } from '../../src/spool/index.js';
import { isStale, scanSpool } from '../../src/spool/claim.js';
import { inlineClaims } from '../../src/spool/claim-source.js';
import { HOST, claimName } from '../../src/spool/layout.js';
import { parseRate, SendGate } from '../../src/spool/rate.js';

test('two claims on one entry: exactly one wins, the loser gets nothing', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'wd-claim-'));
  try {
    await enqueue(dir, { url: 'http://127.0.0.1:1/', body: Buffer.from('{}'), headers: [] });
    const { due } = await scanSpool(dir, { now: Date.now(), includeNotDue: false, leaseMs: 1000 });
    const results = await Promise.all([inlineClaims(dir, due).next(), inlineClaims(dir, due).next()]);
    assert.equal(results.filter(Boolean).length, 1);
    const [held] = await readdir(join(dir, 'cur'));
    assert.match(held!, new RegExp(`@${HOST}@${process.pid}@\\d+-[0-9a-f]+$`));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('stale: a dead owner on this host at once; a live one never before its lease; another host after its lease', () => {
  const now = Date.now();
  assert.equal(isStale({ name: 'x', host: HOST, pid: 4194305, claimedMs: now, random: 'a' }, now, 60_000), true);
  assert.equal(isStale({ name: 'x', host: HOST, pid: process.ppid, claimedMs: now, random: 'a' }, now, 60_000), false);
  assert.equal(isStale({ name: 'x', host: HOST, pid: process.pid, claimedMs: 0, random: 'a' }, now, 60_000), false, 'never our own');
  assert.equal(isStale({ name: 'x', host: 'elsewhere', pid: 1, claimedMs: now - 59_000, random: 'a' }, now, 60_000), false);
  assert.equal(isStale({ name: 'x', host: 'elsewhere', pid: 1, claimedMs: now - 61_000, random: 'a' }, now, 60_000), true);
});

test('rates: n/s, n/min and n/h; anything else is not a rate', () => {
  assert.deepEqual(parseRate('10/s'), { count: 10, perMs: 1000 });
  assert.deepEqual(parseRate('50/min'), { count: 50, perMs: 60_000 });
  assert.deepEqual(parseRate('1000/h'), { count: 1000, perMs: 3_600_000 });
  assert.equal(parseRate('fast'), undefined);
  assert.equal(parseRate('0/s'), undefined);
  assert.equal(parseRate('10'), undefined);
});

test('the send gate spaces slots evenly and waits out a pause', async () => {
  const gate = new SendGate({ count: 20, perMs: 1000 });
  const t0 = Date.now();
  for (let i = 0; i < 5; i++) await gate.pass();
  assert.ok(Date.now() - t0 >= 190, `5 slots at 20/s took ${Date.now() - t0} ms`);
  gate.pause(Date.now() + 300);
  const t1 = Date.now();
  await gate.pass();
  assert.ok(Date.now() - t1 >= 290, `the pause lasted ${Date.now() - t1} ms`);
});

test('a put-back cut short by a kill (the file linked home, its claim not yet unlinked) is one entry, not two', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'wd-claim-'));
  try {
    const { id } = await enqueue(dir, { url: 'http://127.0.0.1:1/', body: Buffer.from('{}'), headers: [] });
    // moveNoReplace links the claim back home and then unlinks it: a kill -9 between the two leaves both names.
    const claim = join(dir, 'cur', claimName(id, Date.now(), 4194305));
    await link(join(dir, 'new', id), claim);
    const { due, held } = await scanSpool(dir, { now: Date.now(), includeNotDue: false, leaseMs: 60_000 });
    assert.deepEqual(due.map((c) => [c.origin, c.name]), [['new', id]]);
    assert.equal(held, 0);
    assert.deepEqual(await readdir(join(dir, 'cur')), [], 'the leftover claim name is removed');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
