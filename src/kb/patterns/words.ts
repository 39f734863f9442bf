// Plain words any program may log, for when no table knows the program: the weakest rows, beaten by anything specific.
import type { PatternTable } from './row.js';

const WORDING = 'common log wording (no specific client)';

export const wordPatterns: PatternTable = {
  source: 'words',
  rows: [
    {
      id: 'words-signature', needles: ['signature', 'hmac'], weight: 6, key: 'signature-mismatch',
      re: /\b(?:signature (?:mismatch|invalid|verification failed|does not match|did not match)|invalid signature|bad signature|hmac mismatch)\b/i,
      says: 'a signature did not verify',
      examples: [{ line: 'webhook rejected: invalid signature', from: WORDING }],
    },
    {
      id: 'words-too-large', needles: ['too large'], weight: 6, key: 'payload-too-large',
      re: /\b(?:payload|entity|body|request) too large\b/i,
      says: 'the body was too large',
      examples: [{ line: 'error: request entity too large', from: 'Express/body-parser ("request entity too large")' }],
    },
    {
      id: 'words-refused', needles: ['connection refused'], weight: 6, key: 'ECONNREFUSED',
      re: /\bconnection refused\b/i,
      says: 'connection refused',
      examples: [{ line: 'delivery failed: connection refused', from: WORDING }],
    },
    {
      id: 'words-reset', needles: ['connection reset'], weight: 6, key: 'ECONNRESET',
      re: /\bconnection (?:was )?reset\b/i,
      says: 'connection reset',
      examples: [{ line: 'upstream: connection reset while reading response header', from: 'nginx error log wording ("recv() failed (104: Connection reset by peer)")' }],
    },
    {
      id: 'words-timeout', needles: ['timeout', 'timed out', 'time out'], weight: 5, key: 'timeout', generic: true,
      re: /\btimed? ?out\b|\btimeout\b/i,
      says: 'something timed out',
      examples: [{ line: 'request timeout after 20s', from: WORDING }],
    },
  ],
};
