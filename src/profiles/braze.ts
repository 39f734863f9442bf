// The Braze profile: webhooks sent from campaigns and Canvas steps, with a per-step rate limit.
import type { Profile } from './index.js';

export const braze: Profile = {
  name: 'braze',
  displayName: 'Braze',
  summary: 'Braze webhook campaigns and Canvas steps: a JSON body composed in Braze, POSTed to your endpoint.',
  samplePayload: {
    external_id: 'user_0001',
    campaign: 'webhook-doctor test',
    message: 'Hello from a Braze webhook',
  },
  contentType: 'application/json',
  auth: {
    style: 'none',
    note: 'Braze sends whatever request headers the webhook composer sets (e.g. an Authorization header with your API key).',
  },
  signature: null,
  // Braze's troubleshooting guide gives no response deadline; webhook-doctor's default applies.
  timeBudgetSeconds: 30,
  timeBudgetAssumed: true,
  successCodes: [200, 201, 202, 204],
  retryableCodes: [408, 425, 429, 500, 502, 503, 504],
  retry: 'Treat 4xx as a problem with the request (fix it) and 5xx as a problem with the endpoint; answer 429 and Braze\'s rate limit or frequency capping should be lowered.',
  rateLimits: [{ plan: 'Per campaign or Canvas step', note: 'Set in Braze: the rate limit and frequency capping of the sending campaign or Canvas step.' }],
  payloadLimitBytes: null,
  facts: [
    '4xx errors point at the request (malformed parameters, missing auth headers, wrong URL); 5xx errors point at the endpoint.',
    'For 429, lower the rate limit or frequency capping on the campaign or Canvas step.',
    'Braze\'s error table repeats its 405 advice (check the HTTP method) for 408 and 409; for those, check endpoint speed (408) and conflicting state or duplicates (409) instead.',
  ],
  factsByEntry: {},
  sources: [{ vendor: 'Braze', document: 'Webhooks: Troubleshooting' }],
};
