// Bench: one `webhook-doctor send <url> -d '{"a":1}'` against httpie's `http POST <url> a=1`, with curl and a
// bare node:http script beside them, all POSTing to the same loopback server; median wall time of interleaved runs.
// Target: webhook-doctor at most 0.65 × httpie.
import http from 'node:http';
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const TARGET = 0.65;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 15);
const WARMUP = 2;
const bin = fileURLToPath(new URL('../../bin/webhook-doctor.js', import.meta.url));

function ensureHttpie() {
  if (spawnSync('http', ['--version'], { stdio: 'ignore' }).status === 0) return;
  console.log('installing httpie (Debian package httpie)…');
  spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
  const r = spawnSync('apt-get', ['install', '-y', '-qq', 'httpie'], { stdio: 'inherit' });
  if (r.status !== 0) {
    console.error('could not install httpie');
    process.exit(1);
  }
}

ensureHttpie();

let received = 0;
const server = http.createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    received++;
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"ok":true}');
  });
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const url = `http://127.0.0.1:${server.address().port}/hooks`;

const dir = mkdtempSync(join(tmpdir(), 'wd-bench-'));
const bare = join(dir, 'bare.mjs');
writeFileSync(bare, `import http from 'node:http';
const req = http.request(process.argv[2], { method: 'POST', headers: { 'content-type': 'application/json' } }, (res) => {
  const chunks = [];
  res.on('data', (c) => chunks.push(c));
  res.on('end', () => console.log(res.statusCode, Buffer.concat(chunks).toString()));
});
req.end('{"a":1}');
`);

const tools = {
  'webhook-doctor': [process.execPath, [bin, 'send', url, '-d', '{"a":1}']],
  httpie: ['http', ['--ignore-stdin', 'POST', url, 'a=1']],
  curl: ['curl', ['-sS', '-H', 'Content-Type: application/json', '-d', '{"a":1}', url]],
  'node:http': [process.execPath, [bare, url]],
};

// Spawned asynchronously: the server under test lives in this process and must keep answering.
function timeOnce(cmd, args) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = performance.now() - started;
      if (code !== 0) reject(new Error(`${cmd} ${args.join(' ')} exited ${code}: ${stderr}`));
      else resolve(ms);
    });
  });
}

const times = Object.fromEntries(Object.keys(tools).map((k) => [k, []]));
try {
  for (let round = 0; round < WARMUP + ROUNDS; round++) {
    // Rotate the order each round so no tool always runs right after another.
    const names = Object.keys(tools);
    const order = names.map((_, i) => names[(i + round) % names.length]);
    for (const name of order) {
      const [cmd, args] = tools[name];
      const ms = await timeOnce(cmd, args);
      if (round >= WARMUP) times[name].push(ms);
    }
  }
} finally {
  server.close();
  rmSync(dir, { recursive: true, force: true });
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const med = Object.fromEntries(Object.entries(times).map(([k, v]) => [k, median(v)]));
console.log(`one POST to ${url}, median of ${ROUNDS} interleaved runs (after ${WARMUP} warm-up rounds); ${received} requests received`);
for (const [name, ms] of Object.entries(med)) console.log(`  ${name.padEnd(15)} ${ms.toFixed(1).padStart(7)} ms`);
const ratio = med['webhook-doctor'] / med.httpie;
console.log(`  ratio webhook-doctor / httpie = ${ratio.toFixed(2)} (target ≤ ${TARGET})`);
console.log(`  command: node ${bin} send ${url} -d '{"a":1}'   vs   http POST ${url} a=1`);
process.exitCode = ratio <= TARGET ? 0 : 1;
