// Entries on disk: exact bytes, metadata, checksum; secrets never written; torn files caught.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { enqueue } from '../../src/spool/index.js';
import { decodeFile, encodeEntry } from '../../src/spool/entry.js';
import { claimName, parseClaimName, newEntryId } from '../../src/spool/layout.js';

async function tempSpool(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'wd-spool-'));
}

test('enqueue keeps the body byte for byte with its metadata and checksum, in new/', async () => {
  const dir = await tempSpool();
  try {
    const body = Buffer.from('{ "alert" : "x",\n "n": 1 }\r\n\u00e9');
    const { id, path } = await enqueue(dir, { url: 'http://127.0.0.1:9/hook', body, headers: [['Content-Type', 'application/json'], ['X-Tenant', 'a']], profile: 'parapet' });
    assert.equal(path, join(dir, 'new', id));
    const decoded = decodeFile(await readFile(path));
    assert.equal(decoded.kind, 'entry');
    if (decoded.kind !== 'entry') return;
    assert.deepEqual(decoded.body, body);
    assert.equal(decoded.meta.id, id);
    assert.equal(decoded.meta.url, 'http://127.0.0.1:9/hook');
    assert.equal(decoded.meta.profile, 'parapet');
    assert.equal(decoded.meta.attempts, 0);
    assert.deepEqual(decoded.meta.headers, [['Content-Type', 'application/json'], ['X-Tenant', 'a']]);
    assert.deepEqual(await readdir(join(dir, 'tmp')), []);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('enqueue never writes a secret header to disk, nor one flush sets per attempt', async () => {
  const dir = await tempSpool();
  try {
    const { path } = await enqueue(dir, {
      url: 'http://127.0.0.1:9/', body: Buffer.from('{}'),
      headers: [['Authorization', 'Bearer pst_secret'], ['X-Hub-Signature-256', 'sha256=ab'], ['X-Api-Key', 'k'], ['Idempotency-Key', 'stale-key'], ['Accept', '*/*']],
    });
    const raw = (await readFile(path)).toString();
    assert.doesNotMatch(raw, /pst_secret|sha256=ab|"k"|stale-key/);
    assert.match(raw, /Accept/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('ids sort by creation time', () => {
  const a = newEntryId(new Date('2026-01-01T00:00:00.001Z'));
  const b = newEntryId(new Date('2026-01-01T00:00:00.002Z'));
  const c = newEntryId(new Date('2026-11-22T20:00:00.000Z'));
  assert.deepEqual([c, b, a].sort(), [a, b, c]);
});

test('a torn entry (body cut short) and an edited body are corrupt, with the reason', () => {
  const whole = encodeEntry({ id: 'x', url: 'http://h/', headers: [], created: '', attempts: 0 }, Buffer.from('{"a":1}'));
  const torn = decodeFile(whole.subarray(0, whole.length - 2));
  assert.equal(torn.kind, 'corrupt');
  assert.match((torn as { reason: string }).reason, /torn entry/);
  const edited = Buffer.from(whole);
  edited[edited.length - 2] = 0x32;
  const bad = decodeFile(edited);
  assert.equal(bad.kind, 'corrupt');
  assert.match((bad as { reason: string }).reason, /checksum mismatch/);
  assert.equal(decodeFile(whole.subarray(0, 12)).kind, 'corrupt');
});

test('a plain JSON payload is valid; broken JSON and an empty file are corrupt', () => {
  assert.equal(decodeFile(Buffer.from('{"id":"a1"}')).kind, 'plain');
  assert.equal(decodeFile(Buffer.from('{"id":')).kind, 'corrupt');
  assert.equal(decodeFile(Buffer.alloc(0)).kind, 'corrupt');
});

test('a claim name says who holds the file and round-trips, even for names with dots', () => {
  const n = claimName('alert.v2-1.json', 1700000000000, 4242);
  const p = parseClaimName(n)!;
  assert.equal(p.name, 'alert.v2-1.json');
  assert.equal(p.pid, 4242);
  assert.equal(p.claimedMs, 1700000000000);
  assert.equal(parseClaimName('alert.json'), undefined);
});

test('a deferred entry\'s next attempt is read from its header alone; no header or no time means due (0)', async () => {
  const { nextAttemptOfHead } = await import('../../src/spool/entry.js');
  const at = '2026-12-01T10:00:00.000Z';
  const full = encodeEntry({ id: 'e1', url: 'http://127.0.0.1:1/', headers: [], created: at, attempts: 1, nextAttempt: at }, Buffer.alloc(100_000, 0x61));
  assert.equal(nextAttemptOfHead(full.subarray(0, 300)), Date.parse(at));
  assert.equal(nextAttemptOfHead(full.subarray(0, 20)), undefined, 'the header line is not complete yet');
  assert.equal(nextAttemptOfHead(encodeEntry({ id: 'e2', url: 'u', headers: [], created: at, attempts: 0 }, Buffer.from('{}'))), 0);
  assert.equal(nextAttemptOfHead(Buffer.from('{"plain": true}')), 0);
});

test('a scan reads a deferred entry\'s time even when its header is longer than the first read (many headers)', async () => {
  const { writeFile } = await import('node:fs/promises');
  const { ensureLayout } = await import('../../src/spool/durable.js');
  const { scanSpool } = await import('../../src/spool/claim.js');
  const dir = await mkdtemp(join(tmpdir(), 'wd-head-'));
  try {
    await ensureLayout(dir);
    const later = new Date(Date.now() + 3_600_000).toISOString();
    const headers: Array<[string, string]> = Array.from({ length: 200 }, (_, i) => [`X-Tag-${i}`, 'v'.repeat(40)]);
    await writeFile(join(dir, 'deferred', 'e1'), encodeEntry({ id: 'e1', url: 'http://127.0.0.1:1/', headers, created: later, attempts: 1, nextAttempt: later }, Buffer.from('{}')));
    const scan = await scanSpool(dir, { now: Date.now(), includeNotDue: false, leaseMs: 60_000 });
    assert.equal(scan.due.length, 0);
    assert.equal(scan.notDue, 1);
    assert.equal(scan.nextDueMs, Date.parse(later));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
