// listen --json's line thread for real (the built dist/ui/line-thread.js): every line in order, the same
// text as listen's own thread writes, through a ring small enough to wrap, fill up and be bypassed.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, openSync, closeSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createThreadedWriter } from '../../src/ui/line-writer.js';
import { createRecordWriter, jsonLine, recordLine } from '../../src/ui/listen.js';
import type { CaptureRecord } from '../../src/capture/pipeline.js';
import type { Capture, HeaderPair } from '../../src/capture/capture.js';

const script = new URL('../../dist/ui/line-thread.js', import.meta.url);

function request(seq: number, body: Buffer, rawHeaders: HeaderPair[], target = `/hooks/${seq}?token=abcdefghijklmnop`): CaptureRecord {
  const head = Buffer.from(`POST ${target} HTTP/1.1\r\n${rawHeaders.map(([n, v]) => `${n}: ${v}\r\n`).join('')}\r\n`, 'latin1');
  const capture: Capture = {
    seq, id: `2026-12-01T10-00-00.000Z-${seq}`, receivedAt: '2026-12-01T10:00:00.000Z', remoteAddress: seq % 2 ? '127.0.0.1' : '::1', remotePort: 40000 + seq,
    method: 'POST', target, httpVersion: '1.1', rawHeaders, body, bodyBytes: body.length, head,
    findings: seq % 3 ? [{ level: 'pass', title: `body is valid JSON (${body.length} bytes)` }] : [{ level: 'warn', title: 'caf\u00e9 \u00a7 9.1', detail: 'd', kb: '400', data: { n: seq } }],
  };
  return { capture, answer: seq % 5 ? { kind: 'respond', ms: seq / 10, status: 200 } : { kind: 'timeout', ms: 0, chaos: true } };
}

/** The write end of a pipe whose reader is gone: every write to it fails with EPIPE. */
async function closedPipe(t: TestContext): Promise<number> {
  const { execFileSync } = await import('node:child_process');
  const { constants } = await import('node:fs');
  const dir = mkdtempSync(join(tmpdir(), 'wd-lines-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const fifo = join(dir, 'fifo');
  execFileSync('mkfifo', [fifo]);
  const reader = openSync(fifo, constants.O_RDONLY | constants.O_NONBLOCK);
  const fd = openSync(fifo, constants.O_WRONLY);
  closeSync(reader);
  t.after(() => closeSync(fd));
  return fd;
}

test('every line comes out in order and as listen\'s own thread writes it, through wraps, a full ring and a record too big for it', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'wd-lines-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const fd = openSync(join(dir, 'out.ndjson'), 'w');
  const failures: Error[] = [];
  const opts = { showSecrets: false };
  const writer = createThreadedWriter({ ...opts, script, line: (r) => recordLine(r, opts), failed: (e) => failures.push(e), ringBytes: 8192, fd });
  assert.ok(writer, 'dist/ui/line-thread.js is built (npm test builds it first)');
  const expected: Buffer[] = [];
  const same = createRecordWriter(opts, (b) => expected.push(Buffer.from(b)), 60_000);
  for (let seq = 1; seq <= 1500; seq++) {
    const headers: HeaderPair[] = [['Host', '127.0.0.1:8080'], ['Content-Type', 'application/json'], ['Authorization', `Bearer pst_${seq}_abcdefghijklmnop`], ['X-Latin', 'Jos\u00e9 \u00ff']];
    let body = Buffer.from(JSON.stringify({ n: seq, note: 'a "quoted" word\n', pad: 'x'.repeat(seq % 700) }));
    if (seq % 97 === 0) body = Buffer.from([0xff, 0x00, 0xfe, seq & 0xff]); // not UTF-8: base64
    if (seq === 750) body = Buffer.alloc(6000, 0x61); // more than half the ring: written from listen's thread
    const r = request(seq, body, headers);
    writer.request(r);
    same.request(r);
    if (seq % 50 === 0) {
      const event = jsonLine({ event: 'shed', at: '2026-12-01T10:00:00.000Z', idle: seq, note: '\u2028' }) + '\n';
      writer.push(event, true);
      same.push(event, true);
    }
  }
  await writer.close();
  closeSync(fd);
  await same.close();
  assert.deepEqual(failures, []);
  const got = readFileSync(join(dir, 'out.ndjson'), 'latin1');
  const want = Buffer.concat(expected).toString('latin1');
  assert.equal(got.split('\n').length, want.split('\n').length);
  assert.equal(got, want);
});

test('a reader gone away is said once as EPIPE, and listen\'s thread is not kept waiting', async (t) => {
  const fd = await closedPipe(t);
  const failures: NodeJS.ErrnoException[] = [];
  const opts = { showSecrets: false };
  const writer = createThreadedWriter({ ...opts, script, line: (r) => recordLine(r, opts), failed: (e) => failures.push(e), ringBytes: 8192, fd })!;
  for (let seq = 1; seq <= 300; seq++) writer.request(request(seq, Buffer.from('{"a":1}'), [['Host', 'x']]));
  await writer.close();
  assert.deepEqual(failures.map((e) => e.code), ['EPIPE']);
});

test('a line too big for the ring, to a reader gone away, is said as EPIPE, not thrown', async (t) => {
  const fd = await closedPipe(t);
  const failures: NodeJS.ErrnoException[] = [];
  const opts = { showSecrets: false };
  const writer = createThreadedWriter({ ...opts, script, line: (r) => recordLine(r, opts), failed: (e) => failures.push(e), ringBytes: 8192, fd })!;
  t.after(() => writer.close());
  // `listen --json | head -1`: head read the listening line and left; the first request's line is written by listen's thread.
  assert.doesNotThrow(() => writer.request(request(1, Buffer.alloc(6000, 0x61), [['Host', 'x']])));
  for (let seq = 2; seq <= 20; seq++) writer.request(request(seq, Buffer.alloc(seq % 2 ? 6000 : 10, 0x61), [['Host', 'x']]));
  await writer.close();
  assert.deepEqual(failures.map((e) => e.code), ['EPIPE']);
});

test('a body size beyond 2 GiB (a refused or unread body: what Content-Length said) comes out as it was', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'wd-lines-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const fd = openSync(join(dir, 'out.ndjson'), 'w');
  const opts = { showSecrets: false };
  const writer = createThreadedWriter({ ...opts, script, line: (r) => recordLine(r, opts), failed: (e) => assert.fail(e), ringBytes: 8192, fd })!;
  const sizes = [5_000_000_000, 3_000_000_000, 2 ** 31, 2 ** 32 + 7, Number.MAX_SAFE_INTEGER];
  sizes.forEach((bodyBytes, i) => {
    const r = request(i + 1, Buffer.alloc(0), [['Host', 'x'], ['Content-Length', String(bodyBytes)]]);
    r.capture.bodyBytes = bodyBytes;
    r.capture.bodyRefused = true;
    writer.request(r);
  });
  await writer.close();
  closeSync(fd);
  const lines = readFileSync(join(dir, 'out.ndjson'), 'latin1').trim().split('\n').map((l) => JSON.parse(l));
  assert.deepEqual(lines.map((l) => l.bodyBytes), sizes);
});

