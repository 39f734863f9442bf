// Zendesk: X-Zendesk-Webhook-Signature, base64 HMAC-SHA256 of timestamp + body (no separator).
import type { Recipe } from '../recipe.js';

export const zendesk: Recipe = {
  id: 'zendesk',
  name: 'Zendesk',
  kind: 'hmac', hash: 'sha256', encoding: 'base64',
  signed: '{timestamp}{body}',
  signature: { headers: [{ name: 'X-Zendesk-Webhook-Signature' }] },
  timestamp: { headers: ['X-Zendesk-Webhook-Signature-Timestamp'], format: 'rfc3339', check: 'both', tolerance: 300, toleranceAssumed: true, signedAs: 'received' },
  secret: 'text',
  detect: { hints: ['X-Zendesk-Webhook-Id', 'X-Zendesk-Webhook-Invocation-Id'] },
  source: 'Zendesk Developer Docs, "Verifying webhook authenticity" (https://developer.zendesk.com/documentation/webhooks/verifying/): base64(HMACSHA256(TIMESTAMP + BODY))',
  vector: 'none published (Zendesk ships no verifier library): computed with node:crypto per the document',
  note: 'Zendesk documents no replay window: 300 s is assumed.',
};
