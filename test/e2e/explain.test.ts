// `webhook-doctor explain` as a user runs it: every input form, --profile, --list, --json, stdin, and bad input.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { runCli } from '../helpers/cli.js';

const ANSI = /\x1b\[/;

test('explain 429: meaning, causes, fixes with commands, retry, sender facts, sources', async () => {
  const r = await runCli(['explain', '429']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^429 Too Many Requests$/m);
  assert.match(r.stdout, /Common causes/);
  assert.match(r.stdout, /\$ webhook-doctor send https:\/\/example\.com\/hooks --retries 5/);
  assert.match(r.stdout, /^Retry: yes$/m);
  assert.match(r.stdout, /^Parapet Security$/m);
  assert.match(r.stdout, /Sources: Parapet Security/);
  assert.doesNotMatch(r.stdout, ANSI);
  assert.equal(r.stderr, '');
});

for (const [input, title] of [
  [['4xx'], '4xx Client error'],
  [['418'], '4xx Client error'],
  [['too', 'many', 'requests'], '429 Too Many Requests'],
  [['econnreset'], 'ECONNRESET: connection reset by peer'],
  [['UND_ERR_HEADERS_TIMEOUT'], 'UND_ERR_HEADERS_TIMEOUT: no response headers in time'],
  [['CERT_HAS_EXPIRED'], 'CERT_HAS_EXPIRED: certificate has expired'],
  [['Error: read ECONNRESET'], 'ECONNRESET: connection reset by peer'],
  [['HTTP/1.1 503 Service Unavailable'], '503 Service Unavailable'],
  [['signature', 'mismatch'], 'Signature mismatch'],
  [['308'], '308 Permanent Redirect'],
] as const) {
  test(`explain ${input.join(' ')} → ${title}`, async () => {
    const r = await runCli(['explain', ...input]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout.split('\n')[0], title);
  });
}

test('several codes at once are each explained', async () => {
  const r = await runCli(['explain', '429', 'ECONNRESET']);
  assert.equal(r.code, 0);
  assert.match(r.stdout, /^429 Too Many Requests$/m);
  assert.match(r.stdout, /^ECONNRESET: connection reset by peer$/m);
});

test('--profile parapet adds its plan table to 429', async () => {
  const r = await runCli(['explain', '429', '--profile', 'parapet']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /Starter\s+50\/min\s+1,000\/day/);
  assert.match(r.stdout, /Professional\s+200\/min\s+5,000\/day/);
  assert.match(r.stdout, /Team\s+500\/min\s+20,000\/day/);
  assert.match(r.stdout, /\(Parapet Security: Webhook Errors\)/);
  assert.doesNotMatch(r.stdout, /^Particle$/m, 'only the chosen sender');
});

test('--profile=queryai on a timeout shows its 30 s default and 300 s maximum', async () => {
  const r = await runCli(['explain', 'timeout', '--profile=queryai']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /Query\.ai waits 30 s for an answer \(configurable up to 300 s\)/);
});

test('--profile with an unknown name is a usage error', async () => {
  const r = await runCli(['explain', '429', '--profile', 'acme']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /unknown profile "acme"/);
  assert.match(r.stderr, /hint: known profiles: generic, parapet/);
});

test('--json prints only JSON: the entry with its sender facts', async () => {
  const r = await runCli(['explain', '413', '--profile', 'parapet', '--json']);
  assert.equal(r.code, 0);
  const doc = JSON.parse(r.stdout);
  assert.equal(doc.query, '413');
  assert.equal(doc.profile, 'parapet');
  assert.equal(doc.entries[0].key, '413');
  assert.equal(doc.entries[0].retry.retry, 'no');
  assert.ok(doc.entries[0].senderFacts[0].facts.some((f: string) => f.includes('1 MB (1,000,000 bytes)')));
});

test('--list prints every entry as a table; --list --json as an array', async () => {
  const table = await runCli(['explain', '--list']);
  assert.equal(table.code, 0);
  assert.match(table.stdout, /│ key\s+│ kind\s+│ title\s+│ retry\s+│/);
  const list = await runCli(['explain', '--list', '--json']);
  const rows = JSON.parse(list.stdout) as Array<{ key: string }>;
  assert.ok(rows.length >= 48);
  for (const { key } of rows) assert.ok(table.stdout.includes(`│ ${key} `), `${key} missing from the table`);
});

test('- triages a log on stdin: summary first, successes counted not explained, failures most frequent first', async () => {
  const log = [
    '2026-12-01T10:00:00Z POST https://hooks.example.com -> HTTP/1.1 200 OK',
    '2026-12-01T10:00:05Z delivery failed: Error: read ECONNRESET',
    '2026-12-01T10:00:09Z delivery failed: status=429',
    '2026-12-01T10:00:10Z delivery failed: Error: read ECONNRESET',
    '',
  ].join('\n');
  const r = await runCli(['explain', '-'], { input: log });
  assert.equal(r.code, 0, r.stderr);
  const lines = r.stdout.split('\n');
  assert.match(lines[0]!, /^4 lines read: 3 failures of 2 kinds, 1 success \(2xx, counted, not explained\)$/);
  assert.match(r.stdout, /ECONNRESET\s+2\s+2\s+4\s+2026-12-01T10:00:05Z\s+2026-12-01T10:00:10Z\s+Node: read ECONNRESET/);
  const titles = lines.filter((l) => /^(2xx|ECONNRESET|429)\b/.test(l));
  assert.deepEqual(titles, ['ECONNRESET: connection reset by peer', '429 Too Many Requests']);
  assert.match(r.stdout, /first at line 2: 2026-12-01T10:00:05Z delivery failed: Error: read ECONNRESET/);
  const json = JSON.parse((await runCli(['explain', '-', '--json'], { input: log })).stdout);
  assert.deepEqual([json.lines, json.successes, json.failures], [4, 1, 3]);
  assert.deepEqual(json.summary.map((g: { key: string; count: number }) => [g.key, g.count]), [['ECONNRESET', 2], ['429', 1]]);
  assert.deepEqual(json.entries.map((e: { key: string }) => e.key), ['ECONNRESET', '429']);
});

test('a long pasted line that nothing matches is echoed short, without a did-you-mean', async () => {
  const r = await runCli(['explain', 'frobnicator ' + 'lorem ipsum dolor '.repeat(20)]);
  assert.equal(r.code, 2);
  assert.equal(r.stdout, '');
  assert.match(r.stderr, /^webhook-doctor: nothing in the knowledge base matches "frobnicator lorem ipsum dolor .{0,50}…"\nhint: no client, sender or code in it is known/);
});

test('a pasted client line names what was recognised, then explains it', async () => {
  const r = await runCli(['explain', "curl: (7) Failed to connect to 127.0.0.1 port 9 after 0 ms: Couldn't connect to server"]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^ECONNREFUSED: connection refused\n  recognised: curl exit 7: could not connect to 127\.0\.0\.1 port 9\n/);
  const go = JSON.parse((await runCli(['explain', '--json', 'Post "https://127.0.0.1:8443/x": http: server gave HTTP response to HTTPS client'])).stdout);
  assert.equal(go.entries[0].key, 'https-to-http-port');
  assert.match(go.entries[0].found.says, /plain HTTP/);
});

test('a log without any code is an input error', async () => {
  const r = await runCli(['explain', '-'], { input: 'all good here\n' });
  assert.equal(r.code, 2);
  assert.match(r.stderr, /no status or error code found/);
});

test('unknown input exits 2 with did-you-mean, nothing on stdout, no stack', async () => {
  const r = await runCli(['explain', 'ECONNRESTE']);
  assert.equal(r.code, 2);
  assert.equal(r.stdout, '');
  assert.match(r.stderr, /^webhook-doctor: nothing in the knowledge base matches "ECONNRESTE"$/m);
  assert.match(r.stderr, /^hint: did you mean "ECONNRESET"/m);
  assert.doesNotMatch(r.stderr, /\n\s+at /);
});

test('no query at all is a usage error', async () => {
  const r = await runCli(['explain']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /nothing to explain/);
});

test('--help still goes through the command table, with examples', async () => {
  const r = await runCli(['explain', '--help']);
  assert.equal(r.code, 0);
  assert.match(r.stdout, /Usage: webhook-doctor explain/);
  assert.match(r.stdout, /Examples:/);
});

test('colour only when asked for: FORCE_COLOR gives ANSI, NO_COLOR none', async () => {
  const coloured = await runCli(['explain', '429'], { env: { NO_COLOR: undefined, FORCE_COLOR: '1' } });
  assert.match(coloured.stdout, ANSI);
  const json = await runCli(['explain', '429', '--json'], { env: { NO_COLOR: undefined, FORCE_COLOR: '1' } });
  assert.doesNotMatch(json.stdout, ANSI);
});

test('a flag without its value is a usage error from the command table', async () => {
  const r = await runCli(['explain', '429', '--profile']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /option '--profile <name\|file>' argument missing/);
});

test('the start-up path of explain loads no heavy dependency: chalk and cli-table3 only lazily, no commander from node_modules', () => {
  // Follow the static imports of the built CLI and the explain chunk: what Node loads before explain runs.
  const seen = new Set<string>();
  const bare = new Set<string>();
  const visit = (url: URL) => {
    if (seen.has(url.href)) return;
    seen.add(url.href);
    const code = readFileSync(url, 'utf8');
    for (const m of code.matchAll(/^import\s[^;]*?from\s*["']([^"']+)["']|^import\s*["']([^"']+)["']/gm)) {
      const spec = (m[1] ?? m[2])!;
      if (spec.startsWith('.')) visit(new URL(spec, url));
      else if (!spec.startsWith('node:')) bare.add(spec);
    }
  };
  visit(new URL('../../dist/cli.js', import.meta.url));
  visit(new URL('../../dist/commands/explain.js', import.meta.url));
  assert.deepEqual([...bare], [], 'a package imported statically on the start-up path');
  const lazy = readFileSync(new URL('../../dist/commands/explain.js', import.meta.url), 'utf8');
  assert.doesNotMatch(lazy, /import\(["'](zod|undici|ora)["']\)/);
});

test('a reader that closes the pipe early ends explain quietly', async () => {
  const { spawnSync } = await import('node:child_process');
  const { BIN } = await import('../helpers/cli.js');
  const list = JSON.parse((await runCli(['explain', '--list', '--json'])).stdout) as Array<{ key: string }>;
  const log = list.map((e) => (/^\d{3}$/.test(e.key) ? `status=${e.key}` : e.key)).join('\n');
  // Every entry as JSON is about 90 KB, more than a 64 KB pipe buffer: the write meets the closed pipe.
  const r = spawnSync('bash', ['-c', `set -o pipefail; "${process.execPath}" "${BIN}" explain - --json | head -c 100 >/dev/null`], {
    input: log, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 20_000,
  });
  assert.doesNotMatch(r.stderr, /EPIPE|Unhandled|\n\s+at /);
  assert.equal(r.status, 0);
});
