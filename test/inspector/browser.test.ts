// The inspector as a user meets it, in a real headless Chromium: start `listen --ui`, point curl at the
// capture URL, watch the request arrive, open it, read it, act on it; and the doors that must stay shut.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import type { Browser, Page } from 'puppeteer-core';
import { BIN } from '../helpers/cli.js';
import { launchBrowser, REBINDING_HOST } from '../helpers/browser.js';

interface ListenUi {
  capture: string;
  ui: string;
  uiPort: number;
  token: string;
  child: ChildProcess;
}

const children = new Set<ChildProcess>();
const dirs: string[] = [];

/** A history folder of the test's own ($XDG_STATE_HOME), never the user's. */
function stateHome(): string {
  const dir = mkdtempSync(join(tmpdir(), 'wd-inspector-'));
  dirs.push(dir);
  return dir;
}

/** `webhook-doctor listen 0 --ui …`, resolved once it printed both addresses. */
function startListenUi(args: string[] = [], state = stateHome()): Promise<ListenUi> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, 'listen', '0', '--ui', ...args], { env: { ...process.env, NO_COLOR: '1', CI: '1', XDG_STATE_HOME: state } });
    children.add(child);
    let out = '';
    let err = '';
    child.stderr!.setEncoding('utf8').on('data', (d) => (err += d));
    child.stdout!.setEncoding('utf8').on('data', (d) => {
      out += d;
      const capture = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1];
      const ui = /inspector on (http:\/\/127\.0\.0\.1:(\d+)\/\?token=([\w-]+))/.exec(out);
      if (capture && ui) resolve({ capture, ui: ui[1]!, uiPort: Number(ui[2]), token: ui[3]!, child });
    });
    child.on('close', (code) => reject(new Error(`listen --ui exited (${code}) before printing its addresses:\n${out}\n${err}`)));
  });
}

function curl(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('curl', ['-sS', '--max-time', '10', ...args], { encoding: 'utf8' }, (err, stdout, stderr) => (err ? reject(new Error(stderr)) : resolve(stdout)));
  });
}

/** A plain request to the inspector with chosen headers: what a foreign page or a script could send. */
function rawRequest(port: number, opts: { path: string; method?: string; headers?: Record<string, string>; body?: string }): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: opts.path, method: opts.method ?? 'GET', headers: opts.headers, setHost: !opts.headers?.host }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (d) => (body += d)).on('end', () => resolve({ status: res.statusCode!, body }));
    });
    req.on('error', reject);
    req.end(opts.body);
  });
}

