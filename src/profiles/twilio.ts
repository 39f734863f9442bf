// The Twilio profile: form-encoded callbacks signed over the URL and sorted parameters, 15 s to answer.
import type { Profile } from './index.js';

export const twilio: Profile = {
  name: 'twilio',
  displayName: 'Twilio',
  summary: 'Twilio webhooks (incoming SMS, voice, status callbacks): form-encoded parameters POSTed to your URL, signed over URL and parameters.',
  samplePayload: 'ToCountry=US&ToState=CA&SmsMessageSid=SM1234567890abcdef1234567890abcdef&NumMedia=0&SmsSid=SM1234567890abcdef1234567890abcdef&SmsStatus=received&Body=Hello&To=%2B15005550006&NumSegments=1&MessageSid=SM1234567890abcdef1234567890abcdef&AccountSid=ACXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX&From=%2B14155551234&ApiVersion=2010-04-01',
  contentType: 'application/x-www-form-urlencoded',
  auth: { style: 'none', note: 'Credentials can ride in the URL (https://user:pass@…); verify X-Twilio-Signature with the account\'s Auth Token.' },
  signature: { scheme: 'twilio', header: 'X-Twilio-Signature', note: 'base64 HMAC-SHA1 of the full URL followed by the POST parameters sorted by name; behind a proxy the URL must be the public one' },
  eventHeaders: [['I-Twilio-Idempotency-Token', '5e3ac52a-0f1e-4b9e-9b6c-5f0e1b2c3d4e']],
  userAgent: 'TwilioProxy/1.1',
  timeBudgetSeconds: 15,
  successCodes: Array.from({ length: 100 }, (_, i) => 200 + i),
  retryableCodes: [],
  retry: 'No retry by default: after 10 s to connect (two 5 s attempts) or 15 s in total Twilio fails the request, logs error 11205 and tries the fallback URL if one is set. Connection overrides on the URL (#rc=, #ct=, #rt=, #tt=) add retries and change the timeouts.',
  rateLimits: [],
  payloadLimitBytes: null,
  facts: [
    'Twilio waits 15 seconds for the HTTP answer, connection time included (10 s to connect); then error 11205 and the fallback URL.',
    'The signature covers the exact URL Twilio called: behind a proxy or load balancer, rebuild the public https URL (scheme, host, port, query) before verifying.',
    'Bodies are application/x-www-form-urlencoded, not JSON.',
  ],
  factsByEntry: {},
  assumed: ['userAgent'],
  sources: [
    { vendor: 'Twilio', document: 'Error 11205: HTTP connection failure (10 s TCP, 15 s HTTP)', url: 'https://www.twilio.com/docs/api/errors/11205', covers: ['timeBudgetSeconds', 'retry'] },
    { vendor: 'Twilio', document: 'Webhooks (HTTP callbacks): Connection Overrides', url: 'https://www.twilio.com/docs/usage/webhooks/webhooks-connection-overrides', covers: ['retry'] },
    { vendor: 'Twilio', document: 'Webhooks security: validating signatures from Twilio', url: 'https://www.twilio.com/docs/usage/webhooks/webhooks-security', covers: ['signature', 'eventHeaders', 'successCodes'] },
  ],
};
