// Recognising a protocol mix-up after a failed delivery: plain HTTP sent to a port that speaks TLS, or TLS
// sent to a plain-HTTP port. Both look like a generic reset or an OpenSSL record error; a probe of the
// port in the other protocol proves which side speaks TLS.
import { connect as netConnect } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { isIP } from 'node:net';
import { loopbackAwareLookup } from './resolve.js';
import { mayBeMixup } from './error-code.js';

export interface Mixup {
  /** Knowledge-base key: http-to-https-port or https-to-http-port. */
  kb: 'http-to-https-port' | 'https-to-http-port';
  /** What was proven, in one line. */
  message: string;
  /** The URL with the scheme the port speaks. */
  fixedUrl: string;
}

export { mayBeMixup } from './error-code.js';

type Probe = (host: string, port: number, timeoutMs: number) => Promise<boolean>;

/** A TLS handshake completes (any certificate: only the protocol is in question). */
export const speaksTls: Probe = (host, port, timeoutMs) =>
  new Promise((resolve) => {
    const socket = tlsConnect({ host, port, rejectUnauthorized: false, lookup: loopbackAwareLookup as never, ...(isIP(host) ? {} : { servername: host }) });
    const done = (yes: boolean) => {
      socket.destroy();
      resolve(yes);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('secureConnect', () => done(true));
    socket.once('error', () => done(false));
  });

/** The port answers a plain HTTP request with an HTTP status line. */
export const speaksPlainHttp: Probe = (host, port, timeoutMs) =>
  new Promise((resolve) => {
    const socket = netConnect({ host, port, lookup: loopbackAwareLookup as never });
    let got = '';
    const done = (yes: boolean) => {
      socket.destroy();
      resolve(yes);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => socket.write(`HEAD / HTTP/1.1\r\nHost: ${host}:${port}\r\nConnection: close\r\n\r\n`));
    socket.on('data', (chunk: Buffer) => {
      got += chunk.toString('latin1');
      if (got.length >= 9) done(/^HTTP\/\d/.test(got));
    });
    socket.once('end', () => done(/^HTTP\/\d/.test(got)));
    socket.once('error', () => done(false));
  });

/**
 * After a request to `url` failed with `code`: the mix-up it was, proven by a probe in the other protocol,
 * or undefined (not a mix-up, or not provable).
 */
export async function recogniseMixup(url: string, code: string, o: { timeoutMs?: number; probes?: { tls: Probe; plain: Probe } } = {}): Promise<Mixup | undefined> {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return undefined;
  }
  if (!mayBeMixup(u.protocol, code)) return undefined;
  const host = u.hostname.replace(/^\[|\]$/g, '');
  const port = u.port ? Number(u.port) : u.protocol === 'https:' ? 443 : 80;
  const timeoutMs = o.timeoutMs ?? 3000;
  const probes = o.probes ?? { tls: speaksTls, plain: speaksPlainHttp };
  const fixed = new URL(u.href);
  if (u.protocol === 'http:') {
    if (!(await probes.tls(host, port, timeoutMs))) return undefined;
    fixed.protocol = 'https:';
    return { kb: 'http-to-https-port', fixedUrl: withPort(fixed, port), message: `the receiver at ${u.host} speaks TLS, but this request was plain HTTP (an http:// URL for an HTTPS port): use ${withPort(fixed, port)}` };
  }
  if (!(await probes.plain(host, port, timeoutMs))) return undefined;
  fixed.protocol = 'http:';
  return { kb: 'https-to-http-port', fixedUrl: withPort(fixed, port), message: `the receiver at ${u.host} speaks plain HTTP, but this request spoke TLS (an https:// URL for a plain-HTTP port): use ${withPort(fixed, port)}, or put TLS in front of the receiver` };
}

/** The URL with its port written out, so switching the scheme does not switch the port to the scheme's default. */
function withPort(u: URL, port: number): string {
  const s = u.href;
  if (u.port) return s;
  return s.replace(`//${u.host}`, `//${u.host}:${port}`);
}
