// Composing the request a sender would make: content type, the user's headers, credentials and signature,
// in a fixed order, plus which headers are secrets (masked in output, never spooled).
import type { HeaderList } from './delivery.js';

export interface OutgoingInput {
  body: Buffer;
  /** The profile's content type, used unless a -H sets one. */
  contentType: string;
  /** -H lines already split into [name, value]. */
  headers: HeaderList;
  /** Bearer token (or the profile's credential header value). */
  token?: string;
  /** Header the profile sends its credential in; default Authorization: Bearer. */
  tokenHeader?: string;
  /** Signature headers already computed for `body`. */
  signature?: HeaderList;
}

export interface Outgoing {
  headers: HeaderList;
  /** Lower-cased names whose values are credentials. */
  secretHeaders: Set<string>;
}

export function hasHeader(headers: HeaderList, name: string): boolean {
  const lower = name.toLowerCase();
  return headers.some(([k]) => k.toLowerCase() === lower);
}

/** -H "Name: value" → [name, value]; undefined when it is not a header line. */
export function parseHeaderArg(line: string): [string, string] | undefined {
  const colon = line.indexOf(':');
  if (colon <= 0) return undefined;
  const name = line.slice(0, colon).trim();
  if (!/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(name)) return undefined;
  return [name, line.slice(colon + 1).trim()];
}

export function composeHeaders(input: OutgoingInput): Outgoing {
  const headers: HeaderList = [];
  const secretHeaders = new Set<string>();
  if (!hasHeader(input.headers, 'content-type')) headers.push(['Content-Type', input.contentType]);
  headers.push(...input.headers);
  for (const [k] of input.headers) if (/^(authorization|proxy-authorization|cookie|x-api-key|api-key|x-auth-token)$/i.test(k)) secretHeaders.add(k.toLowerCase());
  if (input.token !== undefined) {
    const name = input.tokenHeader ?? 'Authorization';
    const value = name.toLowerCase() === 'authorization' ? `Bearer ${input.token}` : input.token;
    const at = headers.findIndex(([k]) => k.toLowerCase() === name.toLowerCase());
    if (at >= 0) headers.splice(at, 1);
    headers.push([name, value]);
    secretHeaders.add(name.toLowerCase());
  }
  if (input.signature) headers.push(...input.signature);
  return { headers, secretHeaders };
}
