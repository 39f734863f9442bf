// Shopify: `X-Shopify-Hmac-Sha256: <base64>` HMAC-SHA256 of the raw body with the app secret as text.
import type { ReadResult, SchemeDefinition } from './types.js';
import { findHeader } from './headers.js';

export const shopify: SchemeDefinition = {
  name: 'shopify',
  signatureHeaders: ['x-shopify-hmac-sha256'],
  timestampCheck: 'none',
  read(headers): ReadResult {
    const found = findHeader(headers, 'X-Shopify-Hmac-Sha256');
    if (!found) return { problem: 'no-header', reason: 'no X-Shopify-Hmac-Sha256 header' };
    return { header: found.name, signatures: [found.value.trim()], hash: 'sha256', encoding: 'base64' };
  },
  key: (secret) => Buffer.from(secret, 'utf8'),
  prefix: () => Buffer.alloc(0),
  headers: (digest) => [['X-Shopify-Hmac-Sha256', digest.toString('base64')]],
};
