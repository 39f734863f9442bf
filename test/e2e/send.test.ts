// `webhook-doctor send` as a user runs it, against real node:http servers on 127.0.0.1.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import { execFile } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import Stripe from 'stripe';
import { Webhook } from 'standardwebhooks';
import { verify as octokitVerify } from '@octokit/webhooks-methods';
import { forwardProxy } from '../helpers/proxy.js';
import { runCli } from '../helpers/cli.js';

interface Received {
  method: string;
  url: string;
  rawHeaders: string[];
  body: Buffer;
}

type Answer = (r: Received, n: number) => { status?: number; headers?: Record<string, string>; body?: string; delayMs?: number };

async function receiver(answer: Answer = () => ({})) {
  const got: Received[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const r: Received = { method: req.method!, url: req.url!, rawHeaders: req.rawHeaders, body: Buffer.concat(chunks) };
      got.push(r);
      const a = answer(r, got.length);
      const reply = () => {
        if (res.destroyed) return;
        res.writeHead(a.status ?? 200, { 'content-type': 'application/json', ...a.headers });
        res.end(a.body ?? '{"ok":true}');
      };
      if (a.delayMs) setTimeout(reply, a.delayMs).unref();
      else reply();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks`,
    got,
    header: (r: Received, name: string) => {
      const i = r.rawHeaders.findIndex((h, j) => j % 2 === 0 && h.toLowerCase() === name.toLowerCase());
      return i >= 0 ? r.rawHeaders[i + 1] : undefined;
    },
    close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }),
  };
}

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'wd-send-'));
}

test('the bytes received equal the bytes sent: -d @file, -d @- and the profile sample', async () => {
  const srv = await receiver();
  const dir = tempDir();
  try {
    const odd = Buffer.from('{"msg":"caf\u00e9 \u2713 \\"quoted\\"",\r\n  "n": 1.50,\t"empty":{}}', 'utf8'); // CRLF, tab, no final newline
    writeFileSync(join(dir, 'body.json'), odd);
    const a = await runCli(['send', srv.url, '-d', `@${join(dir, 'body.json')}`]);
    assert.equal(a.code, 0, a.stderr);
    assert.deepEqual(srv.got[0]!.body, odd);
    assert.equal(srv.header(srv.got[0]!, 'content-type'), 'application/json');

    const b = await runCli(['send', srv.url, '-d', '@-', '-H', 'X-Trace: 1'], { input: odd });
    assert.equal(b.code, 0, b.stderr);
    assert.deepEqual(srv.got[1]!.body, odd);
    assert.equal(srv.header(srv.got[1]!, 'X-Trace'), '1');

    const c = await runCli(['send', srv.url, '--profile', 'parapet']);
    assert.equal(c.code, 0, c.stderr);
    const sample = srv.got[2]!.body.toString('utf8');
    assert.ok(sample.endsWith('\n'));
    JSON.parse(sample);
    assert.match(c.stdout, /200 OK/);
    assert.match(c.stdout, /timing\s+dns .* connect .* first byte .* total/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await srv.close();
  }
});

test('429 with Retry-After, then 200: succeeds after waiting, each attempt shown', async () => {
  const srv = await receiver((_r, n) => (n === 1 ? { status: 429, headers: { 'retry-after': '1' }, body: '{"error":"slow down"}' } : {}));
  try {
    const started = Date.now();
    const r = await runCli(['send', srv.url, '-d', '{"a":1}', '--retries', '2']);
    const took = Date.now() - started;
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.equal(srv.got.length, 2);
    assert.ok(took >= 1000, `retried after ${took} ms, before Retry-After`);
    assert.match(r.stdout, /attempt 1\/3\s+429 Too Many Requests.*Retry-After/);
    assert.match(r.stdout, /attempt 2\/3\s+200 OK/);
  } finally {
    await srv.close();
  }
});

test('a 400 is tried once, explained from the knowledge base, request_id pulled out', async () => {
  const srv = await receiver(() => ({ status: 400, body: '{"error":{"message":"missing field alert_id","request_id":"req_7f3a"}}' }));
  try {
    const r = await runCli(['send', srv.url, '-d', '{"a":1}', '--retries', '3']);
    assert.equal(r.code, 1);
    assert.equal(srv.got.length, 1);
    assert.match(r.stdout, /400 Bad Request/);
    assert.match(r.stdout, /request_id\s+req_7f3a/);
    assert.match(r.stdout, /meaning\s+\S/);
    assert.match(r.stdout, /likely cause\s+\S/);
    assert.match(r.stdout, /next\s+\S/);
    assert.match(r.stdout, /"message": "missing field alert_id"/, 'the body is pretty-printed');
  } finally {
    await srv.close();
  }
});

test('a handler slower than --timeout fails in time, reported as a timeout', async () => {
  const srv = await receiver(() => ({ delayMs: 10_000 }));
  try {
    const started = Date.now();
    const r = await runCli(['send', srv.url, '-d', '{"a":1}', '--timeout', '1', '--json']);
    const took = Date.now() - started;
    assert.equal(r.code, 1);
    assert.ok(took < 6000, `took ${took} ms for a 1 s timeout (the handler answers after 10 s)`);
    const result = JSON.parse(r.stdout);
    assert.equal(result.error.code, 'UND_ERR_HEADERS_TIMEOUT');
    assert.match(result.error.message, /no response within the 1 s timeout/);
    assert.ok(result.timings.total >= 990 && result.timings.total < 2000, String(result.timings.total));
    assert.equal(result.kb.key, 'UND_ERR_HEADERS_TIMEOUT');
  } finally {
    await srv.close();
  }
});

test('--timeout above 300 is a usage error', async () => {
  const r = await runCli(['send', 'http://127.0.0.1:9/', '--timeout', '301']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /--timeout: at most 300 seconds/);
});

test('connection refused is named and explained', async () => {
  const srv = await receiver();
  const url = srv.url;
  await srv.close();
  const r = await runCli(['send', url, '-d', '{"a":1}']);
  assert.equal(r.code, 1);
  assert.match(r.stdout, /ECONNREFUSED/);
  assert.match(r.stdout, /connection refused/i);
  assert.match(r.stdout, /meaning\s+The host was reached/);
  assert.match(r.stdout, new RegExp(`curl -v ${url.replace(/[.]/g, '\\.')}`), 'the next command uses the real URL');
  // Nothing listens on the refused port, so the capture server may take it (and needs no --host 0.0.0.0).
  assert.match(r.stdout, new RegExp(`webhook-doctor listen ${new URL(url).port}\\n`));
});

test('invalid JSON is refused before sending: exit 2, line:column and the likely mistake', async () => {
  const srv = await receiver();
  try {
    const r = await runCli(['send', srv.url, '-d', '{\n  "alert": "disk full",\n}']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /invalid JSON in -d at line 2, column 23/);
    assert.match(r.stderr, /trailing comma/);
    const q = await runCli(['send', srv.url, '-d', '{"msg": "say "hi""}']);
    assert.match(q.stderr, /escape the double quote/);
    const m = await runCli(['send', srv.url, '-d', '{"a": [1, 2}']);
    assert.match(m.stderr, /missing \]/);
    assert.equal(srv.got.length, 0);
    assert.doesNotMatch(r.stderr + q.stderr + m.stderr, /\n\s+at /);
  } finally {
    await srv.close();
  }
});

test('a body over the profile limit is refused before sending (Parapet: 1 MB)', async () => {
  const big = JSON.stringify({ blob: 'x'.repeat(1_000_001) });
  const r = await runCli(['send', 'http://127.0.0.1:9/', '--profile', 'parapet', '-d', '@-'], { input: big });
  assert.equal(r.code, 2);
  assert.match(r.stderr, /over Parapet.*limit of 1 MB/);
});

test('each signing scheme is accepted by the official library (or the vendor\'s documented algorithm)', async () => {
  const srv = await receiver();
  const body = '{"id":"evt_1","note":"caf\u00e9"}';
  try {
    const send = async (scheme: string, secret: string) => {
      const r = await runCli(['send', srv.url, '-d', body, '--scheme', scheme, '--secret', secret]);
      assert.equal(r.code, 0, `${scheme}: ${r.stderr}`);
      return srv.got.at(-1)!;
    };
    const gh = await send('github', 'gh-secret');
    assert.equal(await octokitVerify('gh-secret', body, srv.header(gh, 'X-Hub-Signature-256')!), true);

    const st = await send('stripe', 'whsec_stripe_test');
    const event = Stripe.webhooks.constructEvent(st.body, srv.header(st, 'Stripe-Signature')!, 'whsec_stripe_test') as unknown as { id: string };
    assert.equal(event.id, 'evt_1');

    const whsec = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
    const sw = await send('standard', whsec);
    const headers = Object.fromEntries(['webhook-id', 'webhook-timestamp', 'webhook-signature'].map((h) => [h, srv.header(sw, h)!]));
    assert.doesNotThrow(() => new Webhook(whsec).verify(body, headers));

    // Slack's documented algorithm: v0= HMAC-SHA256 of "v0:<timestamp>:<body>".
    const sl = await send('slack', 'slack-secret');
    const ts = srv.header(sl, 'X-Slack-Request-Timestamp')!;
    assert.equal(srv.header(sl, 'X-Slack-Signature'), 'v0=' + createHmac('sha256', 'slack-secret').update(`v0:${ts}:${body}`).digest('hex'));

    // Shopify's documented algorithm: base64 HMAC-SHA256 of the raw body.
    const sh = await send('shopify', 'shpss_secret');
    assert.equal(srv.header(sh, 'X-Shopify-Hmac-Sha256'), createHmac('sha256', 'shpss_secret').update(body).digest('base64'));

    // The generic scheme in the profile's header: CloudAIPilot signs with X-CloudAIPilot-Signature.
    const r = await runCli(['send', srv.url, '-d', body, '--profile', 'cloudaipilot', '--secret', 'cap-secret']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(srv.header(srv.got.at(-1)!, 'X-CloudAIPilot-Signature'), 'sha256=' + createHmac('sha256', 'cap-secret').update(body).digest('hex'));
  } finally {
    await srv.close();
  }
});

function sh(command: string): Promise<{ code: number; stdout: string }> {
  return new Promise((resolve) => {
    execFile('sh', ['-c', command], { timeout: 10_000 }, (err, stdout) => resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout }));
  });
}

test('--print-curl output replays with real curl, byte for byte', async () => {
  const srv = await receiver();
  const dir = tempDir();
  try {
    const text = '{"msg":"it\'s \\"quoted\\" & caf\u00e9 $HOME `x`",\n "n":1}\n';
    const p = await runCli(['send', srv.url, '-d', text, '-H', 'X-Env: prod', '--token', 'tok_1234567890abcdef', '--secret', 'k', '--scheme', 'github', '--print-curl', '--show-secrets']);
    assert.equal(p.code, 0, p.stderr);
    assert.equal(srv.got.length, 0, '--print-curl sends nothing itself');
    const replay = await sh(p.stdout);
    assert.equal(replay.code, 0);
    const got = srv.got[0]!;
    assert.deepEqual(got.body, Buffer.from(text, 'utf8'));
    assert.equal(srv.header(got, 'Authorization'), 'Bearer tok_1234567890abcdef');
    assert.equal(srv.header(got, 'X-Env'), 'prod');
    assert.equal(await octokitVerify('k', text, srv.header(got, 'X-Hub-Signature-256')!), true);

    const binary = Buffer.from([0x00, 0x01, 0x25, 0x5c, 0x27, 0x0a, 0xff, 0xfe, 0x41]);
    writeFileSync(join(dir, 'blob.bin'), binary);
    const b = await runCli(['send', srv.url, '-d', `@${join(dir, 'blob.bin')}`, '-H', 'Content-Type: application/octet-stream', '--print-curl']);
    assert.equal(b.code, 0, b.stderr);
    await sh(b.stdout);
    assert.deepEqual(srv.got[1]!.body, binary);

    const masked = await runCli(['send', srv.url, '--token', 'tok_1234567890abcdef', '--print-curl']);
    assert.doesNotMatch(masked.stdout, /tok_1234567890abcdef/);
    assert.match(masked.stderr, /--show-secrets/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await srv.close();
  }
});

test('--spool writes the entry when delivery finally fails, without the token or signature', async () => {
  const srv = await receiver(() => ({ status: 503, headers: { 'retry-after': '0' } }));
  const dir = tempDir();
  try {
    const body = '{"alert":"spool me"}';
    const r = await runCli(['send', srv.url, '-d', body, '--retries', '1', '--spool', dir, '--token', 'tok_secret_value_123', '--secret', 'sig-secret', '--json']);
    assert.equal(r.code, 1);
    assert.equal(srv.got.length, 2);
    const result = JSON.parse(r.stdout);
    assert.ok(result.spooled.id);
    const files = readdirSync(join(dir, 'new'));
    assert.equal(files.length, 1);
    const entry = readFileSync(join(dir, 'new', files[0]!));
    assert.ok(entry.subarray(entry.length - body.length).equals(Buffer.from(body)), 'the body is kept byte for byte at the end of the entry');
    const text = entry.toString('utf8');
    assert.match(text, new RegExp(srv.url.replace(/[.]/g, '\\.')));
    assert.doesNotMatch(text, /tok_secret_value_123|sig-secret|X-Signature|Authorization/i);

    const ok = await receiver();
    const r2 = await runCli(['send', ok.url, '-d', body, '--spool', dir]);
    assert.equal(r2.code, 0);
    assert.equal(readdirSync(join(dir, 'new')).length, 1, 'a delivered payload is not spooled');
    await ok.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await srv.close();
  }
});

test('a --proxy that refuses the connection is named as the failure, not the receiver; its credentials are not printed', async () => {
  // A port that was free a moment ago: nothing listens there.
  const spare = net.createServer();
  await new Promise<void>((r) => spare.listen(0, '127.0.0.1', r));
  const port = (spare.address() as AddressInfo).port;
  await new Promise<void>((r) => spare.close(() => r()));
  const r = await runCli(['send', 'http://example.invalid/hooks', '-d', '{}', '--proxy', `http://user:pr0xy-pass@127.0.0.1:${port}`]);
  assert.equal(r.code, 1);
  assert.match(r.stdout, new RegExp(`ECONNREFUSED at the proxy 127\\.0\\.0\\.1:${port}, not at example\\.invalid`));
  assert.match(r.stdout, new RegExp(`curl -v -x http://127\\.0\\.0\\.1:${port} http://example\\.invalid/hooks`));
  assert.doesNotMatch(r.stdout, /receiver is not running/i);
  assert.doesNotMatch(r.stdout + r.stderr, /pr0xy-pass/);
});

