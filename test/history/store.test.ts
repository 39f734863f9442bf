import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultHistoryDir, openStore, type CaptureInput } from '../../src/history/store.js';
import type { Capture } from '../../src/capture/capture.js';

let n = 0;
function input(over: Partial<Capture> = {}, answerStatus = 200): CaptureInput {
  n++;
  const receivedAt = new Date(Date.UTC(2026, 10, 22, 10, 0, 0, n)).toISOString();
  const body = over.body ?? Buffer.from(`{"n":${n}}`);
  const capture: Capture = {
    seq: n, id: `${receivedAt.replace(/:/g, '-')}-${n}`, receivedAt, remoteAddress: '127.0.0.1', method: 'POST', target: '/hook?x=1',
    httpVersion: '1.1', rawHeaders: [['Host', '127.0.0.1:8080'], ['Content-Type', 'application/json'], ['Authorization', 'Bearer pst_live_abcdefghijklmnop'], ['X-Hub-Signature-256', 'sha256=abc']],
    body, bodyBytes: body.length, findings: [], ...over,
  };
  return { capture, answer: { kind: 'respond', status: answerStatus, ms: 1.5 } };
}

const tmp = () => mkdtempSync(join(tmpdir(), 'wd-history-'));

test('a capture appended comes back whole: headers in order, the token masked, the signature kept, the body byte for byte', async () => {
  const dir = tmp();
  const store = openStore(dir, { write: true });
  const body = Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x31, 0x7d, 0x0d, 0x0a, 0xff]);
  const s = store.append(input({ body, bodyBytes: body.length }));
  store.flush();
  const got = await store.get(s.id);
  assert.ok(got);
  assert.deepEqual(got.body, body);
  assert.deepEqual(got.rawHeaders.map(([name]) => name), ['Host', 'Content-Type', 'Authorization', 'X-Hub-Signature-256']);
  assert.equal(got.rawHeaders[2]![1], 'Bearer pst_…(25 chars)');
  assert.deepEqual(got.maskedHeaders, [2]);
  assert.equal(got.rawHeaders[3]![1], 'sha256=abc');
  assert.ok(!readFileSync(join(dir, 'segments', readdirSync(join(dir, 'segments'))[0]!)).includes('abcdefghijklmnop'), 'the token never reaches the disk');
  store.close();
});

test('list is newest first and filters by status, method, path, header and grep', async () => {
  const dir = tmp();
  const store = openStore(dir, { write: true });
  store.append(input({ target: '/a' }, 200));
  store.append(input({ target: '/b', method: 'PUT' }, 500));
  store.append(input({ target: '/c', body: Buffer.from('{"needle":true}'), bodyBytes: 15, rawHeaders: [['X-Event', 'push']] }, 404));
  store.flush();
  const all = await store.list();
  assert.deepEqual(all.map((s) => s.target), ['/c', '/b', '/a']);
  const { parseStatusFilter } = await import('../../src/history/filter.js');
  assert.deepEqual((await store.list({ status: parseStatusFilter('5xx') })).map((s) => s.target), ['/b']);
  assert.deepEqual((await store.list({ method: 'put' })).map((s) => s.target), ['/b']);
  assert.deepEqual((await store.list({ path: '/a*' })).map((s) => s.target), ['/a']);
  assert.deepEqual((await store.list({ headers: [{ name: 'x-event', value: 'push' }] })).map((s) => s.target), ['/c']);
  assert.deepEqual((await store.list({ grep: 'needle' })).map((s) => s.target), ['/c']);
  assert.deepEqual((await store.list({ grep: 'absent-word' })), []);
  store.close();
});

test('a record cut off mid-write is skipped by readers and cut off by the next writer', async () => {
  const dir = tmp();
  const store = openStore(dir, { write: true });
  const kept = store.append(input());
  store.flush();
  const seg = join(dir, 'segments', readdirSync(join(dir, 'segments'))[0]!);
  // What a kill -9 in the middle of a write leaves: the start of a record.
  appendFileSync(seg, 'WDH1+ 00000010 00000010 00000100 0000');
  const reader = openStore(dir);
  assert.deepEqual((await reader.list()).map((s) => s.id), [kept.id]);
  // Pretend the writer died: rename its live segment to a dead pid's.
  const dead = seg.replace(`-${process.pid}-`, '-999999-');
  const { renameSync } = await import('node:fs');
  renameSync(seg, dead);
  openStore(dir, { write: true }).close();
  const files = readdirSync(join(dir, 'segments'));
  assert.equal(files.length, 1);
  assert.match(files[0]!, /-999999-[0-9a-f]{6}\.1\.wdh$/);
  assert.equal((await openStore(dir).list()).length, 1);
});

