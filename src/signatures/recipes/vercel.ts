// Vercel: x-vercel-signature, the hex HMAC-SHA1 of the raw body with the webhook's secret.
import type { Recipe } from '../recipe.js';

export const vercel: Recipe = {
  id: 'vercel',
  name: 'Vercel',
  kind: 'hmac', hash: 'sha1', encoding: 'hex',
  signed: '{body}',
  signature: { headers: [{ name: 'x-vercel-signature' }] },
  secret: 'text',
  source: 'Vercel Docs, "Webhooks API reference — Securing webhooks" (https://vercel.com/docs/webhooks/webhooks-api#securing-webhooks)',
  vector: 'none published (no official verifier library): computed with node:crypto per the document',
};
