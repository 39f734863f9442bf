// Trello: X-Trello-Webhook, base64 HMAC-SHA1 of the body followed by the callback URL, keyed by the app secret.
import type { Recipe } from '../recipe.js';

export const trello: Recipe = {
  id: 'trello',
  name: 'Trello',
  kind: 'hmac', hash: 'sha1', encoding: 'base64',
  signed: '{body}{url}',
  signature: { headers: [{ name: 'X-Trello-Webhook' }] },
  secret: 'text',
  source: 'Atlassian Developer, Trello "Webhooks — Webhook signatures" (https://developer.atlassian.com/cloud/trello/guides/rest-api/webhooks/)',
  vector: 'none published (no official verifier library): computed with node:crypto per the document',
  note: 'The URL is the callbackURL given when the webhook was created, exactly.',
};
