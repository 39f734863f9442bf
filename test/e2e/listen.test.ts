// `listen` as a user runs it: start it, point real curl and raw sockets at it, read what it printed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { connect, createServer as createNetServer } from 'node:net';
import { createServer } from 'node:http';
import { gzipSync } from 'node:zlib';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN } from '../helpers/cli.js';
import { curl, rawExchange, startListen } from '../helpers/listen.js';
import { readCapture } from '../../src/capture/saved.js';

test('curl: the URL comes first, headers are shown as sent, findings name the problem; --count exits 0', async () => {
  const l = await startListen(['--count', '1']);
  const r = await curl(['-H', 'X-CaSe-ODD: yes', '-H', 'Authorization: Bearer  tok_0123456789abcdef', '-d', '{"alert": "x",}', `${l.url}/hooks?source=siem`]);
  assert.equal(r.code, 0);
  assert.match(r.stdout, /"request_id"/);
  const { code, stdout } = await l.done;
  assert.equal(code, 0);
  const lines = stdout.split('\n');
  assert.match(lines[0]!, /^listening on http:\/\/127\.0\.0\.1:\d+$/);
  assert.match(stdout, /#1 {2}POST \/hooks\?source=siem HTTP\/1\.1/);
  assert.match(stdout, /^ {2}X-CaSe-ODD: yes$/m);
  assert.ok(stdout.indexOf('X-CaSe-ODD') < stdout.indexOf('Authorization'), 'headers keep their order');
  assert.match(stdout, /Content-Type is application\/x-www-form-urlencoded but the body is meant to be JSON/);
  assert.match(stdout, /not valid JSON: trailing comma at line 1, column 14/);
  assert.match(stdout, /stray whitespace/);
  assert.doesNotMatch(stdout, /0123456789abcdef/, 'the token is masked');
  assert.match(stdout, /answered 200/);
});

test('raw sockets: odd header case, garbage bytes and a bare-LF request are reported, and the server keeps serving', async () => {
  const l = await startListen(['--json', '--count', '4']);
  const odd = await rawExchange(l.port, ['POST /x HTTP/1.1\r\nhOsT: here\r\ncontent-TYPE: application/json\r\nX-Two: 1\r\nx-two: 2\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}']);
  assert.match(odd, /^HTTP\/1\.1 200 OK/);
  const garbage = await rawExchange(l.port, [Buffer.from([0x16, 0x03, 0x01, 0x00, 0xa5, 0x01, 0x00, 0x00, 0xa1, 0x03, 0x03])]);
  assert.match(garbage, /^HTTP\/1\.1 400 Bad Request/);
  const smuggle = await rawExchange(l.port, ['POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n']);
  assert.match(smuggle, /^HTTP\/1\.1 400/);
  const after = await curl(['-d', '{"ok":true}', '-H', 'Content-Type: application/json', l.url]);
  assert.equal(after.code, 0, 'still serving after the garbage');
  const [listening, first, bad, smuggled, last] = await l.records(5);
  assert.equal(listening.event, 'listening');
  assert.equal(first.event, 'request');
  assert.deepEqual(first.rawHeaders.slice(0, 5), [['hOsT', 'here'], ['content-TYPE', 'application/json'], ['X-Two', '1'], ['x-two', '2'], ['Content-Length', '2']]);
  assert.ok(first.findings.some((f: any) => /x-two sent 2 times/.test(f.title)));
  assert.equal(bad.event, 'malformed');
  assert.equal(bad.code, 'HPE_INVALID_METHOD');
  assert.match(bad.reason, /TLS/);
  assert.equal(Buffer.from(bad.raw, 'base64')[0], 0x16);
  assert.equal(smuggled.event, 'malformed');
  assert.match(smuggled.code, /HPE_UNEXPECTED_CONTENT_LENGTH|HPE_INVALID_TRANSFER_ENCODING/);
  assert.equal(last.event, 'request');
  assert.equal(last.body, '{"ok":true}');
  assert.equal((await l.done).code, 0);
});

test('an oversized body gets 413 without being read, declared or chunked, and the server keeps serving', async () => {
  const l = await startListen(['--json', '--max-body', '1kb', '--count', '3']);
  const big = await curl(['-o', '/dev/null', '-w', '%{http_code}', '--data-binary', 'x'.repeat(5000), l.url]);
  assert.equal(big.stdout, '413');
  // A declared 100 MB body: the answer comes before a single body byte is sent.
  const declared = await rawExchange(l.port, ['POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 104857600\r\n\r\n']);
  assert.match(declared, /^HTTP\/1\.1 413/);
  const ok = await curl(['-o', '/dev/null', '-w', '%{http_code}', '-d', '{}', l.url]);
  assert.equal(ok.stdout, '200');
  const [, first, second, third] = await l.records(4);
  assert.equal(first.bodyRefused, true);
  assert.equal(first.answer.status, 413);
  assert.ok(first.findings.some((f: any) => f.kb === '413' && /over --max-body/.test(f.title)));
  assert.equal(second.bodyBytes, 104857600);
  assert.equal(third.answer.status, 200);
  assert.equal((await l.done).code, 0);
});

test('a chunked body growing past --max-body is cut off with 413', async () => {
  const l = await startListen(['--json', '--max-body', '100', '--count', '1']);
  const chunk = '40\r\n' + 'y'.repeat(64) + '\r\n';
  const res = await rawExchange(l.port, ['POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n', chunk, chunk, chunk], { gapMs: 20 });
  assert.match(res, /^HTTP\/1\.1 413/);
  const [, rec] = await l.records(2);
  assert.equal(rec.bodyRefused, true);
  assert.equal(rec.body, '');
  assert.equal((await l.done).code, 0);
});

test('curl --http1.1 with a 2 MB body waits for 100 Continue, and the body arrives whole', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'wd-listen-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const file = join(dir, 'big.json');
  const body = JSON.stringify({ log: 'x'.repeat(2 * 1024 * 1024 - 10) });
  await writeFile(file, body);
  const l = await startListen(['--json', '--count', '1']);
  // curl asks with Expect: 100-continue for a body this size; it would wait 30 s (past --max-time) for a 100 that never came.
  const r = await curl(['--http1.1', '--expect100-timeout', '30', '-o', '/dev/null', '-w', '%{http_code}', '-H', 'Content-Type: application/json', '--data-binary', `@${file}`, l.url]);
  assert.equal(r.stdout, '200', r.stderr);
  const { code, stdout } = await l.done; // the whole 2 MB line, once --count has stopped listen
  assert.equal(code, 0);
  const rec = JSON.parse(stdout.split('\n')[1]!);
  assert.ok(rec.rawHeaders.some(([n, v]: [string, string]) => /^expect$/i.test(n) && v === '100-continue'), JSON.stringify(rec.rawHeaders));
  assert.equal(rec.bodyBytes, body.length);
  assert.equal(rec.body, body);
});