test('--proxy and HTTP_PROXY go through a real proxy; NO_PROXY bypasses it', async () => {
  const srv = await receiver();
  const proxy = await forwardProxy();
  try {
    const host = new URL(srv.url).host;
    const a = await runCli(['send', srv.url, '-d', '{"via":"flag"}', '--proxy', proxy.url]);
    assert.equal(a.code, 0, a.stdout + a.stderr);
    assert.equal(proxy.seen.length, 1);
    assert.match(proxy.seen[0]!, new RegExp(host));
    assert.deepEqual(srv.got[0]!.body, Buffer.from('{"via":"flag"}'));

    const b = await runCli(['send', srv.url, '-d', '{"via":"env"}'], { env: { HTTP_PROXY: proxy.url, NO_PROXY: '' } });
    assert.equal(b.code, 0, b.stdout + b.stderr);
    assert.equal(proxy.seen.length, 2);

    const c = await runCli(['send', srv.url, '-d', '{"via":"direct"}'], { env: { HTTP_PROXY: proxy.url, NO_PROXY: '127.0.0.1' } });
    assert.equal(c.code, 0, c.stdout + c.stderr);
    assert.equal(proxy.seen.length, 2, 'NO_PROXY host went direct');
    assert.equal(srv.got.length, 3);
  } finally {
    await proxy.close();
    await srv.close();
  }
});

