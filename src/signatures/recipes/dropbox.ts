// Dropbox: X-Dropbox-Signature, hex HMAC-SHA256 of the raw body with the app secret.
import type { Recipe } from '../recipe.js';

export const dropbox: Recipe = {
  id: 'dropbox',
  name: 'Dropbox',
  kind: 'hmac', hash: 'sha256', encoding: 'hex',
  signed: '{body}',
  signature: { headers: [{ name: 'X-Dropbox-Signature' }] },
  secret: 'text',
  source: 'Dropbox Developers, "Webhooks — Verifying requests" (https://www.dropbox.com/developers/reference/webhooks)',
  vector: 'none published (no official verifier library): computed with node:crypto per the document',
};
