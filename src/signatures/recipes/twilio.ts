// Twilio: X-Twilio-Signature, base64 HMAC-SHA1 of the full URL followed by the POST fields sorted by
// name (name+value, no separators), keyed by the account's Auth Token.
import type { Recipe } from '../recipe.js';

export const twilio: Recipe = {
  id: 'twilio',
  name: 'Twilio',
  kind: 'hmac', hash: 'sha1', encoding: 'base64',
  signed: '{url}{form}',
  signature: { headers: [{ name: 'X-Twilio-Signature' }] },
  secret: 'text',
  bodyHashParam: 'bodySHA256',
  source: 'Twilio Docs, "Webhooks security" (https://www.twilio.com/docs/usage/webhooks/webhooks-security); twilio-node validateRequest',
  vector: 'twilio (devDependency): getExpectedTwilioSignature and validateRequest',
  note: 'A JSON body is signed through ?bodySHA256=<hex SHA-256 of the body> in the URL (twilio-node validateRequestWithBody). The URL is the one Twilio called, exactly: behind a proxy or tunnel the app sees http://, another host or port — give the public URL with --url.',
};
