// HubSpot v3: X-HubSpot-Signature-v3, base64 HMAC-SHA256 of method + URI + body + X-HubSpot-Request-Timestamp (ms).
import type { Recipe } from '../recipe.js';

export const hubspot: Recipe = {
  id: 'hubspot',
  name: 'HubSpot (v3)',
  kind: 'hmac', hash: 'sha256', encoding: 'base64',
  signed: '{method}{url}{body}{timestamp}',
  signature: { headers: [{ name: 'X-HubSpot-Signature-v3' }] },
  timestamp: { headers: ['X-HubSpot-Request-Timestamp'], format: 'unix-ms', check: 'past', tolerance: 300, signedAs: 'received' },
  secret: 'text',
  source: 'HubSpot Developers, "Validating requests from HubSpot — v3" (https://developers.hubspot.com/docs/api/webhooks/validating-requests): reject a timestamp older than 5 minutes',
  vector: '@hubspot/api-client (devDependency): Signature.isValid accepts ours',
  note: 'The URI is the full URL HubSpot called, protocol included.',
};
