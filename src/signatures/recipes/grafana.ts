// Grafana Alerting webhook contact point with HMAC: X-Grafana-Alerting-Signature, hex HMAC-SHA256 of the
// body, or of `<timestamp>:<body>` when a timestamp header is configured.
import type { Recipe } from '../recipe.js';

export const grafana: Recipe = {
  id: 'grafana',
  name: 'Grafana Alerting',
  kind: 'hmac', hash: 'sha256', encoding: 'hex',
  signed: '{timestamp}:{body}',
  signature: { headers: [{ name: 'X-Grafana-Alerting-Signature' }] },
  timestamp: { headers: ['X-Grafana-Alerting-Signature-Timestamp', 'X-Grafana-Alerting-Timestamp'], format: 'unix', check: 'both', tolerance: 300, toleranceAssumed: true, signedAs: 'received', optional: true },
  secret: 'text',
  source: 'Grafana docs, "Configure webhook notifications — HMAC signature: HMAC(timestamp + \":\" + body), hex" (https://grafana.com/docs/grafana/latest/alerting/configure-notifications/manage-contact-points/integrations/webhook-notifier/); grafana/alerting receivers/webhook',
  vector: 'none published (no verifier library): computed with node:crypto per the document',
  note: 'Grafana signs HMAC(timestamp + ":" + body) when a Timestamp Header is configured, else the body alone. That header has no default name: the two of Grafana\'s own examples are read; the signature header is renamed with --signature-header.',
};
