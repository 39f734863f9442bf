// `flush --watch` against the seeds' loop run as a poller (process_queue, then sleep 1 s, for ever): alerts
// written by a separate process at 200/s for 20 s (tmp/ then rename, as the README says) into a receiver
// answering after 20 ms. Measured per alert, from its file's rename to its arrival at the receiver: every
// alert delivered, p99 under 1 s (target), and the watcher's CPU while idle afterwards under 1 % (no busy polling).
import { spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PROCESS_QUEUE_DEFS } from './seed-loop.mjs';

const BIN = fileURLToPath(new URL('../../bin/webhook-doctor.js', import.meta.url));
const RATE = Number(process.env.WATCH_BENCH_RATE ?? 200);
const SECONDS = Number(process.env.WATCH_BENCH_SECONDS ?? 20);
const IDLE_SECONDS = 10;
const GRACE_MS = 10_000;
const env = { ...process.env, NO_COLOR: '1', CI: '1' };

// The receiver, in its own process: answers after 20 ms and notes when each alert (by its body's id) first came.
const RECEIVER = `
const http = require('node:http');
const seen = new Map();
const server = http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const at = Date.now();
    try { const id = JSON.parse(Buffer.concat(chunks)).id; if (!seen.has(id)) seen.set(id, at); } catch {}
    setTimeout(() => res.end('{"ok":true}'), 20);
  });
});
server.keepAliveTimeout = 10000;
server.listen(0, '127.0.0.1', () => process.stdout.write(server.address().port + '\\n'));
process.on('message', (m) => process.send(Object.fromEntries([...seen].filter(([k]) => k.startsWith(m)))));
`;

// Another program writing plain payloads on a fixed schedule; prints when each file was renamed into place.
const WRITER = `
const fs = require('node:fs'), path = require('node:path');
const [dir, prefix, rate, seconds] = process.argv.slice(1);
const total = Number(rate) * Number(seconds), every = 1000 / Number(rate), t0 = Date.now(), renamed = {};
let i = 0;
const tick = () => {
  while (i < total && Date.now() >= t0 + i * every) {
    const id = prefix + '-' + String(i).padStart(6, '0');
    const tmp = path.join(dir, 'tmp', id);
    fs.writeFileSync(tmp, JSON.stringify({ id, source: 'siem', severity: 'high', message: 'alert ' + i }));
    fs.renameSync(tmp, path.join(dir, id + '.json'));
    renamed[id] = Date.now();
    i++;
  }
  if (i < total) setTimeout(tick, Math.max(0, t0 + i * every - Date.now()));
  else process.stdout.write(JSON.stringify(renamed));
};
tick();
`;

// The seeds' process_queue, run again every second, as a cron-like loop would.
const POLLER = `${PROCESS_QUEUE_DEFS}
while True:
    process_queue()
    time.sleep(1)
`;

function startReceiver() {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['-e', RECEIVER], { stdio: ['ignore', 'pipe', 'inherit', 'ipc'] });
    child.stdout.once('data', (d) => resolve({
      url: `http://127.0.0.1:${Number(String(d).trim())}/hooks`,
      seen: (prefix) => new Promise((r) => { child.once('message', r); child.send(prefix); }),
      stop: () => child.kill(),
    }));
  });
}

function runWriter(dir, prefix) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', WRITER, dir, prefix, String(RATE), String(SECONDS)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (d) => (out += d));
    child.on('error', reject);
    child.on('close', () => resolve(JSON.parse(out)));
  });
}

/** CPU seconds (user + system) a process has used so far, from /proc (Linux). */
function cpuSeconds(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (USER_HZ = 100)
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function phase(name, rx, dir, prefix, start) {
  const child = start(dir);
  await sleep(1000); // start-up
  const renamed = await runWriter(dir, prefix);
  const ids = Object.keys(renamed);
  // Wait for every alert to arrive, or the grace period after the last write.
  const deadline = Date.now() + GRACE_MS;
  let seen = await rx.seen(prefix);
  while (Object.keys(seen).length < ids.length && Date.now() < deadline) {
    await sleep(250);
    seen = await rx.seen(prefix);
  }
  const end = Date.now();
  // An alert not delivered counts as delivered at the end of the grace period (its latency is at least that).
  const latencies = ids.map((id) => (seen[id] ?? end) - renamed[id]).sort((a, b) => a - b);
  const p = (q) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))];
  const cpu0 = cpuSeconds(child.pid);
  await sleep(IDLE_SECONDS * 1000);
  const idleCpu = (cpuSeconds(child.pid) - cpu0) / IDLE_SECONDS;
  child.kill('SIGTERM');
  await new Promise((r) => child.on('close', r));
  const delivered = ids.filter((id) => seen[id] !== undefined).length;
  const cpuNote = delivered < ids.length ? 'CPU in the 10 s after (still working through its backlog)' : 'CPU while idle';
  console.log(`  ${name}: ${delivered}/${ids.length} delivered within ${GRACE_MS / 1000} s of the last write; rename → delivery p50 ${p(0.5)} ms, p99 ${p(0.99)} ms, max ${latencies.at(-1)} ms; ${cpuNote} ${(idleCpu * 100).toFixed(2)} %`);
  return { delivered, total: ids.length, p99: p(0.99), idleCpu };
}

const root = mkdtempSync(join(tmpdir(), 'wd-watch-bench-'));
const rx = await startReceiver();
try {
  console.log(`${RATE} alerts/s for ${SECONDS} s written by another process, receiver answering after 20 ms`);
  const spool = (name) => {
    const dir = join(root, name);
    mkdirSync(join(dir, 'tmp'), { recursive: true });
    return dir;
  };
  const py = process.env.WATCH_BENCH_ONLY === 'wd' ? { p99: NaN } : await phase('python loop (process_queue, sleep 1 s)', rx, spool('python'), 'py', (dir) => spawn('python3', ['-c', POLLER, dir, rx.url], { stdio: 'ignore' }));
  const wd = await phase('webhook-doctor flush --watch --concurrency 8', rx, spool('wd'), 'wd', (dir) => spawn(process.execPath, [BIN, 'flush', dir, '--url', rx.url, '--watch', '--concurrency', '8'], { stdio: 'ignore', env }));
  const ok = wd.delivered === wd.total && wd.p99 < 1000 && wd.idleCpu < 0.01;
  console.log(`  ratio of p99 latencies ${(py.p99 / wd.p99).toFixed(1)}×  (targets: all delivered, p99 < 1000 ms, idle CPU < 1 %)${ok ? '' : '  — TARGET MISSED'}`);
  process.exitCode = ok ? 0 : 1;
} finally {
  rx.stop();
  rmSync(root, { recursive: true, force: true });
}
