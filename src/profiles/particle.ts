// The Particle profile: Device Cloud integrations (webhooks), a 20 s budget and adaptive skipping of failing endpoints.
import type { Profile } from './index.js';

export const particle: Profile = {
  name: 'particle',
  displayName: 'Particle',
  summary: 'Particle Device Cloud webhook integrations: a device event POSTed as JSON, answered within 20 s.',
  samplePayload: {
    event: 'temperature',
    data: '21.5',
    published_at: '2026-01-01T00:00:00.000Z',
    coreid: 'e00fce68aaaaaaaaaaaaaaaa',
  },
  contentType: 'application/json',
  auth: {
    style: 'none',
    note: 'Credentials are whatever the integration is configured to send (a header or a query parameter); Particle adds none itself.',
  },
  signature: null,
  timeBudgetSeconds: 20,
  successCodes: [200, 201, 202, 204],
  retryableCodes: [408, 425, 429, 500, 502, 503, 504],
  retry: 'When the endpoint returns more 4xx/5xx than 2xx, Particle skips attempts until a few seconds pass without errors; skipped events are retried after 30 s and 1 min, then dropped. Timeouts count as failures.',
  rateLimits: [],
  payloadLimitBytes: null,
  facts: [
    'Particle places no limit on how often a webhook fires; the receiver must cope with the whole device fleet\'s rate.',
    'Success is any 2xx: 200 when the response carries data back to devices, 204 when it does not.',
    'The endpoint must answer within 20 seconds; slower answers count as failures.',
    'The Console keeps only the last 10 successes and the last 10 errors per integration (Integrations → History → Logs); screenshot expanded errors before they scroll away.',
    'Skipping shows as a hook-error event "Sleeping, too many errors, please wait and try again" and grey bars in the History graph.',
    'Webhook responses go to subscribed devices in 512-byte chunks, each one data operation.',
    'Service status: status.particle.io.',
  ],
  factsByEntry: {},
  sources: [{ vendor: 'Particle', document: 'Troubleshooting Webhook/Integration Issues' }],
};
