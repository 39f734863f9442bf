// Knowledge-base entries for the error codes undici (Node's HTTP client) raises.
import type { KbEntry } from '../schema.js';

export const undiciEntries: KbEntry[] = [];
