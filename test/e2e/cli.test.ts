// The program as a whole: help, version, usage errors and the commands not built yet.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { runCli } from '../helpers/cli.js';

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));

test('--version prints the package version', async () => {
  const r = await runCli(['--version']);
  assert.equal(r.code, 0);
  assert.equal(r.stdout.trim(), pkg.version);
});

test('--help names every command of the spec, with examples', async () => {
  const r = await runCli(['--help']);
  assert.equal(r.code, 0);
  for (const name of ['send', 'listen', 'explain', 'verify', 'sign', 'flush', 'queue', 'doctor']) {
    assert.match(r.stdout, new RegExp(`^  ${name}\\b`, 'm'), `${name} missing from --help`);
  }
  assert.match(r.stdout, /Examples:/);
});

test('an unknown option is a usage error: exit 2, one line and a hint, no stack', async () => {
  const r = await runCli(['explain', '--frobnicate']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /unknown option '--frobnicate'/);
  assert.match(r.stderr, /--help/);
  assert.doesNotMatch(r.stderr, /\n\s+at /);
});

test('an unknown command is a usage error', async () => {
  const r = await runCli(['sned']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /unknown command 'sned'/);
});

test('a reader that closes the pipe early ends the command quietly, without an EPIPE crash', async () => {
  const { spawnSync } = await import('node:child_process');
  const { mkdtempSync, writeFileSync, utimesSync, rmSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const { BIN } = await import('../helpers/cli.js');
  // 300 plain payloads make a --dry-run NDJSON stream far larger than what `head -c 100` reads
  // (and than a pipe buffer), so flush is still writing when the pipe closes. Nothing is sent.
  const dir = mkdtempSync(join(tmpdir(), 'wd-epipe-'));
  const old = new Date(Date.now() - 60_000);
  for (let i = 0; i < 300; i++) {
    const file = join(dir, `alert-${String(i).padStart(3, '0')}.json`);
    writeFileSync(file, JSON.stringify({ n: i, padding: 'x'.repeat(200) }));
    utimesSync(file, old, old);
  }
  const r = spawnSync('bash', ['-c', `set -o pipefail; "${process.execPath}" "${BIN}" flush "${dir}" --url http://127.0.0.1:9/hooks --dry-run --json | head -c 100 >/dev/null`], {
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
    timeout: 20_000,
  });
  rmSync(dir, { recursive: true, force: true });
  assert.doesNotMatch(r.stderr, /EPIPE|Unhandled|\n\s+at /);
  assert.equal(r.status, 0);
});

test('help and --version piped into a reader that has already gone (| head, | true) end quietly with 0', async () => {
  const { spawnSync } = await import('node:child_process');
  const { BIN } = await import('../helpers/cli.js');
  for (const args of ['--help', 'send --help', 'flush --help', '-V']) {
    // `true` exits without reading: every write meets a closed pipe.
    const r = spawnSync('bash', ['-c', `set -o pipefail; "${process.execPath}" "${BIN}" ${args} | true`], { encoding: 'utf8', timeout: 20_000 });
    assert.doesNotMatch(r.stderr, /EPIPE|Unhandled|\n\s+at /, args);
    assert.equal(r.status, 0, `${args}: ${r.stderr}`);
  }
});

test('an input error whose stderr goes to a reader that has already gone (2>&1 | true) still exits 2, not as a crash', async () => {
  const { spawnSync } = await import('node:child_process');
  const { BIN } = await import('../helpers/cli.js');
  const r = spawnSync('bash', ['-c', `set -o pipefail; "${process.execPath}" "${BIN}" flush /no/such/spool 2>&1 | true`], { encoding: 'utf8', timeout: 20_000 });
  assert.equal(r.status, 2, r.stderr);
});
