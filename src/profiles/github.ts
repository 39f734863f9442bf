// The GitHub profile: repository and organization webhooks signed with X-Hub-Signature-256, 10 s to answer, no redelivery.
import type { Profile } from './index.js';

export const github: Profile = {
  name: 'github',
  displayName: 'GitHub',
  summary: 'GitHub repository, organization and app webhooks: a JSON event per delivery, signed with the webhook secret.',
  samplePayload: {
    zen: 'Keep it logically awesome.',
    hook_id: 123456789,
    hook: { type: 'Repository', id: 123456789, name: 'web', active: true, events: ['push'], config: { content_type: 'json', insecure_ssl: '0', url: 'https://example.com/hooks' } },
    repository: { id: 1296269, name: 'Hello-World', full_name: 'octocat/Hello-World', private: false },
    sender: { login: 'octocat', id: 1, type: 'User' },
  },
  contentType: 'application/json',
  auth: { style: 'none', note: 'No credential is sent; set a webhook secret and verify X-Hub-Signature-256.' },
  signature: { scheme: 'github', header: 'X-Hub-Signature-256', note: 'sha256=<hex HMAC-SHA256 of the raw body>; the legacy X-Hub-Signature carries sha1=' },
  eventHeaders: [
    ['X-GitHub-Event', 'ping'],
    ['X-GitHub-Delivery', '72d3162e-cc78-11e3-81ab-4c9367dc0958'],
    ['X-GitHub-Hook-ID', '123456789'],
    ['X-GitHub-Hook-Installation-Target-Type', 'repository'],
    ['X-GitHub-Hook-Installation-Target-ID', '1296269'],
  ],
  userAgent: 'GitHub-Hookshot/044aadd',
  timeBudgetSeconds: 10,
  successCodes: Array.from({ length: 100 }, (_, i) => 200 + i),
  retryableCodes: [],
  retry: 'GitHub does not redeliver a failed delivery by itself: redeliver it from the webhook\'s Recent Deliveries (or the REST API) within 3 days.',
  rateLimits: [],
  // "Payloads are capped at 25 MB": taken as 25,000,000 bytes, the stricter reading.
  payloadLimitBytes: 25_000_000,
  facts: [
    'Answer with a 2xx within 10 seconds (GitHub Enterprise Server: 30 s); a slower answer is terminated and counted as a failed delivery.',
    'Payloads over 25 MB are not delivered at all (a push of many tags at once can exceed it).',
    'Every delivery carries X-GitHub-Event (the event name), X-GitHub-Delivery (a GUID) and X-GitHub-Hook-ID; the User-Agent starts with GitHub-Hookshot/.',
    'Failed deliveries are not retried automatically; redeliver them from Recent Deliveries within 3 days.',
  ],
  factsByEntry: {},
  sources: [
    { vendor: 'GitHub', document: 'Webhook events and payloads: payload cap, delivery headers', url: 'https://docs.github.com/en/webhooks/webhook-events-and-payloads', covers: ['payloadLimitBytes', 'eventHeaders', 'userAgent', 'signature'] },
    { vendor: 'GitHub', document: 'Best practices for using webhooks: respond within 10 seconds', url: 'https://docs.github.com/en/webhooks/using-webhooks/best-practices-for-using-webhooks', covers: ['timeBudgetSeconds', 'successCodes'] },
    { vendor: 'GitHub', document: 'Handling failed webhook deliveries', url: 'https://docs.github.com/en/webhooks/using-webhooks/handling-failed-webhook-deliveries', covers: ['retry'] },
  ],
};
