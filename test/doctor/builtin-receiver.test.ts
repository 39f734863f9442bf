// The built-in receiver answers the way a careful webhook endpoint should.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { request } from 'node:http';
import { startBuiltinReceiver, createTokenBucket, type BuiltinCapture } from '../../src/capture/builtin-receiver.js';

const json = (v: unknown) => JSON.stringify(v);

test('a JSON POST gets 200 with ok and a request_id, and is reported to onRequest byte for byte', async () => {
  const rx = await startBuiltinReceiver();
  const seen: BuiltinCapture[] = [];
  rx.onRequest((c) => seen.push(c));
  try {
    const res = await fetch(rx.url, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Trace': 'a' }, body: '{"a": 1}' });
    assert.equal(res.status, 200);
    const body = (await res.json()) as { ok: boolean; request_id: string };
    assert.equal(body.ok, true);
    assert.match(body.request_id, /^req_[0-9a-f]{16}$/);
    assert.equal(seen.length, 1);
    assert.equal(seen[0]!.body.toString(), '{"a": 1}');
    assert.equal(seen[0]!.status, 200);
    assert.equal(seen[0]!.method, 'POST');
    assert.ok(seen[0]!.rawHeaders.some(([k, v]) => k === 'X-Trace' && v === 'a'), 'header case kept');
  } finally {
    await rx.close();
  }
});

test('malformed JSON gets 400, GET gets 405 with Allow: POST', async () => {
  const rx = await startBuiltinReceiver();
  try {
    const bad = await fetch(rx.url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"a": 1,}' });
    assert.equal(bad.status, 400);
    const get = await fetch(rx.url);
    assert.equal(get.status, 405);
    assert.equal(get.headers.get('allow'), 'POST');
  } finally {
    await rx.close();
  }
});

test('a body over the profile limit gets 413', async () => {
  const rx = await startBuiltinReceiver();
  try {
    const res = await fetch(rx.url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: Buffer.alloc(1024 * 1024 + 1, 0x20) });
    assert.equal(res.status, 413);
  } finally {
    await rx.close();
  }
});

test('a chunked body over the limit gets 413 without a Content-Length to go on', async () => {
  const { generic } = await import('../../src/profiles/generic.js');
  const rx = await startBuiltinReceiver({ profile: { ...generic, payloadLimitBytes: 1000 } });
  try {
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(rx.url, { method: 'POST', headers: { 'transfer-encoding': 'chunked' } }, (res) => {
        res.resume();
        resolve(res.statusCode!);
      });
      req.on('error', reject);
      for (let i = 0; i < 5; i++) req.write(Buffer.alloc(400, 0x20));
      req.end();
    });
    assert.equal(status, 413);
  } finally {
    await rx.close();
  }
});

test('with a secret: a valid signature is accepted, a tampered or missing one gets 401', async () => {
  const rx = await startBuiltinReceiver({ secret: 's3cret', scheme: 'hmac-sha256' });
  const body = json({ event: 'x' });
  const sig = 'sha256=' + createHmac('sha256', 's3cret').update(body).digest('hex');
  try {
    const ok = await fetch(rx.url, { method: 'POST', headers: { 'X-Signature': sig }, body });
    assert.equal(ok.status, 200);
    const tampered = await fetch(rx.url, { method: 'POST', headers: { 'X-Signature': sig }, body: body.replace('x', 'y') });
    assert.equal(tampered.status, 401);
    const missing = await fetch(rx.url, { method: 'POST', body });
    assert.equal(missing.status, 401);
  } finally {
    await rx.close();
  }
});

test('a burst over the rate limit gets 429 with Retry-After', async () => {
  const rx = await startBuiltinReceiver({ rateLimit: { burst: 3, perSecond: 1 } });
  try {
    const answers = await Promise.all(Array.from({ length: 6 }, () => fetch(rx.url, { method: 'POST', body: '{}' })));
    const limited = answers.filter((r) => r.status === 429);
    assert.equal(answers.filter((r) => r.status === 200).length, 3);
    assert.equal(limited.length, 3);
    assert.match(limited[0]!.headers.get('retry-after') ?? '', /^\d+$/);
  } finally {
    await rx.close();
  }
});

test('the token bucket refills at its rate', () => {
  let now = 0;
  const bucket = createTokenBucket(2, 1, () => now);
  assert.equal(bucket.take(), true);
  assert.equal(bucket.take(), true);
  assert.equal(bucket.take(), false);
  assert.equal(bucket.retryAfterSeconds(), 1);
  now = 1000;
  assert.equal(bucket.take(), true);
});
