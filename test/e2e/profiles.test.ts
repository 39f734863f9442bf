// `profiles`, `--profile ./file.json` and `doctor --profile <sender>` as a user runs them: the built binary.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'wd-profiles-e2e-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

test('profiles lists every built-in sender in plain columns when piped, and as JSON with --json', async () => {
  const plain = await runCli(['profiles']);
  assert.equal(plain.code, 0);
  const lines = plain.stdout.trim().split('\n');
  assert.match(lines[0]!, /^name\s+sender\s+time budget\s+signature\s+handshake\s+success\s+payload limit$/);
  assert.ok(lines.some((l) => /^shopify\s+Shopify\s+5 s\s+shopify\s+—\s+2xx/.test(l)), 'Shopify: 5 s, its recipe, any 2xx');
  assert.ok(lines.some((l) => /^stripe\s+Stripe\s+10 s \(assumed\)/.test(l)), 'an undocumented budget says so');
  assert.doesNotMatch(plain.stdout, /[┌│]/, 'no table borders in a pipe');
  const json = await runCli(['profiles', '--json']);
  const rows = JSON.parse(json.stdout) as Array<{ name: string; handshake: string | null; budgetSeconds: number }>;
  assert.deepEqual(rows.filter((r) => r.handshake).map((r) => r.name).sort(), ['aws-sns', 'azure-eventgrid', 'discord', 'dropbox', 'meta', 'microsoft-graph', 'okta', 'slack', 'twitch', 'zoom']);
  assert.equal(rows.find((r) => r.name === 'zoom')!.budgetSeconds, 3);
});

test('profiles show prints a profile that, saved to a file, is read back by --profile ./file.json', async () => {
  const shown = await runCli(['profiles', 'show', 'github']);
  assert.equal(shown.code, 0);
  const data = JSON.parse(shown.stdout);
  assert.equal(data.name, 'github');
  assert.equal(data.successCodes, '2xx');
  assert.ok(data.sources.every((s: { url?: string }) => s.url));
  const file = join(dir, 'my-github.json');
  writeFileSync(file, shown.stdout);
  const again = await runCli(['profiles', 'show', file]);
  assert.deepEqual(JSON.parse(again.stdout), data);
  const unknown = await runCli(['profiles', 'show', 'nope']);
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /unknown profile "nope"/);
});

test('send --profile ./my-siem.json uses its own header, event headers and sample; a bad field is exit 2 naming it', async () => {
  const generic = JSON.parse((await runCli(['profiles', 'show', 'generic'])).stdout);
  const siem = { ...generic, name: 'my-siem', displayName: 'My SIEM', samplePayload: { alert: 'disk full' }, eventHeaders: [['X-Siem-Event', 'alert.created']], signature: { scheme: 'hmac-sha256', header: 'X-Siem-Signature' } };
  const file = join(dir, 'my-siem.json');
  writeFileSync(file, JSON.stringify(siem, null, 2));
  let seen: Record<string, string | string[] | undefined> = {};
  let body = '';
  const server = createServer((req, res) => { seen = req.headers; req.on('data', (d) => (body += d)).on('end', () => res.end('{"ok":true}')); });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  try {
    const r = await runCli(['send', `http://127.0.0.1:${(server.address() as { port: number }).port}/hooks`, '--profile', file, '--secret', 's3cret', '--json']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(seen['x-siem-event'], 'alert.created');
    assert.match(String(seen['x-siem-signature']), /^sha256=[0-9a-f]{64}$/);
    assert.deepEqual(JSON.parse(body), { alert: 'disk full' });
  } finally {
    server.close();
  }
  writeFileSync(file, JSON.stringify({ ...siem, timeBudgetSeconds: 'ten' }));
  for (const command of [['send', 'http://127.0.0.1:9/x'], ['listen', '0'], ['doctor', 'http://127.0.0.1:9/x'], ['explain', '429']]) {
    const bad = await runCli([...command, '--profile', file]);
    assert.equal(bad.code, 2, command.join(' '));
    assert.match(bad.stderr, /^webhook-doctor: --profile my-siem\.json: field timeBudgetSeconds: /m, command.join(' '));
    assert.doesNotMatch(bad.stderr, /\n\s+at /, 'no stack trace');
  }
});

test('doctor --profile plays the handshake: the built-in receiver passes it, a receiver that ignores it fails', async () => {
  // Every sender with a handshake: signed (Slack, Zoom, Twitch, Discord) or not (Graph's bodiless POST, SNS, Event Grid).
  for (const profile of ['slack', 'zoom', 'twitch', 'discord', 'meta', 'dropbox', 'microsoft-graph', 'azure-eventgrid', 'okta', 'aws-sns']) {
    const r = await runCli(['doctor', '--profile', profile, '--no-burst', '--json']);
    const report = JSON.parse(r.stdout);
    const row = report.checks.find((c: { id: string }) => c.id === 'handshake');
    assert.equal(row?.level, 'pass', `${profile}: ${JSON.stringify(row)}`);
  }
  const careless = createServer((req, res) => { req.resume(); res.writeHead(200, { 'content-type': 'application/json' }); res.end('{"ok":true}'); });
  await new Promise<void>((r) => careless.listen(0, '127.0.0.1', r));
  try {
    const r = await runCli(['doctor', `http://127.0.0.1:${(careless.address() as { port: number }).port}/slack/events`, '--profile', 'slack', '--no-burst']);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /Handshake\s+│ fail\s+│ Content-Type is application\/json|Handshake\s+│ (fail|warn)/);
    assert.match(r.stdout, /url_verification/);
  } finally {
    careless.close();
  }
});

test('explain\'s bundle carries no profile data (profiles load only when --profile asks), yet explain --profile works', async () => {
  const { readFileSync } = await import('node:fs');
  const bundle = readFileSync(new URL('../../dist/commands/explain.js', import.meta.url), 'utf8');
  for (const fact of ['X-Shopify-Topic', 'GitHub-Hookshot', 'Suspicious Login Attempts', 'pst_…']) assert.ok(!bundle.includes(fact), `explain.js holds "${fact}"`);
  const r = await runCli(['explain', 'timeout', '--profile', 'shopify']);
  assert.equal(r.code, 0);
  assert.match(r.stdout, /Shopify waits 5 s for an answer/);
});

test('shell completion offers the profiles command, --profile names, and listen/doctor handshake flags', async () => {
  for (const shell of ['bash', 'zsh', 'fish']) {
    const r = await runCli(['completion', shell]);
    assert.equal(r.code, 0, r.stderr);
    for (const word of ['profiles', 'verify-token', 'confirm-subscription', 'no-handshake', 'microsoft-graph', 'aws-sns']) assert.ok(r.stdout.includes(word), `${shell}: ${word}`);
  }
});
