// Error codes as tokens: Node's (ECONNRESET), OpenSSL's (ERR_OSSL_*, ERR_SSL_*), undici's (UND_ERR_*), llhttp's
// (HPE_*) and the reasons webhook-doctor's own spool writes. keyForError says which entry explains a token.
import type { PatternTable } from './row.js';

export const codePatterns: PatternTable = {
  source: 'codes',
  rows: [
    {
      id: 'code-token', weight: 20, key: '{code}',
      needles: ['econn', 'etimedout', 'enotfound', 'eai_', 'ehost', 'enet', 'epipe', 'esocket', 'eproto', 'und_err', 'hpe_', 'err_', 'cert_', 'depth_zero', 'self_signed', 'unable_to', 'abort_err', 'hostname_mismatch', 'abortederror', 'timeouterror'],
      re: /\b(?<code>E[A-Z]{4,}[A-Z_]*|UND_ERR_[A-Z_]+|HPE_[A-Z_]+|ERR_[A-Z0-9_]+|CERT_[A-Z_]+|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_[A-Z_]+|HOSTNAME_MISMATCH|ABORT_ERR)\b/,
      says: 'error code {code}',
      examples: [
        { line: 'Error: read ECONNRESET', from: 'Node.js (err.code ECONNRESET)' },
        { line: "code: 'UND_ERR_HEADERS_TIMEOUT'", from: 'undici lib/core/errors.js' },
        { line: 'listen: rejected a request: HPE_INVALID_METHOD not an HTTP method at the start of the request', from: 'webhook-doctor listen (src/capture/server.ts)' },
        { line: 'attempt 1  ERR_OSSL_PEM_NO_START_LINE  9.7 ms  error:0480006C:PEM routines::no start line', from: 'webhook-doctor send with a --cert that is not PEM' },
      ],
    },
    {
      id: 'spool-quarantine', needles: ['torn entry', 'checksum mismatch', 'unreadable entry header', 'entry header lacks', 'quarantine'], weight: 30, key: 'spool-quarantined',
      re: /torn entry|checksum mismatch: the body|unreadable entry header|entry header lacks|\bquarantined?\b/i,
      says: 'webhook-doctor spool: an entry file could not be read and was set aside',
      examples: [{ line: 'quarantined 01J9Z.json: checksum mismatch: the body was changed or torn', from: 'webhook-doctor src/spool/entry.ts (decode reasons)' }],
    },
    {
      id: 'spool-dead-last', needles: ['(last: '], weight: 12, key: '{status}',
      re: /gave up after \d+ attempts \(last: (?:HTTP )?(?<status>\d{3})\)/,
      says: 'webhook-doctor spool: given up, the last answer was {status}',
      examples: [{ line: 'dead 01J9Z: gave up after 5 attempts (last: 503)', from: 'webhook-doctor src/spool/engine.ts ("gave up after N attempts (last: …)")' }],
    },
    {
      id: 'spool-dead', needles: ['gave up after', 'is not retryable', 'dead letter'], weight: 3, key: 'spool-dead', generic: true,
      re: /gave up after \d+ attempts|is not retryable|dead letter/i,
      says: 'webhook-doctor spool: the entry was moved to dead/ (the cause follows)',
      examples: [{ line: 'dead 01J9Z: gave up after 5 attempts', from: 'webhook-doctor src/spool/engine.ts (dead reasons)' }],
    },
  ],
};
