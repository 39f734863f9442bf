// Every `webhook-doctor …` command the knowledge base and the commands can print parses with the CLI's own
// commander program, names known profiles and schemes, and names no file that is not there (unless the same
// command line makes it first). Parsing goes through setRunner: nothing runs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Command, CommanderError } from 'commander';
import { program, setRunner } from '../../src/cli.js';
import { entries } from '../../src/kb/index.js';
import { personalise } from '../../src/ui/hints.js';
import { profiles } from '../../src/profiles/index.js';
import { SCHEME_NAMES } from '../../src/signatures/index.js';

let parsed: Array<{ name: string; opts: Record<string, unknown>; args: unknown[] }> = [];
setRunner(async (name, input) => {
  parsed.push({ name, ...input });
  return 0;
});
const silence = (c: Command) => {
  c.configureOutput({ writeOut: () => {}, writeErr: () => {}, outputError: () => {} });
  c.commands.forEach(silence);
};
silence(program);

/** Shell words of one command, quotes removed (enough for the commands we print: no nested quoting). */
function words(line: string): string[] {
  const out: string[] = [];
  const re = /'((?:[^']|'\\'')*)'|"([^"]*)"|(\S+)/g;
  for (const m of line.matchAll(re)) out.push(m[1] !== undefined ? m[1].replace(/'\\''/g, "'") : m[2] ?? m[3]!);
  return out;
}

/** The `webhook-doctor …` commands of a shell line (split at ;, &&, ||, |), and the paths the line creates. */
function commandsOf(line: string): { commands: string[][]; made: string[] } {
  const made = [...line.matchAll(/> *(\S+)/g)].map((m) => m[1]!);
  const commands: string[][] = [];
  for (const part of line.split(/ ?(?:;|&&|\|\||\|) /)) {
    const w = words(part.replace(/\s*>\s*\S+/g, '').trim());
    const i = w.indexOf('webhook-doctor');
    if (i === 0) commands.push(w.slice(1));
    const save = w.indexOf('--save');
    if (save >= 0 && w[save + 1]) made.push(w[save + 1]!);
  }
  return { commands, made };
}

const fileFlags = new Set(['--cacert', '--cert', '--key', '--body', '--capture', '-d', '--data', '--profile']);
const profileNames = new Set(profiles.map((p) => p.name));

async function checkLine(line: string, where: string, { files = true } = {}): Promise<void> {
  const { commands, made } = commandsOf(line);
  for (const argv of commands) {
    parsed = [];
    try {
      await program.parseAsync(argv, { from: 'user' });
    } catch (e) {
      // `webhook-doctor verify --help` is a command a hint may name: it shows the help.
      if (e instanceof CommanderError && e.code === 'commander.helpDisplayed') continue;
      assert.fail(`${where}: "${line}" does not parse: ${e instanceof CommanderError ? e.message : String(e)}`);
    }
    assert.equal(parsed.length, 1, `${where}: "${line}" names no command that runs`);
    const { opts } = parsed[0]!;
    // --profile takes a name, or a profile file (./my-siem.json), which the file check below covers.
    const profileFile = typeof opts.profile === 'string' && /[\\/]|\.json$/.test(opts.profile);
    if (typeof opts.profile === 'string' && !profileFile) assert.ok(profileNames.has(opts.profile), `${where}: unknown profile in "${line}"`);
    if (typeof opts.scheme === 'string' && opts.scheme !== 'auto') assert.ok((SCHEME_NAMES as readonly string[]).includes(opts.scheme), `${where}: unknown scheme in "${line}"`);
    if (!files) continue;
    for (let i = 0; i < argv.length - 1; i++) {
      if (!fileFlags.has(argv[i]!)) continue;
      let value = argv[i + 1]!;
      if (argv[i] === '--profile' && !/[\\/]|\.json$/.test(value)) continue; // a profile name, not a file
      if (argv[i] === '-d' || argv[i] === '--data' || argv[i] === '--body') {
        if (!value.startsWith('@') || value === '@-') continue;
        value = value.slice(1);
      }
      if (value === '-') continue;
      const exists = (() => { try { statSync(value); return true; } catch { return false; } })();
      const madeHere = made.some((m) => value === m || value.startsWith(m.replace(/\/?$/, '/')));
      assert.ok(exists || madeHere, `${where}: "${line}" names ${value}, which is not there`);
    }
  }
}

test('every fix command in the knowledge base parses, as explain shows it and as send shows it after a failure', async () => {
  let n = 0;
  for (const entry of entries) {
    for (const fix of entry.fixes) {
      if (!fix.command?.includes('webhook-doctor ')) continue;
      n++;
      await checkLine(fix.command, `kb ${entry.key}`);
      for (const ran of [{ url: 'http://127.0.0.1:8080/hooks', data: '{"a": "it\'s"}', timeout: 5 }, { url: 'https://hooks.example.org/in', profile: 'parapet' }]) {
        await checkLine(personalise(fix.command, ran), `kb ${entry.key} after a send`);
      }
    }
  }
  assert.ok(n > 30, `only ${n} commands found`);
});

test('every example in every command\'s --help parses (files in examples are placeholders, so only parsing is checked)', async () => {
  const lines: string[] = [];
  const walk = (c: Command) => {
    let text = '';
    c.configureOutput({ writeOut: (s) => void (text += s), writeErr: () => {}, outputError: () => {} });
    c.outputHelp();
    for (const m of text.matchAll(/^\s+\$ (.+)$/gm)) lines.push(m[1]!.replace(/\s+#.*$/, '').trim());
    c.commands.forEach(walk);
  };
  walk(program);
  silence(program);
  assert.ok(lines.length > 25, `only ${lines.length} examples`);
  for (const line of lines) await checkLine(line, 'help', { files: false });
});

/** The quote of the string literal open at `index` in a line of TypeScript (' " or `), if any. */
function openQuoteAt(line: string, index: number): string | undefined {
  const stack: string[] = []; // open quotes; '{' for a ${ … } inside a template literal
  for (let i = 0; i < index; i++) {
    const c = line[i]!;
    const top = stack.at(-1);
    if (top === "'" || top === '"') {
      if (c === '\\') i++;
      else if (c === top) stack.pop();
    } else if (top === '`') {
      if (c === '\\') i++;
      else if (c === '`') stack.pop();
      else if (c === '$' && line[i + 1] === '{') (stack.push('{'), i++);
    } else {
      if (c === "'" || c === '"' || c === '`') stack.push(c);
      else if (c === '}' && top === '{') stack.pop();
      else if (c === '/' && line[i + 1] === '/') return undefined; // a comment
    }
  }
  const top = stack.at(-1);
  return top && top !== '{' ? top : undefined;
}

/** A template literal's text with each top-level ${…} replaced by a sample value chosen by what it names. */
function fillIn(text: string, sample: Array<[RegExp, string]>): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    if (!text.startsWith('${', i)) {
      out += text[i];
      continue;
    }
    let depth = 1;
    let j = i + 2;
    for (; j < text.length && depth; j++) {
      if (text.startsWith('${', j)) (depth++, j++);
      else if (text[j] === '}') depth--;
    }
    const expr = text.slice(i + 2, j - 1);
    // A conditional part (x ? ' --flag' : '') is left out: the plain command must parse on its own.
    out += /\?/.test(expr) ? '' : (sample.find(([re]) => re.test(expr))?.[1] ?? '');
    i = j - 1;
  }
  return out;
}

test('hints in the commands\' own messages (src/commands, src/ui, src/doctor, src/http, src/spool) parse and name no missing file', async () => {
  const sample: Array<[RegExp, string]> = [[/scheme/i, 'github'], [/dir|spool/i, './spool'], [/url|target/i, 'https://example.com/hooks'], [/kb|key|code/i, '429']];
  const lines = new Set<string>();
  const visit = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) visit(path);
      else if (name.endsWith('.ts') && name !== 'hints.ts') { // hints.ts holds rewriting rules, not messages
        for (const raw of readFileSync(path, 'utf8').split('\n')) {
          if (/^\s*(\/\/|\*|\/\*)/.test(raw)) continue; // comments describe, they are not printed
          for (const m of raw.matchAll(/webhook-doctor (?:explain|send|listen|verify|sign|flush|queue|doctor|completion)\b/g)) {
            // The literal ends at the quote that opened it (a template literal may hold ' and ").
            const quote = openQuoteAt(raw, m.index!);
            if (!quote) continue; // not inside a string literal
            const rest = raw.slice(m.index);
            let end = rest.length;
            for (let i = 0, depth = 0; i < rest.length; i++) {
              if (rest.startsWith('${', i)) depth++;
              else if (rest[i] === '}' && depth) depth--;
              else if (!depth && rest[i] === quote) { end = i; break; }
            }
            const text = fillIn(rest.slice(0, end).replace(/\)$/, ''), sample).replace(/\s+$/, '');
            if (/[<[]/.test(text)) continue; // a usage synopsis (e.g. in a module comment), not a command to paste
            lines.add(text);
          }
        }
      }
    }
  };
  for (const dir of ['commands', 'ui', 'doctor', 'http', 'spool']) visit(join('src', dir));
  assert.ok(lines.size > 5);
  for (const line of lines) await checkLine(line, 'source');
});

