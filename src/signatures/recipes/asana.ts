// Asana: X-Hook-Signature, hex HMAC-SHA256 of the body keyed by the X-Hook-Secret from the handshake.
import type { Recipe } from '../recipe.js';

export const asana: Recipe = {
  id: 'asana',
  name: 'Asana',
  kind: 'hmac', hash: 'sha256', encoding: 'hex',
  signed: '{body}',
  signature: { headers: [{ name: 'X-Hook-Signature' }] },
  secret: 'text',
  source: 'Asana Developers, "Webhooks guide — Security" (https://developers.asana.com/docs/webhooks-guide#security)',
  vector: 'none published (no official verifier library): computed with node:crypto per the document',
  note: 'The secret is the X-Hook-Secret Asana sent in the handshake request, kept by the receiver.',
};
