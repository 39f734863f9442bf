// Standard Webhooks (and Svix, its origin): webhook-id / webhook-timestamp / webhook-signature
// (or the svix-* names); `v1,<base64>` entries, space-separated, HMAC-SHA256 over `<id>.<ts>.<body>`
// with the secret's base64 after `whsec_` decoded. A timestamp 5 minutes off either way fails.
import type { HeaderList, ReadResult, SchemeDefinition } from './types.js';
import { findHeader, parseUnixSeconds } from './headers.js';
import { WdError } from '../errors.js';

export const STANDARD_PREFIX = 'whsec_';

function names(headers: HeaderList): 'webhook' | 'svix' | undefined {
  if (findHeader(headers, 'webhook-signature')) return 'webhook';
  if (findHeader(headers, 'svix-signature')) return 'svix';
  return undefined;
}

/** The key bytes: `whsec_` stripped, the rest base64-decoded, as the standardwebhooks library does. */
export function decodeStandardSecret(secret: string): Buffer {
  const body = secret.startsWith(STANDARD_PREFIX) ? secret.slice(STANDARD_PREFIX.length) : secret;
  const key = Buffer.from(body, 'base64');
  if (key.length === 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(body)) {
    throw new WdError('INPUT', 'the secret is not a Standard Webhooks secret (whsec_ followed by base64)', {
      hint: 'copy the signing secret from the sender\'s dashboard, e.g. whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
    });
  }
  return key;
}

export const standard: SchemeDefinition = {
  name: 'standard',
  signatureHeaders: ['webhook-signature', 'svix-signature'],
  timestampCheck: 'both',
  read(headers): ReadResult {
    const family = names(headers);
    if (!family) return { problem: 'no-header', reason: 'no webhook-signature header' };
    const sig = findHeader(headers, `${family}-signature`)!;
    const id = findHeader(headers, `${family}-id`);
    const ts = findHeader(headers, `${family}-timestamp`);
    if (!id) return { problem: 'malformed', reason: `no ${family}-id header` };
    if (!ts) return { problem: 'malformed', reason: `no ${family}-timestamp header` };
    const timestamp = parseUnixSeconds(ts.value);
    if (timestamp === undefined) return { problem: 'malformed', reason: `${ts.name} is not a number` };
    const signatures: string[] = [];
    for (const entry of sig.value.trim().split(' ')) {
      const [version, value] = entry.split(',');
      if (version === 'v1' && value !== undefined) signatures.push(value);
    }
    if (signatures.length === 0) return { problem: 'malformed', reason: `${sig.name} has no v1,<signature> entry` };
    // The library signs the parsed timestamp, so "0123" is signed as "123".
    return { header: sig.name, signatures, hash: 'sha256', encoding: 'base64', timestamp, timestampText: String(timestamp), id: id.value };
  },
  key: decodeStandardSecret,
  prefix: (r) => Buffer.from(`${r.id}.${r.timestampText}.`, 'utf8'),
  headers: (digest, ctx) => [
    ['webhook-id', ctx.id],
    ['webhook-timestamp', String(ctx.timestamp)],
    ['webhook-signature', `v1,${digest.toString('base64')}`],
  ],
};
