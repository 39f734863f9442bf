// listen --json writing to a file vs a bare node:http server that does nothing, under the same wrk load
// (16 connections, a small JSON webhook POST). Target: listen, keeping its history (the default), keeps at
// least 0.7x the baseline's request rate; listen --no-history is shown beside it.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, openSync, readFileSync, rmSync, writeFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../../bin/webhook-doctor.js', import.meta.url));
const TARGET = 0.7;
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

ensureWrk();
const results = { baseline: [], listen: [], noHistory: [] };
try {
  for (let round = 0; round < ROUNDS; round++) {
    results.baseline.push(await measure('baseline', ['-e', bareServer]));
    results.listen.push(await measure('listen', [BIN, 'listen', '0', '--json']));
    results.noHistory.push(await measure('no-history', [BIN, 'listen', '0', '--json', '--no-history']));
  }
  const best = (xs) => xs.reduce((a, b) => (b.rps > a.rps ? b : a));
  const base = best(results.baseline);
  const listen = best(results.listen);
  const noHistory = best(results.noHistory);
  const ratio = listen.rps / base.rps;
  const history = spawnSync(process.execPath, [BIN, 'history', '--json'], { encoding: 'utf8', env: { ...process.env, XDG_STATE_HOME: join(dir, 'state') }, maxBuffer: 1 << 30 });
  const kept = history.stdout.split('\n').filter(Boolean).length;
  console.log(`load: wrk -t1 -c${CONNECTIONS} -d${SECONDS}s, POST ${body.length}-byte JSON webhook, best of ${ROUNDS} rounds each`);
  console.log(`baseline  bare node:http (does nothing)      ${base.rps.toFixed(0).padStart(8)} req/s${base.errors ? `  (${base.errors})` : ''}`);
  console.log(`listen    webhook-doctor listen --json > file ${listen.rps.toFixed(0).padStart(8)} req/s  (${(listen.outBytes / 1e6).toFixed(1)} MB of NDJSON; history on, ${kept} captures kept at the end)${listen.errors ? `  (${listen.errors})` : ''}`);
  console.log(`          … with --no-history             ${noHistory.rps.toFixed(0).padStart(8)} req/s  (${(noHistory.rps / base.rps).toFixed(2)}x)`);
  console.log(`ratio     ${ratio.toFixed(2)}x (target >= ${TARGET}x)  ${ratio >= TARGET ? 'PASS' : 'MISS'}`);
  process.exitCode = ratio >= TARGET ? 0 : 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
