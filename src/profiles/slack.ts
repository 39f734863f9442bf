// The Slack profile: Events API requests signed v0=, url_verification first, 3 s to answer, retried 3 times.
import type { Profile } from './index.js';

export const slack: Profile = {
  name: 'slack',
  displayName: 'Slack',
  summary: 'Slack Events API request URLs: an event_callback envelope POSTed as JSON, signed with the app\'s signing secret.',
  samplePayload: {
    token: 'Jhj5dZrVaK7ZwHHjRyZWjbDl',
    team_id: 'T061EG9R6',
    api_app_id: 'A0PNCHHK2',
    event: { type: 'app_mention', user: 'U061F7AUR', text: '<@U0LAN0Z89> is it everything a river should be?', ts: '1515449522.000016', channel: 'C0LAN2Q65', event_ts: '1515449522000016' },
    type: 'event_callback',
    event_id: 'Ev0LAN670R',
    event_time: 1515449522000016,
  },
  contentType: 'application/json',
  auth: { style: 'none', note: 'No credential is sent; verify X-Slack-Signature with the app\'s signing secret (the verification token is deprecated).' },
  signature: { scheme: 'slack', header: 'X-Slack-Signature', note: 'v0=<hex HMAC-SHA256 of "v0:timestamp:body">, timestamp in X-Slack-Request-Timestamp' },
  handshake: 'slack',
  userAgent: 'Slackbot 1.0 (+https://api.slack.com/robots)',
  timeBudgetSeconds: 3,
  successCodes: Array.from({ length: 100 }, (_, i) => 200 + i),
  retryableCodes: [],
  retry: 'On a timeout (3 s), a failed connection, a TLS error or a non-2xx answer, Slack retries 3 times: almost at once, after 1 minute and after 5 minutes, with X-Slack-Retry-Num and X-Slack-Retry-Reason. Answer with X-Slack-No-Retry: 1 to stop the retries.',
  rateLimits: [{ plan: 'Events API', note: '30,000 events per workspace per app per 60 minutes; above it Slack sends app_rate_limited' }],
  payloadLimitBytes: null,
  facts: [
    'Slack waits 3 seconds: acknowledge with a 2xx first and process afterwards, or the retry arrives while you still work.',
    'Retries carry X-Slack-Retry-Num (1-3) and X-Slack-Retry-Reason (http_timeout, http_error …); deduplicate on event_id.',
    'A Request URL must answer the url_verification challenge before Slack sends any event.',
    'An app that fails more than 95% of deliveries within 60 minutes has its event subscriptions disabled.',
  ],
  factsByEntry: {},
  // The User-Agent is the one Slack's robots page gives for Slackbot; Events API requests are assumed to carry it too.
  assumed: ['userAgent'],
  sources: [
    { vendor: 'Slack', document: 'The Events API: responding to events, retries, rate limits', url: 'https://api.slack.com/apis/events-api', covers: ['timeBudgetSeconds', 'retry', 'successCodes', 'rateLimits'] },
    { vendor: 'Slack', document: 'Verifying requests from Slack', url: 'https://api.slack.com/authentication/verifying-requests-from-slack', covers: ['signature'] },
    { vendor: 'Slack', document: 'url_verification event', url: 'https://api.slack.com/events/url_verification', covers: ['handshake'] },
    { vendor: 'Slack', document: 'Slackbot (robots)', url: 'https://api.slack.com/robots', covers: ['userAgent'] },
  ],
};
