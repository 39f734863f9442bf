// Standard Webhooks (Svix's scheme): webhook-id/-timestamp/-signature (or svix-*), `v1,<base64>` entries,
// HMAC-SHA256 over `<id>.<ts>.<body>` keyed by the base64 after `whsec_`.
import type { Recipe } from '../recipe.js';

export const standard: Recipe = {
  id: 'standard',
  name: 'Standard Webhooks / Svix',
  kind: 'hmac', hash: 'sha256', encoding: 'base64',
  signed: '{id}.{timestamp}.{body}',
  signature: { headers: [{ name: 'webhook-signature' }, { name: 'svix-signature' }], list: { itemSeparator: ' ', pairSeparator: ',', key: 'v1' } },
  timestamp: { headers: ['webhook-timestamp', 'svix-timestamp'], format: 'unix', check: 'both', tolerance: 300, signedAs: 'parsed' },
  messageId: { headers: ['webhook-id', 'svix-id'] },
  secret: 'whsec',
  source: 'Standard Webhooks specification (https://github.com/standard-webhooks/standard-webhooks/blob/main/spec/standard-webhooks.md); Svix docs, "Verifying payloads manually" (https://docs.svix.com/receiving/verifying-payloads/how-manual)',
  vector: 'the specification\'s example (whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw, msg_p5jXN8AQM9LWM0D4loKWxJek, 1614265330) and standardwebhooks + svix (devDependencies)',
};
