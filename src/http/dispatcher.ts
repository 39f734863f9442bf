// The one undici dispatcher a command delivers through: direct, via --proxy, or via HTTPS_PROXY/HTTP_PROXY/NO_PROXY,
// with the TLS trust and client certificate the user gave. Its connector records when each connection phase ended.
import { readFileSync } from 'node:fs';
import type { SecureContextOptions } from 'node:tls';
import { loopbackAwareLookup } from './resolve.js';
import type { Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { WdError } from '../errors.js';
import { unreadableFile } from '../options.js';
import type { buildConnector as BuildConnector } from 'undici';
import { Agent, buildConnector, loadEnvHttpProxyAgent, loadProxyAgent, type Dispatcher } from './undici-parts.js';

export type { Dispatcher };
export { loopbackAwareLookup } from './resolve.js';

export interface DispatcherOptions {
  /** Proxy URL (http://host:port); overrides the environment. */
  proxy?: string;
  /** CA bundle: a PEM file path or PEM text. */
  cacert?: string | Buffer;
  /** Client certificate for mTLS: PEM file path or text. */
  cert?: string | Buffer;
  /** Client key for mTLS: PEM file path or text. */
  key?: string | Buffer;
  /** Do not verify the server certificate (curl -k). */
  insecure?: boolean;
  /** Connections per origin (default unlimited). */
  connections?: number;
  /** Environment to read HTTPS_PROXY/HTTP_PROXY/NO_PROXY from (default process.env). */
  env?: NodeJS.ProcessEnv;
}

/** performance.now() instants at which a connection's phases ended, like the events curl -w reports. */
export interface ConnectionTimes {
  start: number;
  /** Name resolved (absent for an IP literal). */
  lookup?: number;
  /** TCP connected. */
  connect?: number;
  /** TLS handshake done (https only). */
  secure?: number;
  /** Bytes last became readable: the arrival of an answer, before undici parses it. */
  readable?: number;
}

const connectionTimes = new WeakMap<object, ConnectionTimes>();

export function connectionTimesOf(socket: object | undefined): ConnectionTimes | undefined {
  return socket ? connectionTimes.get(socket) : undefined;
}

function readPem(value: string | Buffer | undefined, flag: string): string | Buffer | undefined {
  if (value === undefined) return value;
  if (Buffer.isBuffer(value) || value.includes('-----BEGIN')) return checkPem<string | Buffer>(value, flag, 'the value');
  let pem: Buffer;
  try {
    pem = readFileSync(value);
  } catch (err) {
    throw unreadableFile(flag, value, err, `${flag} takes a PEM file path`);
  }
  return checkPem(pem, flag, value);
}

const pemKinds: Record<string, RegExp> = {
  '--cacert': /-----BEGIN (TRUSTED )?CERTIFICATE-----/,
  '--cert': /-----BEGIN (TRUSTED )?CERTIFICATE-----/,
  '--key': /-----BEGIN (RSA |EC |ENCRYPTED |DSA )?PRIVATE KEY-----/,
};

/** A file given as a certificate or key holds one in PEM form: an input error now, not a failed delivery later. */
export function checkPem<T extends string | Buffer>(pem: T, flag: string, source: string): T {
  const text: string = Buffer.isBuffer(pem) ? pem.toString('latin1') : (pem as string);
  const kind = pemKinds[flag] ?? /-----BEGIN [A-Z ]+-----/;
  if (!kind.test(text)) {
    const what = flag === '--key' ? 'a PEM private key (-----BEGIN PRIVATE KEY-----)' : 'a PEM certificate (-----BEGIN CERTIFICATE-----)';
    throw new WdError('INPUT', `${flag} ${source} is not ${what}`, { hint: `${flag} takes a PEM file; convert a DER one with: ${flag === '--key' ? 'openssl pkey -inform der -in key.der -out key.pem' : 'openssl x509 -inform der -in cert.der -out cert.pem'}` });
  }
  return pem;
}

/** The certificate, key and CA make a TLS context (a key that does not match its certificate is caught here). */
function checkTlsContext(tls: Record<string, unknown>): void {
  if (!tls.cert && !tls.key && !tls.ca) return;
  try {
    // node:tls only when there is TLS material to check: loading it costs every send's start-up.
    process.getBuiltinModule('node:tls').createSecureContext(tls as SecureContextOptions);
  } catch (err) {
    const reason = (err as Error).message.replace(/^error:[0-9A-F]+:[^:]*:[^:]*:/i, '').trim();
    const flags = [tls.cert ? '--cert' : '', tls.key ? '--key' : '', tls.ca ? '--cacert' : ''].filter(Boolean).join('/');
    throw new WdError('INPUT', `${flags}: cannot be used for TLS: ${reason}`, { hint: '--cert and --key take the client certificate and its own private key (PEM); --cacert a CA certificate (PEM)' });
  }
}

type ConnectFn = ReturnType<typeof buildConnector>;

/** undici's own connector, wrapped to note the phase instants on each new socket. */
function timedConnector(tlsOptions: Record<string, unknown>): ConnectFn {
  // Connect time is bounded by deliver()'s per-attempt timer; this only stops a connect that was abandoned.
  const base = buildConnector({ ...tlsOptions, lookup: loopbackAwareLookup, timeout: 300_000 } as BuildConnector.BuildOptions);
  return ((options: BuildConnector.Options, callback: BuildConnector.Callback) => {
    const times: ConnectionTimes = { start: performance.now() };
    // A connection that fails (a TLS handshake refused after TCP connected) never reaches a request: its
    // instants go with the error, so the timing line can still show that TCP connected.
    const socket = base(options, ((err: unknown, sock: unknown) => {
      if (err && typeof err === 'object') connectionTimes.set(err, times);
      (callback as (e: unknown, s: unknown) => void)(err, sock);
    }) as BuildConnector.Callback) as unknown as Socket;
    connectionTimes.set(socket, times);
    // Prepend: undici's own listeners run first otherwise, and on the first connection its 'connect'
    // handler compiles the WebAssembly HTTP parser synchronously (milliseconds billed as "connect").
    socket.prependOnceListener('lookup', () => void (times.lookup = performance.now()));
    socket.prependOnceListener('connect', () => void (times.connect = performance.now()));
    if (options.protocol === 'https:') socket.prependOnceListener('secureConnect', () => void (times.secure = performance.now()));
    // undici reads on 'readable' too; a listener that only notes the instant leaves its reading as it is.
    socket.prependListener('readable', () => void (times.readable = performance.now()));
    return socket;
  }) as unknown as ConnectFn;
}

function envProxy(env: NodeJS.ProcessEnv): boolean {
  return Boolean(env.HTTPS_PROXY || env.https_proxy || env.HTTP_PROXY || env.http_proxy);
}

/** One dispatcher for every request of a command run. */
export function createDispatcher(opts: DispatcherOptions = {}): Dispatcher {
  const tls: Record<string, unknown> = {};
  const ca = readPem(opts.cacert, '--cacert');
  const cert = readPem(opts.cert, '--cert');
  const key = readPem(opts.key, '--key');
  if (ca) tls.ca = ca;
  if (cert) tls.cert = cert;
  if (key) tls.key = key;
  checkTlsContext(tls);
  if (opts.insecure) tls.rejectUnauthorized = false;
  const connect = timedConnector(tls);
  const connections = opts.connections;

  if (opts.proxy) {
    let uri: URL;
    try {
      uri = new URL(opts.proxy);
    } catch {
      throw new WdError('USAGE', `--proxy: not a URL: ${opts.proxy}`, { hint: 'e.g. --proxy http://127.0.0.1:3128' });
    }
    const ProxyAgent = loadProxyAgent();
    return new ProxyAgent({ uri: uri.href, requestTls: tls, proxyTls: tls, connections });
  }
  const env = opts.env ?? process.env;
  if (envProxy(env)) {
    const EnvHttpProxyAgent = loadEnvHttpProxyAgent();
    return new EnvHttpProxyAgent({
      connect,
      requestTls: tls,
      proxyTls: tls,
      connections,
      httpProxy: env.HTTP_PROXY || env.http_proxy,
      httpsProxy: env.HTTPS_PROXY || env.https_proxy,
      noProxy: env.NO_PROXY ?? env.no_proxy,
    } as ConstructorParameters<typeof EnvHttpProxyAgent>[0]);
  }
  return new Agent({ connect, connections });
}
