// The shape of a sender profile, as a zod schema: a test checks every profile file against it.
import { z } from 'zod';

// The recipe ids come from the one list beside the recipes (a few names, no recipe is loaded).
import { RECIPE_IDS } from '../signatures/recipes/ids.js';

export const schemeNames = RECIPE_IDS;

const source = z.object({
  vendor: z.string().min(1),
  /** Title of the vendor document the facts come from. */
  document: z.string().min(1),
});

export const profileSchema = z.object({
  name: z.string().regex(/^[a-z][a-z0-9-]*$/),
  displayName: z.string().min(1),
  summary: z.string().min(1),
  /** What the sender POSTs in a test, as a JSON value; sent serialized with 2-space indent. */
  samplePayload: z.unknown().refine((v) => v !== undefined, 'samplePayload is required'),
  contentType: z.string().min(1),
  auth: z.object({
    style: z.enum(['none', 'bearer', 'basic', 'header', 'query']),
    /** Header the credential travels in (for 'header'), e.g. X-API-Key. */
    header: z.string().optional(),
    note: z.string().optional(),
  }),
  /** Null when the sender does not sign. */
  signature: z
    .object({ scheme: z.enum(schemeNames), header: z.string().min(1), note: z.string().optional() })
    .nullable(),
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
    z.object({
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
