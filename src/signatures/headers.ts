// Finding received headers by name, case-insensitively, keeping the name as it was sent.
import type { HeaderList } from './types.js';

export interface FoundHeader {
  name: string;
  value: string;
}

/** The first header called `name` (any case), or undefined. */
export function findHeader(headers: HeaderList, name: string): FoundHeader | undefined {
  const wanted = name.toLowerCase();
  for (const [n, v] of headers) if (n.toLowerCase() === wanted) return { name: n, value: v };
  return undefined;
}

/** The first header found among `names`, in the order given. */
export function findFirstHeader(headers: HeaderList, names: readonly string[]): FoundHeader | undefined {
  for (const name of names) {
    const found = findHeader(headers, name);
    if (found) return found;
  }
  return undefined;
}

/** Parse "Name: value" as typed on a command line; undefined when there is no colon or no name. */
export function parseHeaderLine(line: string): [string, string] | undefined {
  const colon = line.indexOf(':');
  if (colon <= 0) return undefined;
  const name = line.slice(0, colon).trim();
  if (!name || /\s/.test(name)) return undefined;
  return [name, line.slice(colon + 1).trim()];
}

/** Whole decimal seconds, as the vendors' parseInt reads them; undefined when not a number. */
export function parseUnixSeconds(text: string): number | undefined {
  const n = Number.parseInt(text.trim(), 10);
  return Number.isNaN(n) ? undefined : n;
}

/**
 * The URL a request was sent to, as a plain-HTTP receiver sees it: http://<Host><target>. A sender
 * behind a proxy called another one; the URL diagnosis tries X-Forwarded-* and https from here.
 */
export function requestUrl(headers: HeaderList, target: string): string | undefined {
  const host = findHeader(headers, 'Host')?.value.trim();
  if (!host) return undefined;
  if (/^https?:\/\//i.test(target)) return target;
  try {
    return new URL(target.startsWith('/') ? target : `/${target}`, `http://${host}`).href;
  } catch {
    return undefined;
  }
}
