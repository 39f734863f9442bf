// --cert/--key (mTLS) and --cacert through createDispatcher, against a real https server that demands a client certificate.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import https from 'node:https';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { createDispatcher, deliver } from '../../src/http/deliver.js';

function selfSigned(dir: string, name: string, san: string) {
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1',
    '-subj', `/CN=${name}`, '-addext', `subjectAltName=${san}`, '-keyout', join(dir, `${name}.key`), '-out', join(dir, `${name}.pem`)], { stdio: 'ignore' });
  return { key: join(dir, `${name}.key`), cert: join(dir, `${name}.pem`) };
}

test('a client certificate is presented with cert/key; without it the server refuses the handshake', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'wd-mtls-'));
  try {
    const server = selfSigned(dir, 'localhost', 'DNS:localhost,IP:127.0.0.1');
    const client = selfSigned(dir, 'sender', 'DNS:sender');
    let seenSubject = '';
    const srv = https.createServer({
      key: readFileSync(server.key), cert: readFileSync(server.cert), ca: readFileSync(client.cert), requestCert: true, rejectUnauthorized: true,
    }, (req, res) => {
      seenSubject = (req.socket as import('node:tls').TLSSocket).getPeerCertificate().subject?.CN?.toString() ?? '';
      req.resume();
      req.on('end', () => res.end('ok'));
    });
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
    const url = `https://127.0.0.1:${(srv.address() as AddressInfo).port}/hook`;

    const withCert = createDispatcher({ cacert: server.cert, cert: client.cert, key: client.key });
    const ok = await deliver({ url, headers: [], body: Buffer.from('{}'), timeoutMs: 5000 }, { dispatcher: withCert });
    await withCert.close();
    const without = createDispatcher({ cacert: server.cert });
    const refused = await deliver({ url, headers: [], body: Buffer.from('{}'), timeoutMs: 5000 }, { dispatcher: without });
    await without.close();
    srv.close();
    assert.equal(ok.ok, true, JSON.stringify(ok.error));
    assert.equal(seenSubject, 'sender');
    assert.ok(ok.timings.tls! > ok.timings.connect!);
    assert.equal(refused.ok, false);
    assert.ok(refused.error?.code, 'the refusal carries an error code');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('an unreadable --cacert is an input error, not a failed delivery', () => {
  assert.throws(() => createDispatcher({ cacert: '/nonexistent/ca.pem' }), (err: { code?: string; message?: string }) =>
    err.code === 'INPUT' && /--cacert: cannot read \/nonexistent\/ca\.pem: no such file \(ENOENT\)/.test(err.message ?? ''));
});
