// Every code webhook-doctor itself can print has an entry: listen's HPE_* codes, undici's UND_ERR_*, OpenSSL's
// ERR_OSSL_*, and the spool's reasons. The codes are collected from the source, so a new one without an entry fails here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { keyForError, getEntry } from '../../src/kb/index.js';
import { recogniseLine } from '../../src/kb/recognise.js';

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith('.ts') ? [path] : [];
  });
}
const src = sourceFiles('src').filter((f) => !f.startsWith(join('src', 'kb')));
const text = src.map((f) => readFileSync(f, 'utf8')).join('\n');

test('every HPE_, UND_ERR_ and ERR_OSSL_ code in src/ has an entry', () => {
  const codes = new Set([...text.matchAll(/\b(?:HPE_[A-Z_]+|UND_ERR_[A-Z_]+|ERR_OSSL_[A-Z_]+|ERR_HTTP_[A-Z_]+)\b/g)].map((m) => m[0]));
  assert.ok([...codes].some((c) => c.startsWith('HPE_')), 'the scan found no HPE_ codes: is src/capture still where they live?');
  for (const code of codes) assert.ok(keyForError(code) && getEntry(keyForError(code)!), `${code} has no entry`);
});

test('every code undici can raise (its lib/core/errors.js) has an entry', () => {
  const require = createRequire(import.meta.url);
  const file = join(require.resolve('undici').replace(/index\.js$/, ''), 'lib', 'core', 'errors.js');
  const codes = new Set([...readFileSync(file, 'utf8').matchAll(/'(UND_ERR_[A-Z_]+)'/g)].map((m) => m[1]!));
  assert.ok(codes.has('UND_ERR_INVALID_ARG'));
  for (const code of codes) assert.ok(keyForError(code), `${code} has no entry`);
});

test('OpenSSL codes Node reports for local key/cert files are explained', () => {
  for (const code of ['ERR_OSSL_PEM_NO_START_LINE', 'ERR_OSSL_BAD_DECRYPT', 'ERR_OSSL_X509_KEY_VALUES_MISMATCH', 'ERR_OSSL_EVP_UNSUPPORTED']) {
    assert.equal(keyForError(code), 'ERR_OSSL', code);
  }
});

test('the spool\'s quarantine and dead-letter reasons are recognised', () => {
  const spool = sourceFiles(join('src', 'spool')).map((f) => readFileSync(f, 'utf8')).join('\n');
  const corrupt = [...spool.matchAll(/kind: 'corrupt', reason: [`'](.+?)[`']/g)].map((m) => m[1]!.replace(/\$\{[^}]+\}/g, '7'));
  assert.ok(corrupt.length >= 3, 'no quarantine reasons found in src/spool');
  for (const reason of corrupt) {
    const hit = recogniseLine(`quarantined 20261201T070000Z-abc.json: ${reason}`);
    assert.equal(hit?.key, 'spool-quarantined', reason);
  }
  const dead = recogniseLine('dead 20261201T070000Z-abc: gave up after 5 attempts (last: 503)');
  assert.equal(dead?.key, '503', 'a dead letter is explained by its last failure');
  assert.equal(recogniseLine('dead 20261201T070000Z-abc: gave up after 5 attempts')?.key, 'spool-dead');
});
