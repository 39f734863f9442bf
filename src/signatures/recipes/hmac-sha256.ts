// Generic HMAC-SHA256: `sha256=<hex>` of the raw body in a header you name (X-Signature by default).
import type { Recipe } from '../recipe.js';

export const hmacSha256: Recipe = {
  id: 'hmac-sha256',
  name: 'Generic HMAC-SHA256',
  kind: 'hmac', hash: 'sha256', encoding: 'hex',
  signed: '{body}',
  signature: { headers: [{ name: 'X-Signature', prefix: 'sha256=' }], anyHeaderEndingIn: '-signature' },
  secret: 'text',
  source: 'CloudAIPilot webhook troubleshooting guide (webhook-doctor seeds): X-CloudAIPilot-Signature, sha256= and the hex HMAC of the raw body',
  vector: 'computed with node:crypto per the guide (the guide publishes no vector); the header is set with --signature-header',
};
