// `history --grep <word>` over a store of 10,000 captures vs `grep -rl <word>` over the same store folder.
// Both read every byte (the word is in 1% of the captures, so grep -l cannot stop early on most files).
// Target: webhook-doctor within 2x of grep's time (start-up included, both sides).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../../bin/webhook-doctor.js', import.meta.url));
const TARGET = 2;
const CAPTURES = 10_000;
const ROUNDS = 7;
const WORD = 'needle-7f3a';

const dir = mkdtempSync(join(tmpdir(), 'wd-bench-history-'));
const store = join(dir, 'history');
try {
  // A store as listen leaves it: 10,000 webhook captures of ~1 KB, imported from listen --json lines.
  const lines = [];
  for (let i = 0; i < CAPTURES; i++) {
    const body = JSON.stringify({ id: `evt_${i}`, type: i % 3 ? 'invoice.paid' : 'customer.created', created: 1700000000 + i, data: { object: { id: `in_${i}`, amount: i * 7, currency: 'eur', description: i % 100 === 42 ? `order ${WORD}` : `order ${i}`, lines: Array.from({ length: 8 }, (_, j) => ({ sku: `sku-${(i * 31 + j) % 997}`, qty: j + 1 })) } } });
    const receivedAt = new Date(Date.UTC(2026, 10, 22, 10, 0, 0) + i * 10).toISOString();
    lines.push(JSON.stringify({ event: 'request', seq: i + 1, id: `${receivedAt.replace(/:/g, '-')}-${i + 1}`, receivedAt, remoteAddress: '127.0.0.1', method: 'POST', target: '/hooks', httpVersion: '1.1', rawHeaders: [['Host', '127.0.0.1:8080'], ['User-Agent', 'Stripe/1.0'], ['Content-Type', 'application/json'], ['Stripe-Signature', `t=1700000000,v1=${'ab'.repeat(32)}`]], bodyBytes: body.length, body, bodyEncoding: 'utf8', findings: [], answer: { kind: 'respond', status: 200, ms: 0.4 } }));
  }
  const file = join(dir, 'captures.ndjson');
  writeFileSync(file, lines.join('\n') + '\n');
  const imported = spawnSync(process.execPath, [BIN, 'history', 'import', file, '--history', store], { encoding: 'utf8' });
  if (imported.status !== 0) throw new Error(`import failed: ${imported.stderr}`);

  const time = (cmd, args) => {
    const t = process.hrtime.bigint();
    const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 1 << 28 });
    const ms = Number(process.hrtime.bigint() - t) / 1e6;
    if (r.status !== 0) throw new Error(`${cmd} failed: ${r.stderr}`);
    return { ms, out: r.stdout };
  };
  const grepRuns = [];
  const grepAllRuns = [];
  const wdRuns = [];
  const emptyRuns = [];
  const empty = join(dir, 'empty');
  let found = 0;
  for (let round = 0; round < ROUNDS; round++) {
    grepRuns.push(time('grep', ['-rl', WORD, store]).ms);
    grepAllRuns.push(time('grep', ['-rc', WORD, store]).ms);
    emptyRuns.push(time(process.execPath, [BIN, 'history', '--grep', WORD, '--history', empty, '--json']).ms);
    const wd = time(process.execPath, [BIN, 'history', '--grep', WORD, '--history', store, '--json']);
    wdRuns.push(wd.ms);
    found = wd.out.split('\n').filter(Boolean).length;
  }
  const best = (xs) => Math.min(...xs);
  const g = best(grepRuns);
  const w = best(wdRuns);
  const ratio = w / g;
  console.log(`store: ${CAPTURES} captures (${imported.stdout.trim()}); the word is in ${CAPTURES / 100} of them; best of ${ROUNDS} runs each`);
  console.log(`baseline  grep -rl ${WORD} <store>                 ${g.toFixed(1).padStart(8)} ms`);
  console.log(`history   webhook-doctor history --grep ${WORD} --json ${w.toFixed(1).padStart(8)} ms  (${found} captures listed)`);
  const e = best(emptyRuns);
  console.log(`context   grep -rc (reads every byte, counts every match)   ${best(grepAllRuns).toFixed(1).padStart(8)} ms`);
  console.log(`context   webhook-doctor on an empty store (start-up only)  ${e.toFixed(1).padStart(8)} ms; the search itself ${(w - e).toFixed(1)} ms`);
  console.log(`ratio     ${ratio.toFixed(2)}x the time of grep (target <= ${TARGET}x)  ${ratio <= TARGET ? 'PASS' : 'MISS'}`);
  if (found !== CAPTURES / 100) throw new Error(`expected ${CAPTURES / 100} captures, got ${found}`);
  process.exitCode = ratio <= TARGET ? 0 : 1;
} finally {
  if (!process.env.KEEP) rmSync(dir, { recursive: true, force: true }); else console.log(dir);
}
