// `listen --forward` against a sender that plays the attacker: request targets that try to steer the relay
// to another host or port. A second node:http server (the victim) must never see a connection.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { createServer as createNetServer, type AddressInfo, type Server as NetServer } from 'node:net';
import { rawExchange, startListen } from '../helpers/listen.js';
import { connect } from 'node:net';
import { trickyRequests } from '../capture/tricky-requests.js';

interface Recorder {
  server: Server;
  port: number;
  urls: string[];
  connections: number;
}

/** A node:http server that records every request target it is sent (and every connection). */
async function recorder(host = '127.0.0.1', port = 0, answer = 200): Promise<Recorder> {
  const r: Recorder = { server: createServer(), port: 0, urls: [], connections: 0 };
  r.server.on('connection', () => r.connections++);
  r.server.on('request', (req: IncomingMessage, res) => {
    r.urls.push(req.url!);
    req.resume();
    req.on('end', () => res.writeHead(answer, { 'content-type': 'text/plain' }).end(`app saw ${req.method} ${req.url}`));
  });
  await new Promise<void>((resolve, reject) => r.server.once('error', reject).listen(port, host, () => resolve()));
  r.port = (r.server.address() as AddressInfo).port;
  return r;
}

function request(method: string, target: string, extra = ''): Buffer {
  return Buffer.from(`${method} ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer sk_live_secret\r\nX-Signature: sha256=abc\r\n${extra}Content-Length: 9\r\nConnection: close\r\n\r\n{"a":"b"}`, 'latin1');
}

function statusOf(answer: string): number {
  return Number(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1]);
}

test('--forward: no request target steers the relay to another host or port; each is captured, said why and answered 400', async (t) => {
  const victim = await recorder();
  // The same port on ::1 too, where the machine has it (GET @[::1]:port/ aimed there).
  const victim6 = await recorder('::1', victim.port).catch(() => undefined);
  const app = await recorder();
  t.after(() => { victim.server.close(); victim6?.server.close(); app.server.close(); });
  const V = victim.port;
  const evil: Array<[string, string]> = [
    ['GET', `@127.0.0.1:${V}/admin`],
    ['POST', `@127.0.0.1:${V}/admin`],
    ['GET', `@[::1]:${V}/`],
    ['GET', `:${V}/admin`],
    ['GET', `127.0.0.1:${V}`],
    ['GET', `\\\\127.0.0.1:${V}\\admin`],
    ['CONNECT', `127.0.0.1:${V}`],
    ['OPTIONS', '*'],
    ['GET', `ftp://127.0.0.1:${V}/`],
  ];
  const l = await startListen(['--json', '--forward', `http://127.0.0.1:${app.port}`, '--count', String(evil.length + 3)]);
  for (const [method, target] of evil) {
    const answer = await rawExchange(l.port, [request(method, target)]);
    assert.equal(statusOf(answer), 400, `${method} ${target}: ${answer}`);
    assert.match(answer, /"detail":"[^"]{20,}/, 'the answer says why');
  }
  // Targets that are relayed, to the app and nowhere else, with the bytes as sent.
  const relayed: Array<[string, string]> = [
    [`http://127.0.0.1:${V}/admin?x=1`, '/admin?x=1'],
    [`//127.0.0.1:${V}/admin`, `//127.0.0.1:${V}/admin`],
    ['/public/%2e%2e/admin/../x\\y?q=%41', '/public/%2e%2e/admin/../x\\y?q=%41'],
  ];
  for (const [target] of relayed) {
    const answer = await rawExchange(l.port, [request('POST', target)]);
    assert.equal(statusOf(answer), 200, `${target}: ${answer}`);
  }
  const records = await l.records(1 + evil.length + relayed.length);
  assert.equal((await l.done).code, 0);
  for (const [i, [method, target]] of evil.entries()) {
    const rec = records[1 + i];
    assert.equal(rec.event, 'request');
    assert.equal(rec.target, target);
    assert.equal(rec.answer.status, 400);
    assert.equal(rec.forward, undefined, `${target} was not relayed`);
    const f = rec.findings[0];
    assert.equal(f.level, 'fail', `${method} ${target}`);
    assert.match(f.title, /answered 400/);
    assert.ok(f.detail.length > 20);
  }
  assert.equal(victim.connections, 0, 'the victim was never reached');
  assert.equal(victim6?.connections ?? 0, 0, 'the ::1 victim was never reached');
  assert.deepEqual(app.urls, relayed.map(([, path]) => path));
  for (const [i, [, path]] of relayed.entries()) assert.equal(records[1 + evil.length + i].forward.url, `http://127.0.0.1:${app.port}${path}`);
});

