// history, replay and diff as a user runs them: real listen, real curl, a node:http receiver, the vendors' own
// libraries checking re-signed replays, Python re-serializing a body.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFile, execFileSync, type ChildProcess } from 'node:child_process';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import Stripe from 'stripe';
import { Webhook } from 'standardwebhooks';
import { BIN, runCli } from '../helpers/cli.js';
import { signBody } from '../../src/signatures/index.js';

const servers: Server[] = [];
after(() => { for (const s of servers) { s.closeAllConnections(); s.close(); } });

interface Received { method: string; url: string; rawHeaders: string[]; body: Buffer; req: IncomingMessage }

/** A node:http receiver keeping every request's exact bytes; `status` answers each one. */
async function receiver(status: (n: number, r: Received) => number = () => 200): Promise<{ url: string; got: Received[]; next(): Promise<Received>; server: Server }> {
  const got: Received[] = [];
  const waiting: Array<(r: Received) => void> = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const r = { method: req.method!, url: req.url!, rawHeaders: req.rawHeaders, body: Buffer.concat(chunks), req };
      got.push(r);
      res.writeHead(status(got.length, r), { 'content-type': 'application/json' }).end('{"ok":true}');
      waiting.shift()?.(r);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  servers.push(server);
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, got, server, next: () => new Promise((r) => waiting.push(r)) };
}

function startListen(args: string[], env: NodeJS.ProcessEnv): Promise<{ url: string; child: ChildProcess; stderr: () => string; lines(n: number): Promise<string[]> }> {
  const child = spawn(process.execPath, [BIN, 'listen', '0', '--json', ...args], { env: { ...process.env, NO_COLOR: '1', CI: '1', ...env } });
  let stdout = '';
  let stderr = '';
  const waiters: Array<() => void> = [];
  child.stdout!.setEncoding('utf8').on('data', (d) => { stdout += d; for (const w of waiters.splice(0)) w(); });
  child.stderr!.setEncoding('utf8').on('data', (d) => (stderr += d));
  const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
  child.on('close', () => { clearTimeout(timer); for (const w of waiters.splice(0)) w(); });
  const lines = async (n: number) => {
    while (stdout.split('\n').filter(Boolean).length < n) {
      if (child.exitCode !== null || child.signalCode !== null) throw new Error(`listen exited early:\n${stdout}\n${stderr}`);
      await new Promise<void>((r) => waiters.push(r));
    }
    return stdout.split('\n').filter(Boolean);
  };
  return lines(1).then(([first]) => ({ url: JSON.parse(first!).url as string, child, stderr: () => stderr, lines }));
}

/** Resolves when the child has exited, also when it already had. */
const exited = (child: ChildProcess) => new Promise<void>((r) => (child.exitCode !== null || child.signalCode !== null ? r() : child.once('exit', () => r())));

const curl = (args: string[]) => new Promise<void>((resolve, reject) => execFile('curl', ['-sS', '--max-time', '10', ...args], (err) => (err ? reject(err) : resolve())));

const tmp = () => mkdtempSync(join(tmpdir(), 'wd-e2e-history-'));

