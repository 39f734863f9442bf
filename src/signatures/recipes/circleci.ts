// CircleCI: circleci-signature `v1=<hex>` (comma-separated versions) HMAC-SHA256 of the raw body.
import type { Recipe } from '../recipe.js';

export const circleci: Recipe = {
  id: 'circleci',
  name: 'CircleCI',
  kind: 'hmac', hash: 'sha256', encoding: 'hex',
  signed: '{body}',
  signature: { headers: [{ name: 'circleci-signature' }], list: { itemSeparator: ',', pairSeparator: '=', key: 'v1' } },
  secret: 'text',
  detect: { hints: ['circleci-event-type'] },
  source: 'CircleCI Docs, "Outbound webhooks — Validate webhooks" (https://circleci.com/docs/webhooks/#validate-webhooks)',
  vector: 'none published (no official verifier library): computed with node:crypto per the document',
};
