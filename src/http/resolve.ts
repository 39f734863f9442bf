// Which addresses a host name stands for, the way deliveries resolve it: localhost without asking the
// resolver, anything else through getaddrinfo; and the order a happy-eyeballs connect tries them in.
import { lookup as dnsLookup, type LookupOptions } from 'node:dns';

const loopback = [
  { address: '127.0.0.1', family: 4 },
  { address: '::1', family: 6 },
];

const isLocalhost = (hostname: string) => {
  const name = hostname.toLowerCase().replace(/\.$/, '');
  return name === 'localhost' || name.endsWith('.localhost');
};

/**
 * `localhost` and `*.localhost` are loopback by definition (RFC 6761 §6.3), and curl answers them without
 * asking the resolver; so do we. getaddrinfo here can spend 10-30 ms on them, which a local test should not pay.
 */
export function loopbackAwareLookup(hostname: string, options: LookupOptions, callback: (...args: unknown[]) => void): void {
  if (!isLocalhost(hostname)) {
    dnsLookup(hostname, options, callback as never);
    return;
  }
  const family = options.family === 'IPv4' ? 4 : options.family === 'IPv6' ? 6 : options.family;
  const list = family === 4 || family === 6 ? loopback.filter((a) => a.family === family) : loopback;
  process.nextTick(() => (options.all ? callback(null, list) : callback(null, list[0]!.address, list[0]!.family)));
}

/** Resolves a host name to every address; rejects with the resolver's error (its `code`: ENOTFOUND, EAI_AGAIN …). */
export type Resolver = (hostname: string) => Promise<string[]>;

/** The resolver a delivery uses (see loopbackAwareLookup), as a promise of every address. */
export const resolveAll: Resolver = (hostname) =>
  new Promise((resolve, reject) => {
    loopbackAwareLookup(hostname, { all: true }, (err: unknown, list: unknown) => {
      if (err) reject(err);
      else resolve((list as Array<{ address: string }>).map((a) => a.address));
    });
  });

/**
 * The order Node's connect with autoSelectFamily (happy eyeballs, RFC 8305) tries addresses in: the first
 * address's family first, then alternating families.
 */
export function connectOrder(addresses: readonly string[]): string[] {
  if (addresses.length < 2) return [...addresses];
  const v6 = (a: string) => a.includes(':');
  const first = v6(addresses[0]!);
  const same = addresses.filter((a) => v6(a) === first);
  const other = addresses.filter((a) => v6(a) !== first);
  const out: string[] = [];
  for (let i = 0; i < Math.max(same.length, other.length); i++) {
    if (i < same.length) out.push(same[i]!);
    if (i < other.length) out.push(other[i]!);
  }
  return out;
}

/** host:port as a person writes it: [::1]:8080 for IPv6. */
export const hostPort = (address: string, port: number | string) => (address.includes(':') ? `[${address}]:${port}` : `${address}:${port}`);
