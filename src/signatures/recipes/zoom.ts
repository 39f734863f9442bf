// Zoom: x-zm-signature `v0=<hex>` over `v0:<x-zm-request-timestamp>:<body>`, keyed by the Secret Token.
import type { Recipe } from '../recipe.js';

export const zoom: Recipe = {
  id: 'zoom',
  name: 'Zoom',
  kind: 'hmac', hash: 'sha256', encoding: 'hex',
  signed: 'v0:{timestamp}:{body}',
  signature: { headers: [{ name: 'x-zm-signature', prefix: 'v0=' }] },
  timestamp: { headers: ['x-zm-request-timestamp'], format: 'unix', check: 'both', tolerance: 300, toleranceAssumed: true, signedAs: 'received' },
  secret: 'text',
  detect: { hints: ['x-zm-trackingid'] },
  source: 'Zoom Developer Docs, "Using webhooks — Verify webhook events" (https://developers.zoom.us/docs/api/webhooks/#verify-webhook-events)',
  vector: 'none published (Zoom\'s Rivet SDK is not a small verifier): computed with node:crypto per the document',
  note: 'Zoom documents no replay window: 300 s is assumed.',
};
