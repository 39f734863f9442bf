// `completion bash|zsh|fish`: scripts made by walking the commander program, checked in a real bash
// (complete -p, the completion function run as bash runs it on <Tab>); zsh and fish scripts for their words.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.js';
import { program } from '../../src/cli.js';
import { completionTree } from '../../src/commands/completion.js';
import { bashScript } from '../../src/ui/completion.js';
import { profileNames } from '../../src/profiles/index.js';
import { SCHEME_NAMES } from '../../src/signatures/index.js';

const work = mkdtempSync(join(tmpdir(), 'wd-completion-'));
process.on('exit', () => rmSync(work, { recursive: true, force: true }));
writeFileSync(join(work, 'ca.pem'), 'x');

/** What bash offers for the words typed so far (the last one is the word under the cursor). */
function complete(script: string, typed: string[]): string[] {
  const words = ['webhook-doctor', ...typed].map((w) => `'${w.replace(/'/g, `'\\''`)}'`).join(' ');
  writeFileSync(join(work, 'wd.bash'), script);
  const out = execFileSync('bash', ['--norc', '--noprofile', '-c', `source "$1"\nCOMP_WORDS=(${words}); COMP_CWORD=$((\${#COMP_WORDS[@]} - 1))\n_webhook_doctor_complete\nprintf '%s\\n' "\${COMPREPLY[@]}"`, 'bash', join(work, 'wd.bash')], { cwd: work, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  return out.split('\n').filter(Boolean);
}

test('bash: the script registers with complete, and offers every command of the program, its flags, profiles and schemes', async () => {
  const r = await runCli(['completion', 'bash']);
  assert.equal(r.code, 0, r.stderr);
  writeFileSync(join(work, 'wd.bash'), r.stdout);
  const registered = execFileSync('bash', ['--norc', '--noprofile', '-c', `source "$1"; complete -p webhook-doctor`, 'bash', join(work, 'wd.bash')], { encoding: 'utf8' });
  assert.match(registered, /complete -o default -F _webhook_doctor_complete webhook-doctor/);

  const top = complete(r.stdout, ['']);
  for (const c of program.commands) assert.ok(top.includes(c.name()), `${c.name()} offered: ${top.join(' ')}`);
  assert.deepEqual(complete(r.stdout, ['send', '--prof']), ['--profile']);
  assert.deepEqual(complete(r.stdout, ['send', 'https://example.com/hooks', '--profile', '']), [...profileNames]);
  assert.deepEqual(complete(r.stdout, ['verify', '--scheme', 's']), SCHEME_NAMES.filter((s) => s.startsWith('s')));
  assert.deepEqual(complete(r.stdout, ['queue', '']).filter((w) => !w.startsWith('-')), ['add', 'list', 'show', 'retry', 'purge']);
  assert.ok(complete(r.stdout, ['queue', 'purge', '--']).includes('--dead'));
  assert.ok(complete(r.stdout, ['queue', 'add', './spool', '--url', 'https://x/h', '--']).includes('--data'));
  assert.deepEqual(complete(r.stdout, ['doctor', '--cacert', 'ca']), ['ca.pem']);
  // Positional arguments: profiles show <name>, completion <shell>, a spool folder; an option's value is no positional.
  assert.deepEqual(complete(r.stdout, ['profiles', '']), ['show']);
  assert.deepEqual(complete(r.stdout, ['profiles', 'show', '']), [...profileNames]);
  assert.deepEqual(complete(r.stdout, ['profiles', '--json', 'show', 'sh']), profileNames.filter((n) => n.startsWith('sh')));
  assert.deepEqual(complete(r.stdout, ['completion', '']), ['bash', 'zsh', 'fish']);
  assert.deepEqual(complete(r.stdout, ['queue', 'list', 'c']), []); // a folder: ca.pem is a file
  // An option's value is skipped when finding the command: `--profile queue` is not the queue command.
  assert.ok(complete(r.stdout, ['send', '--profile', 'parapet', '--']).includes('--spool'));
});

test('a command added to the program appears in the completion without touching the generator', () => {
  program.command('zz-added-by-another-helper').description('x').option('--zz-flag <file>', 'a file');
  const tree = completionTree(program);
  const added = tree.subcommands.find((c) => c.name === 'zz-added-by-another-helper');
  assert.ok(added);
  assert.deepEqual(added!.options, [{ flags: ['--zz-flag'], description: 'a file', value: 'file' }]);
  const script = bashScript({ program: 'webhook-doctor', root: tree, profiles: profileNames, schemes: SCHEME_NAMES });
  writeFileSync(join(work, 'wd.bash'), script);
  assert.ok(complete(script, ['']).includes('zz-added-by-another-helper'));
  assert.deepEqual(complete(script, ['zz-added-by-another-helper', '--zz-flag', 'ca']), ['ca.pem']);
});

const has = (shell: string) => { try { execFileSync('sh', ['-c', `command -v ${shell}`]); return true; } catch { return false; } };

test('zsh: the function offers what bash offers (compadd and _files stubbed to print what they are given)', { skip: has('zsh') ? false : 'no zsh here (.ci/run installs it)' }, async () => {
  const script = (await runCli(['completion', 'zsh'])).stdout;
  writeFileSync(join(work, 'wd.zsh'), script);
  execFileSync('zsh', ['-n', join(work, 'wd.zsh')]);
  const offer = (typed: string[]) => {
    const words = ['webhook-doctor', ...typed].map((w) => `'${w}'`).join(' ');
    const out = execFileSync('zsh', ['-f', '-c', `compdef() {}; compadd() { [[ $1 == -- ]] && shift; print -l -- "$@" }; _files() { print -- "<files>" }; source "$1"; words=(${words}); CURRENT=${typed.length + 1}; _webhook_doctor`, 'zsh', join(work, 'wd.zsh')], { encoding: 'utf8' });
    return out.split('\n').filter(Boolean);
  };
  assert.deepEqual(offer(['send', '--profile', '']), [...profileNames]);
  assert.deepEqual(offer(['']), program.commands.filter((c) => !c.name().startsWith('zz-')).map((c) => c.name()));
  assert.deepEqual(offer(['queue', '']), ['add', 'list', 'show', 'retry', 'purge']);
  assert.ok(offer(['queue', 'add', './spool', '--']).includes('--url'));
  assert.deepEqual(offer(['doctor', '--cacert', '']), ['<files>']);
  assert.deepEqual(offer(['profiles', 'show', '']), [...profileNames]);
  assert.deepEqual(offer(['completion', '']), ['bash', 'zsh', 'fish']);
});

test('fish: complete -C answers with the commands, flags, profiles and schemes', { skip: has('fish') ? false : 'no fish here (.ci/run installs it)' }, async () => {
  const script = (await runCli(['completion', 'fish'])).stdout;
  writeFileSync(join(work, 'wd.fish'), script);
  execFileSync('fish', ['-n', join(work, 'wd.fish')]);
  const offer = (line: string) => execFileSync('fish', ['--no-config', '-c', `source $argv[1]; complete -C ${JSON.stringify(line)}`, join(work, 'wd.fish')], { encoding: 'utf8' })
    .split('\n').filter(Boolean).map((l) => l.split('\t')[0]!);
  assert.deepEqual(offer('webhook-doctor send --profile ').sort(), [...profileNames].sort());
  for (const c of program.commands.filter((c) => !c.name().startsWith('zz-'))) assert.ok(offer('webhook-doctor ').includes(c.name()), c.name());
  assert.deepEqual(offer('webhook-doctor queue ').sort(), ['add', 'list', 'purge', 'retry', 'show']);
  assert.deepEqual(offer('webhook-doctor sign --scheme s').sort(), SCHEME_NAMES.filter((n) => n.startsWith('s')).sort());
  assert.ok(offer('webhook-doctor queue purge --').includes('--dead'));
  assert.deepEqual(offer('webhook-doctor profiles ').filter((w) => !w.startsWith('-')), ['show']);
  assert.deepEqual(offer('webhook-doctor profiles show ').sort(), [...profileNames].sort());
  assert.deepEqual(offer('webhook-doctor completion ').sort(), ['bash', 'fish', 'zsh']);
});

test('zsh and fish scripts name every command, the profiles and the schemes; an unknown shell is a usage error', async () => {
  const zsh = await runCli(['completion', 'zsh']);
  assert.equal(zsh.code, 0);
  assert.match(zsh.stdout, /^#compdef webhook-doctor/);
  assert.match(zsh.stdout, /compdef _webhook_doctor webhook-doctor/);
  const fish = await runCli(['completion', 'fish']);
  assert.equal(fish.code, 0);
  for (const c of program.commands.filter((c) => !c.name().startsWith('zz-'))) {
    assert.match(zsh.stdout, new RegExp(`'${c.name()}'`));
    assert.match(fish.stdout, new RegExp(`-a ${c.name()} `));
  }
  for (const s of [zsh.stdout, fish.stdout]) {
    assert.ok(profileNames.every((p) => s.includes(p)));
    assert.ok(SCHEME_NAMES.every((n) => s.includes(n)));
  }
  assert.match(fish.stdout, /complete -c webhook-doctor -n '__fish_seen_subcommand_from send' -l profile -x -a 'generic/);
  const bad = await runCli(['completion', 'tcsh']);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /no completion for "tcsh": bash, zsh or fish/);
});
