// The fast path of `explain -` (needles found in the bytes of a chunk, rows run only on those lines) agrees with
// the full matcher (every row tried on every line) on a generated mixed log, whatever the chunk size.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { patternTables } from '../../src/kb/patterns/index.js';
import { bestOfAllRows, isTracebackSource, stripAnsi } from '../../src/kb/recognise.js';
import { hitsFrom } from '../../src/kb/triage.js';
import { heldOut } from './fixtures/held-out.js';

const quoted = [...patternTables.flatMap((t) => t.rows.flatMap((r) => r.examples.map((e) => e.line))), ...heldOut.map((h) => h.line)];
const noise = [
  '127.0.0.1 - - [01/Dec/2026:07:00:00 +0000] "POST /hooks/7 HTTP/1.1" 200 2 "-" "GitHub-Hookshot/5f2c1e9"',
  'level=debug msg="queue depth" depth=3 worker=1 host=10.0.0.201 port=443 file=protocol.rb:227',
  '{"level":"info","msg":"received webhook","event":"push","delivery":"9","bytes":404}',
  'Traceback (most recent call last):',
  '  File "/usr/lib/python3.11/http/client.py", line 287, in _read_status',
  '    raise RemoteDisconnected("Remote end closed connection without"',
  'plain words, nothing to see (ok) [fine] café — 日本語 İstanbul',
  '\x1b[2m2026-12-01T07:00:00Z\x1b[0m \x1b[31mERROR\x1b[39m connection \x1b[1mrefused\x1b[22m by 127.0.0.1:9',
  '\x1b[32mINFO\x1b[0m status=\x1b[1m204\x1b[0m delivered',
  '',
];

/** A log of every quoted line, in upper and mixed case too, among noise; deterministic. */
function mixedLog(): string[] {
  const lines: string[] = [];
  let seed = 7;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
  for (const [i, line] of quoted.entries()) {
    lines.push(`2026-12-01T07:00:${String(i % 60).padStart(2, '0')}Z ${line}`);
    lines.push(next() % 2 ? line.toUpperCase() : line.replace(/[a-z]/g, (c) => (next() % 3 ? c : c.toUpperCase())));
    lines.push(noise[next() % noise.length]!);
  }
  return lines;
}

/** The full matcher, line by line, with the rule that a Python frame and the source line under it are not failures. */
function reference(coloured: string[]) {
  const lines = coloured.map(stripAnsi);
  return lines.flatMap((line, i) => {
    const hit = bestOfAllRows(line);
    if (!hit || isTracebackSource(line, lines[i - 1])) return [];
    return [{ lineNumber: i + 1, key: hit.key, id: hit.row.id, match: hit.match, raw: line }];
  });
}

async function fastPath(text: string, size: number) {
  const buf = Buffer.from(text);
  const chunks: Buffer[] = [];
  for (let i = 0; i < buf.length; i += size) chunks.push(buf.subarray(i, i + size));
  const hits = [];
  let lines = 0;
  for await (const batch of hitsFrom(chunks)) {
    lines = batch.lines;
    for (const h of batch.hits) hits.push({ lineNumber: h.lineNumber, key: h.key, id: h.row.id, match: h.match, raw: h.raw });
  }
  return { hits, lines };
}

test('the fast path finds the same hits as every row tried on every line, in chunks of any size', async () => {
  const lines = mixedLog();
  const want = reference(lines);
  assert.ok(want.length > quoted.length, `${want.length} hits`);
  const text = lines.join('\n') + '\n';
  for (const size of [1, 5, 97, 4096, 64 * 1024, text.length]) {
    const got = await fastPath(text, size);
    assert.equal(got.lines, lines.length, `lines, chunks of ${size}`);
    assert.deepEqual(got.hits, want, `chunks of ${size}`);
  }
});
