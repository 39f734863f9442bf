// TLS: a trusted chain for the right hostname, a modern protocol, and days left before expiry.
import { connect, checkServerIdentity, rootCertificates, type PeerCertificate } from 'node:tls';
import { isIP } from 'node:net';
import type { Finding } from '../findings.js';
import type { DoctorContext } from './context.js';
import { defaultPort } from './check-tcp.js';
import { kbForError } from './kb-keys.js';
import { recogniseMixup } from '../http/protocol-mixup.js';

const EXPIRY_WARN_DAYS = 30;
const DAY_MS = 86_400_000;

export interface TlsProbe {
  authorized: boolean;
  authorizationError?: string;
  protocol: string | null;
  cert?: PeerCertificate;
  ms: number;
}

/** One handshake that never rejects: trust is judged from authorizationError, so a bad chain is still inspected. */
export function probeTls(host: string, port: number, servername: string, ca: Buffer | undefined, timeoutMs: number, client?: { cert: Buffer; key: Buffer }): Promise<TlsProbe | { code: string }> {
  return new Promise((resolve) => {
    const started = performance.now();
    const socket = connect({
      host,
      port,
      ...(isIP(servername) ? {} : { servername }),
      // --cacert adds to the system roots rather than replacing them, as curl's --cacert with a bundle would not;
      // a private CA for one endpoint should not make every public one untrusted.
      ...(ca ? { ca: [...rootCertificates, ca.toString('utf8')] } : {}),
      ...(client ?? {}),
      rejectUnauthorized: false,
      checkServerIdentity: (name, cert) => checkServerIdentity(name === '' ? servername : name, cert),
    });
    socket.setTimeout(timeoutMs, () => {
      socket.destroy();
      resolve({ code: 'ETIMEDOUT' });
    });
    socket.once('secureConnect', () => {
      const probe: TlsProbe = {
        authorized: socket.authorized,
        authorizationError: socket.authorizationError ? String(socket.authorizationError) : undefined,
        protocol: socket.getProtocol(),
        cert: socket.getPeerCertificate(),
        ms: performance.now() - started,
      };
      socket.destroy();
      resolve(probe);
    });
    socket.once('error', (e: NodeJS.ErrnoException) => resolve({ code: e.code ?? 'ERR_TLS_HANDSHAKE' }));
  });
}

const trustAdvice: Record<string, string> = {
  DEPTH_ZERO_SELF_SIGNED_CERT: 'The certificate is self-signed: senders will refuse it. Use a certificate from a public CA (e.g. Let\'s Encrypt), or --cacert to test with your own CA.',
  SELF_SIGNED_CERT_IN_CHAIN: 'The chain ends in a private CA senders do not trust. Use a public CA, or --cacert to test with your own CA.',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'The server does not send its intermediate certificate: serve the full chain (fullchain.pem).',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'The issuer is unknown: serve the full chain, or --cacert for a private CA.',
  CERT_HAS_EXPIRED: 'The certificate has expired: renew it.',
  ERR_TLS_CERT_ALTNAME_INVALID: 'The certificate is for another hostname: reissue it with this name in subjectAltName.',
};

export async function checkTls(ctx: DoctorContext): Promise<Finding[]> {
  if (ctx.url.protocol !== 'https:') return [{ level: 'info', title: 'not checked: plain HTTP has no TLS' }];
  const servername = ctx.url.hostname.replace(/^\[|\]$/g, '');
  const host = ctx.state.connected ?? ctx.state.addresses?.[0] ?? servername;
  const port = defaultPort(ctx.url);
  const probe = await probeTls(host, port, servername, ctx.ca, Math.min(ctx.budgetSeconds * 1000, 10_000), ctx.clientCert);
  if ('code' in probe) {
    ctx.state.blocked = 'the TLS handshake failed';
    const mixup = await recogniseMixup(ctx.url.href, probe.code);
    if (mixup) return [{ level: 'fail', title: mixup.message, detail: `Configure the sender with ${mixup.fixedUrl}, or serve TLS on this port.`, kb: mixup.kb }];
    return [{ level: 'fail', title: `TLS handshake failed (${probe.code})`, detail: `See what the server offers: openssl s_client -connect ${servername}:${port} -servername ${servername}`, kb: kbForError(probe.code) }];
  }
  const findings: Finding[] = [];
  const cert = probe.cert;
  const subject = cert?.subject?.CN ?? cert?.subjectaltname ?? 'unknown subject';
  if (probe.authorized) {
    findings.push({ level: 'pass', title: `trusted certificate for ${servername} (${subject}${ctx.ca ? ', with --cacert' : ''})` });
  } else {
    const code = probe.authorizationError ?? 'UNABLE_TO_VERIFY_LEAF_SIGNATURE';
    ctx.state.blocked = 'the certificate is not trusted';
    findings.push({
      level: 'fail',
      title: code === 'ERR_TLS_CERT_ALTNAME_INVALID' ? `certificate does not cover ${servername}` : `certificate not trusted (${code})`,
      detail: trustAdvice[code] ?? `Inspect the chain: openssl s_client -connect ${servername}:${port} -servername ${servername} -showcerts`,
      kb: kbForError(code),
    });
  }
  // Hostname is judged on its own, so an untrusted certificate for the wrong name shows both problems.
  if (cert?.raw && probe.authorizationError !== 'ERR_TLS_CERT_ALTNAME_INVALID') {
    const mismatch = checkServerIdentity(servername, cert);
    if (mismatch) findings.push({ level: 'fail', title: `certificate does not cover ${servername}`, detail: trustAdvice.ERR_TLS_CERT_ALTNAME_INVALID, kb: 'ERR_TLS_CERT_ALTNAME_INVALID' });
  }
  if (probe.protocol === 'TLSv1.3' || probe.protocol === 'TLSv1.2') {
    findings.push({ level: 'pass', title: `protocol ${probe.protocol}` });
  } else {
    findings.push({ level: 'warn', title: `protocol ${probe.protocol ?? 'unknown'}: outdated`, detail: 'Senders increasingly require TLS 1.2 or newer.' });
  }
  if (cert?.valid_to) {
    const days = Math.floor((Date.parse(cert.valid_to) - Date.now()) / DAY_MS);
    if (days < 0) {
      if (probe.authorizationError !== 'CERT_HAS_EXPIRED') findings.push({ level: 'fail', title: `certificate expired ${-days} days ago`, kb: 'CERT_HAS_EXPIRED' });
    } else if (days < EXPIRY_WARN_DAYS) {
      findings.push({ level: 'warn', title: `certificate expires in ${days} days (${cert.valid_to})`, detail: 'Renew it now; an expired certificate stops every delivery at once.', kb: 'CERT_HAS_EXPIRED', data: { days } });
    } else {
      findings.push({ level: 'pass', title: `certificate valid for ${days} more days`, data: { days } });
    }
  }
  return findings;
}
