// Resend delivers its webhooks through Svix: the Standard Webhooks recipe with svix-* headers.
import type { Recipe } from '../recipe.js';
import { standard } from './standard.js';

export const resend: Recipe = {
  ...standard,
  id: 'resend',
  name: 'Resend (via Svix)',
  sameAs: 'standard',
  source: 'Resend Docs, "Verify webhooks requests" (https://resend.com/docs/dashboard/webhooks/verify-webhooks-requests): svix-id, svix-timestamp, svix-signature, verified with the svix library',
  vector: 'svix (devDependency), the library Resend documents',
  note: 'Clerk, Resend and other Svix senders send the same headers: auto-detection names them standard.',
};