test('a capture survives kill -9 of listen and replays byte for byte, headers in order and case', async (t) => {
  const dir = tmp();
  const app = await receiver(() => 500);
  const listen = await startListen(['--history', dir, '--forward', app.url], {});
  // Bytes a careless copy would change: CRLF, a NUL, invalid UTF-8, trailing spaces.
  const body = Buffer.concat([Buffer.from('{"a":1}\r\n  '), Buffer.from([0x00, 0xff, 0xfe]), Buffer.from('end  ')]);
  const file = join(dir, '..', `body-${process.pid}.bin`);
  writeFileSync(file, body);
  t.after(() => rmSync(file, { force: true }));
  const first = app.next();
  await curl(['-H', 'Content-Type: application/octet-stream', '-H', 'X-Mixed-CASE: One', '-H', 'x-second: two', '--data-binary', `@${file}`, `${listen.url}/hooks/in?x=1&y=2`]);
  const then = await first;
  await listen.lines(2); // the capture was answered and printed
  listen.child.kill('SIGKILL');
  await exited(listen.child);
  assert.ok(readdirSync(join(dir, 'segments')).some((f) => f.endsWith('.live.wdh')), 'the killed listen left its segment unsealed');

  const list = await runCli(['history', '--history', dir, '--json']);
  assert.equal(list.code, 0, list.stderr);
  const [summary] = list.stdout.trim().split('\n').map((l) => JSON.parse(l));
  assert.equal(summary.target, '/hooks/in?x=1&y=2');

  const again = app.next();
  const replay = await runCli(['replay', summary.id, '--history', dir]);
  const now = await again;
  assert.equal(replay.code, 1, 'the app answers 500, so the replay failed'); // exit 1: not 2xx
  assert.match(replay.stdout, /was 500 in [\d.]+ ms, now 500 in/);
  assert.ok(now.body.equals(body), 'the body arrived byte for byte');
  assert.ok(now.body.equals(then.body));
  assert.equal(now.method, 'POST');
  assert.equal(now.url, then.url);
  const endToEnd = (raw: string[]) => raw.filter((_, i) => i % 2 === 0).filter((n) => !/^(host|connection|content-length)$/i.test(n));
  assert.deepEqual(endToEnd(now.rawHeaders), endToEnd(then.rawHeaders));
  assert.deepEqual(endToEnd(now.rawHeaders), ['User-Agent', 'Accept', 'Content-Type', 'X-Mixed-CASE', 'x-second']);
});

test('listen says where the history is, and --no-history keeps none', async () => {
  const dir = tmp();
  const child = spawn(process.execPath, [BIN, 'listen', '0', '--history', dir, '--count', '1'], { env: { ...process.env, NO_COLOR: '1', CI: '1' } });
  let err = '';
  let out = '';
  child.stderr.setEncoding('utf8').on('data', (d) => (err += d));
  child.stdout.setEncoding('utf8').on('data', (d) => (out += d));
  while (!/history: keeping/.test(err)) await new Promise((res) => child.stderr.once('data', res));
  assert.match(err, new RegExp(`history: keeping the last 10000 captures .* in ${dir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}; --no-history keeps none`));
  const url = /http:\/\/127\.0\.0\.1:\d+/.exec(out)![0];
  await curl(['-d', '{}', url]);
  await exited(child);
  const none = tmp();
  const off = spawn(process.execPath, [BIN, 'listen', '0', '--no-history', '--count', '1', '--json'], { env: { ...process.env, NO_COLOR: '1', CI: '1', XDG_STATE_HOME: none } });
  let first = '';
  off.stdout.setEncoding('utf8').on('data', (d) => (first += d));
  while (!first.includes('\n')) await new Promise((res) => off.stdout.once('data', res));
  assert.ok(!('history' in JSON.parse(first.split('\n')[0]!)));
  await curl(['-d', '{}', JSON.parse(first.split('\n')[0]!).url]);
  await exited(off);
  assert.deepEqual(readdirSync(none), []);
  const list = await runCli(['history', '--history', dir, '--json']);
  assert.equal(list.stdout.trim().split('\n').length, 1);
});

/** A HAR file with these requests, as a browser or proxy would export them. */
function har(entries: Array<{ url: string; headers: Array<[string, string]>; body: Buffer | string; startedDateTime?: string }>): string {
  const file = join(tmp(), 'capture.har');
  writeFileSync(file, JSON.stringify({
    log: {
      version: '1.2',
      creator: { name: 'test', version: '1' },
      entries: entries.map((e) => ({
        startedDateTime: e.startedDateTime ?? new Date(Date.now() - 3_600_000).toISOString(),
        time: 14_200,
        request: { method: 'POST', url: e.url, httpVersion: 'HTTP/1.1', headers: e.headers.map(([name, value]) => ({ name, value })), queryString: [], cookies: [], headersSize: -1, bodySize: -1, postData: { mimeType: 'application/json', text: e.body.toString() } },
        response: { status: 500, statusText: 'Internal Server Error', httpVersion: 'HTTP/1.1', headers: [], cookies: [], content: { size: 0, mimeType: '' }, redirectURL: '', headersSize: -1, bodySize: -1 },
        cache: {},
        timings: { send: 0, wait: 14_200, receive: 0 },
      })),
    },
  }));
  return file;
}