test('after a send, a kb hint drains a spool only a send --spool before it made, and runs flush only when that send failed (||)', () => {
  for (const entry of entries) {
    if (entry.key.startsWith('spool-')) continue; // explained for a spool the user already has
    for (const fix of entry.fixes) {
      if (!fix.command) continue;
      const line = personalise(fix.command, { url: 'http://127.0.0.1:8080/hooks', data: '{}' });
      for (const m of line.matchAll(/webhook-doctor (?:flush|queue \w+) (\S+)/g)) {
        const before = line.slice(0, m.index);
        const made = new RegExp(`webhook-doctor send \\S+.* --spool ${m[1]!.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}\\b[^;&|]* \\|\\| $`);
        assert.match(before, made, `kb ${entry.key}: "${line}" drains ${m[1]}, which a send that just succeeded never made`);
      }
    }
  }
});

test('a capture server in a hint takes a loopback receiver\'s port only when nothing listens there', () => {
  const hint = 'webhook-doctor listen 8080 --host 0.0.0.0';
  assert.equal(personalise(hint, { url: 'http://127.0.0.1:41004/h', refused: true }), 'webhook-doctor listen 41004');
  // The receiver answered (a 405, a 400): its port is held; `listen 41004` would meet EADDRINUSE.
  assert.equal(personalise(hint, { url: 'http://127.0.0.1:41004/h' }), 'webhook-doctor listen 8080');
  assert.equal(personalise(hint, { url: 'http://localhost:8080/h' }), 'webhook-doctor listen 0');
});
