// Stripe: `Stripe-Signature: t=<ts>,v1=<hex>[,v1=…]`, HMAC-SHA256 over `<ts>.<body>` with the
// whole `whsec_…` string as the key (Stripe does not decode it). Only an old timestamp fails.
import type { ReadResult, SchemeDefinition } from './types.js';
import { findHeader } from './headers.js';

export const stripe: SchemeDefinition = {
  name: 'stripe',
  signatureHeaders: ['stripe-signature'],
  timestampCheck: 'past',
  read(headers): ReadResult {
    const found = findHeader(headers, 'Stripe-Signature');
    if (!found) return { problem: 'no-header', reason: 'no Stripe-Signature header' };
    // Parsed as stripe-node does: comma-separated key=value items, `t` once, every `v1` kept.
    let timestampText: string | undefined;
    const signatures: string[] = [];
    for (const item of found.value.split(',')) {
      const [k, v] = item.split('=');
      if (k === 't' && v !== undefined) timestampText = v;
      if (k === 'v1' && v !== undefined) signatures.push(v);
    }
    const timestamp = timestampText === undefined ? NaN : Number.parseInt(timestampText, 10);
    if (Number.isNaN(timestamp)) return { problem: 'malformed', reason: `${found.name} has no t=<timestamp>` };
    if (signatures.length === 0) return { problem: 'malformed', reason: `${found.name} has no v1= signature` };
    return { header: found.name, signatures, hash: 'sha256', encoding: 'hex', timestamp, timestampText: String(timestamp) };
  },
  key: (secret) => Buffer.from(secret, 'utf8'),
  prefix: (r) => Buffer.from(`${r.timestampText}.`, 'utf8'),
  headers: (digest, ctx) => [['Stripe-Signature', `t=${ctx.timestamp},v1=${digest.toString('hex')}`]],
};
