// send, flush and doctor say who they are: User-Agent: webhook-doctor/<version> (the package's version),
// unless the request sets its own, or the profile names its sender's User-Agent.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { runCli } from '../helpers/cli.js';
import { userAgentFor, DEFAULT_USER_AGENT } from '../../src/http/user-agent.js';

const version = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
const work = mkdtempSync(join(tmpdir(), 'wd-ua-'));
const agents: string[] = [];
const server = http.createServer((q, s) => {
  agents.push(String(q.headers['user-agent']));
  q.resume();
  q.on('end', () => s.writeHead(q.method === 'POST' ? 200 : 405).end('{}'));
}).listen(0, '127.0.0.1');
after(() => {
  server.closeAllConnections();
  server.close();
  rmSync(work, { recursive: true, force: true });
});
const url = async () => {
  if (!server.listening) await new Promise((r) => server.once('listening', r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/h`;
};

test('send, flush and doctor send User-Agent: webhook-doctor/<version>', async () => {
  const target = await url();
  agents.length = 0;
  assert.equal((await runCli(['send', target, '-d', '{}'])).code, 0);
  assert.deepEqual(agents, [`webhook-doctor/${version}`]);

  agents.length = 0;
  const spool = join(work, 'spool');
  assert.equal((await runCli(['queue', 'add', spool, '--url', target, '-d', '{}'])).code, 0);
  assert.equal((await runCli(['flush', spool])).code, 0);
  assert.deepEqual(agents, [`webhook-doctor/${version}`]);

  agents.length = 0;
  await runCli(['doctor', target, '--no-burst', '--json']);
  assert.ok(agents.length >= 3);
  assert.ok(agents.every((a) => a === `webhook-doctor/${version}`), agents.join(', '));
});

test('--print-curl replays with the same User-Agent (curl would send its own)', async () => {
  const { execFile } = await import('node:child_process');
  const { promisify } = await import('node:util');
  const printed = await runCli(['send', await url(), '-d', '{}', '--print-curl']);
  assert.match(printed.stdout, new RegExp(`-A webhook-doctor/${version.replace(/\./g, '\\.')} `));
  agents.length = 0;
  await promisify(execFile)('sh', ['-c', printed.stdout.trim()]); // async: the receiver is in this process
  assert.deepEqual(agents, [`webhook-doctor/${version}`]);
});

test('a User-Agent given with -H is sent as given, not doubled', async () => {
  agents.length = 0;
  assert.equal((await runCli(['send', await url(), '-d', '{}', '-H', 'User-Agent: GitHub-Hookshot/abc123'])).code, 0);
  assert.deepEqual(agents, ['GitHub-Hookshot/abc123']);
});

test('a profile that names its sender\'s User-Agent is sent that one', async () => {
  const { profiles } = await import('../../src/profiles/index.js');
  const github = profiles.find((p) => p.name === 'github') as { userAgent?: string } | undefined;
  assert.match(github?.userAgent ?? '', /^GitHub-Hookshot\//);
  agents.length = 0;
  const r = await runCli(['send', await url(), '--profile', 'github', '--secret', 's']);
  assert.equal(r.code, 0, r.stderr + r.stdout);
  assert.deepEqual(agents, [github!.userAgent]);
  assert.equal(userAgentFor({ name: 'x', userAgent: 'Stripe/1.0 (+https://stripe.com/docs/webhooks)' }), 'Stripe/1.0 (+https://stripe.com/docs/webhooks)');
  assert.equal(userAgentFor({ name: 'generic' }), DEFAULT_USER_AGENT);
  assert.equal(userAgentFor(undefined), DEFAULT_USER_AGENT);
});
