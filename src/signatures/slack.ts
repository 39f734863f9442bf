// Slack: `X-Slack-Signature: v0=<hex>`, HMAC-SHA256 over `v0:<ts>:<body>` with
// `X-Slack-Request-Timestamp`; Slack's SDKs reject a timestamp more than 5 minutes off either way.
import type { ReadResult, SchemeDefinition } from './types.js';
import { findHeader, parseUnixSeconds } from './headers.js';

export const slack: SchemeDefinition = {
  name: 'slack',
  signatureHeaders: ['x-slack-signature'],
  timestampCheck: 'both',
  read(headers): ReadResult {
    const found = findHeader(headers, 'X-Slack-Signature');
    if (!found) return { problem: 'no-header', reason: 'no X-Slack-Signature header' };
    const ts = findHeader(headers, 'X-Slack-Request-Timestamp');
    if (!ts) return { problem: 'malformed', reason: 'no X-Slack-Request-Timestamp header' };
    const timestamp = parseUnixSeconds(ts.value);
    if (timestamp === undefined) return { problem: 'malformed', reason: `${ts.name} is not a number` };
    const value = found.value.trim();
    if (!value.startsWith('v0=')) return { problem: 'malformed', reason: `${found.name} does not start with v0=` };
    return { header: found.name, signatures: [value.slice(3)], hash: 'sha256', encoding: 'hex', timestamp, timestampText: ts.value.trim() };
  },
  key: (secret) => Buffer.from(secret, 'utf8'),
  prefix: (r) => Buffer.from(`v0:${r.timestampText}:`, 'utf8'),
  headers: (digest, ctx) => [
    ['X-Slack-Request-Timestamp', String(ctx.timestamp)],
    ['X-Slack-Signature', `v0=${digest.toString('hex')}`],
  ],
};
