// The inspector's doors, knocked on with raw bytes (what a hostile page, a rebound name or a script can send):
// Host, token, cookie, CSRF, live streams, downloads, and the security headers on every answer.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { connect, type Socket } from 'node:net';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MAX_STREAM_BUFFER, MAX_STREAMS, startInspector, type Inspector, type InspectorStore } from '../../src/inspector/server.js';
import type { CaptureSummary, StoredCapture } from '../../src/history/store.js';

const TOKEN = 'T'.repeat(32);
const assets = mkdtempSync(join(tmpdir(), 'wd-inspector-assets-'));
writeFileSync(join(assets, 'page.js'), '/* page */');
writeFileSync(join(assets, 'page.css'), '/* css */');

/** A store of one capture whose body is HTML; subscribers are kept so a test can push live captures. */
const subscribers = new Set<(s: CaptureSummary) => void>();
const body = Buffer.from('<script>alert(1)</script>');
const store: InspectorStore = {
  maxCaptures: 100,
  list: async () => [],
  get: async (id: string) => (id === 'c1' ? ({ id: 'c1', body } as unknown as StoredCapture) : undefined),
  subscribe: (fn) => { subscribers.add(fn); return () => subscribers.delete(fn); },
  stats: async () => ({ captures: 1, bytes: body.length }),
};

let ui: Inspector;
let H: string;
before(async () => {
  ui = await startInspector({ store, assetsDir: assets, title: 'test', token: TOKEN, batchMs: 1, actions: { diff: async (a, b) => ({ a, b }) } });
  H = `127.0.0.1:${ui.port}`;
});
after(async () => { await ui.close(); rmSync(assets, { recursive: true, force: true }); });

interface Answer { status: number; headers: Record<string, string>; body: string }

/** Bytes as written, the answer as read (the server closes: every request says Connection: close). */
function raw(text: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const s = connect(ui.port, '127.0.0.1');
    let data = '';
    s.setEncoding('latin1').on('data', (d) => (data += d)).on('error', reject).on('end', () => {
      const [head = '', ...rest] = data.split('\r\n\r\n');
      const [line = '', ...lines] = head.split('\r\n');
      const headers: Record<string, string> = {};
      for (const l of lines) { const i = l.indexOf(':'); headers[l.slice(0, i).toLowerCase()] = l.slice(i + 1).trim(); }
      resolve({ status: Number(line.split(' ')[1]), headers, body: rest.join('\r\n\r\n') });
    });
    s.write(text);
  });
}

const get = (target: string, headers: string[] = [`Host: ${H}`]) => raw(`GET ${target} HTTP/1.1\r\n${[...headers, 'Connection: close'].join('\r\n')}\r\n\r\n`);
const post = (target: string, headers: string[], json = '{"a":"x","b":"y"}') =>
  raw(`POST ${target} HTTP/1.1\r\nHost: ${H}\r\n${[...headers, `Content-Length: ${Buffer.byteLength(json)}`, 'Connection: close'].join('\r\n')}\r\n\r\n${json}`);

test('a Host that is not the bound address is refused: a rebound name, a look-alike, another port, [::1], none, two, or an absolute-form target', async () => {
  const t = `/api/captures?token=${TOKEN}`;
  assert.equal((await get(t)).status, 200, 'the right Host and token pass');
  assert.equal((await get(t, [`Host: localhost:${ui.port}`])).status, 200);
  for (const host of ['rebind.example', `rebind.example:${ui.port}`, `127.0.0.1.evil.com:${ui.port}`, '127.0.0.1', `localhost:${ui.port + 1}`, `[::1]:${ui.port}`, `localhost.:${ui.port}`]) {
    const r = await get(t, [`Host: ${host}`]);
    assert.equal(r.status, 403, host);
    assert.ok(r.headers['content-security-policy'], `the refusal carries the CSP too (${host})`);
  }
  const none = await get(t, []);
  assert.equal(none.status, 403, 'no Host');
  assert.ok(none.headers['content-security-policy'], 'no Host: refused by us, with our headers, not by Node');
  assert.equal((await get(t, [`Host: ${H}`, 'Host: rebind.example'])).status, 403, 'two Hosts, ours first');
  assert.equal((await get(t, ['Host: rebind.example', `Host: ${H}`])).status, 403, 'two Hosts, ours second');
  const absolute = await get(`http://rebind.example${t}`);
  assert.equal(absolute.status, 400, 'an absolute-form target names another host');
  assert.doesNotMatch(absolute.body, /captures/);
});

