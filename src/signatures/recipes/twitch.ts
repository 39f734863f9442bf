// Twitch EventSub: Twitch-Eventsub-Message-Signature `sha256=<hex>` over message id + timestamp + body.
import type { Recipe } from '../recipe.js';

export const twitch: Recipe = {
  id: 'twitch',
  name: 'Twitch EventSub',
  kind: 'hmac', hash: 'sha256', encoding: 'hex',
  signed: '{id}{timestamp}{body}',
  signature: { headers: [{ name: 'Twitch-Eventsub-Message-Signature', prefix: 'sha256=' }] },
  timestamp: { headers: ['Twitch-Eventsub-Message-Timestamp'], format: 'rfc3339', check: 'past', tolerance: 600, signedAs: 'received' },
  messageId: { headers: ['Twitch-Eventsub-Message-Id'] },
  secret: 'text',
  detect: { hints: ['Twitch-Eventsub-Message-Type', 'Twitch-Eventsub-Subscription-Type'] },
  source: 'Twitch Developers, "Handling webhook events — Verifying the event message" (https://dev.twitch.tv/docs/eventsub/handling-webhook-events/): reject messages older than 10 minutes',
  vector: 'none published (no official verifier library): computed with node:crypto per the document',
};
