// Linear: Linear-Signature, hex HMAC-SHA256 of the raw body; the body's webhookTimestamp (ms) guards replays.
import type { Recipe } from '../recipe.js';

export const linear: Recipe = {
  id: 'linear',
  name: 'Linear',
  kind: 'hmac', hash: 'sha256', encoding: 'hex',
  signed: '{body}',
  signature: { headers: [{ name: 'Linear-Signature' }] },
  timestamp: { bodyPath: 'webhookTimestamp', format: 'unix-ms', check: 'both', tolerance: 60, signedAs: 'received' },
  secret: 'text',
  detect: { hints: ['Linear-Delivery', 'Linear-Event'] },
  source: 'Linear Developers, "Webhooks — Securing webhooks" (https://linear.app/developers/webhooks#securing-webhooks); @linear/sdk LinearWebhooks (60 s)',
  vector: '@linear/sdk (devDependency): LinearWebhooks.verify accepts ours',
};
