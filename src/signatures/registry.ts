// The table of schemes by name: adding a scheme is adding a file and a line here.
import type { SchemeDefinition, SchemeName } from './types.js';
import { hmacSha256 } from './hmac-sha256.js';
import { github } from './github.js';
import { stripe } from './stripe.js';
import { slack } from './slack.js';
import { shopify } from './shopify.js';
import { standard } from './standard.js';

export const schemes: Readonly<Record<SchemeName, SchemeDefinition>> = {
  'hmac-sha256': hmacSha256,
  github,
  stripe,
  slack,
  shopify,
  standard,
};

export function isSchemeName(name: string): name is SchemeName {
  return Object.hasOwn(schemes, name);
}
