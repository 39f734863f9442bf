// SendGrid (Twilio): ECDSA P-256 over `<timestamp><body>`, a base64 DER signature, verified with the
// base64 DER public key from Mail Settings → Signed Event Webhook.
import type { Recipe } from '../recipe.js';

export const sendgrid: Recipe = {
  id: 'sendgrid',
  name: 'SendGrid Event Webhook',
  kind: 'ecdsa-p256', hash: 'sha256', encoding: 'base64',
  signed: '{timestamp}{body}',
  signature: { headers: [{ name: 'X-Twilio-Email-Event-Webhook-Signature' }] },
  timestamp: { headers: ['X-Twilio-Email-Event-Webhook-Timestamp'], format: 'unix', check: 'both', tolerance: 300, toleranceAssumed: true, signedAs: 'received' },
  secret: 'public-key',
  source: 'Twilio SendGrid Docs, "Getting Started with the Event Webhook Security Features" (https://www.twilio.com/docs/sendgrid/for-developers/tracking-events/getting-started-event-webhook-security-features)',
  vector: '@sendgrid/eventwebhook (devDependency): its test vector (timestamp 1588788367) and its verifySignature on ours',
  note: 'SendGrid documents no replay window: 300 s is assumed. The key is the verification key, not an API key.',
};
