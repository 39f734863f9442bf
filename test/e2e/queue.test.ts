// `queue add|list|show|retry|purge` as a user runs them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm, writeFile, mkdir, rename } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.js';

async function withSpool(fn: (dir: string) => Promise<void>) {
  const dir = await mkdtemp(join(tmpdir(), 'wd-queue-'));
  try {
    await fn(join(dir, 'spool'));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

test('queue add keeps the body and lists it as pending; show prints it back byte for byte', async () => {
  await withSpool(async (dir) => {
    const add = await runCli(['queue', 'add', dir, '--url', 'http://127.0.0.1:9/hooks', '-d', '{"alert": "disk full" }', '-H', 'X-Tenant: acme', '--json']);
    assert.equal(add.code, 0, add.stderr);
    const { id } = JSON.parse(add.stdout);
    assert.match(id, /^\d{8}T\d{9}Z-[0-9a-f]{10}$/);
    const list = await runCli(['queue', 'list', dir]);
    assert.equal(list.code, 0);
    assert.match(list.stdout, new RegExp(id));
    assert.match(list.stdout, /pending/);
    assert.match(list.stdout, /1 pending/);
    const json = await runCli(['queue', 'list', dir, '--json']);
    const rows = JSON.parse(json.stdout);
    assert.equal(rows[0].id, id);
    assert.equal(rows[0].url, 'http://127.0.0.1:9/hooks');
    const show = await runCli(['queue', 'show', dir, id]);
    assert.equal(show.code, 0);
    assert.match(show.stdout, /\{"alert": "disk full" \}/);
    assert.match(show.stdout, /X-Tenant: acme/);
  });
});

test('queue add refuses a secret header: secrets are applied at send time', async () => {
  await withSpool(async (dir) => {
    const r = await runCli(['queue', 'add', dir, '--url', 'http://127.0.0.1:9/', '-d', '{}', '-H', 'Authorization: Bearer pst_x']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /Authorization would write a secret to the spool/);
    assert.match(r.stderr, /hint: /);
  });
});

test('queue add checks a JSON body as send does: invalid JSON is an input error, nothing is queued', async () => {
  await withSpool(async (dir) => {
    const r = await runCli(['queue', 'add', dir, '--url', 'http://127.0.0.1:9/', '-d', '{"alert": "disk full",}']);
    assert.equal(r.code, 2, r.stdout + r.stderr);
    assert.match(r.stderr, /invalid JSON in -d at line 1, column 22/);
    assert.deepEqual(await readdir(join(dir, 'new')).catch(() => []), []);
    const plain = await runCli(['queue', 'add', dir, '--url', 'http://127.0.0.1:9/', '-d', 'not json', '-H', 'Content-Type: text/plain']);
    assert.equal(plain.code, 0, plain.stderr);
  });
});

test('queue list on a missing directory is a usage error; show of an unknown id too', async () => {
  await withSpool(async (dir) => {
    const r = await runCli(['queue', 'list', dir]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /no spool directory at/);
    await mkdir(dir);
    const s = await runCli(['queue', 'show', dir, 'nope']);
    assert.equal(s.code, 2);
    assert.match(s.stderr, /no entry nope/);
  });
});

test('queue retry moves dead letters back to the queue', async () => {
  await withSpool(async (dir) => {
    const add = await runCli(['queue', 'add', dir, '--url', 'http://127.0.0.1:9/', '-d', '{}', '--json']);
    const { id } = JSON.parse(add.stdout);
    await rename(join(dir, 'new', id), join(dir, 'dead', id));
    const r = await runCli(['queue', 'retry', dir]);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /moved 1 dead letter/);
    assert.deepEqual(await readdir(join(dir, 'new')), [id]);
    assert.deepEqual(await readdir(join(dir, 'dead')), []);
    const unknown = await runCli(['queue', 'retry', dir, 'no-such-id']);
    assert.equal(unknown.code, 2, 'an id that names no dead letter is an input error');
    assert.match(unknown.stderr, /no dead letter no-such-id/);
    assert.match(unknown.stderr, /hint: .*queue list/);
  });
});

test('queue retry never writes over a file already in new/: the dead letter goes next to it under a free name', async () => {
  await withSpool(async (dir) => {
    await mkdir(join(dir, 'dead'), { recursive: true });
    await mkdir(join(dir, 'new'), { recursive: true });
    // A plain payload that died, and its writer wrote a newer one of the same name that is now pending.
    await writeFile(join(dir, 'dead', 'alert-7.json'), '{"v":"old"}');
    await writeFile(join(dir, 'new', 'alert-7.json'), '{"v":"new"}');
    // An entry too: its id taken in new/ (as if retried before and never flushed).
    const add = await runCli(['queue', 'add', dir, '--url', 'http://127.0.0.1:9/', '-d', '{"v":"entry"}', '--json']);
    const { id } = JSON.parse(add.stdout);
    await rename(join(dir, 'new', id), join(dir, 'dead', id));
    await writeFile(join(dir, 'new', id), 'pending copy');
    const r = await runCli(['queue', 'retry', dir]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /moved 2 dead letter/);
    assert.deepEqual((await readdir(join(dir, 'new'))).sort(), ['alert-7.json', 'alert-7.json.2', id, `${id}.2`].sort());
    assert.equal(await readFile(join(dir, 'new', 'alert-7.json'), 'utf8'), '{"v":"new"}');
    assert.equal(await readFile(join(dir, 'new', 'alert-7.json.2'), 'utf8'), '{"v":"old"}');
    assert.equal(await readFile(join(dir, 'new', id), 'utf8'), 'pending copy');
    assert.match(await readFile(join(dir, 'new', `${id}.2`), 'utf8'), /\{"v":"entry"\}/);
    assert.deepEqual(await readdir(join(dir, 'dead')), []);
    assert.deepEqual(await readdir(join(dir, 'tmp')), [], 'no temp file left');
    assert.match(r.stdout, new RegExp(`${id} went in as new[/\\\\]${id}\\.2: a different payload of that name waits in new/`));
    // The list names each copy by the file name queue show takes.
    const list = await runCli(['queue', 'list', dir]);
    assert.match(list.stdout, new RegExp(`${id} \\(${id}\\.2\\)`));
    const show = await runCli(['queue', 'show', dir, `${id}.2`]);
    assert.equal(show.code, 0, show.stderr);
    assert.match(show.stdout, /\{"v":"entry"\}/);
  });
});

test('queue retry cut off after it wrote the entry back: run again, it only removes the dead copy (no second copy to send twice)', async () => {
  await withSpool(async (dir) => {
    const add = await runCli(['queue', 'add', dir, '--url', 'http://127.0.0.1:9/', '-d', '{"v":1}', '--json']);
    const { id } = JSON.parse(add.stdout);
    await rename(join(dir, 'new', id), join(dir, 'dead', id));
    const deadLetter = await readFile(join(dir, 'dead', id));
    const first = await runCli(['queue', 'retry', dir]);
    assert.equal(first.code, 0, first.stderr);
    // As if the first retry had been killed before its unlink: the dead letter is still there too.
    await writeFile(join(dir, 'dead', id), deadLetter);
    const again = await runCli(['queue', 'retry', dir]);
    assert.equal(again.code, 0, again.stderr);
    assert.deepEqual(await readdir(join(dir, 'new')), [id]);
    assert.deepEqual(await readdir(join(dir, 'dead')), []);
    const none = await runCli(['queue', 'retry', dir, 'no-such-id']);
    assert.equal(none.code, 2);
    assert.match(none.stdout, /nothing moved/);
  });
});

test('queue retry in a folder that is no spool changes nothing there', async () => {
  await withSpool(async (dir) => {
    await mkdir(dir);
    await writeFile(join(dir, 'notes.txt'), 'not a spool');
    const r = await runCli(['queue', 'retry', dir]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /no dead letters to retry/);
    assert.deepEqual(await readdir(dir), ['notes.txt'], 'no spool folders made');
  });
});

test('queue purge refuses a folder that is no spool (a project folder keeps its package.json); a folder of plain payloads only is a spool', async () => {
  await withSpool(async (dir) => {
    await mkdir(dir);
    await writeFile(join(dir, 'package.json'), '{"name":"app"}');
    await writeFile(join(dir, 'README.md'), '# app');
    const r = await runCli(['queue', 'purge', dir, '--yes']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /does not look like a spool: it has no new\/, dead\/ or other spool folder and holds README\.md/);
    assert.deepEqual((await readdir(dir)).sort(), ['README.md', 'package.json']);
    const plain = join(dir, '..', 'plain');
    await mkdir(plain);
    await writeFile(join(plain, 'a1.json'), '{"id":"a1"}');
    const p = await runCli(['queue', 'purge', plain, '--yes']);
    assert.equal(p.code, 0, p.stderr);
    assert.deepEqual(await readdir(plain), []);
  });
});

test('queue purge needs --yes when not at a terminal, and then deletes', async () => {
  await withSpool(async (dir) => {
    await runCli(['queue', 'add', dir, '--url', 'http://127.0.0.1:9/', '-d', '{}']);
    await writeFile(join(dir, 'a1.json'), '{"id":"a1"}');
    const refused = await runCli(['queue', 'purge', dir]);
    assert.equal(refused.code, 2);
    assert.match(refused.stderr, /needs --yes/);
    assert.equal((await readdir(join(dir, 'new'))).length, 1);
    const r = await runCli(['queue', 'purge', dir, '--yes']);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /removed 2 file/);
    assert.deepEqual(await readdir(join(dir, 'new')), []);
  });
});
