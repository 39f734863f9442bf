// The generic profile: a plain JSON webhook with common-sense defaults, for any sender.
import type { Profile } from './index.js';

export const generic: Profile = {
  name: 'generic',
  displayName: 'Generic webhook',
  summary: 'Any sender that POSTs JSON; defaults that most webhook platforms share.',
  samplePayload: {
    event: 'webhook_doctor.test',
    id: 'evt_test_0001',
    created_at: '2026-01-01T00:00:00Z',
    data: { message: 'Hello from webhook-doctor', severity: 'low' },
  },
  contentType: 'application/json',
  auth: { style: 'none', note: 'Add --token for Authorization: Bearer, or --secret to sign.' },
  signature: { scheme: 'hmac-sha256', header: 'X-Signature' },
  timeBudgetSeconds: 30,
  successCodes: Array.from({ length: 100 }, (_, i) => 200 + i), // any 2xx (see facts)
  retryableCodes: [408, 425, 429, 500, 502, 503, 504],
  retry: 'Retry timeouts, 408, 425, 429 and 5xx with full-jitter exponential backoff, honouring Retry-After; never retry other 4xx.',
  rateLimits: [],
  payloadLimitBytes: null,
  facts: ['Most senders count any 2xx as delivered and treat a 3xx as a failure: they do not follow redirects with the body.'],
  factsByEntry: {},
  sources: [{ vendor: 'webhook-doctor', document: 'Common webhook practice' }],
};
