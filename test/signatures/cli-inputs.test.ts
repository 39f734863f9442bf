// Where sign and verify take the secret and body from, and how a bad one is reported.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tmpdir } from 'node:os';
import { bodySource, readingBody, secretFrom } from '../../src/signatures/cli-inputs.js';

test('--body: - and /dev/stdin are stdin, a directory is refused, a bare name is a usage error', async () => {
  assert.deepEqual(await bodySource('-'), { kind: 'stdin' });
  assert.deepEqual(await bodySource('@/dev/stdin'), { kind: 'stdin' });
  await assert.rejects(bodySource(`@${tmpdir()}`), (e: { code: string; message: string }) => e.code === 'INPUT' && /EISDIR/.test(e.message));
  await assert.rejects(bodySource('body.json'), (e: { code: string; message: string }) => e.code === 'USAGE' && /@file or -/.test(e.message));
});

test('an I/O error while reading the body is one INPUT error naming the code', async () => {
  const enxio = Object.assign(new Error('ENXIO: no such device'), { code: 'ENXIO' });
  await assert.rejects(readingBody('/dev/fd/9', async () => { throw enxio; }), (e: { code: string; message: string }) => e.code === 'INPUT' && e.message === 'cannot read body /dev/fd/9 (ENXIO)');
  const bug = new TypeError('a bug');
  await assert.rejects(readingBody('x', async () => { throw bug; }), (e) => e === bug);
});

test('the secret comes from --secret, else WEBHOOK_DOCTOR_SECRET, else a usage error', () => {
  const saved = process.env.WEBHOOK_DOCTOR_SECRET;
  try {
    process.env.WEBHOOK_DOCTOR_SECRET = 'from-env';
    assert.equal(secretFrom('flag'), 'flag');
    assert.equal(secretFrom(undefined), 'from-env');
    delete process.env.WEBHOOK_DOCTOR_SECRET;
    assert.throws(() => secretFrom(undefined), /no secret/);
  } finally {
    if (saved === undefined) delete process.env.WEBHOOK_DOCTOR_SECRET;
    else process.env.WEBHOOK_DOCTOR_SECRET = saved;
  }
});
