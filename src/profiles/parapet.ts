// The Parapet Security profile: a SIEM sending alerts to Parapet's webhook (Bearer token, 1 MB, plan rate limits).
import type { Profile } from './index.js';

export const parapet: Profile = {
  name: 'parapet',
  displayName: 'Parapet Security',
  summary: 'A SIEM forwarding alerts to Parapet Security\'s webhook, authenticated with a Bearer service token.',
  samplePayload: {
    id: 'alert-0001',
    source: 'webhook-doctor',
    title: 'Test alert',
    message: 'Test alert sent by webhook-doctor',
    severity: 'low',
    timestamp: '2026-01-01T00:00:00Z',
  },
  contentType: 'application/json',
  auth: {
    style: 'bearer',
    note: 'Authorization: Bearer pst_… (a service token from Settings → Service Tokens, for the right tenant).',
  },
  signature: null,
  // Parapet's guide gives no response deadline; webhook-doctor's default applies.
  timeBudgetSeconds: 30,
  timeBudgetAssumed: true,
  successCodes: [200, 201, 202, 204],
  // Parapet's table says retry 429/500/502/503 and never 400/401/403/404; timeouts and 504 are transient too.
  retryableCodes: [408, 425, 429, 500, 502, 503, 504],
  retry: 'Retry 429 (after the rate-limit window), 500, 502 and 503 with exponential backoff; never retry 400, 401, 403 or 404 (fix the request). Queue alerts locally when retries run out.',
  rateLimits: [
    { plan: 'Starter', perMinute: 50, perDay: 1000 },
    { plan: 'Professional', perMinute: 200, perDay: 5000 },
    { plan: 'Team', perMinute: 500, perDay: 20000 },
  ],
  // "1 MB": taken as 1,000,000 bytes, the stricter reading, so a body that passes here passes there.
  payloadLimitBytes: 1_000_000,
  facts: [
    'Webhook URL: https://webhook-us.parapetsecurity.com/webhook/{tenant-id} (the region, us or eu, must match the account).',
    'Alerts are limited to 1 MB; contact Parapet support for larger payloads.',
    'Error responses carry {"error": {"code", "message", "request_id"}}; quote the request_id, the timestamp and the status when contacting support@parapetsecurity.com.',
    'Service status: status.parapetsecurity.com.',
  ],
  factsByEntry: {
    '502': ['Parapet advises waiting 30 seconds before retrying a 502.'],
  },
  sources: [{ vendor: 'Parapet Security', document: 'Webhook Errors' }],
};
