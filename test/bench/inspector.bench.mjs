// The inspector under load, in headless Chromium (Debian's chromium, driven by puppeteer-core):
// 1. wrk at full speed against `listen --ui --json > file` with the page open, beside a bare node:http
//    server under the same load. Targets: listen keeps >= 0.5x the baseline's rate, and the page's count
//    ends equal to the captures listen recorded (and to what wrk sent, give or take the requests wrk cut
//    off in flight when it stopped).
// 2. The page over 10,000 captures: from navigation to a list that answers a key press. Target: < 1 s.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import puppeteer from 'puppeteer-core';

const BIN = fileURLToPath(new URL('../../bin/webhook-doctor.js', import.meta.url));
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONNECTIONS = 16;
const RATIO_TARGET = 0.5;
const READY_TARGET_MS = 1000;
const HISTORY_SIZE = 10_000;
const ROUNDS = 3;

const chromium = [process.env.CHROMIUM_PATH, '/usr/bin/chromium'].find((p) => p && existsSync(p));
if (!chromium) { console.error('no Chromium: apt-get install -y chromium (or set CHROMIUM_PATH)'); process.exit(1); }
if (spawnSync('wrk', ['--version']).error !== undefined) {
  console.log('wrk not found: installing it (apt-get install -y wrk)');
  spawnSync('apt-get', ['update'], { stdio: 'ignore' });
  if (spawnSync('apt-get', ['install', '-y', 'wrk'], { stdio: 'inherit' }).status !== 0) { console.error('could not install wrk'); process.exit(1); }
}

const dir = mkdtempSync(join(tmpdir(), 'wd-bench-inspector-'));
const body = JSON.stringify({ detection_id: 123, detection_name: 'Suspicious Login Attempts', severity: 'HIGH', outcome: 'MATCHED', match_count: 5 });
const script = join(dir, 'post.lua');
writeFileSync(script, `wrk.method = "POST"\nwrk.body = ${JSON.stringify(body)}\nwrk.headers["Content-Type"] = "application/json"\n`);
const bareServer = `require('node:http').createServer((q, s) => s.end()).listen(0, '127.0.0.1', function () { console.log('listening on http://127.0.0.1:' + this.address().port); });`;