test('an exiting listen whose reader stopped reading (a full pipe) exits after a bounded wait, not never', async (t) => {
  const { execFileSync, spawnSync } = await import('node:child_process');
  const dir = mkdtempSync(join(tmpdir(), 'wd-lines-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const fifo = join(dir, 'fifo');
  execFileSync('mkfifo', [fifo]);
  // The child opens the pipe's reading end and never reads it; its line thread blocks once the pipe is full,
  // and the ring fills behind it. listen's exit hook then reports this turn's captures, as listen.ts does.
  const code = `
    import { openSync, constants } from 'node:fs';
    import { createThreadedWriter } from ${JSON.stringify(new URL('../../src/ui/line-writer.ts', import.meta.url).href)};
    import { recordLine } from ${JSON.stringify(new URL('../../src/ui/listen.ts', import.meta.url).href)};
    const reader = openSync(${JSON.stringify(fifo)}, constants.O_RDONLY | constants.O_NONBLOCK);
    // Non-blocking, as listen's stdout is once process.stdout has made a pipe of it: a full pipe is EAGAIN.
    const fd = openSync(${JSON.stringify(fifo)}, constants.O_WRONLY | constants.O_NONBLOCK);
    const opts = { showSecrets: false };
    const w = createThreadedWriter({ ...opts, script: new URL(${JSON.stringify(script.href)}), line: (r) => recordLine(r, opts), failed: () => {}, ringBytes: 8192, fd });
    const head = Buffer.from('POST /x HTTP/1.1\\r\\nHost: x\\r\\n\\r\\n', 'latin1');
    const record = (seq) => ({ capture: { seq, id: 'i-' + seq, receivedAt: '2026-12-01T10:00:00.000Z', remoteAddress: '127.0.0.1', method: 'POST', target: '/x', httpVersion: '1.1', rawHeaders: [['Host', 'x']], body: Buffer.alloc(1000, 0x61), bodyBytes: 1000, head, findings: [] }, answer: { kind: 'respond', ms: 0, status: 200 } });
    process.prependListener('exit', () => {
      w.exiting?.();
      for (let seq = 1; seq <= 200; seq++) w.request(record(seq)); // 200 KB of lines: more than the pipe and the ring hold
      console.error('exit hook done');
    });
    setTimeout(() => process.exit(0), 300);
  `;
  const started = Date.now();
  const child = join(dir, 'child.mjs');
  writeFileSync(child, code);
  const r = spawnSync(process.execPath, ['--import', 'tsx', child], { timeout: 20_000, encoding: 'utf8' });
  assert.equal(r.signal, null, `still waiting after ${Date.now() - started} ms: ${r.stderr}`);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /exit hook done/);
  assert.ok(Date.now() - started < 15_000);
});
