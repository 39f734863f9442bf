// Mux: Mux-Signature `t=<ts>,v1=<hex>` over `<ts>.<body>` with the webhook's signing secret.
import type { Recipe } from '../recipe.js';

export const mux: Recipe = {
  id: 'mux',
  name: 'Mux',
  kind: 'hmac', hash: 'sha256', encoding: 'hex',
  signed: '{timestamp}.{body}',
  signature: { headers: [{ name: 'Mux-Signature' }], list: { itemSeparator: ',', pairSeparator: '=', key: 'v1', timestampKey: 't' } },
  timestamp: { format: 'unix', check: 'past', tolerance: 300, signedAs: 'parsed' },
  secret: 'text',
  source: 'Mux Docs, "Verify webhook signatures" (https://www.mux.com/docs/core/verify-webhook-signatures); @mux/mux-node webhooks.verifySignature (300 s)',
  vector: '@mux/mux-node (devDependency): webhooks.verifySignature accepts ours',
};
