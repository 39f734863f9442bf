// The fixes of the entries this knowledge base added for real clients' output: every webhook-doctor command in
// them uses a command and flags that exist (read from the built CLI's --help), and names no file a user lacks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { protocolEntries } from '../../src/kb/entries/protocol.js';
import { transportEntries } from '../../src/kb/entries/transport.js';
import { trustEntries } from '../../src/kb/entries/trust.js';
import { proxyEntries } from '../../src/kb/entries/proxy.js';
import { edgeEntries } from '../../src/kb/entries/edges.js';
import { ownCodeEntries } from '../../src/kb/entries/own-codes.js';
import { getEntry } from '../../src/kb/index.js';

const entries = [...protocolEntries, ...transportEntries, ...trustEntries, ...proxyEntries, ...edgeEntries, ...ownCodeEntries];
const helpCache = new Map<string, string>();
function help(words: string[]): string {
  const key = words.join(' ');
  if (!helpCache.has(key)) helpCache.set(key, execFileSync(process.execPath, ['bin/webhook-doctor.js', ...words, '--help'], { encoding: 'utf8' }));
  return helpCache.get(key)!;
}

test('every webhook-doctor command in the new entries uses real subcommands and flags', () => {
  const commands = entries.flatMap((e) => e.fixes.flatMap((f) => (f.command ? f.command.split(' && ') : []).map((c) => ({ key: e.key, c }))));
  const ours = commands.filter(({ c }) => c.startsWith('webhook-doctor '));
  assert.ok(ours.length > 20);
  for (const { key, c } of ours) {
    const words = c.split(/\s+/).slice(1);
    const sub = words[0] === 'queue' ? words.slice(0, 2) : words.slice(0, 1);
    const text = help(sub);
    for (const flag of c.match(/(?<=\s)--?[a-zA-Z][\w-]*/g) ?? []) {
      assert.ok(new RegExp(`(^|[\\s,])${flag}\\b`).test(text), `${key}: ${c}: ${sub.join(' ')} has no ${flag}`);
    }
    if (sub[0] === 'explain') assert.ok(getEntry(words[1]!), `${key}: explain ${words[1]} has no entry`);
  }
});

test('fix commands start with a tool the user has and read no file the user was never told to make', () => {
  for (const e of entries) {
    for (const f of e.fixes) {
      if (!f.command) continue;
      assert.match(f.command, /^(webhook-doctor|curl|openssl|nslookup) /, `${e.key}: ${f.command}`);
      // Only the ERR_OSSL entry is about a user's own cert.pem / key.pem, which it names in its meaning.
      const files = f.command.match(/(?:@|-in |--cacert |--cert |--key )(\S+\.(?:pem|json|der|key))/g) ?? [];
      if (e.key !== 'ERR_OSSL') assert.deepEqual(files, [], `${e.key}: ${f.command}`);
    }
  }
});