test('curl with Transfer-Encoding: chunked: the body is de-chunked and the framing noted', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'wd-listen-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const file = join(dir, 'alert.json');
  await writeFile(file, '{"alert":"disk full","severity":"HIGH"}');
  const l = await startListen(['--json', '--count', '1']);
  const r = await curl(['--http1.1', '-o', '/dev/null', '-w', '%{http_code}', '-H', 'Transfer-Encoding: chunked', '-H', 'Content-Type: application/json', '--data-binary', `@${file}`, l.url]);
  assert.equal(r.stdout, '200', r.stderr);
  const [, rec] = await l.records(2);
  assert.equal(rec.body, '{"alert":"disk full","severity":"HIGH"}');
  assert.ok(rec.findings.some((f: any) => /Transfer-Encoding: chunked/.test(f.title)), JSON.stringify(rec.findings));
  assert.ok(rec.findings.some((f: any) => f.level === 'pass' && /valid JSON/.test(f.title)));
  assert.equal((await l.done).code, 0);
});

test('a request whose lines end in a bare LF is captured, with a warning that strict receivers refuse it', async () => {
  const l = await startListen(['--json', '--count', '1']);
  const res = await rawExchange(l.port, ['POST /lf HTTP/1.1\nHost: x\nContent-Type: application/json\nContent-Length: 2\nConnection: close\n\n{}']);
  assert.match(res, /^HTTP\/1\.1 200 OK\r\n/);
  const [, rec] = await l.records(2);
  assert.equal(rec.target, '/lf');
  assert.deepEqual(rec.rawHeaders[0], ['Host', 'x']);
  assert.ok(rec.findings.some((f: any) => f.level === 'warn' && /bare LF/.test(f.title)), JSON.stringify(rec.findings));
  assert.equal((await l.done).code, 0);
});

