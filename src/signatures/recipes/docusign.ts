// DocuSign Connect HMAC: X-DocuSign-Signature-1 (…-2 for a second key), base64 HMAC-SHA256 of the body.
import type { Recipe } from '../recipe.js';

export const docusign: Recipe = {
  id: 'docusign',
  name: 'DocuSign Connect',
  kind: 'hmac', hash: 'sha256', encoding: 'base64',
  signed: '{body}',
  signature: { headers: [{ name: 'X-DocuSign-Signature-1' }, { name: 'X-DocuSign-Signature-2' }, { name: 'X-DocuSign-Signature-3' }], all: true },
  secret: 'text',
  source: 'DocuSign Developers, "HMAC security for Connect" (https://developers.docusign.com/platform/webhooks/connect/hmac/)',
  vector: 'none published (no verifier in the eSign SDK): computed with node:crypto per the document',
};
