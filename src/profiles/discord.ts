// The Discord profile: an interactions endpoint URL, Ed25519-signed, answered within 3 s, PINGed first.
import type { Profile } from './index.js';

export const discord: Profile = {
  name: 'discord',
  displayName: 'Discord',
  summary: 'Discord interactions endpoint URL: slash commands and components POSTed as JSON, signed with Ed25519.',
  samplePayload: { id: '1000000000000000001', application_id: '1000000000000000000', type: 2, data: { id: '1000000000000000002', name: 'hello', type: 1 }, guild_id: '1000000000000000003', channel_id: '1000000000000000004', token: 'aW50ZXJhY3Rpb246MTAwMDAwMDAwMDAwMDAwMDAwMQ', version: 1 },
  contentType: 'application/json',
  auth: { style: 'none', note: 'No credential is sent; verify X-Signature-Ed25519 with the application\'s public key (a public key, not a shared secret).' },
  signature: { scheme: 'discord', header: 'X-Signature-Ed25519', note: 'hex Ed25519 signature of timestamp + body, timestamp in X-Signature-Timestamp; answer 401 to a bad one' },
  handshake: 'discord',
  timeBudgetSeconds: 3,
  successCodes: [200],
  retryableCodes: [],
  retry: 'An interaction is not redelivered: without an answer in 3 seconds the user sees "The application did not respond". Answer with a deferred response (type 5) and follow up for slow work.',
  rateLimits: [],
  payloadLimitBytes: null,
  facts: [
    'The initial response must come within 3 seconds; a deferred response buys 15 minutes for follow-ups.',
    'Discord checks the endpoint with a PING and with deliberately bad signatures when the URL is saved.',
  ],
  factsByEntry: {},
  assumed: ['retry'],
  sources: [
    { vendor: 'Discord', document: 'Interactions: Receiving and Responding', url: 'https://discord.com/developers/docs/interactions/receiving-and-responding', covers: ['timeBudgetSeconds', 'successCodes', 'signature', 'handshake'] },
  ],
};
