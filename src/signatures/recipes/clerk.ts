// Clerk delivers its webhooks through Svix: the Standard Webhooks recipe with svix-* headers.
import type { Recipe } from '../recipe.js';
import { standard } from './standard.js';

export const clerk: Recipe = {
  ...standard,
  id: 'clerk',
  name: 'Clerk (via Svix)',
  sameAs: 'standard',
  source: 'Clerk Docs, "Sync Clerk data to your app with webhooks" (https://clerk.com/docs/webhooks/sync-data): verified with svix, svix-id/svix-timestamp/svix-signature headers, whsec_ signing secret',
  vector: 'svix (devDependency), Clerk\'s documented verifier',
  note: 'Clerk, Resend and other Svix senders send the same headers: auto-detection names them standard.',
};
