// Slack: X-Slack-Signature `v0=<hex>` over `v0:<X-Slack-Request-Timestamp>:<body>`.
import type { Recipe } from '../recipe.js';

export const slack: Recipe = {
  id: 'slack',
  name: 'Slack',
  kind: 'hmac', hash: 'sha256', encoding: 'hex',
  signed: 'v0:{timestamp}:{body}',
  signature: { headers: [{ name: 'X-Slack-Signature', prefix: 'v0=' }] },
  timestamp: { headers: ['X-Slack-Request-Timestamp'], format: 'unix', check: 'both', tolerance: 300, signedAs: 'received' },
  secret: 'text',
  source: 'Slack API docs, "Verifying requests from Slack" (https://api.slack.com/authentication/verifying-requests-from-slack): reject a timestamp more than five minutes off',
  vector: 'the example request in that document (signing secret 8f742231b10e8888abcd99yyyzzz85a5, timestamp 1531420618)',
};
