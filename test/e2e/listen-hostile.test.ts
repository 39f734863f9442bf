// `listen` against odd and hostile senders, as a user sees it: what it captured, what it answered, what it said.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { connect, type AddressInfo } from 'node:net';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.js';
import { curl, rawExchange, startListen } from '../helpers/listen.js';
import { makeSelfSigned } from '../doctor/self-signed.js';

const statusOf = (answer: string) => Number(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1]);

test('Host: none on HTTP/1.1, or two, is captured and shown, and answered 400 at once as a receiver must; HTTP/1.0 without one is fine', async () => {
  const l = await startListen(['--json', '--count', '3']);
  assert.equal(statusOf(await rawExchange(l.port, ['POST /a HTTP/1.1\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}'])), 400);
  assert.equal(statusOf(await rawExchange(l.port, ['POST /b HTTP/1.1\r\nHost: a.example\r\nHost: b.example\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}'])), 400);
  assert.equal(statusOf(await rawExchange(l.port, ['POST /c HTTP/1.0\r\nContent-Length: 2\r\n\r\n{}'])), 200);
  const [, none, two, old] = await l.records(4);
  assert.equal(none.findings[0].title, 'no Host header: answered 400');
  assert.equal(none.bodyUnread, true, 'answered at once, as Node.js does, not after a body that may never come');
  assert.equal(none.bodyBytes, 2);
  assert.match(two.findings[0].title, /^2 Host headers \("a.example", "b.example"\): answered 400$/);
  assert.equal(old.answer.status, 200);
  assert.equal((await l.done).code, 0);
});