test('an idle connection is timed out (408) and reported; a slow one does not block others', async () => {
  const l = await startListen(['--json', '--timeout', '1']);
  const started = Date.now();
  const idle = rawExchange(l.port, ['POST / HTTP/1.1\r\nHost: x\r\n'], { timeoutMs: 8000 });
  const ok = await curl(['-o', '/dev/null', '-w', '%{http_code}', '-d', '{}', l.url]);
  assert.equal(ok.stdout, '200');
  const answer = await idle;
  assert.match(answer, /408|^$/);
  assert.ok(Date.now() - started < 6000, 'closed within a few seconds');
  await l.records(3);
  l.child.kill();
  const { stdout } = await l.done;
  const events = stdout.split('\n').filter(Boolean).map((x) => JSON.parse(x));
  assert.ok(events.some((e) => e.event === 'timeout' && e.code === 'ERR_HTTP_REQUEST_TIMEOUT'), stdout);
});

test('--save keeps each capture as .json + .body (gzip kept as received); --har writes a HAR 1.2 log', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'wd-listen-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const l = await startListen(['--json', '--save', join(dir, 'caps'), '--har', join(dir, 'log.har'), '--count', '2']);
  const first = await curl(['-d', '{"a":1}', '-H', 'Content-Type: application/json', `${l.url}/one?x=1`]);
  assert.equal(first.code, 0);
  const gz = gzipSync('{"zipped":true}');
  await rawExchange(l.port, [Buffer.concat([Buffer.from(`POST /gz HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Encoding: gzip\r\nContent-Length: ${gz.length}\r\nConnection: close\r\n\r\n`), gz])]);
  assert.equal((await l.done).code, 0);
  const files = (await readdir(join(dir, 'caps'))).sort();
  assert.equal(files.length, 4, files.join(','));
  const second = await readCapture(join(dir, 'caps', files.find((f) => f.endsWith('-2.body'))!));
  assert.deepEqual(second.body, gz, 'the body is saved as received, still gzip');
  assert.ok(second.findings.some((f) => /gzip-encoded/.test(f.title)));
  const har = JSON.parse(await readFile(join(dir, 'log.har'), 'utf8'));
  assert.equal(har.log.version, '1.2');
  assert.equal(har.log.entries.length, 2);
  assert.match(har.log.entries[0].request.url, /^http:\/\/127\.0\.0\.1:\d+\/one\?x=1$/);
  assert.deepEqual(har.log.entries[0].request.queryString, [{ name: 'x', value: '1' }]);
  assert.equal(har.log.entries[0].request.postData.text, '{"a":1}');
  assert.equal(har.log.entries[1].request.url, 'http://x/gz');
});

