// The Shopify profile: HTTPS webhooks with a base64 HMAC, 1 s to connect and 5 s to answer, 8 retries over 4 hours.
import type { Profile } from './index.js';

export const shopify: Profile = {
  name: 'shopify',
  displayName: 'Shopify',
  summary: 'Shopify app webhooks over HTTPS: the topic\'s JSON payload, signed with the app\'s client secret.',
  samplePayload: {
    id: 450789469,
    email: 'jon@example.com',
    created_at: '2026-01-01T00:00:00-05:00',
    total_price: '598.94',
    currency: 'USD',
    line_items: [{ id: 466157049, title: 'IPod Nano - 8GB', quantity: 1, price: '199.00' }],
  },
  contentType: 'application/json',
  auth: { style: 'none', note: 'No credential is sent; verify X-Shopify-Hmac-Sha256 (base64) with the app\'s client secret.' },
  signature: { scheme: 'shopify', header: 'X-Shopify-Hmac-Sha256', note: 'base64 HMAC-SHA256 of the raw body' },
  eventHeaders: [
    ['X-Shopify-Topic', 'orders/create'],
    ['X-Shopify-Shop-Domain', 'example.myshopify.com'],
    ['X-Shopify-API-Version', '2025-01'],
    ['X-Shopify-Webhook-Id', 'b54557e4-bdd9-4b37-8a5f-bf7d70bcd043'],
    ['X-Shopify-Triggered-At', '2026-01-01T05:00:00.000000Z'],
    ['X-Shopify-Event-Id', '98880550-7158-44d4-b7cd-2c97c8a091b5'],
  ],
  timeBudgetSeconds: 5,
  successCodes: Array.from({ length: 100 }, (_, i) => 200 + i),
  retryableCodes: [],
  retry: 'Without a 2xx in time, Shopify retries 8 times over the next 4 hours (exponential backoff); after 8 consecutive failures a subscription made through the Admin API is deleted.',
  rateLimits: [],
  payloadLimitBytes: null,
  facts: [
    'Shopify gives up after 1 s to connect and 5 s in total; answer 200 first, then process.',
    'Retried deliveries carry the original payload: use X-Shopify-Triggered-At or the payload\'s timestamp to spot stale ones.',
    'X-Shopify-Webhook-Id stays the same across retries of one delivery: deduplicate on it.',
  ],
  factsByEntry: {},
  sources: [
    { vendor: 'Shopify', document: 'HTTPS webhook delivery; Troubleshooting webhooks (timeouts, 200-series success)', url: 'https://shopify.dev/docs/apps/build/webhooks/subscribe/https', covers: ['timeBudgetSeconds', 'successCodes', 'signature', 'eventHeaders'] },
    { vendor: 'Shopify', document: 'Developer changelog: Updates to webhook retry mechanism (8 times over 4 hours)', url: 'https://shopify.dev/changelog/updates-to-webhook-retry-mechanism', covers: ['retry'] },
  ],
};