test('-v shows the request and response like curl -v, with the token masked', async () => {
  const srv = await receiver(() => ({ headers: { 'x-request-id': 'req_v' } }));
  try {
    const r = await runCli(['send', srv.url, '-d', '{"a":1}', '-v', '--token', 'tok_abcdefghijklmnop']);
    assert.equal(r.code, 0);
    assert.match(r.stderr, /^> POST \/hooks HTTP\/1\.1$/m);
    assert.match(r.stderr, /^> Authorization: Bearer tok_…\(20 chars\)$/m);
    assert.match(r.stderr, /^< HTTP\/1\.1 200 OK$/m);
    assert.match(r.stderr, /^< x-request-id: req_v$/m);
    assert.doesNotMatch(r.stdout + r.stderr, /tok_abcdefghijklmnop/);
    const shown = await runCli(['send', srv.url, '-d', '{"a":1}', '-v', '--token', 'tok_abcdefghijklmnop', '--show-secrets']);
    assert.match(shown.stderr, /Bearer tok_abcdefghijklmnop/);
  } finally {
    await srv.close();
  }
});

test('--json prints one result object and nothing else', async () => {
  const srv = await receiver(() => ({ status: 201, headers: { 'x-request-id': 'req_j' }, body: '{"created":true}' }));
  try {
    const r = await runCli(['send', srv.url, '-d', '{"a":1}', '--json']);
    assert.equal(r.code, 0);
    const result = JSON.parse(r.stdout);
    assert.equal(result.ok, true);
    assert.equal(result.status, 201);
    assert.deepEqual(result.response.json, { created: true });
    assert.equal(result.response.requestId, 'req_j');
    assert.equal(result.attempts.length, 1);
    assert.equal(typeof result.timings.firstByte, 'number');
    assert.equal(result.kb, null);
  } finally {
    await srv.close();
  }
});

