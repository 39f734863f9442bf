// Razorpay: X-Razorpay-Signature, hex HMAC-SHA256 of the raw body with the webhook secret.
import type { Recipe } from '../recipe.js';

export const razorpay: Recipe = {
  id: 'razorpay',
  name: 'Razorpay',
  kind: 'hmac', hash: 'sha256', encoding: 'hex',
  signed: '{body}',
  signature: { headers: [{ name: 'X-Razorpay-Signature' }] },
  secret: 'text',
  detect: { hints: ['X-Razorpay-Event-Id'] },
  source: 'Razorpay Docs, "Validate and Test Webhooks" (https://razorpay.com/docs/webhooks/validate-test/); razorpay-node validateWebhookSignature',
  vector: 'razorpay (devDependency): validateWebhookSignature accepts ours',
};
