// GitLab: no signature; the secret token configured on the webhook is sent as is in X-Gitlab-Token.
import type { Recipe } from '../recipe.js';

export const gitlab: Recipe = {
  id: 'gitlab',
  name: 'GitLab',
  kind: 'token', hash: 'sha256', encoding: 'hex',
  signed: '',
  signature: { headers: [{ name: 'X-Gitlab-Token' }] },
  secret: 'text',
  detect: { hints: ['X-Gitlab-Event', 'X-Gitlab-Event-UUID', 'X-Gitlab-Webhook-UUID', 'X-Gitlab-Instance'] },
  source: 'GitLab Docs, "Webhooks — Validate payloads by using a secret token" (https://docs.gitlab.com/user/project/integrations/webhooks/#validate-payloads-by-using-a-secret-token)',
  vector: 'the token itself is the value (nothing is computed); compared in constant time',
  note: 'A shared token proves only that the sender knows it: it does not cover the body.',
};
