// What one sender profile adds to a knowledge-base entry: the entry's facts for that sender, the
// profile's per-entry facts, and the profile figures that bear on the entry (plans, limits, budget).
import type { KbEntry } from './schema.js';
import type { Profile } from '../profiles/index.js';
import { successCodesText } from '../profiles/success-codes.js';

export interface SenderFacts {
  profile: string;
  displayName: string;
  facts: string[];
  /** The sender's plans, when the entry is about rate limits. */
  rateLimits?: Profile['rateLimits'];
  sources: string[];
}

const rateKeys = new Set(['429', 'throttled', 'retry-policy', '4xx']);
const sizeKeys = new Set(['413', 'payload-too-large', 'EPIPE']);
const timeKeys = new Set(['timeout', 'ETIMEDOUT', 'ESOCKETTIMEDOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', '504', '408', 'throttled']);
const authKeys = new Set(['401', '403', 'signature-mismatch']);
const deliveredKeys = new Set(['2xx', '3xx', '301', '302', '307', '308']);
const retryKeys = new Set(['retry-policy', '5xx', '429', '500', '502', '503']);

function formatBytes(bytes: number): string {
  if (bytes % 1_000_000 === 0) return `${bytes / 1_000_000} MB (${bytes.toLocaleString('en-US')} bytes)`;
  if (bytes % 1_048_576 === 0) return `${bytes / 1_048_576} MiB (${bytes.toLocaleString('en-US')} bytes)`;
  return `${bytes.toLocaleString('en-US')} bytes`;
}

function authWords(auth: Profile['auth']): string {
  switch (auth.style) {
    case 'bearer': return 'an Authorization: Bearer token';
    case 'basic': return 'HTTP Basic credentials';
    case 'header': return `a key in the ${auth.header ?? 'configured'} header`;
    case 'query': return 'a key in the URL query string';
    default: return 'no credential from the sender itself';
  }
}

/** The text ending in exactly one full stop. */
function sentence(text: string): string {
  return text.replace(/[.\s]+$/, '') + '.';
}

/** Everything `profile` has to say about `entry`, most specific first, without repeats. */
export function senderFactsFor(entry: KbEntry, profile: Profile): SenderFacts {
  const facts: string[] = [...(entry.senders[profile.name] ?? []), ...(profile.factsByEntry?.[entry.key] ?? [])];
  if (sizeKeys.has(entry.key)) {
    facts.push(profile.payloadLimitBytes
      ? `Largest payload ${profile.displayName} accepts: ${formatBytes(profile.payloadLimitBytes)}.`
      : `${profile.displayName} documents no payload size limit.`);
  }
  if (timeKeys.has(entry.key)) {
    const max = profile.maxTimeBudgetSeconds ? ` (configurable up to ${profile.maxTimeBudgetSeconds} s)` : '';
    facts.push(profile.timeBudgetAssumed
      ? `${profile.displayName} documents no response deadline; webhook-doctor assumes ${profile.timeBudgetSeconds} s.`
      : `${profile.displayName} waits ${profile.timeBudgetSeconds} s for an answer${max}.`);
  }
  if (authKeys.has(entry.key)) {
    facts.push(`Auth: ${profile.auth.note ? sentence(profile.auth.note) : `${authWords(profile.auth)}.`}`);
    facts.push(profile.signature
      ? `Signature: ${profile.signature.scheme} in ${profile.signature.header}${profile.signature.note ? `, ${sentence(profile.signature.note)}` : '.'}`
      : 'No request signature in this setup.');
  }
  if (deliveredKeys.has(entry.key)) facts.push(`${profile.displayName} counts as delivered: ${successCodesText(profile)}.`);
  if (retryKeys.has(entry.key)) facts.push(`Retry rule: ${profile.retry}`);
  const unique = [...new Set(facts)];
  const withPlans = rateKeys.has(entry.key) && profile.rateLimits.length > 0;
  return {
    profile: profile.name,
    displayName: profile.displayName,
    facts: unique,
    ...(withPlans ? { rateLimits: profile.rateLimits } : {}),
    sources: profile.sources.map((s) => `${s.vendor}: ${s.document}`),
  };
}
