// A self-signed certificate for localhost and 127.0.0.1, made with the real openssl for each test run.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface SelfSigned {
  dir: string;
  certFile: string;
  cert: Buffer;
  key: Buffer;
  cleanup(): void;
}

export function makeSelfSigned(days = 365): SelfSigned {
  const dir = mkdtempSync(join(tmpdir(), 'wd-doctor-tls-'));
  const certFile = join(dir, 'cert.pem');
  const keyFile = join(dir, 'key.pem');
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=localhost',
    '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1',
    '-keyout', keyFile, '-out', certFile, '-days', String(days),
  ], { stdio: 'ignore' });
  return { dir, certFile, cert: readFileSync(certFile), key: readFileSync(keyFile), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