test('--save keeps a binary body byte-exact', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'wd-listen-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const body = Buffer.concat([Buffer.from('{"a":1}\r\n'), Buffer.from([0xff, 0x00, 0x80])]);
  const l = await startListen(['--save', dir, '--count', '1']);
  await rawExchange(l.port, [Buffer.concat([Buffer.from(`PUT /b HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer secret-token-value-123\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n`), body])]);
  const { code, stdout } = await l.done;
  assert.equal(code, 0);
  assert.match(stdout, /binary, hex/);
  const json = (await readdir(dir)).find((f) => f.endsWith('.json'))!;
  const saved = await readCapture(join(dir, json));
  assert.deepEqual(saved.body, body);
  assert.equal(saved.method, 'PUT');
  assert.doesNotMatch(await readFile(join(dir, json), 'utf8'), /secret-token-value-123/);
});

test('--status, --retry-after and --chaos shape the answer; a bad chaos mix is a usage error', async () => {
  const l = await startListen(['--chaos', '503:1', '--retry-after', '30', '--count', '1', '--json']);
  const r = await curl(['-i', '-d', '{}', l.url]);
  assert.match(r.stdout, /^HTTP\/1\.1 503/);
  assert.match(r.stdout, /Retry-After: 30/i);
  const [, rec] = await l.records(2);
  assert.deepEqual([rec.answer.status, rec.answer.chaos], [503, true]);
  assert.equal((await l.done).code, 0);

  const bad = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
    const c = spawn(process.execPath, [BIN, 'listen', '0', '--chaos', '503:0.8,timeout:0.4']);
    let stderr = '';
    c.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => c.kill('SIGKILL'), 5000);
    c.on('close', (code) => { clearTimeout(timer); resolve({ code, stderr }); });
  });
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--chaos: probabilities add up to 1\.2/);
  assert.match(bad.stderr, /hint:/);
});

test('a port in use is exit 2 with a hint', async () => {
  const holder = createNetServer();
  await new Promise<void>((r) => holder.listen(0, '127.0.0.1', r));
  const port = (holder.address() as { port: number }).port;
  try {
    const res = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const c = spawn(process.execPath, [BIN, 'listen', String(port)]);
      let stderr = '';
      c.stderr.on('data', (d) => (stderr += d));
      const timer = setTimeout(() => c.kill('SIGKILL'), 5000);
      c.on('close', (code) => { clearTimeout(timer); resolve({ code, stderr }); });
    });
    assert.equal(res.code, 2);
    assert.match(res.stderr, new RegExp(`port ${port} on 127\\.0\\.0\\.1 is already in use`));
    assert.match(res.stderr, /hint: .*0 picks a free one/);
  } finally {
    holder.close();
  }
});

test('--forward relays body and headers to the app, returns its answer and judges it', async (t) => {
  let seen: { headers: string[]; body: string } | undefined;
  const app = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      seen = { headers: req.rawHeaders, body: Buffer.concat(chunks).toString() };
      setTimeout(() => res.writeHead(500, { 'x-app': 'yes' }).end('boom'), 600);
    });
  });
  await new Promise<void>((r) => app.listen(0, '127.0.0.1', r));
  t.after(() => app.close());
  const appUrl = `http://127.0.0.1:${(app.address() as { port: number }).port}`;
  const l = await startListen(['--json', '--forward', appUrl, '--count', '1']);
  const r = await curl(['-i', '-H', 'X-Sig: abc', '-d', '{"n": 1}', `${l.url}/hooks?q=1`]);
  assert.match(r.stdout, /^HTTP\/1\.1 500/);
  assert.match(r.stdout, /x-app: yes/i);
  assert.match(r.stdout, /boom$/);
  assert.equal(seen!.body, '{"n": 1}');
  assert.ok(seen!.headers.includes('X-Sig'));
  const [, rec] = await l.records(2);
  assert.equal(rec.forward.url, `${appUrl}/hooks?q=1`);
  assert.ok(rec.findings.some((f: any) => /app answered 500/.test(f.title)));
  assert.equal((await l.done).code, 0);
});

