// The User-Agent a delivery identifies itself with: webhook-doctor/<version>, or the sender's own when a
// profile says how that sender identifies itself (so a receiver that filters on it sees what it will see).
declare const __VERSION__: string;

export const DEFAULT_USER_AGENT = `webhook-doctor/${typeof __VERSION__ === 'string' ? __VERSION__ : '0.0.0-dev'}`;

/**
 * The User-Agent for requests made on behalf of a profile. Profiles that know their sender's User-Agent
 * carry it as `userAgent` (sender facts, with their source, live in the profile files).
 */
export function userAgentFor(profile: object | undefined): string {
  const own = (profile as { userAgent?: unknown } | undefined)?.userAgent;
  return typeof own === 'string' && own.trim() !== '' ? own : DEFAULT_USER_AGENT;
}