test('a Stripe-signed capture older than the tolerance, re-signed on replay, verifies with the stripe library', async () => {
  const secret = 'whsec_test_secret_for_replay';
  const body = '{"id":"evt_1","type":"invoice.paid","data":{"object":{"amount":100}}}';
  const old = Math.floor(Date.now() / 1000) - 3600;
  const headers = signBody({ scheme: 'stripe', secret, body: Buffer.from(body), timestamp: old });
  const file = har([{ url: 'https://example.com/stripe', headers: [['Content-Type', 'application/json'], ...headers], body }]);
  const app = await receiver();
  const stripe = new Stripe('sk_test_unused');
  const sigOf = (r: Received) => String(r.req.headers['stripe-signature']);

  const stale = app.next();
  await runCli(['replay', file, app.url]);
  const staleGot = await stale;
  assert.throws(() => stripe.webhooks.constructEvent(staleGot.body, sigOf(staleGot), secret), /timestamp outside the tolerance/i, 'replayed as captured, the old signature is refused');

  const fresh = app.next();
  const r = await runCli(['replay', file, app.url, '--resign', '--secret', secret]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /re-signed \(stripe\)/);
  assert.match(r.stdout, /was 500 in 14\.2 s, now 200 in/);
  const got = await fresh;
  const event = stripe.webhooks.constructEvent(got.body, sigOf(got), secret);
  assert.equal(event.id, 'evt_1');
  assert.equal(got.body.toString(), body);
});

test('a Standard-Webhooks-signed capture older than the tolerance, re-signed on replay, verifies with standardwebhooks', async () => {
  const secret = 'whsec_' + Buffer.from('a-standard-webhooks-secret-32bytes!').toString('base64');
  const body = '{"type":"user.created","data":{"id":"u_1"}}';
  const old = Math.floor(Date.now() / 1000) - 3600;
  const headers = signBody({ scheme: 'standard', secret, body: Buffer.from(body), timestamp: old, id: 'msg_old' });
  const file = har([{ url: 'https://example.com/hooks', headers: [['Content-Type', 'application/json'], ...headers], body }]);
  const app = await receiver();
  const wh = new Webhook(secret);
  const asObject = (r: Received) => ({ 'webhook-id': String(r.req.headers['webhook-id']), 'webhook-timestamp': String(r.req.headers['webhook-timestamp']), 'webhook-signature': String(r.req.headers['webhook-signature']) });

  const stale = app.next();
  await runCli(['replay', file, app.url]);
  const staleGot = await stale;
  assert.throws(() => wh.verify(staleGot.body.toString(), asObject(staleGot)), /timestamp too old/i);

  const fresh = app.next();
  const r = await runCli(['replay', file, app.url, '--resign', '--secret', secret]);
  assert.equal(r.code, 0, r.stderr);
  const got = await fresh;
  assert.deepEqual(wh.verify(got.body.toString(), asObject(got)), JSON.parse(body));
  assert.notEqual(asObject(got)['webhook-id'], 'msg_old', 'a fresh message id');
});

