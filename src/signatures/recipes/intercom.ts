// Intercom: X-Hub-Signature `sha1=<hex>` HMAC-SHA1 of the raw body with the app's client secret.
import type { Recipe } from '../recipe.js';

export const intercom: Recipe = {
  id: 'intercom',
  name: 'Intercom',
  kind: 'hmac', hash: 'sha1', encoding: 'hex',
  signed: '{body}',
  signature: { headers: [{ name: 'X-Hub-Signature', prefix: 'sha1=' }] },
  secret: 'text',
  source: 'Intercom Developers, "Webhooks — Signed notifications" (https://developers.intercom.com/docs/references/webhooks/webhook-models)',
  vector: 'none published (no official verifier library): computed with node:crypto per the document',
};
