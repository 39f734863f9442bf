// The Grafana profile: Grafana Alerting webhook contact points (POST or PUT, optional HMAC signature).
import type { Profile } from './index.js';

export const grafana: Profile = {
  name: 'grafana',
  displayName: 'Grafana Alerting',
  summary: 'Grafana Alerting webhook contact points: alert notifications POSTed as JSON.',
  samplePayload: {
    receiver: 'My Super Webhook',
    status: 'firing',
    orgId: 1,
    alerts: [{ status: 'firing', labels: { alertname: 'High memory usage', team: 'blue', zone: 'us-1' }, annotations: { description: 'The system has high memory usage', summary: 'This alert was triggered for zone us-1' }, startsAt: '2026-01-01T09:51:03.157076+02:00', endsAt: '0001-01-01T00:00:00Z', generatorURL: 'https://play.grafana.org/alerting/1afz29v7z/edit', fingerprint: 'c6eadffa33fcdf37', silenceURL: 'https://play.grafana.org/alerting/silence/new', dashboardURL: '', panelURL: '', values: { B: 44.2, C: 1 } }],
    groupLabels: {},
    commonLabels: { team: 'blue' },
    commonAnnotations: {},
    externalURL: 'https://play.grafana.org/',
    version: '1',
    groupKey: '{}:{}',
    truncatedAlerts: 0,
    title: '[FIRING:1] (High memory usage blue us-1)',
    state: 'alerting',
    message: '**Firing**\n\nValue: B=44.2, C=1',
  },
  contentType: 'application/json',
  auth: { style: 'none', note: 'Basic auth or an Authorization header (Bearer by default) from the contact point\'s optional settings; extra headers can be added.' },
  signature: { scheme: 'grafana', header: 'X-Grafana-Alerting-Signature', note: 'optional: hex HMAC-SHA256 of the body (of timestamp:body when X-Grafana-Alerting-Timestamp is configured), when the contact point has an HMAC secret' },
  timeBudgetSeconds: 30,
  timeBudgetAssumed: true,
  successCodes: Array.from({ length: 100 }, (_, i) => 200 + i),
  retryableCodes: [429, 500, 502, 503, 504],
  retry: 'Grafana\'s notifier retries failed deliveries a few times with backoff; a notification that still fails shows as an error on the contact point.',
  rateLimits: [],
  payloadLimitBytes: null,
  facts: [
    'The HTTP method is POST unless the contact point says PUT.',
    'The URL is stored in plain text: put credentials in the authorization settings, not in the URL.',
  ],
  factsByEntry: {},
  assumed: ['timeBudgetSeconds', 'retry'],
  sources: [
    { vendor: 'Grafana Labs', document: 'Configure webhook notifications (settings, example JSON body)', url: 'https://grafana.com/docs/grafana/latest/alerting/configure-notifications/manage-contact-points/integrations/webhook-notifier/', covers: ['successCodes', 'signature'] },
  ],
};
