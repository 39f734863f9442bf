// The Svix profile: Standard Webhooks (svix-id/svix-timestamp/svix-signature), 15 s to answer, 8 attempts over ~28 h.
import type { Profile } from './index.js';

export const svix: Profile = {
  name: 'svix',
  displayName: 'Svix',
  summary: 'Webhooks sent through Svix (Clerk, Resend and others): JSON events signed the Standard Webhooks way with a whsec_ secret.',
  samplePayload: { type: 'user.created', timestamp: '2026-01-01T00:00:00.000Z', data: { id: 'user_29w83sxmDNGwOuEthce5gg56FcC', email: 'example@example.org' } },
  contentType: 'application/json',
  auth: { style: 'none', note: 'No credential is sent; verify svix-signature with the endpoint\'s whsec_ secret.' },
  signature: { scheme: 'standard', header: 'svix-signature', note: 'v1,<base64 HMAC-SHA256 of "id.timestamp.body"> (space-separated when several); the secret is the base64 after whsec_' },
  timeBudgetSeconds: 15,
  successCodes: Array.from({ length: 100 }, (_, i) => 200 + i),
  retryableCodes: [],
  retry: 'Attempts follow the schedule immediately, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h and 10 h, each after the previous one failed; then the message is marked Failed. An endpoint failing for 5 days is disabled. Answering with webhook-delivery: abort-message stops the retries.',
  rateLimits: [],
  payloadLimitBytes: null,
  facts: [
    'Success is a 2xx within 15 seconds; a 3xx redirect counts as a failure.',
    'A message that fails three times and then succeeds arrives about 35 minutes after the first attempt.',
  ],
  factsByEntry: {},
  sources: [
    { vendor: 'Svix', document: 'Retry Schedule', url: 'https://docs.svix.com/retries', covers: ['timeBudgetSeconds', 'successCodes', 'retry'] },
    { vendor: 'Svix', document: 'Verifying Webhooks Manually', url: 'https://docs.svix.com/receiving/verifying-payloads/how-manual', covers: ['signature'] },
  ],
};
