// The inspector's doors, knocked on with raw bytes (what a hostile page, a rebound name or a script can send):
// Host, token, cookie, CSRF, live streams, downloads, and the security headers on every answer.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { connect, type Socket } from 'node:net';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startInspector, type Inspector, type InspectorStore } from '../../src/inspector/server.js';
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
