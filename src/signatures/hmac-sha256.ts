// The generic scheme: `sha256=<hex>` HMAC of the raw body in a configurable header
// (X-Signature by default; CloudAIPilot sends X-CloudAIPilot-Signature).
import type { HeaderList, ReadResult, SchemeDefinition } from './types.js';
import { findHeader } from './headers.js';

export const DEFAULT_HMAC_HEADER = 'X-Signature';

/** A header that looks like a generic HMAC signature: named *-signature, value sha256=<hex>. */
export function findGenericSignatureHeader(headers: HeaderList): string | undefined {
  const exact = findHeader(headers, DEFAULT_HMAC_HEADER);
  if (exact) return exact.name;
  for (const [name, value] of headers) {
    if (/(^|-)signature$/i.test(name) && /^sha256=/i.test(value.trim())) return name;
  }
  return undefined;
}

export const hmacSha256: SchemeDefinition = {
  name: 'hmac-sha256',
  signatureHeaders: [DEFAULT_HMAC_HEADER.toLowerCase()],
  timestampCheck: 'none',
  read(headers, header): ReadResult {
    const name = header ?? findGenericSignatureHeader(headers) ?? DEFAULT_HMAC_HEADER;
    const found = findHeader(headers, name);
    if (!found) return { problem: 'no-header', reason: `no ${name} header` };
    const value = found.value.trim();
    if (!value.startsWith('sha256=')) {
      return { problem: 'malformed', reason: `${found.name} does not start with sha256=` };
    }
    return { header: found.name, signatures: [value.slice('sha256='.length)], hash: 'sha256', encoding: 'hex' };
  },
  key: (secret) => Buffer.from(secret, 'utf8'),
  prefix: () => Buffer.alloc(0),
  headers: (digest, ctx) => [[ctx.header ?? DEFAULT_HMAC_HEADER, `sha256=${digest.toString('hex')}`]],
};
