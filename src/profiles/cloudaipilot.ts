// The CloudAIPilot profile: notification-channel webhooks signed with HMAC-SHA256, answered with 200 within 10 s.
import type { Profile } from './index.js';

export const cloudaipilot: Profile = {
  name: 'cloudaipilot',
  displayName: 'CloudAIPilot',
  summary: 'CloudAIPilot notification-channel webhooks: JSON events signed with HMAC-SHA256 over the raw body.',
  samplePayload: {
    event: 'test',
    timestamp: '2026-05-30T00:00:00Z',
    data: {},
  },
  contentType: 'application/json',
  auth: {
    style: 'none',
    note: 'No credential is sent; verify the X-CloudAIPilot-Signature HMAC instead of putting your own auth on the webhook path.',
  },
  signature: {
    scheme: 'hmac-sha256',
    header: 'X-CloudAIPilot-Signature',
    note: 'sha256=<hex HMAC-SHA256 of the raw request body with the webhook secret>.',
  },
  timeBudgetSeconds: 10,
  successCodes: [200],
  retryableCodes: [408, 425, 429, 500, 502, 503, 504],
  retry: 'A delivery that does not get a 200 in time is retried; acknowledge with 200 first and process asynchronously so a slow or failing handler does not cause duplicate deliveries.',
  rateLimits: [],
  payloadLimitBytes: null,
  facts: [
    'The endpoint must be reachable from the internet (not behind a VPN or on a private network), use HTTPS, and answer HTTP 200 within 10 seconds.',
    'Failed deliveries are listed under Settings → Notification Channels → Delivery History, with the error.',
    'Verify the signature over the raw body bytes, never over re-serialised JSON.',
    'An endpoint with its own auth must allowlist CloudAIPilot\'s IP range or signing secret, or rely on the HMAC signature alone.',
    'CloudAIPilot support: support@cloudaipilot.com (for API 500s lasting more than 5 minutes).',
  ],
  factsByEntry: {},
  sources: [{ vendor: 'CloudAIPilot', document: 'Troubleshoot Webhook and API Failures' }],
};
