// Start-up: `webhook-doctor explain 429` against `node -e 0`, run alternately so both see the same
// machine load; median wall time of each and their ratio. Target: at most 1.25× node's own start.
// Needs a build (npm run bench builds first). BENCH_RUNS sets the runs per side (default 40). The start of
// send (--print-curl: options, body, headers, no network) and of flush (an empty spool) is measured beside
// them against the same baseline; BENCH_BIN runs another build's launcher (e.g. main's) to compare.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const bin = process.env.BENCH_BIN || fileURLToPath(new URL('../../bin/webhook-doctor.js', import.meta.url));
const emptySpool = mkdtempSync(join(tmpdir(), 'wd-bench-spool-'));
const runs = Number(process.env.BENCH_RUNS) || 40;
const target = 1.25;
const sides = {
  'node -e 0': [process.execPath, ['-e', '0']],
  'webhook-doctor explain 429': [process.execPath, [bin, 'explain', '429']],
  'send --print-curl': [process.execPath, [bin, 'send', 'http://127.0.0.1:1/hooks', '-d', '{"a":1}', '--timeout', '10', '--print-curl']],
  'flush (empty spool)': [process.execPath, [bin, 'flush', emptySpool, '--timeout', '10']],
};

function timeOnce([cmd, args]) {
  const start = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return ms;
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

for (const side of Object.values(sides)) for (let i = 0; i < 3; i++) timeOnce(side); // warm the file cache
const times = Object.fromEntries(Object.keys(sides).map((k) => [k, []]));
for (let i = 0; i < runs; i++) {
  // Alternate which side goes first, so neither always runs right after the other.
  const order = i % 2 ? Object.keys(sides).reverse() : Object.keys(sides);
  for (const name of order) times[name].push(timeOnce(sides[name]));
}
const [base, ours, send, flush] = Object.keys(sides).map((k) => median(times[k]));
const ratio = ours / base;
for (const [name, xs] of Object.entries(times)) {
  console.log(`${name.padEnd(28)} median ${median(xs).toFixed(1)} ms  (min ${Math.min(...xs).toFixed(1)}, ${xs.length} runs)`);
}
// A figure that machine load cannot blur: how many of Node's internal modules each side loads.
const preload = join(mkdtempSync(join(tmpdir(), 'wd-bench-')), 'count-modules.cjs');
writeFileSync(preload, "process.on('exit', () => require('fs').writeSync(2, 'modules=' + process.moduleLoadList.length + '\\n'));\n");
for (const [name, [cmd, args]] of Object.entries(sides)) {
  const r = spawnSync(cmd, ['-r', preload, ...args], { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
  console.log(`${name.padEnd(28)} ${/modules=(\d+)/.exec(r.stderr)?.[1] ?? '?'} internal modules loaded, ${r.stdout.length} bytes printed`);
}
rmSync(dirname(preload), { recursive: true, force: true });
rmSync(emptySpool, { recursive: true, force: true });
console.log(`send --print-curl ${(send / base).toFixed(2)}×, flush (empty spool) ${(flush / base).toFixed(2)}× node -e 0 (no target: compare builds with BENCH_BIN)`);
console.log(`ratio ${ratio.toFixed(2)}× (target ≤ ${target}×) ${ratio <= target ? 'met' : 'MISSED'}`);
process.exitCode = ratio <= target ? 0 : 1;
