// Every recognition row: its shape, its examples (each quoted with a source) recognised as its entry, and the
// status rules (a status only in status context, a reason phrase with its own code).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { patternTables } from '../../src/kb/patterns/index.js';
import { recogniseLine, recogniseText } from '../../src/kb/recognise.js';
import { getEntry, keyForStatus } from '../../src/kb/index.js';

const rows = patternTables.flatMap((t) => t.rows.map((r) => ({ ...r, source: t.source })));

test('rows have unique ids, known keys, lower-case needles and at least one cited example', () => {
  const ids = new Set<string>();
  for (const row of rows) {
    assert.ok(!ids.has(row.id), `duplicate id ${row.id}`);
    ids.add(row.id);
    if (!row.key.startsWith('{')) assert.ok(getEntry(row.key), `${row.id}: unknown key ${row.key}`);
    for (const n of row.needles) assert.equal(n, n.toLowerCase(), `${row.id}: needle ${n}`);
    assert.ok(row.examples.length > 0, `${row.id} has no example`);
    for (const ex of row.examples) assert.ok(ex.from.trim().length > 5, `${row.id}: example without a source`);
  }
});

for (const row of rows) {
  test(`row ${row.id}: its examples are recognised as ${row.key}`, () => {
    for (const ex of row.examples) {
      assert.ok(row.needles.length === 0 || row.needles.some((n) => ex.line.toLowerCase().includes(n)), `${row.id}: no needle in "${ex.line}"`);
      assert.ok(row.re.test(ex.line), `${row.id}: regex misses "${ex.line}"`);
      const hit = recogniseLine(ex.line);
      assert.ok(hit, `nothing recognised in "${ex.line}"`);
      if (row.key === '{status}') {
        const status = Number(row.re.exec(ex.line)!.groups!.status ?? row.re.exec(ex.line)!.groups!.status2);
        assert.equal(hit.key, keyForStatus(status), ex.line);
      } else if (row.key !== '{code}') {
        assert.equal(hit.key, row.key, `"${ex.line}" → ${hit.patternId}`);
      }
      assert.ok(hit.says.length > 0 && !hit.says.includes('{'), `${row.id}: says "${hit.says}"`);
    }
  });
}

test('what was recognised is named with the captured details', () => {
  const hit = recogniseLine("curl: (7) Failed to connect to 127.0.0.1 port 9 after 0 ms: Couldn't connect to server")!;
  assert.equal(hit.says, 'curl exit 7: could not connect to 127.0.0.1 port 9');
  assert.deepEqual({ host: hit.details.host, port: hit.details.port }, { host: '127.0.0.1', port: '9' });
  assert.equal(recogniseLine("curl: (7) Couldn't connect to server")!.says, 'curl exit 7: could not connect');
});

test('a status is read only in status context', () => {
  const key = (line: string) => recogniseLine(line)?.key;
  assert.equal(key('HTTP/1.1 503 Service Unavailable'), '503');
  assert.equal(key('status code 503'), '503');
  assert.equal(key('503 Service Unavailable'), '503');
  assert.equal(key('the hook returned 503'), '503');
  assert.equal(key('delivery failed (503)'), '503');
  assert.equal(key('code=503'), '503');
  assert.equal(key('POST /hooks [503]'), '503');
  assert.equal(key('"POST /hooks HTTP/1.1" 429 12'), '429');
  for (const line of [
    "/usr/lib/ruby/3.2.0/net/protocol.rb:227:in `rbuf_fill'",
    'connected to 10.0.0.201 in 3ms',
    'dialing port=443 host=hooks.example.com',
    'processed 404 events in 502 ms',
    'Verify return code: 0 (ok) after 111 ms',
    'at node:internal/deps/undici/undici:13502:13',
  ]) assert.equal(key(line), undefined, line);
});

test('a reason phrase goes with its code', () => {
  assert.equal(recogniseLine('HTTP/1.1 504 Gateway Timeout')!.key, '504');
  assert.equal(recogniseLine('upstream answered 504 Gateway Timeout after 60s')!.key, '504');
  assert.equal(recogniseLine('408 Request Timeout')!.key, '408');
});

test('a pasted trace keeps the cause and drops the wrapper', () => {
  const trace = [
    'TypeError: fetch failed',
    '    at node:internal/deps/undici/undici:13502:13',
    '  [cause]: Error: connect ECONNREFUSED 127.0.0.1:9',
    "    code: 'ECONNREFUSED',",
    '    port: 9',
  ].join('\n');
  assert.deepEqual(recogniseText(trace).map((h) => h.key), ['ECONNREFUSED']);
});

test('pasted text with colour codes is read without them', () => {
  const hits = recogniseText('\x1b[1;31merror\x1b[0m: Post "https://127.0.0.1:8443/hooks": \x1b[33mx509: certificate signed by unknown authority\x1b[0m');
  assert.equal(hits[0]?.key, 'cert-unknown-authority');
  assert.ok(!hits[0]!.line.includes('\x1b'), hits[0]!.line);
});