test('--forward to a dead app answers 502 and names the error', async () => {
  const holder = createNetServer();
  await new Promise<void>((r) => holder.listen(0, '127.0.0.1', r));
  const port = (holder.address() as { port: number }).port;
  await new Promise<void>((r) => holder.close(() => r()));
  const l = await startListen(['--json', '--forward', `http://127.0.0.1:${port}/`, '--count', '1']);
  const r = await curl(['-o', '/dev/null', '-w', '%{http_code}', '-d', '{}', l.url]);
  assert.equal(r.stdout, '502');
  const [, rec] = await l.records(2);
  assert.ok(rec.findings.some((f: any) => f.kb === 'ECONNREFUSED'), JSON.stringify(rec.findings));
  assert.equal((await l.done).code, 0);
});

test('--raw prints whatever bytes arrive, HTTP or not', async () => {
  const l = await startListen(['--raw', '--json', '--count', '1']);
  const bytes = Buffer.from([0x00, 0x01, 0x02, 0xfe, 0x41, 0x0d, 0x0a]);
  await new Promise<void>((resolve) => {
    const s = connect(l.port, '127.0.0.1', () => s.end(bytes));
    s.on('close', () => resolve());
  });
  const { code, stdout } = await l.done;
  assert.equal(code, 0);
  const events = stdout.split('\n').filter(Boolean).map((x) => JSON.parse(x));
  assert.equal(events[0].event, 'listening');
  const data = events.filter((e) => e.event === 'data');
  assert.deepEqual(Buffer.concat(data.map((d) => Buffer.from(d.data, 'base64'))), bytes);
  assert.equal(events.at(-1).event, 'close');
});

test('--secret verifies each signature live: a valid one passes, a re-serialized body is diagnosed, the server keeps serving', async () => {
  const { signBody } = await import('../../src/signatures/index.js');
  const secret = 'It\'s a Secret to Everybody';
  const payload = { action: 'opened', issue: { id: 1, title: 'x' } };
  const exact = Buffer.from(JSON.stringify(payload));
  const signedValid = signBody({ scheme: 'github', secret, body: exact });
  // The sender signed its pretty-printed JSON; something in between re-serialized it compactly.
  const signedPretty = signBody({ scheme: 'github', secret, body: Buffer.from(JSON.stringify(payload, null, 2)) });
  const l = await startListen(['--json', '--secret', secret, '--count', '2']);
  const h = (pairs: Array<[string, string]>) => pairs.flatMap(([n, v]) => ['-H', `${n}: ${v}`]);
  await curl([...h(signedValid), '-H', 'Content-Type: application/json', '--data-binary', exact.toString(), l.url]);
  await curl([...h(signedPretty), '-H', 'Content-Type: application/json', '--data-binary', exact.toString(), l.url]);
  const [, valid, reserialized] = await l.records(3);
  assert.equal(valid.findings.find((f: any) => /Signature/.test(f.title)).level, 'pass', JSON.stringify(valid.findings));
  const bad = reserialized.findings.find((f: any) => /Signature does not match/.test(f.title));
  assert.equal(bad.level, 'fail');
  assert.equal(bad.kb, 'signature-mismatch');
  assert.equal(bad.data.cause, 'reserialized-json');
  assert.equal((await l.done).code, 0);
});

test('--profile queryai names each payload field that is off', async () => {
  const l = await startListen(['--profile', 'queryai', '--count', '1']);
  const body = JSON.stringify({ detection_id: 123, detection_name: 'Suspicious Login Attempts', severity: 'high', outcome: 'MATCHED', match_count: 5 });
  await curl(['-H', 'Content-Type: application/json', '-d', body, l.url]);
  const { code, stdout, stderr } = await l.done;
  assert.equal(code, 0);
  assert.match(stderr, /Query\.ai profile/);
  assert.match(stdout, /✗ field severity: .*"CRITICAL".*got "high"/);
  assert.match(stdout, /✗ field replay_link is missing \(Query\.ai requires it\)/);
});

