// A request rebuilt from a capture: method, path and query, the body byte for byte, the end-to-end headers
// in their order and case; hop-by-hop headers dropped, Host for the new target, -H/-d/--token applied, and
// the signature made again (fresh timestamp and id) with --resign.
import { WdError } from '../errors.js';
import type { HeaderPair } from '../capture/capture.js';
import { relayTarget } from '../capture/request-target.js';
import type { DeliveryRequest } from '../http/delivery.js';
import type { StoredCapture } from '../history/store.js';

export interface ReplayOptions {
  /** Where to: a full URL, or an origin that gets the capture's own path. Default: the capture's --forward target. */
  url?: string;
  /** -H: replaces a header of that name (where it stood) or is added at the end. */
  headers?: HeaderPair[];
  /** -d: the body instead of the captured one. */
  body?: Buffer;
  /** --token: the credential history masked, given again. */
  token?: string;
  resign?: { secret: string; scheme?: string; signatureHeader?: string; sign: Signer; detect: Detector };
  timeoutMs: number;
}

/** signBody and detectScheme of src/signatures, passed in so this module stays free of the signature engine's weight. */
export type Signer = (opts: { scheme: string; secret: string; body: Buffer; header?: string; url?: string; method?: string }) => Array<[string, string]>;
export type Detector = (headers: ReadonlyArray<readonly [string, string]>, header?: string) => string | null;

export interface ReplayRequest {
  request: DeliveryRequest;
  /** Things the user should know about this request (a masked header left out, a stale signature). */
  notes: string[];
  /** The scheme it was re-signed with. */
  resigned?: string;
}

// RFC 9110 §7.6.1: these describe one connection, not the message. Content-Length and Host are written by the
// client for the new connection (undici writes them itself); Expect is refused by undici.
const hopByHop = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'te', 'trailer', 'upgrade', 'content-length', 'expect', 'proxy-authenticate', 'proxy-authorization']);

/**
 * When a re-signed header has a sender-specific twin in the capture, the twin's name is kept: Svix sends the
 * Standard Webhooks headers as svix-id/svix-timestamp/svix-signature (Svix docs, "Verifying payloads manually").
 */
const headerTwins: Record<string, string[]> = {
  'webhook-id': ['svix-id'],
  'webhook-timestamp': ['svix-timestamp'],
  'webhook-signature': ['svix-signature'],
};