/** Start a server whose stdout goes to a file; resolve once it printed what `ready` looks for. */
async function start(args, outFile, ready, env = {}) {
  const fd = openSync(outFile, 'w');
  const child = spawn(process.execPath, args, { stdio: ['ignore', fd, 'inherit'], env: { ...process.env, NO_COLOR: '1', ...env } });
  const deadline = Date.now() + 15_000;
  for (;;) {
    const m = ready.exec(readFileSync(outFile, 'utf8'));
    if (m) return { child, m };
    if (Date.now() > deadline || child.exitCode !== null) throw new Error(`server did not start: ${readFileSync(outFile, 'utf8')}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
const stop = async (child) => { child.kill(); if (child.exitCode === null) await new Promise((r) => child.once('close', r)); };

function wrk(url, seconds) {
  const r = spawnSync('wrk', ['-t', '1', '-c', String(CONNECTIONS), '-d', `${seconds}s`, '-s', script, url + '/hooks'], { encoding: 'utf8' });
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(r.stdout)?.[1]);
  const total = Number(/(\d+) requests in/.exec(r.stdout)?.[1]);
  if (!rps) throw new Error(`wrk failed: ${r.stdout}${r.stderr}`);
  return { rps, total };
}

const browser = await puppeteer.launch({ executablePath: chromium, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1'] });
let failed = false;

/** listen --ui with the page open under wrk; then the page's count once it has caught up. */
async function underLoad(round) {
  const out = join(dir, 'listen.out');
  // Each round keeps its captures in a history of its own (never the user's).
  const l = await start([BIN, 'listen', '0', '--ui', '--json'], out, /"url":"(http:\/\/127\.0\.0\.1:\d+)".*"ui":"([^"]+)"/, { XDG_STATE_HOME: join(dir, `state-${round}`) });
  const page = await browser.newPage();
  try {
    await page.goto(l.m[2]);
    await page.waitForSelector('body[data-ready="true"]');
    const warm = wrk(l.m[1], 1);
    const loaded = wrk(l.m[1], SECONDS);
    const sent = warm.total + loaded.total;
    // listen has answered everything once wrk returns; wait (bounded) for the page to show that many.
    const recorded = () => readFileSync(out, 'utf8').split('\n').filter((x) => x.startsWith('{"event":"request"')).length;
    const captured = recorded();
    await page.waitForFunction((n) => Number(document.querySelector('#count')?.textContent) >= n, { timeout: 30_000 }, captured).catch(() => {});
    const onPage = Number(await page.$eval('#count', (e) => e.textContent));
    return { loaded, sent, captured: recorded(), onPage };
  } finally {
    await page.close();
    await stop(l.child);
  }
}

try {
  // 1. Full speed with the page open: best of ROUNDS each, the two sides taking turns on a shared machine.
  const baselines = [];
  const plains = [];
  const runs = [];
  for (let round = 0; round < ROUNDS; round++) {
    const base = await start(['-e', bareServer], join(dir, 'bare.out'), /http:\/\/127\.0\.0\.1:\d+/);
    wrk(base.m[0], 1);
    baselines.push(wrk(base.m[0], SECONDS));
    await stop(base.child);
    // listen as it runs without the inspector (its history on, as by default): what the page itself costs.
    const plain = await start([BIN, 'listen', '0', '--json'], join(dir, 'plain.out'), /"url":"(http:\/\/127\.0\.0\.1:\d+)"/, { XDG_STATE_HOME: join(dir, `plain-${round}`) });
    wrk(plain.m[1], 1);
    plains.push(wrk(plain.m[1], SECONDS));
    await stop(plain.child);
    runs.push(await underLoad(round));
  }
  const baseline = baselines.reduce((a, b) => (b.rps > a.rps ? b : a));
  const run = runs.reduce((a, b) => (b.loaded.rps > a.loaded.rps ? b : a));
  const { loaded } = run;
  const ratio = loaded.rps / baseline.rps;
  // Every round's page must match, not only the fastest one's.
  const countOk = runs.every((r) => r.onPage === r.captured && r.captured >= r.sent && r.captured <= r.sent + 2 * CONNECTIONS);
  console.log(`load: wrk -t1 -c${CONNECTIONS} -d${SECONDS}s, POST ${body.length}-byte JSON webhook, best of ${ROUNDS} rounds each; the inspector page open in headless Chromium`);
  console.log(`baseline  bare node:http (does nothing)         ${baseline.rps.toFixed(0).padStart(8)} req/s`);
  const plain = plains.reduce((a, b) => (b.rps > a.rps ? b : a));
  console.log(`listen    listen --json > file (no inspector)    ${plain.rps.toFixed(0).padStart(8)} req/s  (${(plain.rps / baseline.rps).toFixed(2)}x)`);
  console.log(`listen    listen --ui --json > file, page open   ${loaded.rps.toFixed(0).padStart(8)} req/s  (${(loaded.rps / plain.rps).toFixed(2)}x of listen without it)`);
  console.log(`ratio     ${ratio.toFixed(2)}x (target >= ${RATIO_TARGET}x)  ${ratio >= RATIO_TARGET ? 'PASS' : 'MISS'}`);
  for (const r of runs) console.log(`count     wrk completed ${r.sent}, listen recorded ${r.captured}, the page shows ${r.onPage}`);
  console.log(`count     the page's count equals listen's in every round  ${countOk ? 'PASS' : 'MISS'}`);
  if (ratio < RATIO_TARGET || !countOk) failed = true;

  // 2. A history of 10,000 captures (imported from a HAR file), opened in a fresh page each round.
  const state = join(dir, 'state');
  const har = join(dir, 'many.har');
  const entries = Array.from({ length: HISTORY_SIZE }, (_, i) => ({
    startedDateTime: new Date(Date.UTC(2026, 10, 22, 10, 0, 0, i * 37)).toISOString(),
    time: 3,
    request: { method: 'POST', url: `http://127.0.0.1:8080/hooks/${i % 7 ? 'alerts' : 'billing'}?n=${i}`, httpVersion: 'HTTP/1.1',
      headers: [{ name: 'Content-Type', value: 'application/json' }, { name: 'User-Agent', value: 'Parapet-Webhooks/2.1' }],
      postData: { mimeType: 'application/json', text: JSON.stringify({ n: i, detection_name: 'Suspicious Login Attempts', severity: i % 5 ? 'HIGH' : 'LOW' }) } },
    response: { status: i % 11 ? 200 : 503, headers: [], content: { size: 0, mimeType: '' } },
  }));
  writeFileSync(har, JSON.stringify({ log: { version: '1.2', creator: { name: 'bench', version: '1' }, entries } }));
  const env = { ...process.env, XDG_STATE_HOME: state, NO_COLOR: '1' };
  const imported = spawnSync(process.execPath, [BIN, 'history', 'import', har], { env, encoding: 'utf8' });
  if (imported.status !== 0) throw new Error(`history import failed: ${imported.stderr}`);
  const fd = openSync(join(dir, 'ui.out'), 'w');
  const ui = spawn(process.execPath, [BIN, 'history', '--ui'], { stdio: ['ignore', fd, 'inherit'], env });
  let address;
  for (const deadline = Date.now() + 15_000; !(address = /inspector on (\S+)/.exec(readFileSync(join(dir, 'ui.out'), 'utf8'))?.[1]);) {
    if (Date.now() > deadline || ui.exitCode !== null) throw new Error('history --ui did not start');
    await new Promise((r) => setTimeout(r, 50));
  }
  const timings = [];
  try {
    for (let round = 0; round < ROUNDS; round++) {
      const context = await browser.createBrowserContext();
      const page = await context.newPage();
      await page.setViewport({ width: 1400, height: 900 });
      const t0 = performance.now();
      await page.goto(address, { waitUntil: 'domcontentloaded' });
      await page.waitForSelector('body[data-ready="true"] .row[data-index="0"]');
      const ready = performance.now() - t0;
      // Interactive: a key press moves the selection and opens the newest capture.
      await page.keyboard.press('j');
      await page.waitForSelector('.detail .request-line');
      const firstDetail = performance.now() - t0;
      const rows = Number(await page.$eval('#count', (e) => e.textContent));
      const inDom = await page.$$eval('.row', (r) => r.length);
      timings.push({ ready, firstDetail, rows, inDom });
      await context.close();
    }
  } finally {
    await stop(ui);
  }
  const best = timings.reduce((a, b) => (b.firstDetail < a.firstDetail ? b : a));
  const worst = timings.reduce((a, b) => (b.firstDetail > a.firstDetail ? b : a));
  console.log(`\nhistory   ${HISTORY_SIZE} captures, history --ui, a fresh page each of ${ROUNDS} rounds`);
  console.log(`page      list shown ${best.ready.toFixed(0)} ms, first capture opened with j at ${best.firstDetail.toFixed(0)} ms (slowest round ${worst.firstDetail.toFixed(0)} ms); ${best.rows} captures, ${best.inDom} rows in the DOM`);
  const readyOk = best.firstDetail < READY_TARGET_MS && best.rows === HISTORY_SIZE;
  console.log(`ready     ${best.firstDetail.toFixed(0)} ms (target < ${READY_TARGET_MS} ms)  ${readyOk ? 'PASS' : 'MISS'}`);
  if (!readyOk) failed = true;
} finally {
  await browser.close();
  rmSync(dir, { recursive: true, force: true });
}
process.exitCode = failed ? 1 : 0;
