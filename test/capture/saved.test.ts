// Saving a capture as .json + .body and reading it back from either file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, writeFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeCapture, readCapture } from '../../src/capture/saved.js';
import type { Capture } from '../../src/capture/capture.js';

function capture(body: Buffer): Capture {
  return {
    seq: 1, id: '2026-11-22T10-00-00.123Z-1', receivedAt: '2026-11-22T10:00:00.123Z', remoteAddress: '127.0.0.1',
    method: 'POST', target: '/hooks?x=1', httpVersion: '1.1',
    rawHeaders: [['Host', '127.0.0.1:8080'], ['X-Hub-Signature-256', 'sha256=abc'], ['authorization', 'Bearer pst_live_0123456789abcdef']],
    body, bodyBytes: body.length, findings: [{ level: 'info', title: 'hello' }],
  };
}

test('a saved capture reads back byte-exact from the .json or the .body file', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'wd-saved-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const body = Buffer.from([0x7b, 0x0d, 0x0a, 0xff, 0x00, 0x7d]);
  const path = await writeCapture(dir, capture(body));
  assert.equal(path, join(dir, '2026-11-22T10-00-00.123Z-1.json'));
  for (const p of [path, join(dir, '2026-11-22T10-00-00.123Z-1.body')]) {
    const saved = await readCapture(p);
    assert.deepEqual(saved.body, body);
    assert.equal(saved.target, '/hooks?x=1');
    assert.deepEqual(saved.rawHeaders[1], ['X-Hub-Signature-256', 'sha256=abc']);
    assert.equal(saved.bodyBytes, 6);
  }
  assert.deepEqual(await readFile(join(dir, '2026-11-22T10-00-00.123Z-1.body')), body);
});

test('credentials are masked on disk unless showSecrets; signatures are kept', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'wd-saved-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const masked = await readCapture(await writeCapture(dir, capture(Buffer.from('{}'))));
  assert.equal(masked.rawHeaders[2]![1], 'Bearer pst_…(25 chars)');
  assert.doesNotMatch(await readFile(masked.path, 'utf8'), /0123456789abcdef/);
  assert.equal(masked.rawHeaders[1]![1], 'sha256=abc');
  const shown = await readCapture(await writeCapture(dir, capture(Buffer.from('{}')), { showSecrets: true }));
  assert.equal(shown.rawHeaders[2]![1], 'Bearer pst_live_0123456789abcdef');
});

test('a changed body file or a missing one is an input error', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'wd-saved-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const path = await writeCapture(dir, capture(Buffer.from('{"a":1}')));
  await writeFile(path.replace(/\.json$/, '.body'), '{"a": 1}');
  await assert.rejects(readCapture(path), (e: any) => e.code === 'INPUT' && /sha256/.test(e.message));
  await rm(path.replace(/\.json$/, '.body'));
  await assert.rejects(readCapture(path), (e: any) => e.code === 'INPUT' && /missing/.test(e.message));
  await writeFile(join(dir, 'x.json'), '{"nope":1}');
  await assert.rejects(readCapture(join(dir, 'x.json')), (e: any) => e.code === 'INPUT');
});
