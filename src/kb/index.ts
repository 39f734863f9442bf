// Finding knowledge-base entries: by key, by HTTP status, by Node/undici error code, by name or
// alias, in a pasted log line or a whole log. Pure data in, data out; loads no dependency.
import type { KbEntry } from './schema.js';
import { httpEntries } from './entries/http.js';
import { networkEntries } from './entries/network.js';
import { tlsEntries } from './entries/tls.js';
import { protocolEntries } from './entries/protocol.js';
import { undiciEntries } from './entries/undici.js';
import { conceptEntries } from './entries/concepts.js';

export type { KbEntry } from './schema.js';

/** Every entry, in the order `explain --list` shows them. */
export const entries: readonly KbEntry[] = [
  ...httpEntries,
  ...networkEntries,
  ...tlsEntries,
  ...protocolEntries,
  ...undiciEntries,
  ...conceptEntries,
];

/** Lower case, punctuation and separators folded to single spaces: 'UND_ERR_SOCKET' ≈ 'und err socket'. */
function normalize(text: string): string {
  return text
    .toLowerCase()
    .replace(/[\s_\-/.,:;'"`()[\]{}!?]+/g, ' ')
    .trim();
}

const byKey = new Map<string, KbEntry>(entries.map((e) => [e.key.toLowerCase(), e]));

// Names and aliases are indexed on first use only: `explain 429` never needs them, and start-up counts.
let nameIndex: Map<string, KbEntry> | undefined;
function byName(): Map<string, KbEntry> {
  if (nameIndex) return nameIndex;
  nameIndex = new Map(entries.map((e) => [normalize(e.key), e]));
  for (const entry of entries) {
    for (const alias of [entry.title, ...entry.aliases]) {
      const name = normalize(alias);
      if (!nameIndex.has(name)) nameIndex.set(name, entry);
    }
  }
  return nameIndex;
}

/** The entry with this key ('429', '4xx', 'ECONNRESET', 'signature-mismatch'), any case. */
export function getEntry(key: string): KbEntry | undefined {
  return byKey.get(key.trim().toLowerCase());
}

/** The key that explains an HTTP status: the code's own entry when there is one, else its class ('4xx'). */
export function keyForStatus(status: number): string {
  const own = String(status);
  if (byKey.has(own)) return own;
  return `${Math.floor(status / 100)}xx`;
}

// Codes Node, OpenSSL and undici raise that share an explanation with an entry of another name.
const errorAliases: Record<string, string> = {
  ECONNABORTED: 'ECONNRESET',
  ENETUNREACH: 'EHOSTUNREACH',
  ENETDOWN: 'EHOSTUNREACH',
  EHOSTDOWN: 'EHOSTUNREACH',
  EAI_NONAME: 'ENOTFOUND',
  EAI_FAIL: 'ENOTFOUND',
  ECONNTIMEDOUT: 'ETIMEDOUT',
  ERR_SOCKET_CONNECTION_TIMEOUT: 'ETIMEDOUT',
  CERT_NOT_YET_VALID: 'CERT_HAS_EXPIRED',
  UNABLE_TO_GET_ISSUER_CERT: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  HOSTNAME_MISMATCH: 'ERR_TLS_CERT_ALTNAME_INVALID',
  ERR_SSL_WRONG_VERSION_NUMBER: 'https-to-http-port',
  ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION: 'EPROTO',
  ERR_SSL_UNSUPPORTED_PROTOCOL: 'EPROTO',
  ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE: 'EPROTO',
  ERR_SSL_PACKET_LENGTH_TOO_LONG: 'EPROTO',
  UND_ERR_CLOSED: 'UND_ERR_SOCKET',
  UND_ERR_ABORTED: 'timeout',
  ABORT_ERR: 'timeout',
  TIMEOUTERROR: 'timeout',
  ABORTERROR: 'timeout',
  ERR_REQUEST_TIMEOUT: 'timeout',
  ESOCKETTIMEDOUTT: 'ESOCKETTIMEDOUT',
};

/**
 * The entry key for an error code from Node (err.code), OpenSSL or undici, any case; also accepts
 * an error name ('TimeoutError'). Undefined when the knowledge base has nothing for it.
 */
export function keyForError(code: string): string | undefined {
  const upper = code.trim().toUpperCase();
  if (!upper) return undefined;
  const own = byKey.get(upper.toLowerCase());
  if (own && own.kind !== 'http-status' && own.kind !== 'http-class' && own.kind !== 'concept') return own.key;
  const alias = errorAliases[upper];
  if (alias) return alias;
  // OpenSSL reports many handshake failures as ERR_SSL_<reason>; they all mean a protocol disagreement.
  if (upper.startsWith('ERR_SSL_')) return 'EPROTO';
  return undefined;
}

/** One code found in a log: which entry explains it, the text that matched, and the line it sat on. */
export interface LogMatch {
  key: string;
  entry: KbEntry;
  /** The text that identified the code, e.g. 'ECONNRESET' or 'HTTP/1.1 503'. */
  match: string;
  /** The whole line it came from, trimmed. */
  line: string;
  /** 1-based line number within the scanned text. */
  lineNumber: number;
}

// Reason phrases, so that '503 Service Unavailable' counts as a status even without 'HTTP/1.1'.
let reasonPhraseList: Array<{ key: string; phrase: string }> | undefined;
const reasonPhrases = () =>
  (reasonPhraseList ??= entries
    .filter((e) => e.kind === 'http-status')
    .map((e) => ({ key: e.key, phrase: normalize(e.title.replace(/^\d{3}\s+/, '')) })));

const statusInContext = [
  /\bHTTP\/\d(?:\.\d)?\s+([1-5]\d\d)\b/gi,
  /\b(?:status(?:[ _-]?code)?|code|returned|responded(?: with)?|response|answered|got|received|error|http)\s*[:=#]?\s*["'(]?([1-5]\d\d)\b(?![.:]\d)/gi,
];
const codeToken = /\b[A-Za-z][A-Za-z0-9_]{3,}\b/g;
const statusWithPhrase = /\b([1-5]\d\d)\s+([A-Za-z][A-Za-z' -]{2,40})/g;

const conceptPhrases: Array<{ pattern: RegExp; key: string }> = [
  { pattern: /\b(?:signature (?:mismatch|invalid|verification failed|does not match|did not match)|invalid signature|bad signature)\b/i, key: 'signature-mismatch' },
  { pattern: /sleeping, too many errors|\bskipped (?:event|webhook|deliver)/i, key: 'throttled' },
  { pattern: /\b(?:payload|entity|body|request) too large\b/i, key: 'payload-too-large' },
  { pattern: /\btimed? ?out\b|\btimeout\b/i, key: 'timeout' },
];

function matchesOnLine(line: string): Array<{ key: string; match: string; index: number }> {
  const found: Array<{ key: string; match: string; index: number }> = [];
  for (const pattern of statusInContext) {
    for (const m of line.matchAll(pattern)) {
      found.push({ key: keyForStatus(Number(m[1])), match: m[0].trim(), index: m.index ?? 0 });
    }
  }
  for (const m of line.matchAll(statusWithPhrase)) {
    const code = m[1]!;
    const rest = normalize(m[2]!);
    const known = reasonPhrases().find((r) => r.key === code && rest.startsWith(r.phrase));
    if (known) found.push({ key: code, match: `${code} ${m[2]!.slice(0, known.phrase.length).trim()}`, index: m.index ?? 0 });
  }
  for (const m of line.matchAll(codeToken)) {
    const key = keyForError(m[0]);
    if (key) found.push({ key, match: m[0], index: m.index ?? 0 });
  }
  for (const { pattern, key } of conceptPhrases) {
    const m = pattern.exec(line);
    // A bare "timeout" only counts when nothing more specific (ETIMEDOUT, 504) is on the line.
    if (m && !(key === 'timeout' && found.length > 0)) found.push({ key, match: m[0], index: m.index });
  }
  return found.sort((a, b) => a.index - b.index);
}

/** Every code found in a log, in order of first appearance, each once, with the line it came from. */
export function scanLog(text: string): LogMatch[] {
  const seen = new Set<string>();
  const result: LogMatch[] = [];
  const lines = text.split(/\r?\n/);
  lines.forEach((raw, i) => {
    for (const { key, match } of matchesOnLine(raw)) {
      const entry = getEntry(key);
      if (!entry || seen.has(entry.key)) continue;
      seen.add(entry.key);
      result.push({ key: entry.key, entry, match, line: raw.trim(), lineNumber: i + 1 });
    }
  });
  return result;
}

/**
 * Entries that explain a query: a key ('429', '4xx', 'econnreset'), a status without its own entry
 * ('418' → 4xx), a name or alias ('too many requests'), or a pasted line ('Error: read ECONNRESET',
 * 'HTTP/1.1 503 Service Unavailable'). Empty when nothing matches (see `suggest`).
 */
export function lookup(query: string): KbEntry[] {
  const q = query.trim();
  if (!q) return [];
  const exact = getEntry(q);
  if (exact) return [exact];
  if (/^[1-5]\d\d$/.test(q)) {
    const entry = getEntry(keyForStatus(Number(q)));
    return entry ? [entry] : [];
  }
  const named = byName().get(normalize(q));
  if (named) return [named];
  const errorKey = keyForError(q);
  if (errorKey) return [getEntry(errorKey)!];
  const inText = scanLog(q).map((m) => m.entry);
  if (inText.length) return inText;
  // A person typing '503 error' or 'got a 429' means a status even without a log's wording.
  const bare = [...q.matchAll(/\b([1-5]\d\d)\b/g)].map((m) => getEntry(keyForStatus(Number(m[1]))));
  return [...new Set(bare.filter((e): e is KbEntry => e !== undefined))];
}

function editDistance(a: string, b: string): number {
  const previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = previous[0]!;
    previous[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = previous[j]!;
      previous[j] = Math.min(above + 1, previous[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return previous[b.length]!;
}

/** Did-you-mean: up to `limit` entry keys whose key, title or alias is close to the query. */
export function suggest(query: string, limit = 3): string[] {
  const q = normalize(query);
  if (!q) return [];
  const scored: Array<{ key: string; score: number }> = [];
  for (const [name, entry] of byName()) {
    const distance = editDistance(q, name);
    const allowed = Math.max(1, Math.floor(Math.max(q.length, name.length) / 3));
    // A prefix of 4+ characters ('econn', 'und err') is a strong hint too.
    const prefix = q.length >= 4 && name.startsWith(q);
    if (distance <= allowed || prefix) scored.push({ key: entry.key, score: prefix ? Math.min(distance, 1) : distance });
  }
  scored.sort((a, b) => a.score - b.score);
  return [...new Set(scored.map((s) => s.key))].slice(0, limit);
}
