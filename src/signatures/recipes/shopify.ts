// Shopify: X-Shopify-Hmac-Sha256, the base64 HMAC-SHA256 of the raw body with the app's client secret.
import type { Recipe } from '../recipe.js';

export const shopify: Recipe = {
  id: 'shopify',
  name: 'Shopify',
  kind: 'hmac', hash: 'sha256', encoding: 'base64',
  signed: '{body}',
  signature: { headers: [{ name: 'X-Shopify-Hmac-Sha256' }] },
  secret: 'text',
  detect: { hints: ['X-Shopify-Topic', 'X-Shopify-Shop-Domain', 'X-Shopify-Webhook-Id'] },
  source: 'Shopify Dev Docs, "Deliver webhooks through HTTPS — Verify a webhook" (https://shopify.dev/docs/apps/build/webhooks/subscribe/https)',
  vector: 'none published by Shopify outside its full app library (@shopify/shopify-api, not installed): computed with node:crypto per the document',
};
