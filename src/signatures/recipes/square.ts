// Square: x-square-hmacsha256-signature, base64 HMAC-SHA256 of the notification URL followed by the body.
import type { Recipe } from '../recipe.js';

export const square: Recipe = {
  id: 'square',
  name: 'Square',
  kind: 'hmac', hash: 'sha256', encoding: 'base64',
  signed: '{url}{body}',
  signature: { headers: [{ name: 'x-square-hmacsha256-signature' }] },
  secret: 'text',
  detect: { hints: ['square-environment', 'square-version'] },
  source: 'Square Developer, "Verify and Validate an Event Notification" (https://developer.squareup.com/docs/webhooks/step3validate); square SDK WebhooksHelper.verifySignature',
  vector: 'none small enough (the square SDK pulls a second copy of itself): computed with node:crypto per the document',
  note: 'The URL is the notification URL exactly as configured in the Developer Console.',
};