test('a store of another format is refused with one line', () => {
  const dir = tmp();
  writeFileSync(join(dir, 'store.json'), JSON.stringify({ format: 'webhook-doctor history', version: 9, writtenBy: '9.0.0' }));
  assert.throws(() => openStore(dir), (err: Error & { code?: string }) => err.code === 'INPUT' && /format 9 .*9\.0\.0.*reads format 1/.test(err.message) && !err.message.includes('\n'));
});

test('a folder with other files is not taken over', () => {
  const dir = tmp();
  writeFileSync(join(dir, 'package.json'), '{}');
  assert.throws(() => openStore(dir, { write: true }), /holds other files/);
});

test('the store keeps the most recent N captures', async () => {
  const dir = tmp();
  const store = openStore(dir, { write: true, maxCaptures: 20 });
  for (let i = 0; i < 50; i++) { store.append(input({ target: `/${i}` })); store.flush(); }
  const list = await store.list();
  assert.equal(list.length, 20);
  assert.equal(list[0]!.target, '/49');
  assert.equal(list[19]!.target, '/30');
  assert.ok(readdirSync(join(dir, 'segments')).length <= 11, 'old segments are deleted, not only hidden');
  store.close();
});

test('remove erases the bytes, not only the listing', async () => {
  const dir = tmp();
  const store = openStore(dir, { write: true });
  const a = store.append(input({ body: Buffer.from('secret-body-one'), bodyBytes: 15 }));
  const b = store.append(input());
  store.flush();
  assert.equal(await store.remove([a.id]), 1);
  assert.deepEqual((await store.list()).map((s) => s.id), [b.id]);
  const seg = readdirSync(join(dir, 'segments'))[0]!;
  assert.ok(!readFileSync(join(dir, 'segments', seg)).includes('secret-body-one'));
  assert.equal(await store.remove('all'), 1);
  assert.deepEqual(await store.list(), []);
  store.close();
});

test('folders are 0700 and files 0600', () => {
  const dir = join(tmp(), 'new');
  const store = openStore(dir, { write: true });
  store.append(input());
  store.flush();
  assert.equal(statSync(dir).mode & 0o777, 0o700);
  assert.equal(statSync(join(dir, 'segments')).mode & 0o777, 0o700);
  for (const f of readdirSync(join(dir, 'segments'))) assert.equal(statSync(join(dir, 'segments', f)).mode & 0o777, 0o600);
  assert.equal(statSync(join(dir, 'store.json')).mode & 0o777, 0o600);
  store.close();
});

test('subscribers hear of this store\'s appends at once, and of another writer\'s', async () => {
  const dir = tmp();
  const store = openStore(dir, { write: true });
  const heard: string[] = [];
  let second: () => void = () => {};
  const heardTwo = new Promise<void>((r) => { second = r; });
  const stop = store.subscribe((s) => { if (heard.push(s.id) === 2) second(); });
  const mine = store.append(input());
  store.flush();
  assert.deepEqual(heard, [mine.id]);
  const other = openStore(dir, { write: true });
  const theirs = other.append(input());
  other.flush();
  // The store's watch timer does not keep a process alive (a server does); this test has no server.
  const alive = setInterval(() => {}, 1000);
  await heardTwo;
  clearInterval(alive);
  assert.deepEqual(heard, [mine.id, theirs.id]);
  stop();
  other.close();
  store.close();
});

test('the default folder follows XDG_STATE_HOME (absolute only)', () => {
  assert.equal(defaultHistoryDir({ XDG_STATE_HOME: '/s' }, '/home/u'), '/s/webhook-doctor/history');
  assert.equal(defaultHistoryDir({ XDG_STATE_HOME: 'rel' }, '/home/u'), '/home/u/.local/state/webhook-doctor/history');
  assert.equal(defaultHistoryDir({}, '/home/u'), '/home/u/.local/state/webhook-doctor/history');
});

