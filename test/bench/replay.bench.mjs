// replay of 1,000 captures from history vs flush of 1,000 spool entries, to the same local node:http receiver
// (answering at once), both --concurrency 16. Target: replay at least as fast as flush (ratio >= 1x).
import { spawn, execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, mkdirSync, writeFileSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../../bin/webhook-doctor.js', import.meta.url));
const COUNT = 1000;
const CONCURRENCY = 16;
const RUNS = Number(process.env.REPLAY_BENCH_RUNS ?? 3);

// The seeds' queue_alert, as written, to make the spool (the same payloads the history holds).
const QUEUE_ALERTS = `
import json, sys
from pathlib import Path
QUEUE_DIR = Path(sys.argv[1])
for i in range(int(sys.argv[2])):
    alert = {"id": f"alert-{i:05d}", "source": "siem", "severity": "high", "rule": "Multiple failed logins", "host": "web-01", "message": f"alert number {i}"}
    (QUEUE_DIR / f"{alert['id']}.json").write_text(json.dumps(alert))
`;

const RECEIVER = `
const http = require('node:http');
let n = 0;
const server = http.createServer((req, res) => { req.resume(); req.on('end', () => { n++; res.end('{"ok":true}'); }); });
server.keepAliveTimeout = 10000;
server.listen(0, '127.0.0.1', () => process.stdout.write(server.address().port + '\\n'));
process.on('message', (m) => { if (m === 'count') process.send(n); });
`;

function startReceiver() {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['-e', RECEIVER], { stdio: ['ignore', 'pipe', 'inherit', 'ipc'] });
    child.stdout.once('data', (d) => resolve({
      url: `http://127.0.0.1:${Number(String(d).trim())}/hooks`,
      count: () => new Promise((r) => { child.once('message', r); child.send('count'); }),
      stop: () => child.kill(),
    }));
  });
}

function timed(args) {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, NO_COLOR: '1', CI: '1' } });
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, seconds: Number(process.hrtime.bigint() - t0) / 1e9 }));
  });
}

const root = mkdtempSync(join(tmpdir(), 'wd-bench-replay-'));
const rx = await startReceiver();
try {
  const master = join(root, 'spool');
  mkdirSync(master);
  execFileSync('python3', ['-c', QUEUE_ALERTS, master, String(COUNT)]);
  // The same alerts as captures listen took (listen --json lines), imported into a history.
  const lines = [];
  for (let i = 0; i < COUNT; i++) {
    const body = JSON.stringify({ id: `alert-${String(i).padStart(5, '0')}`, source: 'siem', severity: 'high', rule: 'Multiple failed logins', host: 'web-01', message: `alert number ${i}` });
    const receivedAt = new Date(Date.now() - 3_600_000 + i).toISOString();
    lines.push(JSON.stringify({ event: 'request', seq: i + 1, id: `${receivedAt.replace(/:/g, '-')}-${i + 1}`, receivedAt, remoteAddress: '127.0.0.1', method: 'POST', target: '/hooks', httpVersion: '1.1', rawHeaders: [['Host', '127.0.0.1:8080'], ['User-Agent', 'python-urllib/3.11'], ['Content-Type', 'application/json'], ['Content-Length', String(body.length)]], bodyBytes: body.length, body, bodyEncoding: 'utf8', findings: [], answer: { kind: 'respond', status: 200, ms: 0.3 } }));
  }
  writeFileSync(join(root, 'captures.ndjson'), lines.join('\n') + '\n');
  const history = join(root, 'history');
  const imp = spawnSync(process.execPath, [BIN, 'history', 'import', join(root, 'captures.ndjson'), '--history', history], { encoding: 'utf8' });
  if (imp.status !== 0) throw new Error(imp.stderr);

  let flush = { seconds: Infinity };
  let replay = { seconds: Infinity };
  let ok = true;
  for (let run = 0; run < RUNS; run++) {
    const spool = join(root, `spool-${run}`);
    cpSync(master, spool, { recursive: true });
    const before = await rx.count();
    const f = await timed(['flush', spool, '--url', rx.url, '--concurrency', String(CONCURRENCY)]);
    const mid = await rx.count();
    const r = await timed(['replay', '--since', '1d', rx.url, '--history', history, '--concurrency', String(CONCURRENCY)]);
    const after = await rx.count();
    ok &&= f.code === 0 && r.code === 0 && mid - before === COUNT && after - mid === COUNT;
    if (f.seconds < flush.seconds) flush = f;
    if (r.seconds < replay.seconds) replay = r;
  }
  const ratio = flush.seconds / replay.seconds;
  console.log(`${COUNT} requests to a bare node:http receiver, --concurrency ${CONCURRENCY}, best of ${RUNS}`);
  console.log(`baseline  webhook-doctor flush (spool of ${COUNT})   ${flush.seconds.toFixed(2)} s  (${(COUNT / flush.seconds).toFixed(0)}/s)`);
  console.log(`replay    webhook-doctor replay --since 1d         ${replay.seconds.toFixed(2)} s  (${(COUNT / replay.seconds).toFixed(0)}/s)`);
  console.log(`ratio     ${ratio.toFixed(2)}x flush's speed (target >= 1x)  ${ratio >= 1 && ok ? 'PASS' : 'MISS'}${ok ? '' : '  — RUN INVALID: a run failed or counts differ'}`);
  process.exitCode = ratio >= 1 && ok ? 0 : 1;
} finally {
  rx.stop();
  rmSync(root, { recursive: true, force: true });
}
