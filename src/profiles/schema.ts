// The shape of a sender profile, as a zod schema: a test checks every profile file against it.
import { z } from 'zod';

// The recipe ids come from the one list beside the recipes (a few names, no recipe is loaded).
import { RECIPE_IDS } from '../signatures/recipes/ids.js';

export const schemeNames = RECIPE_IDS;

/** The profile fields that state a fact about the sender, each to be backed by a source or marked assumed. */
export const factFields = ['timeBudgetSeconds', 'retry', 'successCodes', 'payloadLimitBytes', 'signature', 'handshake', 'eventHeaders', 'userAgent', 'rateLimits'] as const;

const source = z.strictObject({
  vendor: z.string().min(1),
  /** Title of the vendor document the facts come from. */
  document: z.string().min(1),
  /** Where it is published. */
  url: z.string().url().optional(),
  /** Which fact fields this document is the source of (see factFields). */
  covers: z.array(z.enum(factFields)).optional(),
});

// Header names and values a profile puts on requests: a name is an HTTP token, a value holds no CR, LF or NUL.
const headerName = z.string().regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, 'not an HTTP header name (letters, digits and -; no spaces or colons)');
const headerValue = z.string().regex(/^[^\r\n\0]*$/, 'a header value cannot hold a line break or NUL');

export const profileSchema = z.strictObject({
  name: z.string().regex(/^[a-z][a-z0-9-]*$/),
  displayName: z.string().min(1),
  summary: z.string().min(1),
  /** What the sender POSTs in a test, as a JSON value; sent serialized with 2-space indent. */
  samplePayload: z.unknown().refine((v) => v !== undefined, 'samplePayload is required'),
  contentType: headerValue.min(1),
  auth: z.strictObject({
    style: z.enum(['none', 'bearer', 'basic', 'header', 'query']),
    /** Header the credential travels in (for 'header'), e.g. X-API-Key. */
    header: headerName.optional(),
    note: z.string().optional(),
  }),
  /** Null when the sender does not sign. */
  signature: z
    .strictObject({
      /** A signature recipe id (src/signatures: github, stripe, twilio, …); the six original scheme names keep working. */
      scheme: z.enum(RECIPE_IDS, { error: (issue) => `unknown recipe ${JSON.stringify(issue.input)} (webhook-doctor verify --help lists them; e.g. github, stripe, hmac-sha256)` }),
      header: headerName,
      note: z.string().optional(),
    })
    .nullable(),
  /** The endpoint handshake the sender runs before sending events (capture/handshakes.ts id), if any. */
  handshake: z.string().regex(/^[a-z][a-z0-9-]*$/).optional(),
  /** Headers the sender puts on every event, with sample values (X-GitHub-Event: ping …); send adds them. */
  eventHeaders: z.array(z.tuple([headerName, headerValue])).optional(),
  /** The User-Agent the sender documents for its deliveries. */
  userAgent: headerValue.min(1).optional(),
  /** Fact fields that are webhook-doctor's assumption, not documented by the sender. */
  assumed: z.array(z.enum(factFields)).optional(),
  /** Seconds the sender waits for an answer before it counts the delivery as failed. */
  timeBudgetSeconds: z.number().positive(),
  /** True when the vendor documents no deadline and timeBudgetSeconds is webhook-doctor's assumption. */
  timeBudgetAssumed: z.boolean().optional(),
  /** Largest budget the sender can be configured to (Query.ai: 300). */
  maxTimeBudgetSeconds: z.number().positive().optional(),
  /** Statuses the sender counts as delivered. */
  successCodes: z.array(z.number().int().min(100).max(599)).min(1),
  /** Statuses (and error codes) after which the sender, or a well-behaved client, retries. */
  retryableCodes: z.array(z.number().int().min(100).max(599)),
  retry: z.string().min(1),
  rateLimits: z.array(
    z.strictObject({
      plan: z.string().min(1),
      perMinute: z.number().int().positive().optional(),
      perDay: z.number().int().positive().optional(),
      note: z.string().optional(),
    }),
  ),
  /** Largest body the receiver accepts, in bytes; null when none is documented. */
  payloadLimitBytes: z.number().int().positive().nullable(),
  /** Short facts about this sender, shown by `explain --profile`. */
  facts: z.array(z.string().min(1)),
  /** Facts that belong to one knowledge-base entry, by its key (e.g. '429'). */
  factsByEntry: z.record(z.string(), z.array(z.string().min(1))).default({}),
  sources: z.array(source).min(1),
});

export type ProfileData = z.input<typeof profileSchema>;
