// listen against a bare node:http server, side by side, three ways:
// 1. throughput: listen --json writing to a file vs a node:http server that does nothing, under the same wrk
//    load (16 connections, a small JSON webhook POST). Targets: listen --json --no-history keeps at least
//    0.8x the baseline's request rate (#15, filed before listen kept a history); listen keeping its history
//    (the default) keeps at least 0.7x (#20).
// 2. memory: a 1 MB body in 1-byte chunks (6 MB on the wire); peak RSS growth of listen vs a node:http app
//    that gathers the body. Target: listen grows less than 8 MB.
// 3. a crowd: 2,100 idle connections held open, then one real request. Target: answered within 3 s.
import { spawn, spawnSync } from 'node:child_process';
import { connect } from 'node:net';
import { mkdtempSync, openSync, readFileSync, rmSync, writeFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../../bin/webhook-doctor.js', import.meta.url));
const TARGET = 0.7;
const NO_HISTORY_TARGET = 0.8;
const RSS_TARGET_MB = 8;
const CROWD = 2100;
const CROWD_TARGET_MS = 3000;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONNECTIONS = 16;
const ROUNDS = 3;

function ensureWrk() {
  if (spawnSync('wrk', ['--version']).error === undefined) return;
  console.log('wrk not found: installing it (apt-get install -y wrk)');
  spawnSync('apt-get', ['update'], { stdio: 'ignore' });
  const r = spawnSync('apt-get', ['install', '-y', 'wrk'], { stdio: 'inherit' });
  if (r.status !== 0) { console.error('could not install wrk'); process.exit(1); }
}

const dir = mkdtempSync(join(tmpdir(), 'wd-bench-listen-'));
const body = JSON.stringify({ detection_id: 123, detection_name: 'Suspicious Login Attempts', severity: 'HIGH', outcome: 'MATCHED', match_count: 5, replay_link: 'https://app.query.ai/replay/123', ran_at: '2025-01-15T10:00:00Z' });
const script = join(dir, 'post.lua');
writeFileSync(script, `wrk.method = "POST"\nwrk.body = ${JSON.stringify(body)}\nwrk.headers["Content-Type"] = "application/json"\nwrk.headers["Authorization"] = "Bearer pst_0123456789abcdef"\n`);

const bareServer = `
const http = require('node:http');
const s = http.createServer((req, res) => { res.end(); });
s.listen(0, '127.0.0.1', () => console.log('listening on http://127.0.0.1:' + s.address().port));
`;

/** Start a server whose stdout goes to a file; resolve with its URL once it printed it. */
async function start(args, outFile) {
  const fd = openSync(outFile, 'w');
  // The history goes into the bench's own folder, never the user's ~/.local/state.
  const child = spawn(process.execPath, args, { stdio: ['ignore', fd, 'inherit'], env: { ...process.env, NO_COLOR: '1', XDG_STATE_HOME: join(dir, 'state') } });
  const deadline = Date.now() + 10_000;
  for (;;) {
    const text = readFileSync(outFile, 'utf8');
    const m = /http:\/\/127\.0\.0\.1:\d+/.exec(text);
    if (m) return { child, url: m[0] };
    if (Date.now() > deadline || child.exitCode !== null) throw new Error(`server did not start: ${text}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function wrk(url, seconds) {
  const r = spawnSync('wrk', ['-t', '1', '-c', String(CONNECTIONS), '-d', `${seconds}s`, '-s', script, url + '/hooks'], { encoding: 'utf8' });
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(r.stdout)?.[1]);
  const errors = /Non-2xx or 3xx responses: (\d+)|Socket errors: (.*)/.exec(r.stdout)?.[0];
  if (!rps) throw new Error(`wrk failed: ${r.stdout}${r.stderr}`);
  return { rps, errors };
}

async function measure(name, args) {
  const out = join(dir, `${name}.out`);
  const { child, url } = await start(args, out);
  try {
    wrk(url, 1); // warm up the JIT and the connections
    return { ...wrk(url, SECONDS), outBytes: statSync(out).size };
  } finally {
    child.kill();
    await new Promise((r) => child.once('close', r));
  }
}

/** Peak RSS of a process in kB, from /proc (VmHWM); writing 5 to clear_refs resets it to the current RSS. */
function peakKb(pid) {
  return Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]);
}
function resetPeak(pid) {
  writeFileSync(`/proc/${pid}/clear_refs`, '5');
}

/** Send a chunked POST whose body is `bytes` bytes in 1-byte chunks; resolve once the answer is in. */
function oneByteChunks(port, bytes) {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let got = '';
    socket.setEncoding('latin1');
    socket.on('data', (d) => { got += d; if (/\r\n\r\n/.test(got)) { socket.destroy(); resolve(Number(got.split(' ')[1])); } });
    socket.on('error', reject);
    socket.on('connect', async () => {
      socket.write('POST /chunks HTTP/1.1\r\nHost: x\r\nContent-Type: application/octet-stream\r\nTransfer-Encoding: chunked\r\n\r\n');
      const piece = '1\r\nx\r\n'.repeat(10_000);
      for (let sent = 0; sent < bytes; sent += 10_000) {
        if (!socket.write(piece)) await new Promise((r) => socket.once('drain', r));
      }
      socket.write('0\r\n\r\n');
    });
  });
}

const gatheringServer = `
const http = require('node:http');
const s = http.createServer((req, res) => { const parts = []; req.on('data', (c) => parts.push(c)); req.on('end', () => res.end(String(Buffer.concat(parts).length))); });
s.listen(0, '127.0.0.1', () => console.log('listening on http://127.0.0.1:' + s.address().port));
`;

async function memory(name, args) {
  const { child, url } = await start(args, join(dir, `${name}-mem.out`));
  try {
    await oneByteChunks(Number(new URL(url).port), 1000); // warm up
    resetPeak(child.pid);
    const before = peakKb(child.pid);
    const status = await oneByteChunks(Number(new URL(url).port), 1024 * 1024);
    return { growthMb: (peakKb(child.pid) - before) / 1024, status };
  } finally {
    child.kill();
    await new Promise((r) => child.once('close', r));
  }
}

async function crowd(name, args) {
  const { child, url } = await start(args, join(dir, `${name}-crowd.out`));
  const port = Number(new URL(url).port);
  const sockets = [];
  try {
    for (let i = 0; i < CROWD; i++) {
      sockets.push(await new Promise((resolve, reject) => { const s = connect(port, '127.0.0.1', () => resolve(s)); s.on('error', () => {}); s.once('error', reject); }));
    }
    const started = Date.now();
    const r = spawnSync('curl', ['-s', '-o', '/dev/null', '-w', '%{http_code}', '--max-time', '30', '-d', '{}', url + '/real'], { encoding: 'utf8' });
    return { ms: Date.now() - started, status: r.stdout };
  } finally {
    for (const s of sockets) s.destroy();
    child.kill();
    await new Promise((r) => child.once('close', r));
  }
}

ensureWrk();
const results = { baseline: [], listen: [], noHistory: [] };
let failed = 0;
try {
  const only = process.env.BENCH_ONLY; // throughput, memory or crowd: one part alone
  for (let round = 0; round < (only && only !== 'throughput' ? 0 : ROUNDS); round++) {
    results.baseline.push(await measure('baseline', ['-e', bareServer]));
    results.listen.push(await measure('listen', [BIN, 'listen', '0', '--json']));
    results.noHistory.push(await measure('no-history', [BIN, 'listen', '0', '--json', '--no-history']));
  }
  const best = (xs) => xs.reduce((a, b) => (b.rps > a.rps ? b : a));
  if (!only || only === 'throughput') {
  const base = best(results.baseline);
  const listen = best(results.listen);
  const noHistory = best(results.noHistory);
  const ratio = listen.rps / base.rps;
  const history = spawnSync(process.execPath, [BIN, 'history', '--json'], { encoding: 'utf8', env: { ...process.env, XDG_STATE_HOME: join(dir, 'state') }, maxBuffer: 1 << 30 });
  const kept = history.stdout.split('\n').filter(Boolean).length;
  console.log(`load: wrk -t1 -c${CONNECTIONS} -d${SECONDS}s, POST ${body.length}-byte JSON webhook, best of ${ROUNDS} rounds each`);
  console.log(`baseline  bare node:http (does nothing)      ${base.rps.toFixed(0).padStart(8)} req/s${base.errors ? `  (${base.errors})` : ''}`);
  console.log(`listen    webhook-doctor listen --json > file ${listen.rps.toFixed(0).padStart(8)} req/s  (${(listen.outBytes / 1e6).toFixed(1)} MB of NDJSON; history on, ${kept} captures kept at the end)${listen.errors ? `  (${listen.errors})` : ''}`);
  const noHistoryRatio = noHistory.rps / base.rps;
  console.log(`          … with --no-history             ${noHistory.rps.toFixed(0).padStart(8)} req/s`);
  console.log(`ratio     --no-history ${noHistoryRatio.toFixed(2)}x (target >= ${NO_HISTORY_TARGET}x, #15)  ${noHistoryRatio >= NO_HISTORY_TARGET ? 'PASS' : 'MISS'}`);
  console.log(`          history on   ${ratio.toFixed(2)}x (target >= ${TARGET}x, #20)  ${ratio >= TARGET ? 'PASS' : 'MISS'}`);
  if (ratio < TARGET) failed++;
  if (noHistoryRatio < NO_HISTORY_TARGET) failed++;
  }
  if (!only || only === 'memory') {

  const memBase = await memory('baseline', ['-e', gatheringServer]);
  const memListen = await memory('listen', [BIN, 'listen', '0', '--json']);
  console.log('\nmemory: a 1 MB body in 1-byte chunks (6 MB of chunked framing), peak RSS growth');
  console.log(`baseline  node:http app gathering the body   ${memBase.growthMb.toFixed(1).padStart(8)} MB  (answered ${memBase.status})`);
  console.log(`listen    webhook-doctor listen --json        ${memListen.growthMb.toFixed(1).padStart(8)} MB  (answered ${memListen.status})`);
  const memOk = memListen.growthMb < RSS_TARGET_MB && memListen.status === 200;
  console.log(`target    listen < ${RSS_TARGET_MB} MB  ${memOk ? 'PASS' : 'MISS'}`);
  if (!memOk) failed++;
  }
  if (!only || only === 'crowd') {

  const crowdBase = await crowd('baseline', ['-e', bareServer]);
  const crowdListen = await crowd('listen', [BIN, 'listen', '0', '--json']);
  console.log(`\ncrowd: ${CROWD} idle connections held open, then one real request`);
  console.log(`baseline  bare node:http                     ${String(crowdBase.ms).padStart(8)} ms  (answered ${crowdBase.status || 'nothing'})`);
  console.log(`listen    webhook-doctor listen --json        ${String(crowdListen.ms).padStart(8)} ms  (answered ${crowdListen.status || 'nothing'})`);
  const crowdOk = crowdListen.ms < CROWD_TARGET_MS && crowdListen.status === '200';
  console.log(`target    listen answers within ${CROWD_TARGET_MS / 1000} s  ${crowdOk ? 'PASS' : 'MISS'}`);
  if (!crowdOk) failed++;
  }
  process.exitCode = failed ? 1 : 0;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
