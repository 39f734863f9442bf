// Notion: X-Notion-Signature `sha256=<hex>` HMAC-SHA256 of the body keyed by the verification_token.
import type { Recipe } from '../recipe.js';

export const notion: Recipe = {
  id: 'notion',
  name: 'Notion',
  kind: 'hmac', hash: 'sha256', encoding: 'hex',
  signed: '{body}',
  signature: { headers: [{ name: 'X-Notion-Signature', prefix: 'sha256=' }] },
  secret: 'text',
  source: 'Notion Developers, "Webhooks — Validating event payloads" (https://developers.notion.com/reference/webhooks#step-3-validating-event-payloads-recommended)',
  vector: 'none published (no official verifier library): computed with node:crypto per the document',
  note: 'The key is the verification_token Notion sent when the subscription was created.',
};
