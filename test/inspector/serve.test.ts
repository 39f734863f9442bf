// Replay through the inspector sends a request from this machine: only to an http(s) URL, and a redirect is
// shown, never followed to wherever it points.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../../src/history/store.js';
import { serveInspector } from '../../src/inspector/serve.js';

test('replay from the inspector: a redirect to another host is reported, not followed; file:, unix: and other schemes are refused', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'wd-serve-'));
  const store = openStore(dir, { write: true });
  const body = Buffer.from('{"n":1}');
  store.append({
    capture: { seq: 1, id: 'c-1', receivedAt: new Date().toISOString(), remoteAddress: '127.0.0.1', method: 'POST', target: '/hooks', httpVersion: '1.1', rawHeaders: [['Host', '127.0.0.1:1'], ['Content-Type', 'application/json']], body, bodyBytes: body.length, findings: [] },
    answer: { kind: 'respond', status: 200, ms: 1 },
  });
  store.flush();
  let elsewhere = 0;
  const other = createServer((req, res) => { elsewhere++; req.resume(); res.end('got it'); });
  const redirector = createServer((req, res) => { req.resume(); res.writeHead(307, { location: `http://127.0.0.1:${(other.address() as AddressInfo).port}/stolen` }).end(); });
  await Promise.all([other, redirector].map((s) => new Promise<void>((r) => s.listen(0, '127.0.0.1', r))));
  const ui = await serveInspector({ store, port: 0, title: 'history', version: 'test' });
  t.after(async () => { await ui.close(); other.close(); redirector.close(); store.close(); rmSync(dir, { recursive: true, force: true }); });

  const replay = (url: string) => fetch(`http://127.0.0.1:${ui.port}/api/replay`, {
    method: 'POST', headers: { 'x-inspector-token': ui.token, 'content-type': 'application/json' }, body: JSON.stringify({ id: 'c-1', url }),
  }).then(async (r) => ({ status: r.status, json: await r.json() as { status?: number; error?: string } }));

  const redirected = await replay(`http://127.0.0.1:${(redirector.address() as AddressInfo).port}/hooks`);
  assert.equal(redirected.status, 200);
  assert.equal(redirected.json.status, 307, 'the receiver\'s redirect is the answer shown');
  assert.equal(elsewhere, 0, 'the redirect was not followed');
  for (const url of ['file:///etc/passwd', 'unix:/var/run/docker.sock', 'ftp://127.0.0.1/', 'javascript:alert(1)', 'http:/\\127.0.0.1/', '//127.0.0.1/']) {
    const r = await replay(url);
    assert.equal(r.status, 400, url);
    assert.match(r.json.error ?? '', /not an http\(s\) URL/, url);
  }
});
