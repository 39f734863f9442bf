// The URLs a sender may really have called when the receiver rebuilt another one: the public URL a
// proxy saw (X-Forwarded-Proto/-Host/-Port), http ↔ https, a default port written or left out, a
// trailing slash, the query left out. Pure: a URL and headers in, candidates out.
import type { HeaderList } from './types.js';
import { findHeader } from './headers.js';

export interface UrlVariant {
  url: string;
  describe: string;
}

// The escapes HubSpot's "Validating requests — v3" says to decode in the URI before signing: : / ? @ ! $ ' ( ) * , ;
const RESERVED_ESCAPE = /%(3A|2F|3F|40|21|24|27|28|29|2A|2C|3B)/gi;

export function urlVariants(given: string, headers: HeaderList, target?: string): UrlVariant[] {
  let u: URL;
  try { u = new URL(given); } catch { return []; }
  const out: UrlVariant[] = [];
  const seen = new Set<string>([given]);
  const add = (url: string, describe: string) => {
    if (seen.has(url)) return;
    seen.add(url);
    out.push({ url, describe });
  };
  const withParts = (change: (x: URL) => void): URL => {
    const x = new URL(u.href);
    change(x);
    return x;
  };

  const proto = findHeader(headers, 'X-Forwarded-Proto')?.value.split(',')[0]?.trim();
  const host = findHeader(headers, 'X-Forwarded-Host')?.value.split(',')[0]?.trim();
  const port = findHeader(headers, 'X-Forwarded-Port')?.value.split(',')[0]?.trim();
  if (proto || host || port) {
    const x = withParts((x) => {
      if (proto === 'http' || proto === 'https') x.protocol = `${proto}:`;
      if (host) x.host = host;
      if (port && /^\d+$/.test(port)) x.port = port;
    });
    add(x.href, 'the public URL the proxy received, from X-Forwarded-*');
    // Twilio writes no port for 443/80; a proxy may still name it.
    add(withParts((y) => { y.href = x.href; y.port = ''; }).href, 'the public URL from X-Forwarded-*, without a port');
  }

  // new URL drops a default port the text names (https://host:443/): the sender wrote none.
  if (u.href !== given) add(u.href, /:(443|80)(\/|$)/.test(given) ? 'without the default port' : 'normalized');
  const other = u.protocol === 'https:' ? 'http:' : 'https:';
  add(withParts((x) => { x.protocol = other; }).href, `${other.slice(0, -1)} instead of ${u.protocol.slice(0, -1)}`);
  if (u.port) {
    add(withParts((x) => { x.port = ''; }).href, `without the port ${u.port}`);
    add(withParts((x) => { x.protocol = other; x.port = ''; }).href, `${other.slice(0, -1)} without the port ${u.port}`);
  } else {
    // new URL drops a default port, so it is written back by hand.
    const explicit = `${u.protocol}//${u.hostname}:${u.protocol === 'https:' ? 443 : 80}${u.pathname}${u.search}`;
    add(explicit, `with the default port ${u.protocol === 'https:' ? 443 : 80} written out`);
  }
  const path = u.pathname;
  add(withParts((x) => { x.pathname = path.endsWith('/') ? path.replace(/\/+$/, '') || '/' : `${path}/`; }).href, path.endsWith('/') ? 'without the trailing slash' : 'with a trailing slash');
  if (u.search) add(withParts((x) => { x.search = ''; }).href, 'without the query string');
  // The query (or path) the request line carried, when the URL given left it out (Twilio signs the query).
  if (target && target.startsWith('/')) {
    const t = new URL(target, 'http://x');
    if (t.search && !u.search) add(withParts((x) => { x.search = t.search; }).href, `with the query string the request carried (${t.search})`);
    if (t.pathname !== u.pathname) add(withParts((x) => { x.pathname = t.pathname; x.search = t.search; }).href, `with the path the request carried (${t.pathname}${t.search})`);
  }
  // HubSpot's v3 document has the URI signed with these escapes decoded (%3A → :, %40 → @ …).
  const decoded = given.replace(RESERVED_ESCAPE, (e) => String.fromCharCode(Number.parseInt(e.slice(1), 16)));
  if (decoded !== given) add(decoded, 'with the escaped reserved characters (%3A, %2F, %40 …) decoded, as HubSpot\'s v3 validation signs the URI');
  const host2 = findHeader(headers, 'Host')?.value.trim();
  if (host2 && host2 !== u.host) add(withParts((x) => { x.host = host2; }).href, `with the Host header ${host2}`);
  return out;
}

/**
 * The URL with its port taken out, or the scheme's default port written in when it has none, as text
 * (no normalization: the path and query keep the characters the sender signed), as twilio-node tries them.
 */
export function portVariants(given: string): UrlVariant[] {
  const m = /^([a-z][a-z0-9+.-]*:\/\/)([^/?#]*)(.*)$/is.exec(given);
  if (!m) return [];
  const [, scheme, authority, rest] = m as unknown as [string, string, string, string];
  const at = authority.lastIndexOf('@');
  const user = authority.slice(0, at + 1);
  const hostPort = authority.slice(at + 1);
  const colon = hostPort.indexOf(':', hostPort.lastIndexOf(']') + 1);
  if (colon !== -1) return [{ url: `${scheme}${user}${hostPort.slice(0, colon)}${rest}`, describe: `without the port ${hostPort.slice(colon + 1)}` }];
  const port = scheme.toLowerCase() === 'https://' ? 443 : 80;
  return [{ url: `${scheme}${user}${hostPort}:${port}${rest}`, describe: `with the default port ${port} written in` }];
}
