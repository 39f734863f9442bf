// The Prometheus Alertmanager profile: webhook_config receivers, version 4 payload, auth from http_config.
import type { Profile } from './index.js';

export const alertmanager: Profile = {
  name: 'alertmanager',
  displayName: 'Prometheus Alertmanager',
  summary: 'Alertmanager webhook_config receivers: a group of alerts POSTed as JSON (payload version 4).',
  samplePayload: {
    version: '4',
    groupKey: '{}:{alertname="HighLatency"}',
    truncatedAlerts: 0,
    status: 'firing',
    receiver: 'webhook',
    groupLabels: { alertname: 'HighLatency' },
    commonLabels: { alertname: 'HighLatency', job: 'api', severity: 'page' },
    commonAnnotations: { summary: 'p99 latency above 1 s' },
    externalURL: 'http://alertmanager.example.com:9093',
    alerts: [{ status: 'firing', labels: { alertname: 'HighLatency', instance: 'api-1:9090', job: 'api', severity: 'page' }, annotations: { summary: 'p99 latency above 1 s' }, startsAt: '2026-01-01T00:00:00Z', endsAt: '0001-01-01T00:00:00Z', generatorURL: 'http://prometheus.example.com:9090/graph?g0.expr=latency', fingerprint: 'c6eadffa33fcdf37' }],
  },
  contentType: 'application/json',
  auth: { style: 'none', note: 'Whatever http_config sets: basic_auth, authorization (Bearer by default) or oauth2; nothing is signed.' },
  signature: null,
  // webhook_config's own timeout defaults to 0 (none); the budget here is webhook-doctor's default.
  timeBudgetSeconds: 30,
  timeBudgetAssumed: true,
  successCodes: Array.from({ length: 100 }, (_, i) => 200 + i),
  retryableCodes: [429, 500, 502, 503, 504],
  retry: 'Alertmanager retries a failed notification with backoff until it succeeds or the next group_interval brings a fresh one; 4xx answers other than 429 are not retried.',
  rateLimits: [],
  payloadLimitBytes: null,
  facts: [
    'max_alerts caps the alerts in one payload (0 = all); truncatedAlerts says how many were left out.',
    'The payload is a group: alerts[] shares groupLabels, with status firing or resolved (send_resolved, default true).',
  ],
  factsByEntry: {},
  assumed: ['timeBudgetSeconds', 'retry'],
  sources: [
    { vendor: 'Prometheus', document: 'Alertmanager configuration: <webhook_config>', url: 'https://prometheus.io/docs/alerting/latest/configuration/#webhook_config', covers: ['successCodes', 'signature'] },
  ],
};
