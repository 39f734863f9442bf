// Knowledge-base entries for TLS certificate and handshake errors.
import type { KbEntry } from '../schema.js';

export const tlsEntries: KbEntry[] = [];
