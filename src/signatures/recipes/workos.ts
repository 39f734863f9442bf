// WorkOS: WorkOS-Signature `t=<ms>, v1=<hex>` over `<t>.<body>` with the endpoint's webhook secret.
import type { Recipe } from '../recipe.js';

export const workos: Recipe = {
  id: 'workos',
  name: 'WorkOS',
  kind: 'hmac', hash: 'sha256', encoding: 'hex',
  signed: '{timestamp}.{body}',
  signature: { headers: [{ name: 'WorkOS-Signature' }], list: { itemSeparator: ',', pairSeparator: '=', key: 'v1', timestampKey: 't' } },
  timestamp: { format: 'unix-ms', check: 'past', tolerance: 180, signedAs: 'received' },
  secret: 'text',
  source: 'WorkOS Docs, "Webhooks — Validate the requests" (https://workos.com/docs/events/data-syncing/webhooks); @workos-inc/node webhooks.constructEvent (180 s)',
  vector: '@workos-inc/node (devDependency): webhooks.verifyHeader accepts ours',
};
