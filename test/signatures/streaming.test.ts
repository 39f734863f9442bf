// Files and streams are verified without holding them whole, with the same verdicts as in memory,
// and the body-rewriting diagnoses are skipped (and say so) above the size limit.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { signBody, signFile, signStream, verifyFile, verifySignature, verifyStream} from '../../src/signatures/index.js';

const dir = mkdtempSync(join(tmpdir(), 'wd-sig-stream-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

// A body spanning several read chunks (128 KiB) with an uneven tail.
const big = Buffer.alloc(3 * 128 * 1024 + 17, 'a');
big.write('{"pad":"', 0);
const bigPath = join(dir, 'big.bin');
writeFileSync(bigPath, big);
const chunks = (buf: Buffer, size: number) => Readable.from(Array.from({ length: Math.ceil(buf.length / size) }, (_, i) => buf.subarray(i * size, (i + 1) * size)));

test('a file, a stream and memory give the same valid verdict for a multi-chunk body', async () => {
  const headers = signBody({ scheme: 'stripe', secret: 'whsec_x', body: big });
  const opts = { scheme: 'auto' as const, secret: 'whsec_x', headers };
  assert.equal(verifySignature({ ...opts, body: big }).valid, true);
  assert.equal((await verifyFile(bigPath, opts)).valid, true);
  const streamed = await verifyStream(chunks(big, 1000), opts);
  assert.equal(streamed.valid, true);
  assert.equal(streamed.bodyBytes, big.length);
});

test('signFile and signStream make the same headers as signBody', async () => {
  const opts = { scheme: 'standard' as const, secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', timestamp: 1614265330, id: 'msg_1' };
  const expected = signBody({ ...opts, body: big });
  assert.deepEqual(await signFile(bigPath, opts), expected);
  assert.deepEqual(await signStream(chunks(big, 4096), opts), expected);
});

test('a mismatch in a file is diagnosed with a second streamed pass (secret prefix)', async () => {
  const headers = signBody({ scheme: 'github', secret: 'abc', body: big });
  const v = await verifyFile(bigPath, { scheme: 'auto', secret: 'whsec_abc', headers });
  assert.equal(v.diagnosis?.cause, 'pasted-prefix');
});

test('above the limit, body rewrites are skipped and the verdict says so', async () => {
  const sent = Buffer.concat([big, Buffer.from('\n')]);
  const headers = signBody({ scheme: 'github', secret: 's', body: sent });
  const small = await verifyFile(bigPath, { scheme: 'auto', secret: 's', headers });
  assert.equal(small.diagnosis?.cause, 'whitespace');
  const limited = await verifyFile(bigPath, { scheme: 'auto', secret: 's', headers, diagnoseLimit: 1024 });
  assert.equal(limited.diagnosis?.cause, 'different-secret');
  assert.match(limited.skipped![0]!, /not tried: the body is 384 KiB, above the 1\.0 KiB limit/);
  assert.ok(limited.findings.some((f) => f.level === 'info' && /Diagnosis limited/.test(f.title)));
  const streamed = await verifyStream(chunks(big, 5000), { scheme: 'auto', secret: 's', headers, diagnoseLimit: 1024 });
  assert.equal(streamed.diagnosis?.cause, 'different-secret');
  assert.ok(streamed.skipped);
});

test('a stream keeps a small body for the rewriting diagnoses', async () => {
  const headers = signBody({ scheme: 'shopify', secret: 's', body: Buffer.from('{"a": 1}') });
  const v = await verifyStream(chunks(Buffer.from('{"a":1}'), 3), { scheme: 'auto', secret: 's', headers });
  assert.equal(v.diagnosis?.cause, 'reserialized-json');
});

test('above 1 MiB, JSON re-serialization is skipped and said so; whitespace is still tried', () => {
  const json = Buffer.from(JSON.stringify({ pad: 'x'.repeat(1100 * 1024) }));
  const withNewline = signBody({ scheme: 'github', secret: 's', body: Buffer.concat([json, Buffer.from('\n')]) });
  const ws = verifySignature({ scheme: 'auto', secret: 's', headers: withNewline, body: json });
  assert.equal(ws.diagnosis?.cause, 'whitespace');
  const other = verifySignature({ scheme: 'auto', secret: 'other', headers: withNewline, body: json });
  assert.equal(other.diagnosis?.cause, 'different-secret');
  assert.match(other.skipped![0]!, /re-serialized JSON and form\/JSON rewrites not tried: the body is 1\.1 MiB, above the 1\.0 MiB limit/);
});

test('sign: a public-key recipe refuses a file over 64 MiB before reading it (no 1 GiB in memory)', async () => {
  const { truncateSync } = await import('node:fs');
  const { generateKeyPairSync } = await import('node:crypto');
  const huge = join(dir, 'huge.bin');
  writeFileSync(huge, '');
  truncateSync(huge, 1024 * 1024 * 1024); // sparse: nothing is written to disk
  const key = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const before = process.memoryUsage().rss;
  await assert.rejects(signFile(huge, { scheme: 'discord', secret: key }), (e: Error & { code?: string }) => e.code === 'INPUT' && /over 64 MiB/.test(e.message));
  assert.ok(process.memoryUsage().rss - before < 256 * 1024 * 1024, 'the file was not read');
});

test('verify: a stream with no signature header over 64 MiB is "no signature header", not a body-size error', async () => {
  const piece = Buffer.alloc(1024 * 1024);
  const stream = Readable.from((function* () { for (let i = 0; i < 65; i++) yield piece; })());
  const v = await verifyStream(stream, { scheme: 'auto', secret: 's', headers: [] });
  assert.equal(v.status, 'no-header');
});
