// Runs every test/bench/*.bench.mjs in turn (or those named on the command line) and prints
// what each measured: the baseline and webhook-doctor side by side, and their ratio.
import { readdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const dir = fileURLToPath(new URL('.', import.meta.url));
const only = process.argv.slice(2);
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.bench.mjs'))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort();
let failed = 0;
for (const f of files) {
  console.log(`\n=== ${f}`);
  const r = spawnSync(process.execPath, [dir + f], { stdio: 'inherit' });
  if (r.status !== 0) failed++;
}
console.log(`\n${files.length} benchmarks run, ${failed} did not meet their target`);
process.exitCode = failed ? 1 : 0;
