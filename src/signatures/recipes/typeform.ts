// Typeform: Typeform-Signature `sha256=<base64>` HMAC-SHA256 of the raw body with the webhook secret.
import type { Recipe } from '../recipe.js';

export const typeform: Recipe = {
  id: 'typeform',
  name: 'Typeform',
  kind: 'hmac', hash: 'sha256', encoding: 'base64',
  signed: '{body}',
  signature: { headers: [{ name: 'Typeform-Signature', prefix: 'sha256=' }] },
  secret: 'text',
  source: 'Typeform Developers, "Secure your webhooks" (https://www.typeform.com/developers/webhooks/secure-your-webhooks/)',
  vector: 'none published (no official verifier library): computed with node:crypto per the document',
};