test('--repeat with --spool or --retries is a usage error, not silently ignored', async () => {
  for (const extra of [['--spool', join(tmpdir(), 'wd-never-spool')], ['--retries', '2']]) {
    const r = await runCli(['send', 'http://127.0.0.1:9/', '-d', '{"a":1}', '--repeat', '3', ...extra]);
    assert.equal(r.code, 2, r.stdout + r.stderr);
    assert.match(r.stderr, new RegExp(`does not take ${extra[0]}`));
  }
});

test('--repeat with --rate: a paced burst summarised with status counts and latency percentiles', async () => {
  const srv = await receiver((_r, n) => (n % 4 === 0 ? { status: 429, headers: { 'retry-after': '1' } } : {}));
  try {
    const started = Date.now();
    const r = await runCli(['send', srv.url, '-d', '{"a":1}', '--repeat', '8', '--rate', '20/s']);
    const took = Date.now() - started;
    assert.equal(r.code, 1, 'some were rate-limited');
    assert.equal(srv.got.length, 8);
    assert.ok(took >= 350, `8 at 20/s take at least 350 ms, took ${took}`);
    assert.match(r.stdout, /6\/8 delivered/);
    assert.match(r.stdout, /│ 200\s+│ 6\s+│ 75%/);
    assert.match(r.stdout, /│ 429\s+│ 2\s+│ 25%/);
    assert.match(r.stdout, /p50.*p90.*p99/);
    const j = await runCli(['send', srv.url, '-d', '{"a":1}', '--repeat', '3', '--json']);
    const burst = JSON.parse(j.stdout);
    assert.equal(burst.summary.sent, 3);
    assert.equal(typeof burst.summary.latencyMs.p99, 'number');
  } finally {
    await srv.close();
  }
});

