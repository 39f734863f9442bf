// GitHub: `X-Hub-Signature-256: sha256=<hex>` HMAC of the raw body with the secret as text;
// the legacy `X-Hub-Signature: sha1=<hex>` is recognised when the sha256 header is absent.
import type { ReadResult, SchemeDefinition } from './types.js';
import { findHeader } from './headers.js';

export const github: SchemeDefinition = {
  name: 'github',
  signatureHeaders: ['x-hub-signature-256', 'x-hub-signature'],
  timestampCheck: 'none',
  read(headers): ReadResult {
    const modern = findHeader(headers, 'X-Hub-Signature-256');
    if (modern) {
      const value = modern.value.trim();
      if (!value.startsWith('sha256=')) return { problem: 'malformed', reason: `${modern.name} does not start with sha256=` };
      return { header: modern.name, signatures: [value.slice(7)], hash: 'sha256', encoding: 'hex' };
    }
    const legacy = findHeader(headers, 'X-Hub-Signature');
    if (legacy) {
      const value = legacy.value.trim();
      if (!value.startsWith('sha1=')) return { problem: 'malformed', reason: `${legacy.name} does not start with sha1=` };
      return { header: legacy.name, signatures: [value.slice(5)], hash: 'sha1', encoding: 'hex' };
    }
    return { problem: 'no-header', reason: 'no X-Hub-Signature-256 header' };
  },
  key: (secret) => Buffer.from(secret, 'utf8'),
  prefix: () => Buffer.alloc(0),
  headers: (digest) => [['X-Hub-Signature-256', `sha256=${digest.toString('hex')}`]],
};
