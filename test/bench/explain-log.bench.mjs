// `explain -` over a generated 100 MB mixed log (successes, failures from many clients and senders, noise)
// against `grep -ciE` over the same file, run alternately; median wall time of each, their ratio, and the
// peak RSS of webhook-doctor. Targets: at most 4× grep, peak RSS under 80 MB. BENCH_MB sets the size.
import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const bin = fileURLToPath(new URL('../../bin/webhook-doctor.js', import.meta.url));
const megabytes = Number(process.env.BENCH_MB) || 100;
const runs = Number(process.env.BENCH_RUNS) || 3;
const targetRatio = 4;
const targetRss = 80;

const dir = mkdtempSync(join(tmpdir(), 'wd-bench-log-'));
const logFile = join(dir, 'mixed.log');
const preload = join(dir, 'rss.cjs');
writeFileSync(preload, "process.on('exit', () => require('fs').writeSync(2, 'maxrss=' + process.resourceUsage().maxRSS + '\\n'));\n");

// One line in ten fails; the rest are successes and noise, as in a real delivery log.
const failures = [
  "curl: (7) Failed to connect to 127.0.0.1 port 9 after 0 ms: Couldn't connect to server",
  'curl: (52) Empty reply from server',
  'curl: (28) Operation timed out after 10001 milliseconds with 0 bytes received',
  "requests.exceptions.ReadTimeout: HTTPConnectionPool(host='127.0.0.1', port=8080): Read timed out. (read timeout=10)",
  'urllib.error.URLError: <urlopen error [Errno 111] Connection refused>',
  'Post "https://hooks.example.com/hooks": context deadline exceeded (Client.Timeout exceeded while awaiting headers)',
  'Post "https://127.0.0.1:8443/hooks": tls: failed to verify certificate: x509: certificate signed by unknown authority',
  'Error: read ECONNRESET',
  'TypeError: fetch failed [cause]: SocketError: other side closed',
  'javax.net.ssl.SSLHandshakeException: PKIX path building failed',
  'delivery 4411 failed: HTTP/1.1 503 Service Unavailable',
  'webhook answered status=429 retry_after=30',
  'ERR_NGROK_3200 The endpoint abc.ngrok-free.app is offline.',
  'example.com | 524: A timeout occurred',
];
const others = [
  (i) => `127.0.0.1 - - [01/Dec/2026:07:00:00 +0000] "POST /hooks/${i % 97} HTTP/1.1" 200 2 "-" "GitHub-Hookshot/5f2c1e9"`,
  (i) => `level=info msg="delivered" id=evt_${i} status=204 duration=12ms attempt=1`,
  (i) => `level=debug msg="queue depth" depth=${i % 13} worker=${i % 4} host=10.0.0.${i % 250} port=443 file=protocol.rb:227`,
  (i) => `{"level":"info","msg":"received webhook","event":"push","delivery":"${i}","bytes":${i % 4096}}`,
];
const fd = openSync(logFile, 'w');
let written = 0;
let buffer = '';
for (let i = 0; written < megabytes * 1024 * 1024; i++) {
  const t = `2026-12-01T07:${String((i / 60000) % 60 | 0).padStart(2, '0')}:${String((i / 1000) % 60 | 0).padStart(2, '0')}.${String(i % 1000).padStart(3, '0')}Z`;
  const line = i % 10 === 9 ? `${t} ERROR ${failures[(i / 10 | 0) % failures.length]}` : `${t} ${others[i % others.length](i)}`;
  buffer += line + '\n';
  if (buffer.length > 1 << 20) { writeSync(fd, buffer); written += buffer.length; buffer = ''; }
}
writeSync(fd, buffer);
closeSync(fd);

const grepPattern = 'error|fail|refused|reset|timed? ?out|exceeded|HTTP/1\\.[01]"? [45][0-9][0-9]|status=[45][0-9][0-9]|ERR_NGROK|52[0-9]:';
const sides = {
  'grep -ciE': () => spawnSync('grep', ['-ciE', grepPattern, logFile], { encoding: 'utf8' }),
  'webhook-doctor explain -': () => spawnSync(process.execPath, ['-r', preload, bin, 'explain', '-', '--json'], {
    stdio: [openSync(logFile, 'r'), 'pipe', 'pipe'], encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, maxBuffer: 64 * 1024 * 1024,
  }),
};
const times = { 'grep -ciE': [], 'webhook-doctor explain -': [] };
let rss = 0;
let report;
for (let i = 0; i < runs; i++) {
  for (const name of i % 2 ? Object.keys(sides).reverse() : Object.keys(sides)) {
    const start = process.hrtime.bigint();
    const r = sides[name]();
    times[name].push(Number(process.hrtime.bigint() - start) / 1e6);
    if (name.startsWith('webhook')) {
      if (r.status !== 0) throw new Error(`explain - exited ${r.status}: ${r.stderr}`);
      rss = Math.max(rss, Number(/maxrss=(\d+)/.exec(r.stderr)?.[1] ?? 0) / 1024);
      report = JSON.parse(r.stdout);
    } else if (i === 0) console.log(`grep counted ${r.stdout.trim()} matching lines`);
  }
}
rmSync(dir, { recursive: true, force: true });
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
for (const [name, xs] of Object.entries(times)) console.log(`${name.padEnd(26)} median ${median(xs).toFixed(0)} ms  (${xs.length} runs)`);
console.log(`explain read ${report.lines} lines: ${report.failures} failures in ${report.summary.length} kinds, ${report.successes} successes`);
const ratio = median(times['webhook-doctor explain -']) / median(times['grep -ciE']);
console.log(`peak RSS ${rss.toFixed(1)} MB (target < ${targetRss} MB) ${rss < targetRss ? 'met' : 'MISSED'}`);
console.log(`ratio ${ratio.toFixed(2)}× (target ≤ ${targetRatio}×) ${ratio <= targetRatio ? 'met' : 'MISSED'}`);
process.exitCode = ratio <= targetRatio && rss < targetRss ? 0 : 1;
