// Paddle Billing: Paddle-Signature `ts=<ts>;h1=<hex>` over `<ts>:<body>` with the endpoint's secret key.
import type { Recipe } from '../recipe.js';

export const paddle: Recipe = {
  id: 'paddle',
  name: 'Paddle Billing',
  kind: 'hmac', hash: 'sha256', encoding: 'hex',
  signed: '{timestamp}:{body}',
  signature: { headers: [{ name: 'Paddle-Signature' }], list: { itemSeparator: ';', pairSeparator: '=', key: 'h1', timestampKey: 'ts' } },
  timestamp: { format: 'unix', check: 'past', tolerance: 5, signedAs: 'parsed' },
  secret: 'text',
  source: 'Paddle Developer, "Verify webhook signatures" (https://developer.paddle.com/webhooks/signature-verification); @paddle/paddle-node-sdk Webhooks.unmarshal (5 s variance by default)',
  vector: '@paddle/paddle-node-sdk (devDependency): its unmarshal accepts ours',
};
