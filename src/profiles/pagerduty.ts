// The PagerDuty profile: V3 webhook subscriptions signed v1= in X-PagerDuty-Signature.
import type { Profile } from './index.js';

export const pagerduty: Profile = {
  name: 'pagerduty',
  displayName: 'PagerDuty',
  summary: 'PagerDuty V3 webhook subscriptions: incident events POSTed as JSON, signed with the subscription\'s secret.',
  samplePayload: {
    event: {
      id: '01BZ4ZHJ7Z8ZQWQYKJ0Q0Q0Q0Q',
      event_type: 'incident.triggered',
      resource_type: 'incident',
      occurred_at: '2026-01-01T00:00:00.000Z',
      agent: null,
      client: null,
      data: { id: 'PGR0VU2', type: 'incident', self: 'https://api.pagerduty.com/incidents/PGR0VU2', html_url: 'https://acme.pagerduty.com/incidents/PGR0VU2', number: 2, status: 'triggered', title: 'A little bit of trouble', urgency: 'high', service: { id: 'PF9KMXH', type: 'service_reference' } },
    },
  },
  contentType: 'application/json',
  auth: { style: 'none', note: 'Custom headers can be added to a subscription; verify X-PagerDuty-Signature with the subscription\'s secret.' },
  signature: { scheme: 'pagerduty', header: 'X-PagerDuty-Signature', note: 'v1=<hex HMAC-SHA256 of the raw body>, several during a secret rotation' },
  eventHeaders: [['X-Webhook-Id', '5ac64822-4adc-4fda-ade0-410becf0de4f'], ['X-Webhook-Subscription', 'PY1OQ4G']],
  userAgent: 'PagerDuty-Webhook/V3.0',
  timeBudgetSeconds: 10,
  timeBudgetAssumed: true,
  successCodes: Array.from({ length: 100 }, (_, i) => 200 + i),
  retryableCodes: [408, 429, 500, 502, 503, 504],
  retry: 'A failed delivery is retried with exponential backoff; X-Webhook-Id stays the same across retries, so deduplicate on it.',
  rateLimits: [],
  payloadLimitBytes: null,
  facts: [
    'V3 webhooks are subscriptions (account, service or team scope) with their own signing secret.',
    'X-PagerDuty-Signature may hold several v1= signatures while a secret is rotated: accept any that matches.',
  ],
  factsByEntry: {},
  assumed: ['timeBudgetSeconds', 'retry'],
  sources: [
    { vendor: 'PagerDuty', document: 'Developer docs: V3 Webhooks overview (headers, signature verification, User-Agent)', url: 'https://developer.pagerduty.com/docs/webhooks-overview', covers: ['signature', 'eventHeaders', 'userAgent', 'successCodes'] },
  ],
};
