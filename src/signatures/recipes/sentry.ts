// Sentry integration platform: Sentry-Hook-Signature, hex HMAC-SHA256 of the body with the client secret.
import type { Recipe } from '../recipe.js';

export const sentry: Recipe = {
  id: 'sentry',
  name: 'Sentry',
  kind: 'hmac', hash: 'sha256', encoding: 'hex',
  signed: '{body}',
  signature: { headers: [{ name: 'Sentry-Hook-Signature' }] },
  secret: 'text',
  detect: { hints: ['Sentry-Hook-Resource', 'Sentry-Hook-Timestamp'] },
  source: 'Sentry Docs, "Integration Platform — Webhooks: Sentry-Hook-Signature" (https://docs.sentry.io/organization/integrations/integration-platform/webhooks/)',
  vector: 'none published (no official verifier library): computed with node:crypto per the document',
  note: 'Sentry\'s own example signs JSON.stringify(request.body): a receiver that re-serializes may disagree with the raw bytes.',
};
