// PagerDuty v3 webhooks: X-PagerDuty-Signature `v1=<hex>[,v1=<hex>]` HMAC-SHA256 of the raw body.
import type { Recipe } from '../recipe.js';

export const pagerduty: Recipe = {
  id: 'pagerduty',
  name: 'PagerDuty',
  kind: 'hmac', hash: 'sha256', encoding: 'hex',
  signed: '{body}',
  signature: { headers: [{ name: 'X-PagerDuty-Signature' }], list: { itemSeparator: ',', pairSeparator: '=', key: 'v1' } },
  secret: 'text',
  detect: { hints: ['X-Webhook-Id', 'X-Webhook-Subscription'] },
  source: 'PagerDuty Developer Docs, "Verifying Signatures" (https://developer.pagerduty.com/docs/webhooks/04-Signatures); go-pagerduty webhookv3.VerifySignature',
  vector: 'none published as a JS library: computed with node:crypto per the document',
};
