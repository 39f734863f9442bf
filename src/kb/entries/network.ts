// Knowledge-base entries for socket and DNS errors Node raises while delivering a webhook.
import type { KbEntry } from '../schema.js';

export const networkEntries: KbEntry[] = [];
