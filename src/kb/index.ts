// Finding knowledge-base entries: by key, by HTTP status, by Node/undici error code, by name or alias.
// Pasted lines and logs are read by recognise.ts and triage.ts. Pure data in, data out; loads no dependency.
import type { KbEntry } from './schema.js';
import { httpEntries } from './entries/http.js';
import { networkEntries } from './entries/network.js';
import { tlsEntries } from './entries/tls.js';
import { protocolEntries } from './entries/protocol.js';
import { transportEntries } from './entries/transport.js';
import { trustEntries } from './entries/trust.js';
import { proxyEntries } from './entries/proxy.js';
import { edgeEntries } from './entries/edges.js';
import { ownCodeEntries } from './entries/own-codes.js';
import { undiciEntries } from './entries/undici.js';
import { conceptEntries } from './entries/concepts.js';

export type { KbEntry } from './schema.js';

/** Every entry, in the order `explain --list` shows them. */
export const entries: readonly KbEntry[] = [
  ...httpEntries,
  ...networkEntries,
  ...tlsEntries,
  ...protocolEntries,
  ...transportEntries,
  ...trustEntries,
  ...proxyEntries,
  ...edgeEntries,
  ...ownCodeEntries,
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
  EADDRNOTAVAIL: 'localhost-ipv6',
  ERR_HTTP_REQUEST_TIMEOUT: '408',
  // listen's parser codes (llhttp's names)
  HPE_INVALID_CONSTANT: 'malformed-request',
  HPE_INVALID_VERSION: 'malformed-request',
  HPE_INVALID_URL: 'malformed-request',
  HPE_INVALID_HEADER_TOKEN: 'malformed-request',
  HPE_LF_EXPECTED: 'malformed-request',
  HPE_CR_EXPECTED: 'malformed-request',
  HPE_UNEXPECTED_SPACE: 'malformed-request',
  HPE_INVALID_STATUS: 'malformed-request',
  HPE_STRICT: 'malformed-request',
  HPE_INVALID_CHUNK_SIZE: 'request-framing',
  HPE_INVALID_CONTENT_LENGTH: 'request-framing',
  HPE_UNEXPECTED_CONTENT_LENGTH: 'request-framing',
  HPE_INVALID_TRANSFER_ENCODING: 'request-framing',
  HPE_CHUNK_EXTENSIONS_OVERFLOW: 'request-framing',
  HPE_CLOSED_CONNECTION: 'HPE_INVALID_EOF_STATE',
  // undici's codes beyond the timeouts
  UND_ERR_ABORT: 'timeout',
  UND_ERR_DESTROYED: 'UND_ERR_SOCKET',
  UND_ERR_RESPONSE: 'UND_ERR_SOCKET',
  UND_ERR_REQ_RETRY: 'retry-policy',
  UND_ERR_HEADERS_OVERFLOW: 'HPE_HEADER_OVERFLOW',
  UND_ERR_REQ_CONTENT_LENGTH_MISMATCH: 'content-length-mismatch',
  UND_ERR_RES_CONTENT_LENGTH_MISMATCH: 'content-length-mismatch',
  UND_ERR_RES_EXCEEDED_MAX_SIZE: 'payload-too-large',
  UND_ERR_WS_MESSAGE_SIZE_EXCEEDED: 'payload-too-large',
  UND_ERR_NOT_SUPPORTED: 'UND_ERR_INVALID_ARG',
  UND_ERR_INVALID_RETURN_VALUE: 'UND_ERR_INVALID_ARG',
  UND_ERR_INFO: 'UND_ERR_INVALID_ARG',
  UND_ERR_BPL_MISSING_UPSTREAM: 'UND_ERR_INVALID_ARG',
  UND_ERR_MAX_ORIGINS_REACHED: 'UND_ERR_INVALID_ARG',
  UND_ERR_PRX_TLS: 'proxy-connect-failed',
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
  // ERR_OSSL_<lib>_<reason>: OpenSSL could not use a local key or certificate file.
  if (upper.startsWith('ERR_OSSL_')) return 'ERR_OSSL';
  // Any other llhttp code is a request that breaks HTTP/1.1 syntax.
  if (upper.startsWith('HPE_')) return 'malformed-request';
  return undefined;
}

/**
 * Entries that explain a query directly: a key ('429', '4xx', 'econnreset'), a status without its own entry
 * ('418' → 4xx), a name or alias ('too many requests'), an error code. Empty otherwise: a pasted line is read by
 * kb/recognise.ts (loaded only then), and `suggest` offers close names.
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
  return [];
}

/**
 * A person typing '503 error' or 'got a 429' means a status even without a log's wording: the statuses in a
 * short typed query (four words at most; in a longer text a bare number is a line number or a port, not a status).
 */
export function typedStatuses(query: string): KbEntry[] {
  if (query.trim().split(/\s+/).length > 4) return [];
  const found = [...query.matchAll(/\b([1-5]\d\d)\b/g)].map((m) => getEntry(keyForStatus(Number(m[1]))));
  return [...new Set(found.filter((e): e is KbEntry => e !== undefined))];
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
