// Coinbase Commerce: X-CC-Webhook-Signature, hex HMAC-SHA256 of the raw body with the shared secret.
import type { Recipe } from '../recipe.js';

export const coinbase: Recipe = {
  id: 'coinbase',
  name: 'Coinbase Commerce',
  kind: 'hmac', hash: 'sha256', encoding: 'hex',
  signed: '{body}',
  signature: { headers: [{ name: 'X-CC-Webhook-Signature' }] },
  secret: 'text',
  source: 'Coinbase Developer Docs, "Commerce — Webhooks security" (https://docs.cdp.coinbase.com/commerce/docs/webhooks-security)',
  vector: 'none installed (coinbase-commerce-node is deprecated): computed with node:crypto per the document',
};
