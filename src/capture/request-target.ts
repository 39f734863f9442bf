// What form a request target has (RFC 9112 §3.2) and the path a --forward relay sends for it: only
// origin-form and absolute-form reach the app, as the bytes that were sent, and never another origin.

export type TargetForm = 'origin' | 'absolute' | 'authority' | 'asterisk' | 'invalid';

export interface TargetShape {
  form: TargetForm;
  /** The origin-form bytes a relay sends (absolute-form: its path and query); absent when it cannot be relayed. */
  path?: string;
  /** Why the target cannot be relayed (or is not one a server accepts at all). */
  reason?: string;
}

/** RFC 9112 §3.2.3: authority-form is host ":" port, and only CONNECT uses it. */
const AUTHORITY = /^(\[[0-9a-f:.]+\]|[a-z0-9.-]+):\d{1,5}$/i;
/** A scheme and "//": the start of absolute-form (§3.2.2). */
const ABSOLUTE = /^[a-z][a-z0-9+.-]*:\/\//i;

export function targetShape(method: string, target: string): TargetShape {
  if (method === 'CONNECT') {
    return { form: AUTHORITY.test(target) ? 'authority' : 'invalid', reason: 'CONNECT asks for a tunnel to another host; listen is no proxy and opens none' };
  }
  const first = target.charCodeAt(0);
  if (first === 47 /* / */) return { form: 'origin', path: target };
  if (target === '*') {
    return method === 'OPTIONS'
      ? { form: 'asterisk', reason: 'OPTIONS * asks about the server itself, not a resource of the app' }
      : { form: 'invalid', reason: `"*" is a target only for OPTIONS, not ${method}` };
  }
  const scheme = ABSOLUTE.exec(target);
  if (scheme) {
    const name = scheme[0].slice(0, -3).toLowerCase();
    if (name !== 'http' && name !== 'https') return { form: 'invalid', reason: `absolute-form target with scheme ${name}: is not an http(s) URL` };
    // The authority ends at the first "/", "?" or "#"; what follows is sent as it came.
    const rest = target.slice(scheme[0].length);
    let end = 0;
    while (end < rest.length && rest[end] !== '/' && rest[end] !== '?' && rest[end] !== '#') end++;
    if (end === 0) return { form: 'invalid', reason: 'absolute-form target with no host' };
    const tail = rest.slice(end);
    return { form: 'absolute', path: tail.startsWith('/') ? tail : `/${tail}` };
  }
  if (AUTHORITY.test(target)) return { form: 'authority', reason: `authority-form (host:port) is a target only for CONNECT, not ${method}` };
  return { form: 'invalid', reason: 'the target is neither a path (/…) nor an absolute http:// URL' };
}

/** The query of an origin-form path, with its "?", or "". */
function queryOf(path: string): string {
  const q = path.indexOf('?');
  return q < 0 ? '' : path.slice(q);
}

export interface RelayTarget {
  /** scheme://host:port of --forward, from the URL parser; the relay connects here and nowhere else. */
  origin: string;
  /** The request line's target on the relay: starts with "/", bytes as the sender sent them. */
  path: string;
  /** origin + path, for showing. */
  url: string;
}

/**
 * Where a request is relayed, or why it is not. A --forward URL that names only an origin takes the
 * request's own path and query; one with a path (or a trailing "/") keeps that path, and the request's
 * query unless the --forward URL has its own.
 */
export function relayTarget(forward: string, method: string, target: string): RelayTarget | { refused: string } {
  const shape = targetShape(method, target);
  if (shape.path === undefined) return { refused: shape.reason ?? 'the target cannot be relayed' };
  const url = new URL(forward);
  const origin = url.origin;
  let path: string;
  if ((url.pathname === '/' || url.pathname === '') && !url.search && !forward.endsWith('/')) path = shape.path;
  else path = url.pathname + (url.search || queryOf(shape.path));
  // Belt and braces: whatever the target was, the relay's origin is the --forward origin and its path origin-form.
  if (path.charCodeAt(0) !== 47 || origin === 'null') return { refused: 'the relay path is not origin-form' };
  return { origin, path, url: origin + path };
}