const schemeWord = /^(\s*(?:bearer|basic|token|apikey|api-key)\s+)/i;
/** A query parameter whose value mask.ts masked ("?token=secr…(15 chars)"); its names are all word characters, dots and dashes. */
const maskedParam = /[?&]([\w.-]+)=[^&#]*\u2026\(\d+ chars\)/g;

/** The URL a capture goes to: the one given (an origin gets the captured path), else where listen relayed it. */
export function replayUrl(capture: StoredCapture, given?: string): string {
  if (given) {
    if (!/^https?:\/\/[^/]/i.test(given) || !URL.canParse(given)) throw new WdError('USAGE', `not an http(s) URL: ${given}`, { hint: 'e.g. webhook-doctor replay last http://127.0.0.1:3000/hooks' });
    const target = relayTarget(given, capture.method, capture.target);
    if ('refused' in target) throw new WdError('INPUT', `capture ${capture.id} cannot be replayed: ${target.refused}`, { hint: 'only requests to a path (/…) or an absolute http(s) URL are sent on' });
    return target.url;
  }
  const relayed = capture.forwardAnswer?.url ?? capture.forward?.url;
  if (relayed && /^https?:/i.test(relayed)) return relayed;
  throw new WdError('USAGE', `capture ${capture.id} was not relayed with --forward: say where to replay it`, { hint: `webhook-doctor replay ${capture.id} http://127.0.0.1:3000/hooks` });
}

export function buildReplay(capture: StoredCapture, opts: ReplayOptions): ReplayRequest {
  const url = replayUrl(capture, opts.url);
  const notes: string[] = [];
  const masked = new Set(capture.maskedHeaders);
  const named = new Set<string>();
  for (const [n, v] of capture.rawHeaders) if (n.toLowerCase() === 'connection') for (const t of v.split(',')) named.add(t.trim().toLowerCase());
  let headers: HeaderPair[] = [];
  const host = new URL(url).host;
  capture.rawHeaders.forEach(([name, value], i) => {
    const lower = name.toLowerCase();
    if (hopByHop.has(lower) || named.has(lower)) return;
    if (lower === 'host') { headers.push([name, host]); return; }
    // --token is the user's word: it also replaces an Authorization the capture holds in full (a HAR's).
    if (lower === 'authorization' && opts.token !== undefined && !masked.has(i)) { headers.push([name, (schemeWord.exec(value)?.[1] ?? '') + opts.token]); return; }
    if (masked.has(i)) {
      if (opts.token !== undefined) headers.push([name, (schemeWord.exec(value)?.[1] ?? '') + opts.token]);
      // Held in place for the -H that gives it again.
      else if (opts.headers?.some(([n]) => n.toLowerCase() === lower)) headers.push([name, value]);
      else notes.push(`${name} was masked in history: sent without it (give it again with --token or -H '${name}: …')`);
      return;
    }
    headers.push([name, value]);
  });
  for (const [name, value] of opts.headers ?? []) headers = setHeader(headers, name, value);
  // A credential in the query (?token=, Meta's hub.verify_token) was masked as headers are; the captured
  // target keeps the mask, and a replay to it would send that text where the receiver expects the secret.
  for (const m of url.matchAll(maskedParam)) {
    notes.push(`query parameter ${m[1]} was masked in history: sent as the masked text (give the URL with its value: webhook-doctor replay ${capture.id} '${new URL(url).origin}${new URL(url).pathname}?${m[1]}=…')`);
  }
  const body = opts.body ?? capture.body;
  if (capture.bodyRefused && !opts.body) notes.push(`its body (${capture.bodyBytes} bytes) was over listen's --max-body and not kept: sent empty (give one with -d)`);
  let resigned: string | undefined;
  if (opts.resign) {
    const r = opts.resign;
    const scheme = r.scheme && r.scheme !== 'auto' ? r.scheme : r.detect(capture.rawHeaders, r.signatureHeader);
    if (!scheme) throw new WdError('USAGE', `capture ${capture.id} carries no signature header webhook-doctor recognises: say how to sign it`, { hint: 'add --scheme (e.g. stripe, standard, github, hmac-sha256 --signature-header X-Signature)' });
    // Recipes that sign the URL (Twilio, Square…) sign the one the replay goes to.
    const signed = r.sign({ scheme, secret: r.secret, body, url, method: capture.method, ...(r.signatureHeader ? { header: r.signatureHeader } : {}) });
    for (const [name, value] of signed) {
      const twin = headerTwins[name.toLowerCase()]?.find((t) => headers.some(([n]) => n.toLowerCase() === t));
      headers = setHeader(headers, twin ?? name, value);
    }
    resigned = scheme;
  } else {
    const age = signedAgeSeconds(capture.rawHeaders);
    if (age !== undefined && age > STALE_AFTER_S) notes.push(`its signature was made ${formatAge(age)} ago: a receiver with a replay window (Stripe's libraries: 300 s by default) refuses it; add --resign --secret … to sign it again`);
  }
  const request: DeliveryRequest = { url, method: capture.method, headers, body, timeoutMs: opts.timeoutMs };
  return { request, notes, ...(resigned ? { resigned } : {}) };
}

// Stripe's libraries refuse a signature older than 300 s by default ("Check the webhook signatures",
// docs.stripe.com/webhooks); Standard Webhooks and Slack document 5 minutes too.
const STALE_AFTER_S = 300;

/** Headers that carry when a timestamped signature was made, and how to read the Unix seconds from each. */
const signedAt: Array<{ header: string; read: (value: string) => number | undefined }> = [
  { header: 'stripe-signature', read: (v) => Number(/(?:^|,)\s*t=(\d+)/.exec(v)?.[1]) || undefined },
  { header: 'webhook-timestamp', read: (v) => Number(v) || undefined },
  { header: 'svix-timestamp', read: (v) => Number(v) || undefined },
  { header: 'x-slack-request-timestamp', read: (v) => Number(v) || undefined },
];

export function signedAgeSeconds(headers: readonly HeaderPair[], now = Date.now()): number | undefined {
  for (const { header, read } of signedAt) {
    const value = headers.find(([n]) => n.toLowerCase() === header)?.[1];
    const t = value === undefined ? undefined : read(value);
    if (t !== undefined) return Math.round(now / 1000 - t);
  }
  return undefined;
}

function formatAge(s: number): string {
  if (s < 120) return `${s} s`;
  if (s < 7200) return `${Math.round(s / 60)} min`;
  if (s < 172_800) return `${Math.round(s / 3600)} h`;
  return `${Math.round(s / 86_400)} days`;
}

/** Replace the header of that name where it stands (keeping its case), dropping repeats; or add it at the end. */
export function setHeader(headers: HeaderPair[], name: string, value: string): HeaderPair[] {
  const lower = name.toLowerCase();
  const at = headers.findIndex(([n]) => n.toLowerCase() === lower);
  if (at < 0) return [...headers, [name, value]];
  return headers.flatMap(([n, v], i): HeaderPair[] => (i === at ? [[n, value]] : n.toLowerCase() === lower ? [] : [[n, v]]));
}