test('with no URL, send delivers to the built-in receiver and shows it arrive', async () => {
  const r = await runCli(['send']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /built-in receiver at http:\/\/127\.0\.0\.1:\d+/);
  assert.match(r.stdout, /receiver got POST \/webhooks: \d+ bytes/);
  assert.match(r.stdout, /200 OK/);
  const signed = await runCli(['send', '--secret', 'abc', '--scheme', 'github']);
  assert.equal(signed.code, 0, signed.stdout);
});

test('arguments the launcher shortcut leaves alone (combined short flags) go through the full command table', async () => {
  const srv = await receiver();
  try {
    const r = await runCli(['send', '-kv', srv.url, '-d', '{"via":"commander"}', '--timeout', '5', '--json']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(JSON.parse(r.stdout).status, 200);
    assert.match(r.stderr, /^> POST \/hooks HTTP\/1\.1$/m);
    assert.deepEqual(srv.got[0]!.body, Buffer.from('{"via":"commander"}'));
  } finally {
    await srv.close();
  }
});

test('a secret for a profile that does not sign: from the environment, a note and an unsigned send; from --secret, a usage error', async () => {
  const srv = await receiver();
  try {
    const env = await runCli(['send', srv.url, '--profile', 'parapet'], { env: { WEBHOOK_DOCTOR_SECRET: 'from-env' } });
    assert.equal(env.code, 0, env.stderr);
    assert.match(env.stderr, /note: WEBHOOK_DOCTOR_SECRET is set, but the parapet profile does not sign: the request goes out unsigned/);
    assert.equal(srv.got.length, 1, 'sent anyway');
    assert.ok(!srv.got[0]!.rawHeaders.some((h) => /signature/i.test(h)), 'and unsigned');
    assert.doesNotMatch(env.stdout + env.stderr, /from-env/, 'the secret is never printed');
    // With no URL, the built-in receiver does not ask for the signature that is not sent.
    const builtin = await runCli(['send', '--profile', 'parapet'], { env: { WEBHOOK_DOCTOR_SECRET: 'from-env' } });
    assert.equal(builtin.code, 0, builtin.stdout + builtin.stderr);
    assert.match(builtin.stdout, /receiver got POST .* answered 200/);
    const flag = await runCli(['send', srv.url, '--profile', 'parapet', '--secret', 's3cret']);
    assert.equal(flag.code, 2);
    assert.match(flag.stderr, /the parapet profile does not sign its webhooks: say how with --scheme/);
    assert.equal(srv.got.length, 1, 'nothing sent');
  } finally {
    await srv.close();
  }
});