test('the token: missing, wrong, of another length, or another inspector\'s cookie are refused; the printed URL leaves a strict cookie for this port only', async () => {
  for (const t of ['/api/captures', '/api/captures?token=', `/api/captures?token=${'x'.repeat(32)}`, '/api/captures?token=abc', `/api/captures?token=${TOKEN}x`, '/page.js', '/']) {
    const r = await get(t);
    assert.equal(r.status, 401, t);
    assert.ok(r.headers['content-security-policy'], t);
  }
  assert.equal((await get('/api/captures', [`Host: ${H}`, `X-Inspector-Token: ${'x'.repeat(32)}`])).status, 401);
  assert.equal((await get('/api/captures', [`Host: ${H}`, `Cookie: wd_inspector_${ui.port + 1}=${TOKEN}`])).status, 401, 'a cookie named for another port');
  assert.equal((await get('/api/captures', [`Host: ${H}`, `Cookie: wd_inspector_${ui.port}=${TOKEN}`])).status, 200);

  const first = await get(`/?token=${TOKEN}`);
  assert.equal(first.status, 303);
  assert.equal(first.headers.location, '/', 'the token leaves the address bar');
  const cookie = first.headers['set-cookie']!.split(';').map((p) => p.trim());
  assert.equal(cookie[0], `wd_inspector_${ui.port}=${TOKEN}`);
  assert.deepEqual(cookie.slice(1).sort(), ['HttpOnly', 'Path=/', 'SameSite=Strict']);
  assert.equal(first.headers['referrer-policy'], 'no-referrer', 'the token never rides in a Referer');
  assert.equal((await get(`/?token=${'x'.repeat(32)}`)).headers['set-cookie'], undefined, 'a wrong token gets no cookie');
});

test('a POST needs the token header, JSON, our own Origin and a same-origin fetch: what a hostile page can send without a preflight is refused', async () => {
  const ok = [`X-Inspector-Token: ${TOKEN}`, 'Content-Type: application/json'];
  assert.equal((await post('/api/diff', ok)).status, 200, 'the page\'s own POST');
  assert.equal((await post('/api/diff', [...ok, `Origin: http://${H}`, 'Sec-Fetch-Site: same-origin'])).status, 200);
  const refused: Array<[string, string[], number]> = [
    ['the cookie alone (a form post)', [`Cookie: wd_inspector_${ui.port}=${TOKEN}`, 'Content-Type: application/x-www-form-urlencoded'], 403],
    ['a wrong token header', [`X-Inspector-Token: ${'x'.repeat(32)}`, 'Content-Type: application/json'], 403],
    ['text/plain (a simple request)', [`X-Inspector-Token: ${TOKEN}`, 'Content-Type: text/plain'], 415],
    ['a foreign Origin', [...ok, 'Origin: http://evil.example'], 403],
    ['Origin null', [...ok, 'Origin: null'], 403],
    ['an Origin without its scheme', [...ok, `Origin: ${H}`], 403],
    ['an https Origin', [...ok, `Origin: https://${H}`], 403],
    ['Sec-Fetch-Site: cross-site', [...ok, 'Sec-Fetch-Site: cross-site'], 403],
    ['Sec-Fetch-Site: same-site (another port on 127.0.0.1)', [...ok, 'Sec-Fetch-Site: same-site'], 403],
  ];
  for (const [what, headers, status] of refused) {
    const r = await post('/api/diff', headers);
    assert.equal(r.status, status, what);
    assert.ok(r.headers['content-security-policy'], what);
  }
  const preflight = await raw(`OPTIONS /api/diff HTTP/1.1\r\nHost: ${H}\r\nOrigin: http://evil.example\r\nAccess-Control-Request-Method: POST\r\nAccess-Control-Request-Headers: x-inspector-token\r\nConnection: close\r\n\r\n`);
  assert.equal(preflight.status, 405);
  assert.equal(Object.keys(preflight.headers).filter((h) => h.startsWith('access-control-')).length, 0, 'no CORS grant');
  const embedded = await get(`/api/captures/c1/raw?token=${TOKEN}`, [`Host: ${H}`, 'Sec-Fetch-Site: cross-site', 'Sec-Fetch-Mode: no-cors']);
  assert.equal(embedded.status, 403, 'another site cannot load our API into its page');
  assert.equal((await get(`/?token=${TOKEN}`, [`Host: ${H}`, 'Sec-Fetch-Site: cross-site', 'Sec-Fetch-Mode: navigate'])).status, 303, 'but a link to the printed URL opens');
});

