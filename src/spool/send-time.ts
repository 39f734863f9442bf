// What is added to a spooled request only at send time: Idempotency-Key, auth and signature (never on disk).
import type { HeaderList } from '../http/delivery.js';
import type { Profile } from '../profiles/index.js';
import { signBody } from '../signatures/index.js';
import type { SchemeName } from '../signatures/types.js';
import type { OutgoingEntry } from './engine.js';

export interface Credentials {
  token?: string;
  secret?: string;
  scheme?: SchemeName;
  /** --profile: the auth style and signature header; else the entry's own profile (generic if none). */
  profile?: Profile;
}

/**
 * The receiver drops duplicates by the entry's stable id: at-least-once delivery means a send in flight
 * when a flusher dies is sent again, and it must carry the same key.
 */
export function sendTimeHeaders(entry: OutgoingEntry, creds: Credentials, profileOf: (name: string) => Profile | undefined): HeaderList {
  const headers: HeaderList = [['Idempotency-Key', entry.id]];
  // An entry without a profile (a plain payload) is sent as send's default profile, generic, would be.
  const profile = creds.profile ?? profileOf(entry.profile ?? 'generic');
  if (creds.token) {
    const style = profile?.auth.style ?? 'bearer';
    if (style === 'header' && profile?.auth.header) headers.push([profile.auth.header, creds.token]);
    else if (style === 'basic') headers.push(['Authorization', `Basic ${Buffer.from(creds.token).toString('base64')}`]);
    else headers.push(['Authorization', `Bearer ${creds.token}`]);
  }
  const scheme = creds.scheme ?? profile?.signature?.scheme;
  if (creds.secret && scheme) {
    const header = profile?.signature?.scheme === scheme ? profile.signature.header : undefined;
    // Under Standard Webhooks the message id is the entry id, so webhook-id matches Idempotency-Key.
    headers.push(...signBody({ scheme, secret: creds.secret, body: entry.body, id: entry.id, url: entry.url, method: entry.method, ...(header ? { header } : {}) }));
  }
  return headers;
}
