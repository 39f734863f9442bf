// Knowledge-base entries for ideas rather than codes: signature mismatch, throttling, payload size, retries, timeouts.
import type { KbEntry } from '../schema.js';

export const conceptEntries: KbEntry[] = [];
