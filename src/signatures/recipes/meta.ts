// Meta (Facebook, Instagram, WhatsApp Cloud API): X-Hub-Signature-256 `sha256=<hex>` keyed by the App Secret.
import type { Recipe } from '../recipe.js';

export const meta: Recipe = {
  id: 'meta',
  name: 'Meta / WhatsApp',
  kind: 'hmac', hash: 'sha256', encoding: 'hex',
  signed: '{body}',
  signature: { headers: [{ name: 'X-Hub-Signature-256', prefix: 'sha256=' }] },
  secret: 'text',
  source: 'Meta for Developers, "Webhooks — Getting started: Validate payloads" (https://developers.facebook.com/docs/graph-api/webhooks/getting-started#validate-payloads)',
  vector: 'none published (no official verifier library): computed with node:crypto per the document',
  note: 'Same header and format as GitHub: without GitHub\'s X-GitHub-* headers, auto-detection tries both.',
};
