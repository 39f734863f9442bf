import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { capturesFromFile, harEntryInput } from '../../src/history/sources.js';
import { parseHeaderFilter, parseSince, parseStatusFilter } from '../../src/history/filter.js';

test('a browser HAR entry: path and query from the URL, HTTP/2 pseudo-headers dropped, base64 bodies decoded, the answer is the app\'s', () => {
  const input = harEntryInput({
    startedDateTime: '2026-11-22T10:00:00.000Z', time: 120,
    request: { method: 'post', url: 'https://example.com/hooks?a=1', httpVersion: 'h2', headers: [{ name: ':authority', value: 'example.com' }, { name: 'content-type', value: 'application/octet-stream' }], postData: { mimeType: 'application/octet-stream', text: Buffer.from([0, 1, 2, 255]).toString('base64'), encoding: 'base64' } },
    response: { status: 503, headers: [{ name: 'retry-after', value: '30' }], content: { text: 'busy' } },
  }, 0, 'x.har', false);
  assert.equal(input.capture.method, 'POST');
  assert.equal(input.capture.target, '/hooks?a=1');
  assert.equal(input.capture.httpVersion, '2');
  assert.deepEqual(input.capture.rawHeaders, [['content-type', 'application/octet-stream']]);
  assert.deepEqual([...input.capture.body], [0, 1, 2, 255]);
  assert.equal(input.forward?.status, 503);
  assert.equal(input.forward?.body?.toString(), 'busy');
});

test('a HAR file holds many captures; file#N picks one, and a number past the end is one clear error', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'wd-sources-'));
  const file = join(dir, 'two.har');
  const entry = (path: string) => ({ startedDateTime: '2026-11-22T10:00:00.000Z', time: 1, request: { method: 'POST', url: `http://x${path}`, headers: [], postData: { text: path } }, response: { status: 200 } });
  writeFileSync(file, JSON.stringify({ log: { version: '1.2', creator: { name: 'devtools' }, entries: [entry('/a'), entry('/b')] } }));
  assert.deepEqual((await capturesFromFile(file)).map((c) => c.capture.target), ['/a', '/b']);
  assert.deepEqual((await capturesFromFile(`${file}#2`)).map((c) => c.label), [`${file}#2`]);
  await assert.rejects(capturesFromFile(`${file}#3`), /has 2 entries; there is no #3/);
  const junk = join(dir, 'junk.txt');
  writeFileSync(junk, 'not json\n');
  await assert.rejects(capturesFromFile(junk), /neither a HAR file, a saved capture, nor `listen --json` output/);
});

test('filters read from the command line', () => {
  assert.deepEqual(parseStatusFilter('5xx,404,500-503,none'), [{ min: 500, max: 599 }, { min: 404, max: 404 }, { min: 500, max: 503 }, { min: 0, max: 0 }]);
  assert.throws(() => parseStatusFilter('oops'), /not a status/);
  assert.equal(parseSince('10m', 1_000_000_000).getTime(), 1_000_000_000 - 600_000);
  assert.equal(parseSince('2026-11-22T10:00:00Z').toISOString(), '2026-11-22T10:00:00.000Z');
  assert.throws(() => parseSince('yesterday-ish'), /neither a duration nor a date/);
  assert.deepEqual(parseHeaderFilter('X-Event: push'), { name: 'X-Event', value: 'push' });
  assert.deepEqual(parseHeaderFilter('X-Event'), { name: 'X-Event' });
});
