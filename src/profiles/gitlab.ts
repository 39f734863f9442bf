// The GitLab profile: project and group webhooks with a shared X-Gitlab-Token, 10 s to answer, auto-disabled when failing.
import type { Profile } from './index.js';

export const gitlab: Profile = {
  name: 'gitlab',
  displayName: 'GitLab',
  summary: 'GitLab project, group and system webhooks: a JSON event per delivery, with the secret token sent as is.',
  samplePayload: {
    object_kind: 'push',
    event_name: 'push',
    before: '95790bf891e76fee5e1747ab589903a6a1f80f22',
    after: 'da1560886d4f094c3e6c9ef40349f7d38b5d27d7',
    ref: 'refs/heads/main',
    user_name: 'John Smith',
    project_id: 15,
    project: { id: 15, name: 'Diaspora', path_with_namespace: 'mike/diaspora', web_url: 'http://example.com/mike/diaspora' },
    commits: [],
    total_commits_count: 0,
  },
  contentType: 'application/json',
  auth: { style: 'header', header: 'X-Gitlab-Token', note: 'The webhook\'s secret token travels as is in X-Gitlab-Token (no HMAC): compare it in constant time.' },
  signature: { scheme: 'gitlab', header: 'X-Gitlab-Token', note: 'a shared token, not a signature of the body' },
  eventHeaders: [
    ['X-Gitlab-Event', 'Push Hook'],
    ['X-Gitlab-Event-UUID', '13792a34-cac6-4fda-95a8-c58e00a3954e'],
    ['X-Gitlab-Webhook-UUID', '8a4da5a8-02ec-4c1b-a0e0-3e3f6bdb7d0c'],
    ['X-Gitlab-Instance', 'https://gitlab.com'],
  ],
  userAgent: 'GitLab/17.0.0',
  timeBudgetSeconds: 10,
  successCodes: Array.from({ length: 100 }, (_, i) => 200 + i),
  retryableCodes: [],
  retry: 'GitLab does not queue redeliveries: a webhook failing four times in a row is disabled (temporarily for 5xx, from one minute growing to 24 hours; permanently for 4xx until re-enabled by hand).',
  rateLimits: [],
  payloadLimitBytes: null,
  facts: [
    'GitLab.com waits 10 seconds for the answer; a slower one counts as a failure.',
    'Four consecutive failures disable the webhook: 4xx answers until someone re-enables it, 5xx for a growing back-off.',
    'Deduplicate on X-Gitlab-Event-UUID.',
  ],
  factsByEntry: {},
  assumed: ['userAgent'],
  sources: [
    { vendor: 'GitLab', document: 'Webhooks: delivery headers, webhook timeout limits, auto-disabled webhooks, secret token', url: 'https://docs.gitlab.com/user/project/integrations/webhooks/', covers: ['timeBudgetSeconds', 'retry', 'successCodes', 'signature', 'eventHeaders', 'userAgent'] },
  ],
};
