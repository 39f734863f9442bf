// Masking credentials a sender put in its headers (Authorization, API keys) or its query (Meta's hub.verify_token), unless --show-secrets.
import type { HeaderPair } from './capture.js';

const credentialHeader = /^(authorization|proxy-authorization|cookie|x-api-key|api-key|apikey|x-auth-token|x-access-token)$|token|secret|password|api[-_]?key/i;

/** Headers whose value is a credential; signatures are not (they are MACs of the body, harmless to show). */
export function isCredentialHeader(name: string): boolean {
  let known = verdicts.get(name);
  if (known === undefined) {
    known = credentialHeader.test(name) && !/signature/i.test(name);
    if (verdicts.size < 1000) verdicts.set(name, known);
  }
  return known;
}

// Senders repeat the same few header names; asking the regexes once per name keeps the hot path cheap.
const verdicts = new Map<string, boolean>();

const schemeWord = /^(\s*"?)(bearer|basic|token|digest|apikey|api-key)(\s+)/i;

/**
 * "Bearer pst_live_abcdef…" → "Bearer pst_…(28 chars)": enough to recognise a token, not to use it.
 * Quotes and whitespace around the token stay visible: they are often the very problem.
 */
export function maskCredential(value: string): string {
  // A sender sends the same token request after request: mask it once.
  if (value === lastValue) return lastMasked;
  lastMasked = maskOnce(value);
  lastValue = value;
  return lastMasked;
}
let lastValue: string | undefined;
let lastMasked = '';

function maskOnce(value: string): string {
  const m = schemeWord.exec(value);
  let prefix = m ? m[0] : value.match(/^\s*"?/)![0];
  prefix += value.slice(prefix.length).match(/^["'\s]*/)![0];
  const rest = value.slice(prefix.length);
  const suffix = rest.match(/["'\s]*$/)![0];
  const secret = rest.slice(0, rest.length - suffix.length);
  if (secret.length === 0) return value;
  const shown = secret.length >= 12 ? secret.slice(0, 4) : '';
  return `${prefix}${shown}…(${secret.length} chars)${suffix}`;
}

export function maskHeaders(headers: readonly HeaderPair[]): HeaderPair[] {
  return headers.map(([n, v]) => (isCredentialHeader(n) ? [n, maskCredential(v)] : [n, v]));
}

// Query parameters that carry a credential: Meta's hub.verify_token (its handshake), OAuth-style tokens, API keys.
const credentialParam = /([?&])((?:hub\.)?verify_token|access_token|id_token|refresh_token|token|api[-_]?key|key|secret|client_secret|password)=([^&#]+)/gi;

/** "/meta?hub.mode=subscribe&hub.verify_token=meatyhamhock" → "…&hub.verify_token=meat…(12 chars)"; the rest as sent. */
export function maskTarget(target: string): string {
  const q = target.indexOf('?');
  if (q < 0) return target;
  return target.slice(0, q) + target.slice(q).replace(credentialParam, (_, sep: string, name: string, value: string) => `${sep}${name}=${maskCredential(value)}`);
}
