// Twilio: X-Twilio-Signature, base64 HMAC-SHA1 (HMAC-SHA256 when a SharedKey's settings header says so) of
// the full URL followed by the POST fields sorted by name (name+value, no separators), keyed by the Auth Token.
import type { Recipe } from '../recipe.js';

export const twilio: Recipe = {
  id: 'twilio',
  name: 'Twilio',
  kind: 'hmac', hash: 'sha1', encoding: 'base64',
  signed: '{url}{form}',
  signature: {
    headers: [{ name: 'X-Twilio-Signature' }],
    // A Webhook Rule that signs with a SharedKey names its algorithm here; without the header, the Auth Token and SHA-1.
    hashFrom: { header: 'X-Twilio-Webhooks-Signature-Settings', key: 'algorithm', values: { HMAC_SHA1: 'sha1', HMAC_SHA256: 'sha256' } },
  },
  secret: 'text',
  bodyHashParam: 'bodySHA256',
  // twilio-node validateRequest accepts the URL as received with its port removed or the default one added.
  urlPortOptional: true,
  detect: { hints: ['X-Twilio-Webhooks-Signature-Settings'] },
  source: 'Twilio Docs, "Webhooks security" (https://www.twilio.com/docs/usage/webhooks/webhooks-security) and "Sign webhooks with shared keys" (https://www.twilio.com/docs/usage/webhooks/webhook-shared-keys): X-Twilio-Webhooks-Signature-Settings names HMAC_SHA256, only the hash changes; twilio-node validateRequest and getSignatureAlgorithm',
  vector: 'twilio (devDependency): getExpectedTwilioSignature and validateRequest',
  note: 'A JSON body is signed through ?bodySHA256=<hex SHA-256 of the body> in the URL (twilio-node validateRequestWithBody). The URL is the one Twilio called, exactly: behind a proxy or tunnel the app sees http://, another host or port — give the public URL with --url. With X-Twilio-Webhooks-Signature-Settings the secret is that SharedKey\'s secret, not the Auth Token.',
};
