// The shape of a knowledge-base entry, as a zod schema: a test checks every entry against it.
import { z } from 'zod';

export const kbEntrySchema = z.object({
  /** Stable key, also what `explain` prints and Findings point at: '429', '4xx', 'ECONNRESET', 'signature-mismatch'. */
  key: z.string().min(1),
  kind: z.enum(['http-status', 'http-class', 'network', 'tls', 'undici', 'concept']),
  title: z.string().min(1),
  /** Other names a user may type: 'too many requests', 'rate limited'. Matched case-insensitively. */
  aliases: z.array(z.string().min(1)),
  meaning: z.string().min(1),
  causes: z.array(z.string().min(1)).min(1),
  fixes: z.array(z.object({ text: z.string().min(1), command: z.string().min(1).optional() })).min(1),
  retry: z.object({ retry: z.enum(['yes', 'no', 'depends']), why: z.string().min(1) }),
  /** Sender-specific facts keyed by profile name (parapet, cloudaipilot, queryai, particle, braze). */
  senders: z.record(z.string(), z.array(z.string().min(1))),
  /** Vendor names whose guides the entry draws on, e.g. 'Parapet Security', 'Particle', or 'RFC 9110'. */
  sources: z.array(z.string().min(1)).min(1),
  related: z.array(z.string()),
});

export type KbEntry = z.input<typeof kbEntrySchema>;
