// verify on a large body vs `openssl dgst -sha256 -hmac` on the same file, side by side:
// median wall time of 3 alternating runs and peak RSS (/usr/bin/time -f %M), at 1 GiB and 200 MiB.
// Target at 1 GiB: webhook-doctor within 1.2x openssl's wall time, peak RSS under 150 MB.
import { spawnSync } from 'node:child_process';
import { createHmac, randomBytes } from 'node:crypto';
import { closeSync, existsSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../../bin/webhook-doctor.js', import.meta.url));
const SECRET = 'bench-secret';
const RUNS = 3;
const MiB = 1024 * 1024;

function ensureTool(cmd, pkg) {
  if (spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0) return;
  spawnSync('apt-get', ['update'], { stdio: 'inherit' });
  spawnSync('apt-get', ['install', '-y', pkg], { stdio: 'inherit' });
}

function writeBody(path, bytes) {
  const block = randomBytes(MiB);
  const fd = openSync(path, 'w');
  for (let left = bytes; left > 0; left -= MiB) writeSync(fd, block, 0, Math.min(MiB, left));
  closeSync(fd);
}

function hmacOfFile(path) {
  const h = createHmac('sha256', SECRET);
  const fd = openSync(path, 'r');
  const buf = Buffer.allocUnsafe(4 * MiB);
  let n;
  while ((n = readSync(fd, buf, 0, buf.length, null)) > 0) h.update(buf.subarray(0, n));
  closeSync(fd);
  return h.digest('hex');
}

/** Wall seconds and peak RSS (MB) of one run, through /usr/bin/time. */
function timed(argv, expectCode) {
  const start = process.hrtime.bigint();
  const r = spawnSync('/usr/bin/time', ['-f', '%M', ...argv], { encoding: 'utf8', maxBuffer: 16 * MiB });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (r.status !== expectCode) throw new Error(`${argv.join(' ')} exited ${r.status}: ${r.stderr}`);
  const kb = Number(r.stderr.trim().split('\n').at(-1));
  return { seconds, rssMb: kb / 1024 };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function measure(path) {
  const sig = hmacOfFile(path);
  const openssl = ['openssl', 'dgst', '-sha256', '-hmac', SECRET, path];
  const wd = [process.execPath, BIN, 'verify', '--secret', SECRET, '--body', `@${path}`, '-H', `X-Signature: sha256=${sig}`];
  // One untimed run each: both start from a warm page cache.
  timed(openssl, 0);
  timed(wd, 0);
  const o = [];
  const w = [];
  for (let i = 0; i < RUNS; i++) {
    o.push(timed(openssl, 0));
    w.push(timed(wd, 0));
  }
  return {
    openssl: median(o.map((x) => x.seconds)),
    wd: median(w.map((x) => x.seconds)),
    opensslRss: Math.max(...o.map((x) => x.rssMb)),
    wdRss: Math.max(...w.map((x) => x.rssMb)),
  };
}

ensureTool('openssl', 'openssl');
if (!existsSync('/usr/bin/time')) ensureTool('/usr/bin/time', 'time');
if (!existsSync(BIN)) throw new Error('build first: npm run build');

const dir = mkdtempSync('/tmp/wd-verify-bench-');
let ok = true;
try {
  const sizes = [['1 GiB', 1024 * MiB, true], ['200 MiB', 200 * MiB, false]];
  console.log('body      openssl dgst -hmac   webhook-doctor verify   ratio   peak RSS (wd / openssl)');
  for (const [label, bytes, target] of sizes) {
    const path = join(dir, `body-${bytes}.bin`);
    writeBody(path, bytes);
    const m = measure(path);
    const ratio = m.wd / m.openssl;
    const pass = ratio <= 1.2 && m.wdRss < 150;
    if (target && !pass) ok = false;
    console.log(
      `${label.padEnd(9)} ${m.openssl.toFixed(3).padStart(8)} s ${m.wd.toFixed(3).padStart(19)} s ${ratio.toFixed(2).padStart(9)}x   ${m.wdRss.toFixed(0)} MB / ${m.opensslRss.toFixed(0)} MB` +
        (target ? `   target <=1.2x, <150 MB: ${pass ? 'met' : 'MISSED'}` : '   (reported, no target)'),
    );
    rmSync(path);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
console.log(`median of ${RUNS} alternating runs each; command: npm run bench -- verify`);
process.exitCode = ok ? 0 : 1;