test('CONNECT is never answered 2xx; a transfer coding other than chunked is answered 501 with the reason', async () => {
  const l = await startListen(['--json', '--count', '2']);
  const tunnel = await rawExchange(l.port, ['CONNECT 127.0.0.1:22 HTTP/1.1\r\nHost: 127.0.0.1:22\r\nConnection: close\r\n\r\n']);
  assert.equal(statusOf(tunnel), 400);
  const gz = await rawExchange(l.port, ['POST /z HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip, chunked\r\nConnection: close\r\n\r\n3\r\nabc\r\n0\r\n\r\n']);
  assert.equal(statusOf(gz), 501);
  assert.match(gz, /"detail":"receivers decode only chunked/);
  const [, connectRec, gzRec] = await l.records(3);
  assert.match(connectRec.findings[0].title, /^CONNECT 127.0.0.1:22: answered 400, no tunnel$/);
  assert.match(gzRec.findings[0].title, /^Transfer-Encoding gzip before chunked: answered 501/);
  await l.done;
});

test('lenient chunk framing is answered and shown with llhttp\'s code; strict framing errors are malformed events', async () => {
  const l = await startListen(['--json', '--count', '2']);
  const head = 'POST /c HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n';
  assert.equal(statusOf(await rawExchange(l.port, [head + '2\n{}\n0\r\n\r\n'])), 200);
  assert.equal(statusOf(await rawExchange(l.port, [head + '2 zz\r\n{}\r\n0\r\n\r\n'])), 400);
  const [, lenient, junk] = await l.records(3);
  assert.ok(lenient.findings.some((f: any) => f.level === 'warn' && /bare LF.*Node\.js refuses it: HPE_CR_EXPECTED/.test(f.title)), JSON.stringify(lenient.findings));
  assert.equal(junk.event, 'malformed');
  assert.equal(junk.code, 'HPE_INVALID_CHUNK_SIZE');
  await l.done;
});

test('--count counts a request that timed out (408): listen --count 1 stops after it', async () => {
  const l = await startListen(['--json', '--count', '1', '--timeout', '0.3']);
  const answer = await rawExchange(l.port, ['POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\n']);
  assert.equal(statusOf(answer), 408);
  const { code, stdout } = await l.done;
  assert.equal(code, 0);
  assert.match(stdout, /"event":"timeout"/);
});

test('--forward: the app\'s answer body is shown, the exchange shows one time, a slow app gets one verdict', async (t) => {
  const app = createServer((req, res) => {
    req.resume();
    req.on('end', () => setTimeout(() => res.writeHead(500, { 'content-type': 'text/plain' }).end('TypeError: cannot read properties of undefined (reading \'id\')\n'), req.url === '/slow' ? 1200 : 0));
  });
  await new Promise<void>((r) => app.listen(0, '127.0.0.1', () => r()));
  t.after(() => app.close());
  const appUrl = `http://127.0.0.1:${(app.address() as AddressInfo).port}`;
  const l = await startListen(['--forward', appUrl, '--count', '1']);
  await curl(['-H', 'Content-Type: application/json', '-d', '{"a":1}', `${l.url}/hooks`]);
  const { stdout } = await l.done;
  assert.match(stdout, /app answered 500 \(\d+ bytes\):\n\s+TypeError: cannot read properties of undefined/);
  assert.equal(stdout.match(/\d+(\.\d+)? ms/g)?.length, 1, `one time per exchange:\n${stdout}`);
  assert.match(stdout, /→ relayed to http:\/\/127\.0\.0\.1:\d+\/hooks; the sender got the app's 500/);
});

test('--forward https: an app with its own CA is refused until --forward-cacert trusts it (or --forward-insecure)', async (t) => {
  const tls = makeSelfSigned();
  t.after(() => tls.cleanup());
  const app = createHttpsServer({ cert: tls.cert, key: tls.key }, (req, res) => { req.resume(); req.on('end', () => res.end('ok')); });
  await new Promise<void>((r) => app.listen(0, '127.0.0.1', () => r()));
  t.after(() => app.close());
  const appUrl = `https://127.0.0.1:${(app.address() as AddressInfo).port}`;
  for (const [flags, status] of [[[], 502], [['--forward-cacert', tls.certFile], 200], [['--forward-insecure'], 200]] as const) {
    const l = await startListen(['--json', '--forward', appUrl, ...flags, '--count', '1']);
    const r = await curl(['-o', '/dev/null', '-w', '%{http_code}', '-d', '{}', `${l.url}/x`]);
    assert.equal(Number(r.stdout), status, flags.join(' '));
    await l.done;
  }
  const wrong = await runCli(['listen', '0', '--forward-insecure']);
  assert.equal(wrong.code, 2);
  assert.match(wrong.stderr, /--forward-insecure is about an https --forward/);
});

test('start-up refusals are one line and exit 2: a --har in a missing folder, port 70000, --raw with --forward, --only with a typo', async () => {
  for (const [args, message] of [
    [['--har', '/nonexistent/dir/x.har'], /^webhook-doctor: --har: cannot write \/nonexistent\/dir\/x\.har: ENOENT$/m],
    [['70000'], /^webhook-doctor: port: expected a number from 0 to 65535, got "70000"$/m],
    [['--raw', '--forward', 'http://127.0.0.1:9'], /--raw answers nothing, so it cannot relay/],
    [['--only', 'requets'], /--only: expected a comma-separated list of listening, request, /],
  ] as const) {
    const r = await runCli(['listen', ...(args[0] === '70000' ? [] : ['0']), ...args], { timeoutMs: 5000 });
    assert.equal(r.code, 2, args.join(' '));
    assert.match(r.stderr, message);
    assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
  }
});

test('--har is written from the start, so a listen killed before any request leaves a readable log', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'wd-har-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const l = await startListen(['--har', join(dir, 'x.har')]);
  const log = JSON.parse(await readFile(join(dir, 'x.har'), 'utf8'));
  assert.deepEqual(log.log.entries, []);
  l.child.kill();
  await l.done;
});

test('--json --only requests prints only request objects (jq .findings never meets the listening event)', async () => {
  const l = await startListen(['--json', '--only', 'requests', '--count', '2']);
  await rawExchange(l.port, ['garbage\r\n\r\n']);
  await curl(['-d', '{}', l.url]);
  const { stdout } = await l.done;
  const events = stdout.trim().split('\n').map((line) => JSON.parse(line));
  assert.deepEqual(events.map((e) => e.event), ['request']);
  assert.ok(Array.isArray(events[0].findings));
});

test('the default host is both loopbacks: a sender resolving localhost to ::1 is served, and the first lines say both', async (t) => {
  const has6 = await new Promise<boolean>((resolve) => {
    const s = createServer().once('error', () => resolve(false));
    s.listen(0, '::1', () => s.close(() => resolve(true)));
  });
  if (!has6) return t.skip('no ::1 on this machine');
  const l = await startListen(['--count', '1']);
  const r = await curl(['-g', '-d', '{}', `http://[::1]:${l.port}/six`]);
  assert.equal(r.code, 0);
  const { stdout, stderr } = await l.done;
  assert.match(stdout.split('\n')[0]!, /^listening on http:\/\/127\.0\.0\.1:\d+$/);
  assert.match(stderr, new RegExp(`also listening on http://\\[::1\\]:${l.port}`));
  assert.match(stdout, /POST \/six HTTP\/1\.1 {2}from ::1:/);
});

test('2,100 idle connections do not lock a sender out: the oldest idle are shed, the request is answered, and listen says so', async (t) => {
  const l = await startListen(['--json'], 60_000);
  t.after(() => l.child.kill());
  const sockets = await Promise.all(Array.from({ length: 2100 }, () => new Promise<import('node:net').Socket>((resolve, reject) => {
    const s = connect(l.port, '127.0.0.1', () => resolve(s));
    s.on('error', reject);
  })));
  t.after(() => { for (const s of sockets) s.destroy(); });
  const r = await curl(['-o', '/dev/null', '-w', '%{http_code}', '-d', '{}', l.url]);
  assert.equal(r.stdout, '200');
  // The shedding is reported at the next sweep of the connections (within a second).
  const records = await l.records(3);
  const shed = records.find((e) => e.event === 'shed');
  assert.ok(shed && shed.idle >= 52 && shed.limit === 2048, JSON.stringify(records));
});