let browser: Browser;
before(async () => { browser = await launchBrowser(); });
after(async () => {
  await browser?.close();
  // Each listen seals its history segment as it exits: wait for that before removing the folders.
  await Promise.all([...children].map((c) => (c.exitCode !== null || c.signalCode !== null ? undefined : new Promise((r) => { c.once('close', r); c.kill(); }))));
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

async function openInspector(l: ListenUi): Promise<Page> {
  const context = await browser.createBrowserContext();
  const page = await context.newPage();
  await page.setViewport({ width: 1400, height: 900 });
  await page.goto(l.ui);
  await page.waitForSelector('body[data-ready="true"]');
  return page;
}

// Page-side conditions as expressions: this file is type-checked without the DOM's types.
const until = (page: Page, expression: string) => page.waitForFunction(expression);
const untilText = (page: Page, selector: string, text: string) =>
  until(page, `document.querySelector(${JSON.stringify(selector)})?.textContent === ${JSON.stringify(text)}`);

const rowText = (page: Page, i: number) => page.$eval(`.row[data-index="${i}"] .target`, (e) => e.textContent);

test('a request curl sends appears without a reload; its headers read as sent, its JSON expands, its findings explain themselves', async () => {
  const l = await startListenUi(['--secret', 'shh']);
  const page = await openInspector(l);
  assert.equal(await page.$eval('#count', (e) => e.textContent), '0');
  assert.equal(new URL(page.url()).search, '', 'the token is taken out of the address bar');

  const alert = JSON.stringify({ alert: { id: 7, severity: 'HIGH', tags: ['a', 'b'] }, ok: true });
  await curl([`${l.capture}/hooks/siem?x=1`, '-H', 'content-type: application/json', '-H', 'X-Custom-CASE: keep me', '-H', 'Authorization: bearer "abc123"',
    '-H', 'X-Hub-Signature-256: sha256=0000', '-A', 'Parapet-Webhooks/2.1', '--data-binary', alert]);
  await untilText(page, '#count', '1');
  assert.equal(await rowText(page, 0), '/hooks/siem?x=1');

  await page.click('.row[data-index="0"]');
  await page.waitForSelector('.detail .request-line');
  assert.equal(await page.$eval('.detail .request-line', (e) => e.textContent), 'POST /hooks/siem?x=1 HTTP/1.1');
  const names = await page.$$eval('table.headers th', (ths) => ths.map((t) => t.textContent));
  assert.deepEqual(names, ['Host', 'User-Agent', 'Accept', 'content-type', 'X-Custom-CASE', 'Authorization', 'X-Hub-Signature-256', 'Content-Length'], 'case and order as sent');
  const auth = await page.$eval('table.headers tr:nth-child(6) td', (e) => e.textContent);
  assert.ok(!auth!.includes('abc123') || auth!.includes('…'), `the token is masked: ${auth}`);

  // The JSON tree: the top level is open, a nested object opens on a click.
  await page.waitForSelector('.json-tree');
  assert.equal(await page.$$eval('.json-tree .j-key', (ks) => ks.some((k) => k.textContent === '"severity": ')), false, 'nested levels start closed');
  await page.click('.json-tree .j-children > details > summary');
  await until(page, `[...document.querySelectorAll('.json-tree .j-key')].some((k) => k.textContent === '"severity": ')`);
  await page.click('.tab-hex');
  await until(page, `document.querySelector('pre.hex')?.textContent.startsWith('00000000  7b 22 61 6c')`);

  // Findings carry their knowledge-base explanation and the explain command; the signature has its verdict.
  const findings = await page.$$eval('.detail .finding', (fs) => fs.map((f) => f.textContent ?? ''));
  assert.ok(findings.some((f) => /Authorization/i.test(f) && /webhook-doctor explain/.test(f)), findings.join('\n'));
  assert.equal(await page.$eval('.sig-verdict', (e) => e.textContent), 'invalid');
  assert.match(await page.$eval('.curl', (e) => e.textContent ?? ''), /^curl -sS .*--data-raw '\{"alert"/);

  // Copy as curl puts the command on the clipboard; the raw bytes download as they arrived.
  await page.browserContext().overridePermissions(new URL(l.ui).origin, ['clipboard-read', 'clipboard-sanitized-write']);
  await page.click('.copy-curl');
  await untilText(page, '.copied', 'copied');
  assert.equal(await page.evaluate('navigator.clipboard.readText()'), await page.$eval('.curl', (e) => e.textContent));
  const downloads = stateHome();
  const cdp = await browser.target().createCDPSession();
  await cdp.send('Browser.setDownloadBehavior', { behavior: 'allow', downloadPath: downloads, browserContextId: page.browserContext().id, eventsEnabled: true });
  const done = new Promise<void>((resolve) => cdp.on('Browser.downloadProgress', (e) => { if (e.state === 'completed') resolve(); }));
  await page.click('.download-raw');
  await done;
  const [file] = readdirSync(downloads);
  assert.match(file!, /\.body$/);
  assert.equal(readFileSync(join(downloads, file!), 'utf8'), alert, 'the raw bytes, as sent');
  await cdp.detach();
  const harHref = await page.$eval('.download-har', (a) => a.getAttribute('href'));
  const har = await page.evaluate(`fetch(${JSON.stringify(harHref)}).then((r) => r.json())`) as { log: { entries: Array<{ request: { headers: Array<{ name: string }>; postData: { text: string } } }> } };
  assert.deepEqual(har.log.entries[0]!.request.headers.map((h) => h.name), names, 'the HAR keeps the headers as sent');
  assert.equal(har.log.entries[0]!.request.postData.text, alert);

  // j/k and / work from the keyboard.
  await curl([`${l.capture}/second`, '-d', 'x=1']);
  await untilText(page, '#count', '2');
  assert.equal(await rowText(page, 0), '/second', 'newest first');
  await page.keyboard.press('k');
  await untilText(page, '.detail .request-line', 'POST /second HTTP/1.1');
  await page.keyboard.press('j');
  await untilText(page, '.detail .request-line', 'POST /hooks/siem?x=1 HTTP/1.1');
  // The README's picture: WD_SCREENSHOT=src/inspector/screenshot.png node --import tsx --test test/inspector/browser.test.ts
  if (process.env.WD_SCREENSHOT) await page.screenshot({ path: process.env.WD_SCREENSHOT as `${string}.png` });
  await page.keyboard.press('/');
  await page.keyboard.type('path:/hooks');
  await until(page, `document.querySelectorAll('.row').length === 1`);
  assert.equal(await rowText(page, 0), '/hooks/siem?x=1');
  // While filtered, new captures that match join the list and others only the count.
  await curl([`${l.capture}/elsewhere`, '-d', 'x=2']);
  await curl([`${l.capture}/hooks/again`, '-d', 'x=3']);
  await until(page, `document.querySelectorAll('.row').length === 2`);
  assert.equal(await rowText(page, 0), '/hooks/again');
  assert.equal(await page.$eval('#count', (e) => e.textContent), '4');
  await page.browserContext().close();
});

test('a captured <script> body and a hostile header are shown as text and never run', async () => {
  const l = await startListenUi();
  const page = await openInspector(l);
  const hostile = '<script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2"><b>bold</b>';
  await curl(['-g', `${l.capture}/<img/src=x/onerror=alert(1)>`, '-H', 'content-type: text/html', '-H', `X-Evil: <script>window.__pwned=3</script>`, '--data-binary', hostile]);
  await page.waitForSelector('.row[data-index="0"]');
  await page.click('.row[data-index="0"]');
  await page.waitForSelector('.detail pre.raw');
  assert.equal(await page.$eval('.detail pre.raw', (e) => e.textContent), hostile, 'the body is shown byte for byte as text');
  assert.equal(await page.$$eval('.detail pre.raw *, .detail .request-line *, table.headers td *, .row .target *', (xs) => xs.length), 0, 'no element was made from captured bytes');
  assert.deepEqual(await page.$$eval('script, img', (xs) => xs.map((x) => x.getAttribute('src'))), ['/page.js'], 'the only script is the page\'s own');
  assert.equal(await page.$eval('table.headers tr:nth-child(5) td', (e) => e.textContent), '<script>window.__pwned=3</script>');
  assert.equal(await rowText(page, 0), '/<img/src=x/onerror=alert(1)>');
  assert.equal(await page.evaluate('window.__pwned'), undefined);
  await page.browserContext().close();
});

test('without the token, or under a foreign Host name (DNS rebinding), the inspector refuses; a POST needs the token header', async () => {
  const l = await startListenUi();
  await curl([`${l.capture}/secret-alert`, '-d', '{"key":"value"}']);
  const context = await browser.createBrowserContext();
  const page = await context.newPage();

  // A wrong token, no token: refused in the browser and to a script.
  const wrong = await page.goto(l.ui.replace(/token=[\w-]+/, 'token=' + 'x'.repeat(l.token.length)));
  assert.equal(wrong!.status(), 401);
  assert.equal(await page.$('body[data-ready]'), null);
  assert.equal((await rawRequest(l.uiPort, { path: '/api/captures' })).status, 401);
  assert.equal((await rawRequest(l.uiPort, { path: '/api/captures', headers: { 'x-inspector-token': 'nope' } })).status, 401);

  // A page on another name that now resolves to 127.0.0.1 sends its own Host: refused even with the token.
  const rebound = await page.goto(l.ui.replace('127.0.0.1', REBINDING_HOST));
  assert.equal(rebound!.status(), 403);
  assert.match(await page.$eval('body', (b) => b.textContent ?? ''), /Host/);
  assert.equal((await rawRequest(l.uiPort, { path: '/api/captures', headers: { host: `${REBINDING_HOST}:${l.uiPort}`, 'x-inspector-token': l.token } })).status, 403);

  // The right token works, and the cookie it leaves does not make a POST: that needs the header too.
  const good = await rawRequest(l.uiPort, { path: '/api/captures', headers: { 'x-inspector-token': l.token } });
  assert.equal(good.status, 200);
  assert.match(good.body, /secret-alert/);
  const cookie = `wd_inspector_${l.uiPort}=${l.token}`;
  assert.equal((await rawRequest(l.uiPort, { path: '/api/captures', headers: { cookie } })).status, 200);
  const csrf = await rawRequest(l.uiPort, { path: '/api/replay', method: 'POST', headers: { cookie, 'content-type': 'application/json' }, body: '{"id":"x","url":"http://127.0.0.1:1/"}' });
  assert.equal(csrf.status, 403);
  assert.equal((await rawRequest(l.uiPort, { path: '/api/captures', method: 'DELETE', headers: { 'x-inspector-token': l.token } })).status, 405);
  await context.close();
});

test('replay from the page: sent again to a node:http receiver, re-signed with the secret, and the receiver\'s answer shown', async (t) => {
  const { verify } = await import('@octokit/webhooks-methods');
  const got: Array<{ headers: string[]; body: string; valid: boolean }> = [];
  const receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c)).on('end', async () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const valid = await verify('replay-secret', body, String(req.headers['x-hub-signature-256'] ?? '')).catch(() => false);
      got.push({ headers: req.rawHeaders.filter((_, i) => i % 2 === 0), body, valid });
      res.writeHead(valid ? 201 : 401, { 'content-type': 'application/json' }).end(JSON.stringify({ received: true, valid }));
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  t.after(() => receiver.close());
  const target = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/app/hooks`;

  const l = await startListenUi();
  const page = await openInspector(l);
  const event = '{"action":"opened","number":7}';
  await curl([`${l.capture}/gh`, '-H', 'Content-Type: application/json', '-H', 'X-GitHub-Event: pull_request', '-H', 'X-Hub-Signature-256: sha256=stale', '--data-binary', event]);
  await page.waitForSelector('.row[data-index="0"]');
  await page.click('.row[data-index="0"]');
  await page.waitForSelector('form.replay');

  // As captured: the stale signature goes with it, and the receiver says no.
  await page.type('.replay-url', target);
  await page.click('form.replay button[type="submit"]');
  await page.waitForSelector('.replay-answer .replay-status');
  assert.match(await page.$eval('.replay-status', (e) => e.textContent ?? ''), new RegExp(`^${target} answered 401 `));
  assert.equal(got[0]!.body, event, 'the body byte for byte');
  // The client writes Host, Connection and Content-Length for its own connection; the rest are the capture's.
  assert.deepEqual(got[0]!.headers.filter((n) => !/^(host|connection|content-length)$/i.test(n)), ['User-Agent', 'Accept', 'Content-Type', 'X-GitHub-Event', 'X-Hub-Signature-256'], 'end-to-end headers in their order and case');

  // Re-signed with the secret: the official library accepts it, and the page shows the receiver's body.
  await page.click('.replay-resign');
  await page.type('.replay-secret', 'replay-secret');
  await page.click('form.replay button[type="submit"]');
  await page.waitForFunction(`document.querySelector('.replay-status')?.textContent.includes('answered 201')`);
  assert.match(await page.$eval('.replay-status', (e) => e.textContent ?? ''), /\(re-signed: github\)/);
  assert.equal(await page.$eval('.replay-body', (e) => e.textContent), '{"received":true,"valid":true}');
  assert.equal(got.length, 2);
  assert.equal(got[1]!.valid, true);
  await page.browserContext().close();
});

test('relayed to an app (--forward): both answers against the sender\'s budget, a gzip body decoded and said so, and two captures diffed', async (t) => {
  const app = createServer((req, res) => { req.resume().on('end', () => res.writeHead(202, { 'content-type': 'application/json' }).end('{"queued":true}')); });
  await new Promise<void>((r) => app.listen(0, '127.0.0.1', r));
  t.after(() => app.close());
  const l = await startListenUi(['--forward', `http://127.0.0.1:${(app.address() as AddressInfo).port}`, '--profile', 'cloudaipilot']);
  const page = await openInspector(l);
  await curl([`${l.capture}/hooks`, '-H', 'Content-Type: application/json', '-H', 'X-Event: issue.opened', '--data-binary', '{"id":1,"status":"open","labels":["bug"]}']);
  await curl([`${l.capture}/hooks`, '-H', 'Content-Type: application/json', '-H', 'X-Event: issue.closed', '--data-binary', '{"status":"closed","id":1,"labels":["bug"]}']);
  await untilText(page, '#count', '2');
  // Mark one by clicking its box, the other from the keyboard (select with j, x to mark), then diff.
  await page.click('.row[data-index="1"] .mark-box');
  await page.keyboard.press('j');
  await page.waitForSelector('.row[data-index="0"].selected');
  await page.keyboard.press('x');
  await page.waitForSelector('#diff:not([disabled])');
  await page.click('#diff');
  await page.waitForSelector('.diff-table');
  const rows = await page.$$eval('.diff-table tbody tr', (trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent)));
  assert.ok(rows.some((r) => r[0] === 'changed' && r[1] === 'X-Event' && r[2] === 'issue.opened' && r[3] === 'issue.closed'), JSON.stringify(rows));
  assert.ok(rows.some((r) => r[0] === 'changed' && r[1] === '$.status' && r[2] === '"open"' && r[3] === '"closed"'), JSON.stringify(rows));
  assert.ok(rows.some((r) => r[0] === 'key order'), JSON.stringify(rows));
  assert.ok(rows.some((r) => r[0] === 'same' && r[1] === 'request line'), JSON.stringify(rows));
  assert.ok(rows.some((r) => r[1] === 'the app answered' && /^202 in \d+ ms \(app\)$/.test(r[2]!)), JSON.stringify(rows));

  // The detail of a relayed capture: listen passed on the app's answer, timed against CloudAIPilot's 10 s.
  await page.click('.row[data-index="0"]');
  await page.waitForSelector('.detail .forward');
  assert.match(await page.$eval('.listen-answer', (e) => e.textContent ?? ''), /listen answered: 202 in .*relayed/);
  assert.match(await page.$eval('.forward', (e) => e.textContent ?? ''), /forwarded app: 202 in \d+ ms from http:\/\/127\.0\.0\.1:\d+\/hooks.* of CloudAIPilot's 10 s budget/);
  assert.match(await page.$eval('.replay-url', (e) => (e as unknown as { value: string }).value), /^http:\/\/127\.0\.0\.1:\d+\/hooks$/, 'replay starts from where listen relayed it');

  // A gzip body: shown decoded, and said so; the hex stays the bytes on the wire.
  await new Promise<void>((resolve, reject) => {
    const c = execFile('curl', ['-sS', '--max-time', '10', '--data-binary', '@-', '-H', 'Content-Encoding: gzip', '-H', 'Content-Type: application/json', `${l.capture}/zipped`], (err) => (err ? reject(err) : resolve()));
    c.stdin!.end(gzipSync('{"compressed":true}'));
  });
  await untilText(page, '#count', '3');
  await page.click('.row[data-index="0"]');
  await page.waitForSelector('.detail[data-id] .decoded-note');
  assert.match(await page.$eval('.decoded-note', (e) => e.textContent ?? ''), /^sent gzip-encoded \(\d+ B on the wire\), decoded to 19 B/);
  assert.ok(await page.$$eval('.json-tree .j-key', (ks) => ks.some((k) => k.textContent === '"compressed": ')));
  await page.click('.tab-hex');
  await until(page, `document.querySelector('pre.hex')?.textContent.startsWith('00000000  1f 8b')`);
  await page.browserContext().close();
});

test('history --ui: the history alone, and a capture another listen keeps there appears while the page is open', async () => {
  const state = stateHome();
  const env = { ...process.env, NO_COLOR: '1', CI: '1', XDG_STATE_HOME: state };
  // Yesterday's capture, kept by a listen that has since stopped.
  const earlier = await startListenUi([], state);
  await curl([`${earlier.capture}/yesterday`, '-d', '{"n":1}', '-H', 'Content-Type: application/json']);
  await new Promise((r) => { earlier.child.once('close', r); earlier.child.kill(); });

  const ui = spawn(process.execPath, [BIN, 'history', '--ui'], { env });
  children.add(ui);
  const address = await new Promise<string>((resolve, reject) => {
    let out = '';
    ui.stdout!.setEncoding('utf8').on('data', (d) => { out += d; const m = /inspector on (\S+)/.exec(out); if (m) resolve(m[1]!); });
    ui.on('close', (code) => reject(new Error(`history --ui exited ${code}: ${out}`)));
  });
  const page = await browser.createBrowserContext().then((c) => c.newPage());
  await page.goto(address);
  await page.waitForSelector('body[data-ready="true"] .row[data-index="0"]');
  assert.equal(await rowText(page, 0), '/yesterday');
  assert.match(await page.title(), /history in /);

  // A listen elsewhere (no --ui) keeps a new capture in the same history: the page shows it, no reload.
  const other = spawn(process.execPath, [BIN, 'listen', '0'], { env });
  children.add(other);
  const capture = await new Promise<string>((resolve) => {
    let out = '';
    other.stdout!.setEncoding('utf8').on('data', (d) => { out += d; const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out); if (m) resolve(m[1]!); });
  });
  await curl([`${capture}/today`, '-d', '{"n":2}', '-H', 'Content-Type: application/json']);
  await untilText(page, '#count', '2');
  assert.equal(await rowText(page, 0), '/today');
  await page.browserContext().close();
});
