// Bad input meets one clear line and exit 2, checked before anything is sent, and no payload is lost:
// spool paths that are files or cannot be written, a non-HTTP queue URL, certificates and keys that are
// not PEM, and `queue show|retry <id>` with the default ./spool.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { runCli } from '../helpers/cli.js';

const work = mkdtempSync(join(tmpdir(), 'wd-bad-input-'));
const closers: Array<() => void> = [];
after(() => {
  closers.forEach((c) => c());
  rmSync(work, { recursive: true, force: true });
});

async function receiver(status: number): Promise<{ url: string; count: () => number }> {
  let n = 0;
  const server = http.createServer((q, s) => {
    n++;
    q.resume();
    q.on('end', () => s.writeHead(status).end('{}'));
  }).listen(0, '127.0.0.1');
  closers.push(() => (server.closeAllConnections(), server.close()));
  await new Promise((r) => server.once('listening', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/h`, count: () => n };
}

/** A usage error as the brief wants it: exit 2, a message line and a hint line, no stack. */
function assertOneLine(r: { code: number | null; stderr: string; stdout: string }, message: RegExp) {
  assert.equal(r.code, 2, r.stderr + r.stdout);
  assert.doesNotMatch(r.stderr, /unexpected error|\n\s+at /);
  const lines = r.stderr.trim().split('\n');
  assert.ok(lines.length <= 2, r.stderr);
  assert.match(lines[0]!, message);
}

test('send --spool naming a file: exit 2 before sending, so nothing is delivered and nothing is lost', async () => {
  const file = join(work, 'alert.json');
  writeFileSync(file, '{}');
  const rx = await receiver(503);
  const r = await runCli(['send', rx.url, '-d', '{"a":1}', '--spool', file]);
  assertOneLine(r, /--spool .*alert\.json: is a file, not a spool folder/);
  assert.equal(rx.count(), 0, 'checked before sending');
});

test('send --spool in a folder that cannot be written: exit 2 before sending', async () => {
  const rx = await receiver(503);
  // /proc takes no new files, even for root (permission bits alone would not stop root).
  const r = await runCli(['send', rx.url, '-d', '{}', '--spool', '/proc/webhook-doctor-spool']);
  assertOneLine(r, /--spool \/proc\/webhook-doctor-spool: cannot write in \/proc/);
  assert.equal(rx.count(), 0);
});

test('queue add to a file or an unwritable folder: exit 2, one line', async () => {
  const file = join(work, 'not-a-spool.json');
  writeFileSync(file, '{}');
  assertOneLine(await runCli(['queue', 'add', file, '--url', 'https://example.com/hooks', '-d', '{}']), /is a file, not a spool folder/);
  assertOneLine(await runCli(['queue', 'add', '/proc/wd-spool', '--url', 'https://example.com/hooks', '-d', '{}']), /cannot write in \/proc/);
});

test('queue add --url ftp://… is refused: webhooks go over http(s)', async () => {
  const dir = join(work, 'ftp-spool');
  assertOneLine(await runCli(['queue', 'add', dir, '--url', 'ftp://x/h', '-d', '{}']), /--url: expected an http:\/\/ or https:\/\/ URL .*got "ftp:\/\/x\/h"/);
  assert.throws(() => readdirSync(join(dir, 'new')), 'nothing queued');
});

test('--cert/--key that are not PEM, or do not belong together, are input errors (exit 2), not failed deliveries', async () => {
  const rx = await receiver(200);
  const https = rx.url.replace('http:', 'https:');
  assertOneLine(await runCli(['send', https, '--cert', '/etc/passwd', '--key', '/etc/passwd']), /--cert \/etc\/passwd is not a PEM certificate/);
  const { makeSelfSigned } = await import('../doctor/self-signed.js');
  const a = makeSelfSigned();
  const b = makeSelfSigned();
  try {
    const certFile = join(work, 'cert.pem');
    const keyFile = join(work, 'other-key.pem');
    writeFileSync(certFile, a.cert);
    writeFileSync(keyFile, b.key);
    assertOneLine(await runCli(['send', https, '--cert', certFile, '--key', certFile]), /--key .*cert\.pem is not a PEM private key/);
    assertOneLine(await runCli(['send', https, '--cert', certFile, '--key', keyFile]), /--cert\/--key: cannot be used for TLS: key values mismatch/);
  } finally {
    a.cleanup();
    b.cleanup();
  }
  assert.equal(rx.count(), 0);
});

test('doctor --cacert /etc/passwd (and --cert/--key that are not PEM) is refused, not accepted silently', async () => {
  const rx = await receiver(200);
  assertOneLine(await runCli(['doctor', rx.url.replace('http:', 'https:'), '--cacert', '/etc/passwd']), /--cacert \/etc\/passwd is not a PEM certificate/);
  assertOneLine(await runCli(['doctor', rx.url.replace('http:', 'https:'), '--cert', '/etc/passwd', '--key', '/etc/passwd']), /--cert \/etc\/passwd is not a PEM certificate/);
  assert.equal(rx.count(), 0);
});

test('queue show <id> and queue retry <id> look in the default ./spool', async () => {
  const cwd = mkdtempSync(join(work, 'cwd-'));
  const rx = await receiver(400); // a 400 dead-letters the entry on the first flush
  const added = await runCli(['queue', 'add', '--url', rx.url, '-d', '{"n":1}', '--json'], { cwd });
  assert.equal(added.code, 0, added.stderr);
  const { id } = JSON.parse(added.stdout) as { id: string };
  const show = await runCli(['queue', 'show', id], { cwd });
  assert.equal(show.code, 0, show.stderr);
  assert.match(show.stdout, new RegExp(`id: +${id}`));
  assert.equal((await runCli(['flush', '--now'], { cwd })).code, 1);
  const retry = await runCli(['queue', 'retry', id], { cwd });
  assert.equal(retry.code, 0, retry.stderr);
  assert.match(retry.stdout, new RegExp(`moved 1 dead letter\\(s\\) back to the queue: ${id}`));
  assertOneLine(await runCli(['queue', 'show'], { cwd }), /queue show needs an entry id/);
});

test('a spool that breaks while the request is out: the result says the payload was NOT queued and how to keep it', async () => {
  const spool = join(work, 'breaks');
  // The receiver turns the spool folder into a file before it answers 503: the check before sending passed.
  const server = http.createServer((q, s) => {
    q.resume();
    q.on('end', () => {
      rmSync(spool, { recursive: true, force: true });
      writeFileSync(spool, 'not a folder any more');
      s.writeHead(503).end('{}');
    });
  }).listen(0, '127.0.0.1');
  closers.push(() => (server.closeAllConnections(), server.close()));
  await new Promise((r) => server.once('listening', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/h`;
  const r = await runCli(['send', url, '-d', '{"keep":"me"}', '--spool', spool]);
  assert.equal(r.code, 1);
  assert.doesNotMatch(r.stderr + r.stdout, /unexpected error|\n\s+at /);
  assert.match(r.stdout, /✖ 503/);
  assert.match(r.stdout, /✖ NOT queued: the spool .*breaks could not be written/);
  assert.match(r.stdout, new RegExp(`keep the payload in another spool with: webhook-doctor queue add \\./spool --url ${url.replace(/[.]/g, '\\.')} -d '\\{"keep":"me"\\}'`));
  rmSync(spool, { force: true }); // so the check before sending passes again; the receiver breaks it again
  const j = JSON.parse((await runCli(['send', url, '-d', '{}', '--spool', spool, '--json'])).stdout) as { spooled: unknown; spoolError?: string };
  assert.equal(j.spooled, null);
  assert.match(j.spoolError!, /E(NOTDIR|EXIST)/);
});

test('flush and queue list given a file say it is a file, not that nothing was queued there', async () => {
  const file = join(work, 'alert-as-spool.json');
  writeFileSync(file, '{}');
  for (const args of [['flush', file, '--url', 'http://127.0.0.1:1/h'], ['queue', 'list', file]]) {
    const r = await runCli(args);
    assertOneLine(r, /is a file, not a spool folder$/);
    assert.doesNotMatch(r.stderr, /send --spool \S*alert-as-spool/, 'no hint to spool into a file');
  }
});
