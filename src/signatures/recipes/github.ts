// GitHub: X-Hub-Signature-256 `sha256=<hex>` of the raw body; the legacy X-Hub-Signature is `sha1=`.
import type { Recipe } from '../recipe.js';

export const github: Recipe = {
  id: 'github',
  name: 'GitHub',
  kind: 'hmac', hash: 'sha256', encoding: 'hex',
  signed: '{body}',
  signature: { headers: [{ name: 'X-Hub-Signature-256', prefix: 'sha256=' }, { name: 'X-Hub-Signature', prefix: 'sha1=', hash: 'sha1' }] },
  secret: 'text',
  // Gitea and Gogs send GitHub's headers too (X-GitHub-Event, X-Hub-Signature-256), beside their own.
  detect: { hints: ['X-GitHub-Event', 'X-GitHub-Delivery', 'X-GitHub-Hook-ID'], unless: ['X-Gitea-Event', 'X-Gogs-Event'] },
  source: 'GitHub Docs, "Validating webhook deliveries" (https://docs.github.com/en/webhooks/using-webhooks/validating-webhook-deliveries)',
  vector: 'the docs\' test values (secret "It\'s a Secret to Everybody", payload "Hello, World!") and @octokit/webhooks-methods (devDependency)',
};
