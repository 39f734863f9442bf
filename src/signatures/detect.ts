// Recognising a scheme from the headers a sender attached (vendor-specific names first, the
// generic *-signature: sha256=… last, so X-Hub-Signature-256 is never taken for hmac-sha256).
import type { HeaderList, SchemeName } from './types.js';
import { findHeader } from './headers.js';
import { findGenericSignatureHeader } from './hmac-sha256.js';
import { schemes } from './registry.js';

const order: readonly SchemeName[] = ['standard', 'stripe', 'slack', 'github', 'shopify'];

/** The scheme the headers carry, or null. `header` names the hmac-sha256 header when it is not X-Signature. */
export function detectScheme(headers: HeaderList, header?: string): SchemeName | null {
  // A header named explicitly (--signature-header) is the user's word: it beats recognition.
  if (header && findHeader(headers, header)) return 'hmac-sha256';
  for (const scheme of order) {
    if (schemes[scheme].signatureHeaders.some((n) => findHeader(headers, n))) return scheme;
  }
  if (findGenericSignatureHeader(headers)) return 'hmac-sha256';
  return null;
}

/** Every header name detection looks for, for a "no signature header" message. */
export const knownSignatureHeaders: readonly string[] = ['X-Signature', 'X-Hub-Signature-256', 'Stripe-Signature', 'X-Slack-Signature', 'X-Shopify-Hmac-Sha256', 'webhook-signature', 'svix-signature'];
