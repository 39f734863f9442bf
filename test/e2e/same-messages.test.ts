// One validation path: the same mistake in send, flush, doctor and queue reads the same (exit 2, one line).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.js';

const spool = mkdtempSync(join(tmpdir(), 'wd-same-'));
process.on('exit', () => rmSync(spool, { recursive: true, force: true }));
// Port 1 refuses, but nothing gets that far: every line below is refused while its options are read.
const commands = {
  send: ['send', 'http://127.0.0.1:1/h'],
  flush: ['flush', spool],
  doctor: ['doctor', 'http://127.0.0.1:1/h'],
};

async function firstLine(args: string[]): Promise<string> {
  const r = await runCli(args);
  assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}${r.stdout}`);
  assert.doesNotMatch(r.stderr, /\n\s+at /);
  return r.stderr.split('\n')[0]!;
}

for (const [mistake, flags, expected] of [
  ['a timeout that is no number', ['--timeout', 'soon'], 'webhook-doctor: --timeout: expected a number of seconds, got "soon"'],
  ['a zero timeout', ['--timeout', '0'], 'webhook-doctor: --timeout: must be more than 0 seconds'],
  ['a timeout over 300 s', ['--timeout', '301'], 'webhook-doctor: --timeout: at most 300 seconds (the longest any sender waits)'],
  ['an unknown scheme', ['--scheme', 'nope', '--secret', 's'], /^webhook-doctor: --scheme: expected one of hmac-sha256, .*; got "nope"$/],
] as const) {
  test(`${mistake} reads the same in send, flush and doctor`, async () => {
    for (const [name, args] of Object.entries(commands)) {
      const line = await firstLine([...args, ...flags]);
      if (typeof expected === 'string') assert.equal(line, expected, name);
      else assert.match(line, expected, name);
    }
  });
}

test('a URL that is not http(s) reads the same in flush --url and queue add --url', async () => {
  const a = await firstLine(['flush', spool, '--url', 'ftp://x/h']);
  const b = await firstLine(['queue', 'add', spool, '--url', 'ftp://x/h', '-d', '{}']);
  assert.equal(a, b);
  assert.match(a, /--url: expected an http:\/\/ or https:\/\/ URL/);
});

test('a folder where a file is expected reads the same for every file option of every command', async () => {
  const folder = spool; // a folder that exists
  const cases: Array<[string, string[]]> = [
    ['-d', ['send', 'http://127.0.0.1:1/h', '-d', `@${folder}`]],
    ['-d', ['queue', 'add', spool, '--url', 'http://127.0.0.1:1/h', '-d', `@${folder}`]],
    ['--cacert', ['doctor', 'http://127.0.0.1:1/h', '--cacert', folder]],
    ['--cacert', ['send', 'http://127.0.0.1:1/h', '--cacert', folder]],
    ['--profile', ['explain', '429', '--profile', `${folder}/`]],
    ['--body', ['verify', '--secret', 's', '--body', `@${folder}`, '-H', 'X-Hub-Signature-256: sha256=00']],
    ['--body', ['sign', '--secret', 's', '--scheme', 'github', '--body', `@${folder}`]],
    ['--capture', ['verify', '--secret', 's', '--capture', folder]],
  ];
  for (const [flag, args] of cases) {
    const line = await firstLine(args);
    assert.match(line, new RegExp(`^webhook-doctor: ${flag}: cannot read \\S+: it is a folder, not a file \\(EISDIR\\)$`), args.join(' '));
  }
});

test('an unknown scheme reads the same in verify, sign, listen and replay as in send', async () => {
  const body = join(spool, 'body.json');
  (await import('node:fs')).writeFileSync(body, '{}');
  const cases: string[][] = [
    ['verify', '--secret', 's', '--scheme', 'nope', '--body', `@${body}`, '-H', 'X-Hub-Signature-256: sha256=00'],
    ['sign', '--secret', 's', '--scheme', 'nope', '--body', `@${body}`],
    ['listen', '0', '--secret', 's', '--scheme', 'nope', '--no-history'],
    ['replay', body, 'http://127.0.0.1:1/h', '--resign', '--secret', 's', '--scheme', 'nope'],
  ];
  for (const args of cases) {
    assert.match(await firstLine(args), /^webhook-doctor: --scheme: expected one of (auto, )?hmac-sha256, .* \(\d+ in all\); got "nope"$/, args.join(' '));
  }
});

test('a --url that is not http(s) reads the same in verify as in flush', async () => {
  const body = join(spool, 'body.json');
  (await import('node:fs')).writeFileSync(body, '{}');
  const a = await firstLine(['verify', '--secret', 's', '--body', `@${body}`, '-H', 'X-Hub-Signature-256: sha256=00', '--url', 'ftp://x/h']);
  const b = await firstLine(['flush', spool, '--url', 'ftp://x/h']);
  assert.equal(a, b);
});
