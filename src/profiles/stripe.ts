// The Stripe profile: events signed in Stripe-Signature (t=…,v1=…), retried for up to three days in live mode.
import type { Profile } from './index.js';

export const stripe: Profile = {
  name: 'stripe',
  displayName: 'Stripe',
  summary: 'Stripe webhook endpoints: an Event object POSTed as JSON, signed with the endpoint\'s whsec_ secret.',
  samplePayload: {
    id: 'evt_1NG8Du2eZvKYlo2CUI79vXWy',
    object: 'event',
    api_version: '2022-11-15',
    created: 1686089970,
    type: 'payment_intent.succeeded',
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    data: { object: { id: 'pi_3NG8Du2eZvKYlo2C0eXwzB0H', object: 'payment_intent', amount: 2000, currency: 'usd', status: 'succeeded' } },
  },
  contentType: 'application/json',
  auth: { style: 'none', note: 'No credential is sent; verify Stripe-Signature with the endpoint\'s signing secret (whsec_…).' },
  signature: { scheme: 'stripe', header: 'Stripe-Signature', note: 't=<unix time>,v1=<hex HMAC-SHA256 of "t.body">; reject timestamps older than 5 minutes' },
  // Stripe asks for a quick 2xx "prior to any complex logic that could cause a timeout" but names no figure.
  timeBudgetSeconds: 10,
  timeBudgetAssumed: true,
  successCodes: Array.from({ length: 100 }, (_, i) => 200 + i),
  retryableCodes: [],
  retry: 'Live mode: retried with exponential backoff for up to three days; sandbox: three times over a few hours. Events may arrive out of order and more than once: deduplicate on the event id.',
  rateLimits: [],
  payloadLimitBytes: null,
  facts: [
    'Return a 2xx quickly, before any logic that could time out; do the work asynchronously.',
    'Failed deliveries are retried for up to three days (live mode); the Dashboard shows the next attempt.',
    'Order is not guaranteed and an event can be delivered twice: key processing on the event id.',
  ],
  factsByEntry: {},
  assumed: ['timeBudgetSeconds'],
  sources: [
    { vendor: 'Stripe', document: 'Receive Stripe events in your webhook endpoint (retries, quick 2xx, event ordering)', url: 'https://docs.stripe.com/webhooks', covers: ['retry', 'successCodes'] },
    { vendor: 'Stripe', document: 'Check the webhook signatures', url: 'https://docs.stripe.com/webhooks#verify-events', covers: ['signature'] },
  ],
};
