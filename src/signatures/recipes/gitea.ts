// Gitea: X-Gitea-Signature, the hex HMAC-SHA256 of the raw body (no prefix) with the webhook's secret.
import type { Recipe } from '../recipe.js';

export const gitea: Recipe = {
  id: 'gitea',
  name: 'Gitea',
  kind: 'hmac', hash: 'sha256', encoding: 'hex',
  signed: '{body}',
  signature: { headers: [{ name: 'X-Gitea-Signature' }, { name: 'X-Gogs-Signature' }] },
  secret: 'text',
  detect: { hints: ['X-Gitea-Event', 'X-Gitea-Delivery'] },
  source: 'Gitea Docs, "Webhooks" (https://docs.gitea.com/usage/webhooks): X-Gitea-Signature, HMAC-SHA256 of the payload with the secret',
  vector: 'none published (no official verifier library): computed with node:crypto per the document',
  note: 'Gitea also sends X-Hub-Signature-256 (GitHub\'s format): auto-detection prefers X-Gitea-Signature.',
};
