// Real curl, python3 (urllib, requests) and Node (fetch) against loopback servers that fail on purpose; explain must pick the
// right entry for exactly what each client printed.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { createServer as createTcpServer, type AddressInfo, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { recogniseText } from '../../src/kb/recognise.js';

interface Run { out: string; err: string }
function run(cmd: string, args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(cmd, args, { timeout: 20_000 }, (_error, stdout, stderr) => resolve({ out: String(stdout), err: String(stderr) }));
  });
}
const curl = (url: string, ...extra: string[]) => run('curl', ['-sS', '-m', '2', ...extra, '-X', 'POST', '-d', '{}', url]).then((r) => r.err.trim());
function python(lib: 'urllib' | 'requests', url: string, cafile?: string): Promise<string> {
  const code = lib === 'urllib'
    ? `import sys, ssl, urllib.request\nctx = ssl.create_default_context(cafile=${cafile ? JSON.stringify(cafile) : 'None'})\nurllib.request.urlopen(urllib.request.Request(${JSON.stringify(url)}, data=b'{}'), timeout=1, context=ctx)`
    : `import requests\nrequests.post(${JSON.stringify(url)}, data=b'{}', timeout=1, verify=${cafile ? JSON.stringify(cafile) : 'True'})`;
  // The last line of a traceback is the exception as Python prints it.
  return run('python3', ['-c', code]).then((r) => r.err.trim());
}
// Node as a user's script runs it: fetch without a catch, so Node prints the uncaught error with its [cause].
function nodeFetch(url: string, cafile?: string): Promise<string> {
  const code = `await fetch(${JSON.stringify(url)}, { method: 'POST', body: '{}', signal: AbortSignal.timeout(1000) })`;
  return new Promise((resolve) => {
    execFile(process.execPath, ['--input-type=module', '-e', code], { timeout: 20_000, env: { ...process.env, ...(cafile ? { NODE_EXTRA_CA_CERTS: cafile } : {}) } }, (_e, _o, stderr) => resolve(String(stderr).trim()));
  });
}
const explained = (printed: string) => recogniseText(printed)[0]?.key;

const dir = mkdtempSync(join(tmpdir(), 'wd-real-clients-'));
const file = (name: string) => join(dir, name);
function openssl(...args: string[]) {
  execFileSync('openssl', args, { stdio: 'ignore' });
}
const servers: Array<{ close(): unknown }> = [];
const sockets = new Set<Socket>();
const ports: Record<string, number> = {};

async function listen(name: string, server: Server | ReturnType<typeof createTcpServer>): Promise<void> {
  server.on('connection', (s: Socket) => { sockets.add(s); s.on('close', () => sockets.delete(s)); });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  ports[name] = (server.address() as AddressInfo).port;
  servers.push(server);
}

// Waits for the end of the request (the clients send '{}' as the body), so the server acts only after the
// client has finished writing: a reset while it still writes would read as a broken pipe or an early close.
function afterRequest(socket: Socket, act: () => void): void {
  let seen = '';
  socket.on('data', (d) => {
    seen += d.toString('latin1');
    const head = seen.indexOf('\r\n\r\n');
    if (head !== -1 && seen.length >= head + 4 + 2) act();
  });
}

