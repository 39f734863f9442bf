// Discord interactions: Ed25519 over `<X-Signature-Timestamp><body>`, hex signature, hex public key.
import type { Recipe } from '../recipe.js';

export const discord: Recipe = {
  id: 'discord',
  name: 'Discord interactions',
  kind: 'ed25519', hash: 'sha256', encoding: 'hex',
  signed: '{timestamp}{body}',
  signature: { headers: [{ name: 'X-Signature-Ed25519' }] },
  timestamp: { headers: ['X-Signature-Timestamp'], format: 'unix', check: 'none', tolerance: 0, toleranceAssumed: true, signedAs: 'received' },
  secret: 'public-key',
  source: 'Discord Developer Docs, "Interactions overview — Validating security request headers" (https://discord.com/developers/docs/interactions/overview#setting-up-an-endpoint-validating-security-request-headers); discord-interactions verifyKey',
  vector: 'discord-interactions (devDependency): verifyKey accepts ours; a key pair made with node:crypto signs theirs',
  note: 'The public key is on the application\'s General Information page; Discord documents no replay window.',
};
