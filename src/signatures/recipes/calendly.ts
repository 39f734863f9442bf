// Calendly: Calendly-Webhook-Signature `t=<ts>,v1=<hex>` over `<ts>.<body>` with the webhook signing key.
import type { Recipe } from '../recipe.js';

export const calendly: Recipe = {
  id: 'calendly',
  name: 'Calendly',
  kind: 'hmac', hash: 'sha256', encoding: 'hex',
  signed: '{timestamp}.{body}',
  signature: { headers: [{ name: 'Calendly-Webhook-Signature' }], list: { itemSeparator: ',', pairSeparator: '=', key: 'v1', timestampKey: 't' } },
  timestamp: { format: 'unix', check: 'past', tolerance: 180, signedAs: 'received' },
  secret: 'text',
  source: 'Calendly Developer, "Webhook Signatures" (https://developer.calendly.com/api-docs/overview/webhooks/webhook-signatures): a 3-minute tolerance in its example',
  vector: 'none published (Calendly has no verifier library): computed with node:crypto per the document',
};