test('a --save directory that cannot be created is exit 2 before listening, not after answering a sender', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'wd-listen-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const notADir = join(dir, 'file');
  await writeFile(notADir, 'x');
  const res = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const c = spawn(process.execPath, [BIN, 'listen', '0', '--save', join(notADir, 'caps')]);
    let stdout = '';
    let stderr = '';
    c.stdout.on('data', (d) => (stdout += d));
    c.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => c.kill('SIGKILL'), 5000);
    c.on('close', (code) => { clearTimeout(timer); resolve({ code, stdout, stderr }); });
  });
  assert.equal(res.code, 2);
  assert.equal(res.stdout, '');
  assert.match(res.stderr, /--save: cannot create the directory .*caps: ENOTDIR/);
  assert.match(res.stderr, /hint: /);
});

test('when captures can no longer be saved, listen stops with exit 1 and the reason', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'wd-listen-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const caps = join(dir, 'caps');
  const l = await startListen(['--save', caps]);
  // The directory goes away under a running listen, and a file takes its place.
  await rm(caps, { recursive: true, force: true });
  await writeFile(caps, 'x');
  await curl(['-o', '/dev/null', '-d', '{}', l.url]);
  const { code, stderr } = await l.done;
  assert.equal(code, 1);
  assert.match(stderr, /cannot save captures to .*caps: E[A-Z]+/);
  assert.match(stderr, /hint: /);
});

test('--chaos timeout never answers: the sender times out and listen records it', async () => {
  const l = await startListen(['--json', '--chaos', 'timeout:1']);
  const r = await curl(['--max-time', '1', '-d', '{}', l.url]);
  assert.equal(r.code, 28, 'curl timed out');
  const [, rec] = await l.records(2);
  assert.equal(rec.answer.kind, 'timeout');
  l.child.kill();
  await l.done;
});

test('SIGTERM (a supervisor, `timeout`) still writes every record already answered', async () => {
  const l = await startListen(['--json']);
  for (let i = 0; i < 3; i++) assert.equal((await curl(['-o', '/dev/null', '-w', '%{http_code}', '-d', `{"n":${i}}`, '-H', 'Content-Type: application/json', `${l.url}/t`])).stdout, '200');
  // At once: the records are still in listen's 10 ms batch.
  l.child.kill('SIGTERM');
  const { code, stdout } = await l.done;
  assert.equal(code, 143);
  const requests = stdout.split('\n').filter(Boolean).map((x) => JSON.parse(x)).filter((r) => r.event === 'request');
  assert.equal(requests.length, 3, stdout);
});

test('a sender cut off in the middle of a body is reported with how much arrived, and listen keeps serving', async () => {
  const l = await startListen(['--json']);
  await new Promise<void>((resolve) => {
    const socket = connect(l.port, '127.0.0.1', () => socket.end('POST /hooks HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 2000\r\n\r\n{"partial":'));
    socket.on('close', () => resolve());
    socket.resume();
  });
  assert.equal((await curl(['-o', '/dev/null', '-w', '%{http_code}', '-d', '{}', `${l.url}/after`])).stdout, '200');
  const [, cut, after] = await l.records(3);
  assert.equal(cut.event, 'malformed');
  assert.equal(cut.code, 'HPE_INVALID_EOF_STATE');
  assert.equal(cut.answered, false);
  assert.match(cut.reason, /middle of the body of POST \/hooks: 11 of 2000 bytes arrived/);
  assert.equal(after.event, 'request');
  l.child.kill();
});