/** A live stream opened with the token; resolves once the server has sent its first bytes. */
function openStream(): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const s = connect(ui.port, '127.0.0.1');
    s.once('readable', () => resolve(s)).once('error', reject);
    s.write(`GET /api/events?token=${TOKEN} HTTP/1.1\r\nHost: ${H}\r\n\r\n`);
  });
}

test(`live streams are bounded: at most ${MAX_STREAMS} at once, and a page that stops reading is let go instead of growing our memory`, async () => {
  const open = await Promise.all(Array.from({ length: MAX_STREAMS }, openStream));
  const over = await openStream();
  const head = String(over.read() ?? '');
  over.destroy();
  assert.match(head, /^HTTP\/1\.1 503 /, 'one more than the bound');
  assert.match(head, /content-security-policy:/i);
  await Promise.all(open.map((s) => new Promise((r) => { s.once('close', r); s.destroy(); })));

  // One page reads, one never does. Frames of 64 KB go out until the server lets the silent one go.
  const serverSide: Socket[] = [];
  const onConnection = (s: Socket) => serverSide.push(s);
  ui.server.on('connection', onConnection);
  const reader = await openStream();
  let read = 0;
  reader.on('data', (d: Buffer) => (read += d.length));
  const silent = await openStream();
  silent.pause();
  ui.server.off('connection', onConnection);
  const silentOnServer = serverSide[1]!;
  let dropped = false;
  silentOnServer.once('close', () => (dropped = true));
  const limit = (64 * MAX_STREAM_BUFFER) / (64 * 1024); // far more than the kernel's buffers and our bound together
  let sent = 0;
  for (; sent < limit && !dropped; sent++) {
    // A target of its own each: a frame sends what differs from the capture before it, here all 64 KB.
    const summary = { id: `x${sent}`, target: `/${sent}/` + 'a'.repeat(64 * 1024) } as unknown as CaptureSummary;
    for (const fn of subscribers) fn(summary);
    await new Promise((r) => setTimeout(r, 2)); // the 1 ms batch goes out first
  }
  assert.ok(dropped, `the silent page was let go (after ${sent} frames)`);
  assert.ok(!reader.destroyed && read > sent * 64 * 1024, 'the page that reads keeps its stream');
  reader.destroy();
  silent.destroy();
});

test('downloads are attachments of opaque bytes, every answer carries the CSP and nosniff, and odd paths find nothing', async () => {
  const rawBody = await get(`/api/captures/c1/raw?token=${TOKEN}`);
  assert.equal(rawBody.status, 200);
  assert.equal(rawBody.body, body.toString('latin1'), 'the bytes as captured');
  assert.equal(rawBody.headers['content-type'], 'application/octet-stream');
  assert.match(rawBody.headers['content-disposition']!, /^attachment; filename="c1\.body"$/);
  const answers: Answer[] = [rawBody, await get(`/?token=${TOKEN}`, [`Host: ${H}`, `Cookie: wd_inspector_${ui.port}=${TOKEN}`])];
  for (const t of ['/..%2f..%2fetc/passwd', '/page.js%00', '/%2e%2e/%2e%2e/etc/passwd', '/api/captures/..%2f..%2fx', '/api/captures/%E0%A4%A', '/api/captures/c1/raw/../../../etc/passwd']) {
    const r = await get(`${t}?token=${TOKEN}`);
    assert.ok([400, 404].includes(r.status), `${t}: ${r.status} ${r.body}`);
    assert.doesNotMatch(r.body, /root:|page \*\//, t);
    answers.push(r);
  }
  answers.push(await raw(`DELETE /api/captures/c1?token=${TOKEN} HTTP/1.1\r\nHost: ${H}\r\nConnection: close\r\n\r\n`));
  const sse = await openStream();
  answers.push({ status: 200, headers: Object.fromEntries(String(sse.read()).split('\r\n').slice(1).map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()])), body: '' });
  sse.destroy();
  for (const a of answers) {
    assert.match(a.headers['content-security-policy'] ?? '', /default-src 'none'; script-src 'self'/, `status ${a.status}`);
    assert.equal(a.headers['x-content-type-options'], 'nosniff', `status ${a.status}`);
  }
});
