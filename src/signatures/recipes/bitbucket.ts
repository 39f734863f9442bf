// Bitbucket Cloud: X-Hub-Signature `sha256=<hex>` HMAC of the raw body with the webhook's secret.
import type { Recipe } from '../recipe.js';

export const bitbucket: Recipe = {
  id: 'bitbucket',
  name: 'Bitbucket Cloud',
  kind: 'hmac', hash: 'sha256', encoding: 'hex',
  signed: '{body}',
  signature: { headers: [{ name: 'X-Hub-Signature', prefix: 'sha256=' }] },
  secret: 'text',
  detect: { hints: ['X-Event-Key', 'X-Hook-UUID', 'X-Request-UUID', 'X-Attempt-Number'] },
  source: 'Atlassian Support, Bitbucket Cloud "Manage webhooks — Secure webhooks" (https://support.atlassian.com/bitbucket-cloud/docs/manage-webhooks/)',
  vector: 'none published (no official verifier library): computed with node:crypto per the document',
};
