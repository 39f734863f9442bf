// Box: BOX-SIGNATURE-PRIMARY and -SECONDARY, base64 HMAC-SHA256 of body + BOX-DELIVERY-TIMESTAMP, one per key.
import type { Recipe } from '../recipe.js';

export const box: Recipe = {
  id: 'box',
  name: 'Box',
  kind: 'hmac', hash: 'sha256', encoding: 'base64',
  signed: '{body}{timestamp}',
  signature: { headers: [{ name: 'BOX-SIGNATURE-PRIMARY' }, { name: 'BOX-SIGNATURE-SECONDARY' }], all: true },
  timestamp: { headers: ['BOX-DELIVERY-TIMESTAMP'], format: 'rfc3339', check: 'past', tolerance: 600, signedAs: 'received' },
  secret: 'text',
  detect: { hints: ['BOX-DELIVERY-ID', 'BOX-SIGNATURE-VERSION'] },
  source: 'Box Developer, "Signature verification" (https://developer.box.com/guides/webhooks/v2/signatures-v2): timestamp within 10 minutes, either key',
  vector: 'none small enough (box-node-sdk pulls a proxy stack): computed with node:crypto per the document',
};