test('--forward: a target of digits cannot extend the forward port (--forward http://127.0.0.1:4123 and GET 4/admin aimed at 41234)', async (t) => {
  const victim = await recorder();
  t.after(() => victim.server.close());
  const V = victim.port;
  const l = await startListen(['--json', '--forward', `http://127.0.0.1:${Math.floor(V / 10)}`, '--count', '2']);
  assert.equal(statusOf(await rawExchange(l.port, [request('GET', `${V % 10}/admin`)])), 400);
  assert.equal(statusOf(await rawExchange(l.port, [request('POST', `${V % 10}`)])), 400);
  assert.equal((await l.done).code, 0);
  assert.equal(victim.connections, 0);
});

/** A TCP app that keeps the request line of each request exactly as its bytes arrived, and answers 200. */
async function requestLineRecorder(): Promise<{ server: NetServer; port: number; lines: Buffer[] }> {
  const lines: Buffer[] = [];
  const server = createNetServer((socket) => {
    let got = Buffer.alloc(0);
    socket.on('data', (d) => {
      got = Buffer.concat([got, d]);
      if (got.indexOf('\r\n\r\n') < 0) return;
      lines.push(got.subarray(0, got.indexOf('\r\n')));
      socket.end('HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return { server, port: (server.address() as AddressInfo).port, lines };
}

test('--forward: raw bytes in the path reach the app unchanged (node:http itself would refuse them)', async (t) => {
  const app = await requestLineRecorder();
  t.after(() => app.server.close());
  const l = await startListen(['--json', '--forward', `http://127.0.0.1:${app.port}`, '--count', '1']);
  assert.equal(statusOf(await rawExchange(l.port, [request('POST', '/\xe9\xff?\xe9')])), 200);
  await l.done;
  assert.deepEqual(app.lines[0], Buffer.from('POST /\xe9\xff?\xe9 HTTP/1.1', 'latin1'));
});

test('--forward http://host:port/base keeps the request\'s query', async (t) => {
  const app = await recorder();
  t.after(() => app.server.close());
  const l = await startListen(['--json', '--forward', `http://127.0.0.1:${app.port}/base`, '--count', '1']);
  assert.equal(statusOf(await rawExchange(l.port, [request('POST', '/hooks/a?x=1&y=2')])), 200);
  await l.done;
  assert.deepEqual(app.urls, ['/base?x=1&y=2']);
});

/** Write the bytes, half-close, and wait for the server to close. */
function sendAndClose(port: number, bytes: string): Promise<void> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1', () => socket.end(Buffer.from(bytes, 'latin1')));
    socket.on('error', () => {});
    socket.resume();
    const timer = setTimeout(() => socket.destroy(), 5000);
    socket.on('close', () => { clearTimeout(timer); resolve(); });
  });
}

test('--forward, the tricky-request table: the app receives only requests listen captured, each once, and nothing reaches another port', async (t) => {
  const victim = await recorder();
  const bodies: string[] = [];
  const app = await recorder();
  app.server.on('request', (req: IncomingMessage) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => bodies.push(`${req.method} ${req.url} ${Buffer.concat(chunks).toString('latin1')}`));
  });
  t.after(() => { victim.server.close(); app.server.close(); });
  const l = await startListen(['--json', '--forward', `http://127.0.0.1:${app.port}`], 60_000);
  t.after(() => l.child.kill());
  for (const row of trickyRequests) await sendAndClose(l.port, row.bytes.replaceAll('127.0.0.1:9', `127.0.0.1:${victim.port}`));
  await sendAndClose(l.port, 'GET /the-end HTTP/1.1\r\nHost: x\r\n\r\n');
  const records = (await l.recordsUntil((rs) => rs.some((r) => r.target === '/the-end'))).filter((r) => r.event === 'request');
  const relayed = records.filter((r) => r.forward);
  const origin = `http://127.0.0.1:${app.port}`;
  const unmatched = [...relayed];
  for (const got of bodies) {
    const [method, url] = got.split(' ');
    const i = unmatched.findIndex((r) => r.method === method && r.forward.url === origin + url && `${r.method} ${url} ${r.body}` === got);
    assert.ok(i >= 0, `the app got ${JSON.stringify(got)}, which listen did not capture and relay`);
    unmatched.splice(i, 1);
  }
  // Relayed, and refused by node:http itself before the app's handler (a raw byte in the path, "get"): its 400 came back.
  for (const r of unmatched) assert.equal(r.forward.status, 400, `${r.method} ${r.target}`);
  assert.ok(unmatched.length <= 2, unmatched.map((r) => r.target).join(', '));
  for (const r of records.filter((x) => !x.forward)) assert.ok(r.answer.status >= 400, `${r.method} ${r.target} was not relayed, so it was refused`);
  for (const r of relayed) assert.ok(r.forward.url.startsWith(origin + '/'), r.forward.url);
  assert.equal(victim.connections, 0, 'nothing reached the other port');
  assert.ok(relayed.length >= 25, `most of the table is relayed (${relayed.length})`);
});