test('diff of a request and its json.dumps-re-serialized copy names the key order and whitespace change', async () => {
  const body = '{"type":"invoice.paid","id":"evt_1","data":{"object":{"currency":"eur","amount":100}}}';
  const python = execFileSync('python3', ['-c', 'import json,sys; sys.stdout.write(json.dumps(json.loads(sys.argv[1]), sort_keys=True))', body], { encoding: 'utf8' });
  const file = har([
    { url: 'https://example.com/hooks', headers: [['Content-Type', 'application/json']], body },
    { url: 'https://example.com/hooks', headers: [['Content-Type', 'application/json']], body: python },
  ]);
  const text = await runCli(['diff', `${file}#1`, `${file}#2`]);
  assert.equal(text.code, 1, text.stderr);
  assert.match(text.stdout, /the same values: the bytes differ, not the data/);
  assert.match(text.stdout, /key order differs at \$: a type, id, data; b data, id, type/);
  assert.match(text.stdout, /whitespace differs: a compact .*; b spaced .*json\.dumps/);
  const json = await runCli(['diff', `${file}#1`, `${file}#2`, '--json']);
  const d = JSON.parse(json.stdout);
  assert.deepEqual(d.body.changes, []);
  assert.deepEqual(d.body.whitespace, { a: 'compact', b: 'spaced' });
  assert.deepEqual(d.body.keyOrder.map((k: { path: string }) => k.path), ['$', '$.data.object']);
  const same = await runCli(['diff', `${file}#1`, `${file}#1`]);
  assert.equal(same.code, 0);
});

test('history import takes a HAR; show prints it as listen would; rm erases it', async () => {
  const dir = tmp();
  const file = har([{ url: 'https://example.com/a?x=1', headers: [['Content-Type', 'application/json'], ['Authorization', 'Bearer sk_live_abcdefghijklmnopqrstuvwxyz']], body: '{"n":1}' }]);
  const imp = await runCli(['history', 'import', file, '--history', dir]);
  assert.equal(imp.code, 0, imp.stderr);
  assert.match(imp.stdout, /imported 1 capture/);
  assert.match((await runCli(['history', 'import', file, '--history', dir])).stdout, /imported 0 captures .*\(1 already there\)/);
  const show = await runCli(['history', 'show', 'last', '--history', dir]);
  assert.match(show.stdout, /POST \/a\?x=1 HTTP\/1\.1/);
  assert.match(show.stdout, /Authorization: Bearer sk_l…\(34 chars\)/);
  assert.ok(!show.stdout.includes('abcdefghijklmnop'));
  assert.equal((await runCli(['history', 'show', 'last', '--raw', '--history', dir])).stdout, '{"n":1}');
  const rm = await runCli(['history', 'rm', '--all', '--history', dir]);
  assert.match(rm.stdout, /removed 1 capture/);
  assert.equal((await runCli(['history', '--history', dir, '--json'])).stdout, '');
  const missing = await runCli(['history', 'show', 'nope', '--history', dir]);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /no capture nope/);
});

test('a store of another format is refused with one line and exit 2; an unwritable default folder only costs the history', async () => {
  const dir = tmp();
  writeFileSync(join(dir, 'store.json'), JSON.stringify({ format: 'webhook-doctor history', version: 2, writtenBy: '9.9.9' }));
  const r = await runCli(['history', '--history', dir]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /^webhook-doctor: history .* has store format 2 \(written by webhook-doctor 9\.9\.9\); this webhook-doctor reads format 1\nhint: /);
  // XDG_STATE_HOME is a file: the default history folder cannot be made; listen still serves and says so.
  const file = join(tmp(), 'not-a-folder');
  writeFileSync(file, '');
  const listen = await startListen(['--count', '1'], { XDG_STATE_HOME: file });
  const [first] = await listen.lines(1);
  assert.ok(!('history' in JSON.parse(first!)));
  await curl(['-d', '{}', listen.url]);
  await exited(listen.child);
  assert.match(listen.stderr(), /warning: history .*cannot .* \(ENOTDIR\); listen goes on without history/);
});

test('history import takes a listen --save folder', async () => {
  const saved = tmp();
  const listen = await startListen(['--save', saved, '--no-history', '--count', '2'], {});
  await curl(['-H', 'Content-Type: application/json', '-d', '{"one":1}', `${listen.url}/a`]);
  await curl(['-H', 'Content-Type: application/json', '-d', '{"two":2}', `${listen.url}/b`]);
  await exited(listen.child);
  const dir = tmp();
  const imp = await runCli(['history', 'import', saved, '--history', dir]);
  assert.match(imp.stdout, /imported 2 captures/, imp.stderr);
  const list = await runCli(['history', '--history', dir, '--json']);
  assert.deepEqual(list.stdout.trim().split('\n').map((l) => JSON.parse(l).target).sort(), ['/a', '/b']);
});

