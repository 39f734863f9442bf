// The Zoom profile: events signed v0= in x-zm-signature, endpoint.url_validation first, 3 s to answer, 3 retries.
import type { Profile } from './index.js';

export const zoom: Profile = {
  name: 'zoom',
  displayName: 'Zoom',
  summary: 'Zoom app event subscriptions: each event POSTed as JSON, signed with the app\'s Secret Token.',
  samplePayload: {
    event: 'meeting.started',
    event_ts: 1626230691572,
    payload: { account_id: 'AAAAAABBBB', object: { id: '1234567890', uuid: '4444AAAiAAAAAiAiAiiAii==', host_id: 'x1yCzABCDEfg23HiJKl4mN', topic: 'My Meeting', type: 8, start_time: '2026-01-01T10:00:00Z', timezone: 'America/Los_Angeles', duration: 60 } },
  },
  contentType: 'application/json',
  auth: { style: 'none', note: 'No credential is sent (the verification token is retired); verify x-zm-signature with the Secret Token.' },
  signature: { scheme: 'zoom', header: 'x-zm-signature', note: 'v0=<hex HMAC-SHA256 of "v0:timestamp:body">, timestamp in x-zm-request-timestamp' },
  handshake: 'zoom',
  timeBudgetSeconds: 3,
  successCodes: [200, 204],
  retryableCodes: [],
  retry: 'Without a 200 or 204 within 3 seconds, Zoom retries 3 times: 5 minutes after the first attempt, 20 minutes after that, and 60 minutes after that; then it stops for that event.',
  rateLimits: [],
  payloadLimitBytes: null,
  facts: [
    'Zoom counts 200 or 204 within three seconds as delivered.',
    'Retries come after 5, 20 and 60 minutes; after the third one the event is dropped.',
    'An endpoint is validated (endpoint.url_validation) before events flow, and again every 72 hours.',
  ],
  factsByEntry: {},
  sources: [
    { vendor: 'Zoom', document: 'Developer blog: Resolving webhook delays (3 s, 200/204, retry schedule)', url: 'https://developers.zoom.us/blog/webhook-delays/', covers: ['timeBudgetSeconds', 'successCodes', 'retry'] },
    { vendor: 'Zoom', document: 'Using webhooks: Verify webhook events; Validate your webhook endpoint', url: 'https://developers.zoom.us/docs/api/webhooks/', covers: ['signature', 'handshake'] },
  ],
};
