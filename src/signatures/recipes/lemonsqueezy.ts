// Lemon Squeezy: X-Signature, hex HMAC-SHA256 of the raw body (no prefix) with the webhook's signing secret.
import type { Recipe } from '../recipe.js';

export const lemonsqueezy: Recipe = {
  id: 'lemonsqueezy',
  name: 'Lemon Squeezy',
  kind: 'hmac', hash: 'sha256', encoding: 'hex',
  signed: '{body}',
  signature: { headers: [{ name: 'X-Signature' }] },
  secret: 'text',
  detect: { hints: ['X-Event-Name'] },
  source: 'Lemon Squeezy Docs, "Signing requests" (https://docs.lemonsqueezy.com/help/webhooks/signing-requests)',
  vector: 'none published (no official verifier library): computed with node:crypto per the document',
};
