// The Query.ai profile: detection alerts POSTed as JSON, 30 s default timeout (up to 300 s), no built-in auth.
import type { z as Zod } from 'zod';
import type { Profile } from './index.js';

// Enumerations from Query.ai's payload reference.
const severities = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW'] as const;
const outcomes = ['MATCHED', 'NOT_MATCHED', 'ERROR'] as const;
const runTypes = ['SCHEDULED', 'MANUAL'] as const;
const eagerness = ['EAGER', 'EXHAUSTIVE'] as const;
const exhaustiveness = ['COMPLETED', 'STOPPED_EARLY'] as const;

/** The detection payload: the fields Query.ai's own validation example requires, the rest typed when present. */
function payloadSchema(z: typeof Zod) {
  const timestamp = z.iso.datetime({ offset: true });
  return z.looseObject({
    detection_id: z.number().int(),
    detection_name: z.string().min(1),
    description: z.string().optional(),
    severity: z.enum(severities),
    outcome: z.enum(outcomes),
    match_count: z.number().int().nonnegative(),
    replay_link: z.string().url(),
    ran_at: timestamp.optional(),
    range_start: timestamp.optional(),
    range_end: timestamp.optional(),
    run_id: z.string().optional(),
    run_type: z.enum(runTypes).optional(),
    errors: z.array(z.looseObject({ message: z.string(), code: z.string().optional(), source: z.string().optional() })).optional(),
    match_operator: z.string().optional(),
    match_threshold: z.number().int().optional(),
    match_eagerness: z.enum(eagerness).optional(),
    match_exhaustiveness: z.enum(exhaustiveness).nullable().optional(),
    search_id: z.string().nullable().optional(),
    trace_id: z.string().nullable().optional(),
  });
}

export const queryai: Profile = {
  name: 'queryai',
  displayName: 'Query.ai',
  summary: 'Query.ai generic webhook destination: each detection result POSTed as JSON to your URL.',
  samplePayload: {
    detection_id: 123,
    detection_name: 'Suspicious Login Attempts',
    description: 'Multiple failed login attempts detected',
    severity: 'HIGH',
    outcome: 'MATCHED',
    match_count: 5,
    replay_link: 'https://app.query.ai/replay/123',
    ran_at: '2025-01-15T10:00:00Z',
    range_start: '2025-01-15T09:00:00Z',
    range_end: '2025-01-15T10:00:00Z',
    run_id: 'run-456',
    run_type: 'SCHEDULED',
    errors: [],
    match_operator: 'GREATER_THAN',
    match_threshold: 0,
    match_eagerness: 'EXHAUSTIVE',
    match_exhaustiveness: 'COMPLETED',
    search_id: 'search-abc-123',
    trace_id: '1-abc-def',
  },
  contentType: 'application/json',
  auth: {
    style: 'none',
    note: 'The destination sends no credentials. Protect the endpoint with an API key in the URL query (?api_key=…), an IP allowlist, an authenticating reverse proxy, or a private network.',
  },
  signature: null,
  timeBudgetSeconds: 30,
  maxTimeBudgetSeconds: 300,
  successCodes: [200, 201, 202, 203, 204, 205, 206, 207, 208, 226],
  retryableCodes: [408, 425, 429, 500, 502, 503, 504],
  retry: 'Any status outside 200-299 is a failed delivery; Query.ai\'s guide does not document redelivery, so make the endpoint answer reliably and fast.',
  rateLimits: [],
  payloadLimitBytes: null,
  facts: [
    'Success is any status from 200 to 299; everything else counts as a failure.',
    'The timeout defaults to 30 seconds and can be configured up to 300 seconds (5 minutes) by a Query.ai administrator.',
    'Use HTTPS; Query.ai recommends it for every endpoint.',
    'Payload enums: severity CRITICAL/HIGH/MEDIUM/LOW, outcome MATCHED/NOT_MATCHED/ERROR, run_type SCHEDULED/MANUAL, match_eagerness EAGER/EXHAUSTIVE, match_exhaustiveness COMPLETED/STOPPED_EARLY (may be null).',
    'When outcome is ERROR, errors[] holds {message, code, source} objects.',
    'Delivery errors are in Query.ai\'s CloudWatch logs; ask your Query.ai administrator to check them.',
  ],
  factsByEntry: {},
  payloadSchema,
  sources: [{ vendor: 'Query.ai', document: 'Webhook Destination Setup' }],
};
