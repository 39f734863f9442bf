// Mailgun: the signature travels in the JSON body (signature.timestamp, .token, .signature), a hex
// HMAC-SHA256 of timestamp+token keyed by the HTTP webhook signing key.
import type { Recipe } from '../recipe.js';

export const mailgun: Recipe = {
  id: 'mailgun',
  name: 'Mailgun',
  kind: 'hmac', hash: 'sha256', encoding: 'hex',
  signed: '{timestamp}{token}',
  signature: { headers: [], bodyPath: 'signature.signature' },
  timestamp: { bodyPath: 'signature.timestamp', format: 'unix', check: 'both', tolerance: 300, toleranceAssumed: true, signedAs: 'received' },
  token: { bodyPath: 'signature.token' },
  secret: 'text',
  source: 'Mailgun Docs, "Securing webhooks" (https://documentation.mailgun.com/docs/mailgun/user-manual/webhooks/securing-webhooks)',
  vector: 'none published as a library verifier: computed with node:crypto per the document',
  note: 'The body is not signed, only timestamp and token: a replayed token is the risk. Recognised from the body, not headers.',
};
