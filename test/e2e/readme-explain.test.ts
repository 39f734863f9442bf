// Every example in the README's explain section, run as written (through sh, with webhook-doctor on PATH):
// the lines the README shows must come out, in order ("…" stands for lines left out).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN } from '../helpers/cli.js';

const readme = readFileSync('README.md', 'utf8');
const section = readme.slice(readme.indexOf('<!-- section:explain -->'), readme.indexOf('<!-- /section:explain -->'));
const blocks = [...section.matchAll(/```console\n([\s\S]*?)```/g)].map((m) => m[1]!);
const examples: Array<{ command: string; shown: string[] }> = [];
for (const block of blocks) {
  for (const part of block.split(/^\$ /m).slice(1)) {
    const [command, ...shown] = part.replace(/\n$/, '').split('\n');
    examples.push({ command: command!, shown });
  }
}

const bin = mkdtempSync(join(tmpdir(), 'wd-readme-'));
writeFileSync(join(bin, 'webhook-doctor'), `#!/bin/sh\nexec "${process.execPath}" "${BIN}" "$@"\n`);
chmodSync(join(bin, 'webhook-doctor'), 0o755);
process.on('exit', () => rmSync(bin, { recursive: true, force: true }));

test('the README\'s explain section has examples of pasted lines and of a triaged log', () => {
  assert.ok(examples.length >= 6, `${examples.length} examples`);
  assert.ok(examples.some((e) => e.command.endsWith('| webhook-doctor explain -')));
});

for (const { command, shown } of examples) {
  test(`README: $ ${command.slice(0, 90)}`, () => {
    const r = spawnSync('sh', ['-c', command], { encoding: 'utf8', env: { ...process.env, PATH: `${bin}:${process.env.PATH}`, NO_COLOR: '1' }, timeout: 30_000 });
    const out = (r.stdout + r.stderr).split('\n').map((l) => l.trimEnd());
    let at = 0;
    for (const line of shown) {
      if (line.trim() === '…' || line.trim() === '') continue;
      const found = out.indexOf(line.trimEnd(), at);
      assert.ok(found >= 0, `missing, in order: "${line}"\n--- got:\n${out.join('\n')}`);
      at = found + 1;
    }
  });
}