test('get takes a unique prefix and "last", and refuses an ambiguous one', async () => {
  const dir = tmp();
  const store = openStore(dir, { write: true });
  store.append(input());
  const b = store.append(input());
  store.flush();
  assert.equal((await store.get('last'))?.id, b.id);
  assert.equal((await store.get(b.id.slice(0, -1) + b.id.slice(-1)))?.id, b.id);
  await assert.rejects(store.get('2026-11-22'), /matches 2 captures/);
  assert.equal(await store.get('nope'), undefined);
  store.close();
});

test('a subscriber that throws stops neither the writes nor the other subscribers', async () => {
  const dir = tmp();
  const store = openStore(dir, { write: true });
  const heard: string[] = [];
  store.subscribe(() => { throw new Error('a closed stream'); });
  store.subscribe((s) => heard.push(s.id));
  const a = store.append(input());
  store.flush();
  assert.deepEqual(heard, [a.id]);
  assert.equal((await store.list()).length, 1);
  store.close();
});

test('a record whose head is damaged on disk hides only itself: the captures after it stay listed, and a dead writer\'s segment keeps them when sealed', async () => {
  const dir = tmp();
  const store = openStore(dir, { write: true });
  const ids = [store.append(input()), store.append(input()), store.append(input())].map((s) => s.id);
  store.flush();
  const seg = join(dir, 'segments', readdirSync(join(dir, 'segments'))[0]!);
  const bytes = readFileSync(seg);
  const second = bytes.indexOf('WDH1', 1);
  assert.ok(second > 0);
  bytes[second + 8] = 0x7a; // a digit of its summary length turned into 'z'
  writeFileSync(seg, bytes);
  assert.deepEqual((await openStore(dir).list()).map((s) => s.id), [ids[2], ids[0]]);
  // The writer died: the next writer seals its segment without cutting off the whole record after the damage.
  const { renameSync } = await import('node:fs');
  renameSync(seg, seg.replace(`-${process.pid}-`, '-999999-'));
  openStore(dir, { write: true }).close();
  assert.deepEqual((await openStore(dir).list()).map((s) => s.id), [ids[2], ids[0]]);
  assert.match(readdirSync(join(dir, 'segments'))[0]!, /\.2\.wdh$/);
});

test('a history folder that is a file is named as such, in one line', () => {
  const file = join(tmp(), 'history');
  writeFileSync(file, 'x');
  assert.throws(() => openStore(file), (err: Error & { code?: string }) => err.code === 'INPUT' && /is a file, not a folder/.test(err.message) && !err.message.includes('\n'));
  assert.throws(() => openStore(file, { write: true }), /is a file, not a folder/);
});

test('a capture read back from disk is the capture as the store builds it, every field (none dropped by the record text)', async () => {
  const { storedFromInput } = await import('../../src/history/store.js');
  const dir = tmp();
  const store = openStore(dir, { write: true });
  const given = input({ remotePort: 50123, bareLf: true, bodyRefused: true, findings: [{ level: 'warn', title: 't', detail: 'd', kb: '400', data: { n: 1 } }] });
  given.listenUrl = 'http://127.0.0.1:8080';
  given.sender = 'github';
  given.forward = { url: 'http://127.0.0.1:3000/', ms: 2.5, status: 201, headers: [['content-type', 'text/plain']], body: Buffer.from('made') } as CaptureInput['forward'];
  const summary = store.append(given);
  store.close();
  const back = await openStore(dir).get(summary.id);
  assert.deepEqual(back, storedFromInput(given));
});

test('grep finds a word beyond ASCII in a UTF-8 body, a latin1 header and a header sent as UTF-8 bytes', async () => {
  const dir = tmp();
  const store = openStore(dir, { write: true });
  store.append(input({ target: '/body', body: Buffer.from('{"note":"café"}'), bodyBytes: 16, rawHeaders: [] }));
  store.append(input({ target: '/latin1', rawHeaders: [['X-Name', 'caf\u00e9']] }));
  // http1.ts keeps a header as the text of its bytes: UTF-8 é (C3 A9) arrives as two characters.
  store.append(input({ target: '/utf8', rawHeaders: [['X-Name', Buffer.from('café').toString('latin1')]] }));
  store.append(input({ target: '/other', rawHeaders: [['X-Name', 'cafe']] }));
  store.flush();
  assert.deepEqual((await store.list({ grep: 'café' })).map((s) => s.target).sort(), ['/body', '/latin1', '/utf8']);
  store.close();
});
