// Stripe: Stripe-Signature `t=<ts>,v1=<hex>[,v1=…]` over `<ts>.<body>`, keyed by the whole whsec_… text.
import type { Recipe } from '../recipe.js';

export const stripe: Recipe = {
  id: 'stripe',
  name: 'Stripe',
  kind: 'hmac', hash: 'sha256', encoding: 'hex',
  signed: '{timestamp}.{body}',
  signature: { headers: [{ name: 'Stripe-Signature' }], list: { itemSeparator: ',', pairSeparator: '=', key: 'v1', timestampKey: 't' } },
  timestamp: { format: 'unix', check: 'past', tolerance: 300, signedAs: 'parsed' },
  secret: 'text',
  source: 'Stripe Docs, "Verify webhook signatures manually" (https://docs.stripe.com/webhooks#verify-manually); stripe-node Webhooks.constructEvent (default tolerance 300 s)',
  vector: 'stripe (devDependency): Stripe.webhooks.generateTestHeaderString and constructEvent',
};
