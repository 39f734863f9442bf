// Gitea: X-Gitea-Signature, the hex HMAC-SHA256 of the raw body (no prefix) with the webhook's secret.
import type { Recipe } from '../recipe.js';

export const gitea: Recipe = {
  id: 'gitea',
  name: 'Gitea',
  kind: 'hmac', hash: 'sha256', encoding: 'hex',
  signed: '{body}',
  signature: { headers: [{ name: 'X-Gitea-Signature' }, { name: 'X-Gogs-Signature' }] },
  secret: 'text',
  detect: { hints: ['X-Gitea-Event', 'X-Gitea-Delivery', 'X-Gogs-Event'] },
  source: 'Gitea Docs, "Webhooks" (https://docs.gitea.com/usage/webhooks): X-Gitea-Signature, HMAC-SHA256 of the payload with the secret; go-gitea/gitea services/webhook/deliver.go (the X-Gitea-*, X-Gogs-*, X-Hub-Signature(-256) and X-GitHub-* headers it sends)',
  vector: 'none published (no official verifier library): computed with node:crypto per the document',
  note: 'Gitea also sends GitHub\'s headers (X-GitHub-Event, X-Hub-Signature-256, the same HMAC): its own X-Gitea-Event tells auto-detection it is Gitea.',
};