test('--raw masks credential header values as *, byte for byte, unless --show-secrets', async () => {
  const token = 'Bearer pst_live_0123456789abcdef';
  for (const show of [false, true]) {
    const l = await startListen(['--raw', '--json', '--count', '1', ...(show ? ['--show-secrets'] : [])]);
    await curl(['-s', '-o', '/dev/null', '--max-time', '1', '-H', `Authorization: ${token}`, '-H', 'X-Hub-Signature-256: sha256=abc', '-d', '{}', l.url]);
    const { stdout } = await l.done;
    const data = stdout.split('\n').filter(Boolean).map((x) => JSON.parse(x)).filter((e) => e.event === 'data');
    const bytes = Buffer.concat(data.map((d) => Buffer.from(d.data, 'base64'))).toString('latin1');
    assert.match(bytes, /X-Hub-Signature-256: sha256=abc\r\n/);
    if (show) {
      assert.ok(bytes.includes(`Authorization: ${token}\r\n`), bytes);
      assert.ok(data.every((d) => d.masked === undefined));
    } else {
      assert.ok(bytes.includes(`Authorization: ${'*'.repeat(token.length)}\r\n`), bytes);
      assert.ok(!stdout.includes('0123456789abcdef'), 'the token reached stdout');
      assert.ok(data.some((d) => d.masked === true));
    }
  }
});

test('listen --json whose reader goes away (| head -1) stops quietly with 0 at its next line', async () => {
  const child = spawn(process.execPath, [BIN, 'listen', '0', '--json', '--no-history'], { env: { ...process.env, NO_COLOR: '1', CI: '1' } });
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (d) => (stderr += d));
  const first = await new Promise<string>((resolve) => child.stdout!.setEncoding('utf8').once('data', (d: string) => resolve(d)));
  const url = JSON.parse(first.split('\n')[0]!).url as string;
  const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  child.stdout!.destroy(); // the reader is gone: the next line listen writes meets a closed pipe
  let code: number | null | undefined;
  void exited.then((c) => (code = c));
  for (let i = 0; i < 200 && code === undefined; i++) await curl(['-s', '-o', '/dev/null', '--max-time', '5', '-d', '{}', `${url}/gone`]).catch(() => undefined);
  assert.equal(await exited, 0, stderr);
  assert.doesNotMatch(stderr, /EPIPE|Unhandled|\n\s+at /);
});

test('a reader that stops reading listen --json (| less, paused) does not stop senders being answered; its lines wait and all come', async () => {
  const child = spawn(process.execPath, [BIN, 'listen', '0', '--json', '--no-history'], { env: { ...process.env, NO_COLOR: '1', CI: '1' } });
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (d) => (stderr += d));
  const stdout = child.stdout!;
  stdout.setEncoding('utf8');
  let out = await new Promise<string>((resolve) => stdout.once('data', (d: string) => resolve(d)));
  const url = JSON.parse(out.split('\n')[0]!).url as string;
  stdout.pause(); // nobody reads: the pipe fills, then listen's ring
  const { request } = await import('undici');
  const body = JSON.stringify({ pad: 'x'.repeat(4000) });
  const n = 3000;
  let answered = 0;
  const send = async (from: number) => {
    for (let i = from; i < n; i += 8) {
      const r = await request(`${url}/stalled/${i}`, { method: 'POST', body, headers: { 'content-type': 'application/json' }, headersTimeout: 10_000, bodyTimeout: 10_000 });
      await r.body.dump();
      if (r.statusCode === 200) answered++;
    }
  };
  await Promise.all(Array.from({ length: 8 }, (_, k) => send(k)));
  assert.equal(answered, n, 'every sender was answered while nobody read the output');
  stdout.on('data', (d: string) => (out += d));
  stdout.resume();
  while (out.split('\n').filter(Boolean).length < n + 1) await new Promise((r) => setTimeout(r, 20));
  const seqs = out.split('\n').filter(Boolean).map((l) => JSON.parse(l)).filter((e) => e.event === 'request').map((e) => e.seq);
  assert.deepEqual(seqs, Array.from({ length: n }, (_, i) => i + 1));
  child.kill('SIGTERM');
  await new Promise((r) => child.once('close', r));
  assert.doesNotMatch(stderr, /Unhandled|\n\s+at /);
});