test('a request listen --json has printed is in the history: kill -9 right after its line loses none of them', async () => {
  const dir = tmp();
  const listen = await startListen(['--history', dir], {});
  const { request } = await import('undici');
  for (let i = 1; i <= 30; i++) {
    const r = await request(`${listen.url}/printed/${i}`, { method: 'POST', body: `{"n":${i}}`, headers: { 'content-type': 'application/json' } });
    await r.body.dump();
  }
  await listen.lines(31); // the listening event and 30 requests
  listen.child.kill('SIGKILL');
  await exited(listen.child);
  const list = await runCli(['history', '--history', dir, '--json']);
  assert.equal(list.code, 0, list.stderr);
  assert.equal(list.stdout.trim().split('\n').length, 30);
});

test('kill -9 in the middle of a stream of requests loses at most those in flight, and leaves no torn record', async () => {
  const dir = tmp();
  const listen = await startListen(['--history', dir], {});
  const { request } = await import('undici');
  const inFlight = 8;
  let answered = 0;
  let stop = false;
  let reached: () => void = () => {};
  const enough = new Promise<void>((r) => { reached = r; });
  const body = JSON.stringify({ pad: 'x'.repeat(3000) });
  const worker = async () => {
    while (!stop) {
      try {
        const r = await request(listen.url + '/stream', { method: 'POST', body, headers: { 'content-type': 'application/json' } });
        await r.body.dump();
        if (!stop && ++answered === 300) reached();
      } catch (err) {
        if (!stop) throw err;
        return;
      }
    }
  };
  const workers = Array.from({ length: inFlight }, worker);
  await Promise.race([enough, Promise.all(workers)]);
  const answeredAtKill = answered;
  stop = true;
  listen.child.kill('SIGKILL');
  await Promise.all(workers);
  await exited(listen.child);
  const list = await runCli(['history', '--history', dir, '--json']);
  assert.equal(list.code, 0, list.stderr);
  const kept = list.stdout.trim().split('\n').map((l) => JSON.parse(l));
  assert.ok(kept.length >= answeredAtKill - inFlight, `kept ${kept.length} of ${answeredAtKill} answered before the kill`);
  // Every record reads back whole, and the next writer seals the dead one's segment.
  const { openStore } = await import('../../src/history/store.js');
  openStore(dir, { write: true }).close();
  assert.ok(!readdirSync(join(dir, 'segments')).some((f) => f.includes('.live.')));
  const all = await openStore(dir).load();
  assert.equal(all.length, kept.length);
  for (const c of all) assert.equal(c.body.toString(), body);
});

test('history --sender with a name that is no sender profile says so (exit 2) instead of listing nothing', async () => {
  const dir = tmp();
  const none = await runCli(['history', '--history', dir, '--sender', 'stripe']);
  assert.equal(none.code, 0, none.stderr);
  const typo = await runCli(['history', '--history', dir, '--sender', 'stirpe']);
  assert.equal(typo.code, 2);
  assert.match(typo.stderr, /^webhook-doctor: --sender: no sender profile is called "stirpe"\nhint: one of .*stripe/);
});

test('history --sender meta finds the Meta verification request listen answered', async () => {
  const dir = tmp();
  const listen = await startListen(['--history', dir, '--count', '1'], {});
  await curl([`${listen.url}/meta?hub.mode=subscribe&hub.verify_token=abc&hub.challenge=42`]);
  await exited(listen.child);
  const r = await runCli(['history', '--history', dir, '--sender', 'meta', '--json']);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(r.stdout.trim().split('\n').map((l) => JSON.parse(l).sender), ['meta']);
});