before(async () => {
  // A private CA, a good leaf for 127.0.0.1, an expired one, and one for another name; plus a self-signed one.
  openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=wd-test-ca', '-keyout', file('ca.key'), '-out', file('ca.pem'), '-days', '2');
  const leaf = (name: string, san: string, days: string) => {
    openssl('req', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=leaf', '-keyout', file(`${name}.key`), '-out', file(`${name}.csr`));
    writeFileSync(file(`${name}.ext`), `subjectAltName=${san}\n`);
    openssl('x509', '-req', '-in', file(`${name}.csr`), '-CA', file('ca.pem'), '-CAkey', file('ca.key'), '-CAcreateserial', '-out', file(`${name}.pem`), '-days', days, '-extfile', file(`${name}.ext`));
  };
  leaf('expired', 'DNS:localhost,IP:127.0.0.1', '-1');
  leaf('otherhost', 'DNS:example.test', '2');
  openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1', '-keyout', file('self.key'), '-out', file('self.pem'), '-days', '2');

  const refused = createTcpServer();
  await listen('refused', refused);
  await new Promise((r) => refused.close(r));
  servers.pop();
  // Reads the whole request (headers and the 2-byte body), then resets the connection.
  await listen('reset', createTcpServer((s) => afterRequest(s, () => s.resetAndDestroy())));
  // Reads the whole request, then closes without a byte of answer.
  await listen('empty', createTcpServer((s) => afterRequest(s, () => s.end())));
  // Accepts and never answers.
  await listen('slow', createTcpServer(() => {}));
  await listen('plain', createHttpServer((_req, res) => res.end('ok')));
  const tls = (name: string) => ({ key: readFileSync(file(`${name}.key`)), cert: readFileSync(file(`${name}.pem`)) });
  await listen('selfsigned', createHttpsServer(tls('self'), (_q, r) => r.end('ok')));
  await listen('expired', createHttpsServer(tls('expired'), (_q, r) => r.end('ok')));
  await listen('otherhost', createHttpsServer(tls('otherhost'), (_q, r) => r.end('ok')));
});

after(() => {
  for (const s of sockets) s.destroy();
  for (const s of servers) s.close();
  rmSync(dir, { recursive: true, force: true });
});

const url = (scheme: 'http' | 'https', name: string) => `${scheme}://127.0.0.1:${ports[name]}/hooks`;
const cases: Array<{ what: string; scheme: 'http' | 'https'; server: string; ca?: string; curl: string; python: string; urllib?: string; node?: string }> = [
  { what: 'refused', scheme: 'http', server: 'refused', curl: 'ECONNREFUSED', python: 'ECONNREFUSED' },
  { what: 'reset', scheme: 'http', server: 'reset', curl: 'ECONNRESET', python: 'ECONNRESET' },
  { what: 'empty reply', scheme: 'http', server: 'empty', curl: 'empty-reply', python: 'empty-reply' },
  // urllib says only "TimeoutError: timed out" (not which phase), so the general timeout entry is the right one;
  // requests says "Read timed out".
  // Node's AbortSignal.timeout() bounds the whole request, so the general timeout entry too.
  { what: 'slow answer', scheme: 'http', server: 'slow', curl: 'read-timeout', python: 'read-timeout', urllib: 'timeout', node: 'timeout' },
  { what: 'self-signed', scheme: 'https', server: 'selfsigned', curl: 'DEPTH_ZERO_SELF_SIGNED_CERT', python: 'DEPTH_ZERO_SELF_SIGNED_CERT' },
  { what: 'expired', scheme: 'https', server: 'expired', ca: 'ca.pem', curl: 'CERT_HAS_EXPIRED', python: 'CERT_HAS_EXPIRED' },
  { what: 'wrong host name', scheme: 'https', server: 'otherhost', ca: 'ca.pem', curl: 'ERR_TLS_CERT_ALTNAME_INVALID', python: 'ERR_TLS_CERT_ALTNAME_INVALID' },
  { what: 'TLS to a plain port', scheme: 'https', server: 'plain', curl: 'https-to-http-port', python: 'https-to-http-port' },
];

for (const c of cases) {
  test(`curl, ${c.what}: explained as ${c.curl}`, async () => {
    const printed = await curl(url(c.scheme, c.server), ...(c.ca ? ['--cacert', file(c.ca)] : []));
    assert.ok(printed.startsWith('curl: ('), `curl printed: ${printed}`);
    assert.equal(explained(printed), c.curl, printed);
  });
  test(`node fetch, ${c.what}: explained as ${c.node ?? c.python}`, async () => {
    const printed = await nodeFetch(url(c.scheme, c.server), c.ca ? file(c.ca) : undefined);
    assert.match(printed, /Error/, `node printed: ${printed}`);
    assert.equal(explained(printed), c.node ?? c.python, printed);
  });
  for (const lib of ['urllib', 'requests'] as const) {
    const want = lib === 'urllib' && c.urllib ? c.urllib : c.python;
    test(`python ${lib}, ${c.what}: explained as ${want}`, async () => {
      const printed = await python(lib, url(c.scheme, c.server), c.ca ? file(c.ca) : undefined);
      assert.match(printed, /Traceback|Error/, `python printed: ${printed}`);
      assert.equal(explained(printed), want, printed.split('\n').slice(-1)[0]);
    });
  }
}

test('curl, plain HTTP to a TLS port: the empty reply it prints points on to the plain/TLS entry', async () => {
  const printed = await curl(url('http', 'selfsigned'));
  const key = explained(printed);
  assert.ok(key === 'empty-reply' || key === 'ECONNRESET', printed);
  const { getEntry } = await import('../../src/kb/index.js');
  assert.ok(getEntry(key!)!.related.includes('http-to-https-port') || getEntry(key!)!.causes.some((c) => /TLS port/.test(c)));
});
