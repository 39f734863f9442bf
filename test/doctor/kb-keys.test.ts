// Every knowledge-base key doctor can print must be one `webhook-doctor explain` answers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { getEntry } from '../../src/kb/index.js';
import { kbForError, kbForStatus } from '../../src/doctor/kb-keys.js';

test('the kb keys written literally in the checks all exist', () => {
  const dir = new URL('../../src/doctor/', import.meta.url);
  const literals = readdirSync(dir)
    .filter((f) => f.endsWith('.ts'))
    .flatMap((f) => [...readFileSync(new URL(f, dir), 'utf8').matchAll(/kb: '([^']+)'/g)].map((m) => m[1]!));
  assert.ok(literals.length >= 3, 'found the literal keys');
  for (const key of literals) assert.ok(getEntry(key), `no kb entry for "${key}"`);
});

test('statuses and error codes map to existing entries (a class when the code has none of its own)', () => {
  for (const status of [302, 307, 400, 401, 413, 429, 500, 502, 503, 418]) assert.ok(getEntry(kbForStatus(status)), String(status));
  assert.equal(kbForStatus(418), '4xx');
  for (const code of ['ECONNREFUSED', 'ENOTFOUND', 'ETIMEDOUT', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'ERR_TLS_CERT_ALTNAME_INVALID', 'UND_ERR_HEADERS_TIMEOUT']) {
    assert.ok(getEntry(kbForError(code) ?? ''), code);
  }
  assert.equal(kbForError('SOMETHING_UNKNOWN'), undefined);
});
