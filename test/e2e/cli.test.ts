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
