// The findings for one captured request: Content-Type, JSON validity, Authorization, size, duplicates,
// framing and encoding. Pure: a capture in, findings (and the parsed JSON) out.
import { isAscii } from 'node:buffer';
import type { Finding } from '../findings.js';
import type { Profile } from '../profiles/index.js';
import { headerValues, type Capture, type HeaderPair } from './capture.js';
import { checkAuthorization } from './authorization.js';
import { checkJson } from '../http/json-check.js';

export interface InspectOptions {
  profile?: Profile;
  showSecrets?: boolean;
}

export interface Inspection {
  findings: Finding[];
  /** The body parsed as JSON, when it is JSON. */
  json?: { value: unknown };
}

const STANDARD_METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'CONNECT', 'OPTIONS', 'TRACE', 'PATCH']);

/** Headers a request must carry once; a second copy means two layers each set it. */
const singletons = new Set(['content-type', 'content-length', 'authorization', 'host', 'user-agent', 'transfer-encoding', 'content-encoding', 'date']);

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} bytes`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(n < 10 * 1024 ? 1 : 0)} KB`;
  return `${(n / (1024 * 1024)).toFixed(1)} MB`;
}

function isJsonType(mediaType: string): boolean {
  return mediaType === 'application/json' || mediaType.endsWith('+json') || mediaType === 'text/json';
}

function looksLikeJson(body: Buffer): boolean {
  for (let i = 0; i < body.length && i < 64; i++) {
    const c = body[i]!;
    if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) continue;
    return c === 0x7b || c === 0x5b || c === 0x22; // { [ "
  }
  return false;
}

export function duplicateHeaderFindings(headers: readonly HeaderPair[], lower = headers.map(([n]) => n.toLowerCase())): Finding[] {
  if (!hasRepeat(lower)) return [];
  const seen = new Map<string, number>();
  for (const [n] of headers) {
    const k = n.toLowerCase();
    seen.set(k, (seen.get(k) ?? 0) + 1);
  }
  const findings: Finding[] = [];
  for (const [name, count] of seen) {
    if (count < 2) continue;
    const values = headerValues(headers, name);
    const same = values.every((v) => v === values[0]);
    findings.push({
      level: singletons.has(name) ? 'warn' : 'info',
      title: `header ${name} sent ${count} times${same ? ' (same value)' : ''}`,
      detail: singletons.has(name)
        ? 'two layers (client library and your code, or a proxy) each set it; receivers keep the first, the last, or join them with ","'
        : 'receivers usually join repeated headers with ","',
      data: { header: name, count },
    });
  }
  return findings;
}

/** Whether a name occurs twice; for the dozen or so headers of a request a pairwise look beats hashing each name into a Set. */
function hasRepeat(names: readonly string[]): boolean {
  if (names.length > 32) return new Set(names).size !== names.length;
  for (let i = 1; i < names.length; i++) for (let j = 0; j < i; j++) if (names[i] === names[j]) return true;
  return false;
}

// A sender sends the same header names in the same order request after request: each name is compared
// with the one at its place last time (a few bytes), and lower-cased only when it differs.
let lastNames: string[] = [];
let lastLower: string[] = [];
function lowerNames(headers: readonly HeaderPair[]): string[] {
  const lower = new Array<string>(headers.length);
  let same = headers.length === lastNames.length;
  for (let i = 0; i < headers.length; i++) {
    const name = headers[i]![0];
    if (same && name === lastNames[i]) lower[i] = lastLower[i]!;
    else {
      same = false;
      lower[i] = name.toLowerCase();
    }
  }
  if (!same) {
    lastNames = headers.map(([n]) => n);
    lastLower = lower;
  }
  return lower;
}

let lastContentType: string | undefined;
let lastMediaType = '';
/** "Application/JSON; charset=utf-8" → "application/json" (the last one remembered). */
function mediaTypeOf(contentType: string, semicolon: number): string {
  if (contentType !== lastContentType) {
    lastContentType = contentType;
    lastMediaType = (semicolon < 0 ? contentType : contentType.slice(0, semicolon)).trim().toLowerCase();
  }
  return lastMediaType;
}

/** The values of the headers whose lower-cased name (lower[i]) is `name`, in wire order. */
function valuesNamed(headers: readonly HeaderPair[], lower: readonly string[], name: string): string[] {
  const values: string[] = [];
  for (let i = 0; i < lower.length; i++) if (lower[i] === name) values.push(headers[i]![1]);
  return values;
}

// The pass finding of a JSON body, one frozen object while the size is the same: requests alike then carry
// the same findings, and their JSON text is made once (json-text.ts findingsJson).
let validJsonBytes = -1;
let validJsonFinding: Finding = { level: 'pass', title: '' };
function validJson(bytes: number): Finding {
  if (bytes !== validJsonBytes) {
    validJsonBytes = bytes;
    validJsonFinding = Object.freeze({ level: 'pass', title: `body is valid JSON (${formatBytes(bytes)})` });
  }
  return validJsonFinding;
}

export function inspectRequest(capture: Capture, opts: InspectOptions = {}): Inspection {
  const findings: Finding[] = [];
  const headers = capture.rawHeaders;
  const body = capture.decodedBody ?? capture.body;
  const sender = opts.profile?.displayName;
  // Header names lower-cased once; every lookup below reuses them.
  const lower = lowerNames(headers);
  const headerValue = (name: string) => {
    const i = lower.indexOf(name);
    return i < 0 ? undefined : headers[i]![1];
  };

  const duplicates = duplicateHeaderFindings(headers, lower);
  if (duplicates.length) findings.push(...duplicates);

  const method = capture.method;
  if (method !== 'POST' && method !== 'GET' && method !== 'PUT' && method !== 'PATCH') {
    const upper = method.toUpperCase();
    if (upper !== method && STANDARD_METHODS.has(upper)) {
      findings.push({ level: 'warn', title: `method "${method}" is not ${upper}: methods are case-sensitive`, detail: `most servers (node:http, nginx, API gateways) answer 400, 405 or 501 to "${method}"; the sender's client or config lower-cased it`, kb: '405' });
    }
  }

  if (capture.bareLf) {
    findings.push({ level: 'warn', title: 'lines of the request end with a bare LF, not CRLF', detail: 'HTTP/1.1 requires CRLF (RFC 9112 §2.2); Node.js and other strict receivers answer 400 Bad Request', kb: '400' });
  }

  // Accepted here, refused by Node.js (llhttp) before an app sees them: worth knowing before production.
  if (/[^\x21-\x7e]/.test(capture.target)) {
    findings.push({ level: 'warn', title: 'the request target holds bytes that are not ASCII (not percent-encoded)', detail: 'a URL must percent-encode them (RFC 3986); Node.js answers 400 (HPE_INVALID_URL) and other servers may decode them differently', kb: '400' });
  }
  const lengths = valuesNamed(headers, lower, 'content-length');
  if (lengths.length > 1 || lengths[0]?.includes(',')) {
    const code = lengths.length > 1 ? 'HPE_UNEXPECTED_CONTENT_LENGTH' : 'HPE_INVALID_CONTENT_LENGTH';
    findings.push({ level: 'warn', title: `Content-Length ${lengths.length > 1 ? `sent ${lengths.length} times` : `is a list ("${lengths[0]}")`} with one value (accepted; Node.js refuses it: ${code})`, detail: 'RFC 9112 §6.3 lets a receiver accept repeats of one length, but many refuse them as a smuggling attempt: send one Content-Length', kb: '400' });
  }
  if (capture.httpVersion !== '1.1' && capture.httpVersion !== '1.0') {
    findings.push({ level: 'warn', title: `HTTP/${capture.httpVersion}: answered as HTTP/1.1`, detail: 'RFC 9110 §6.2 lets a server answer a later 1.x as 1.1; Node.js refuses anything but 1.0 and 1.1 (HPE_INVALID_VERSION)', kb: '400' });
  }
  for (const l of capture.lenient ?? []) {
    findings.push({ level: 'warn', title: `${l.what} (accepted; Node.js refuses it: ${l.code})`, detail: 'chunked framing must follow RFC 9112 §7.1 exactly; a strict receiver answers 400 and the delivery fails', kb: '400', data: { code: l.code } });
  }

  const te = headerValue('transfer-encoding');
  if (te && /chunked/i.test(te)) {
    findings.push({ level: 'info', title: 'body sent with Transfer-Encoding: chunked (no Content-Length)', detail: 'some receivers (serverless gateways, older WSGI servers) need Content-Length and see an empty body', data: { bodyBytes: capture.bodyBytes } });
  }

  const expectBearer = opts.profile?.auth.style === 'bearer';
  const auth = checkAuthorization(valuesNamed(headers, lower, 'authorization'), { expectBearer, showSecrets: opts.showSecrets, sender });
  if (auth.length) findings.push(...auth);

  const limit = opts.profile?.payloadLimitBytes;
  if (limit && capture.bodyBytes > limit) {
    findings.push({ level: 'fail', title: `body is ${formatBytes(capture.bodyBytes)}, over ${sender}'s ${formatBytes(limit)} limit`, detail: 'the sender refuses it or the receiver answers 413; trim large fields (raw logs) from the payload', kb: '413', data: { bodyBytes: capture.bodyBytes, limit } });
  }

  if (capture.bodyRefused || body.length === 0) {
    if (body.length === 0 && !capture.bodyRefused && !capture.bodyUnread && /^(POST|PUT|PATCH)$/.test(capture.method)) {
      findings.push({ level: 'warn', title: `${capture.method} with an empty body`, detail: 'the sender posted nothing: an unfilled template, or a body lost by a proxy', kb: '400' });
    }
    return { findings };
  }

  const contentType = headerValue('content-type');
  const semicolon = contentType?.indexOf(';') ?? -1;
  const mediaType = contentType === undefined ? '' : mediaTypeOf(contentType, semicolon);
  const jsonish = looksLikeJson(body);
  const declaredJson = isJsonType(mediaType);
  let json: Inspection['json'];

  if (declaredJson || jsonish) {
    // ASCII (most JSON) reads the same as latin1, cheaper, and cannot hold a replacement character.
    const ascii = isAscii(body);
    const text = body.toString(ascii ? 'latin1' : 'utf8');
    // JSON.parse answers the common case fast; only a broken body pays for the diagnosing scanner.
    let parsed: { value: unknown } | undefined;
    try {
      parsed = { value: JSON.parse(text) };
    } catch {
      parsed = undefined;
    }
    const problem = parsed ? undefined : checkJson(text);
    if (parsed) {
      json = parsed;
      findings.push(validJson(body.length));
    } else {
      findings.push({
        level: 'fail',
        title: problem ? `body is not valid JSON: ${problem.message} at line ${problem.line}, column ${problem.column}` : 'body is not valid JSON',
        detail: problem ? problem.mistake : 'the receiver cannot parse it and answers 400',
        kb: '400',
        data: problem ? { line: problem.line, column: problem.column, offset: problem.offset } : {},
      });
    }
    if (!ascii && text.includes('\ufffd') && !body.includes(Buffer.from('\ufffd'))) {
      findings.push({ level: 'warn', title: 'body is not valid UTF-8', detail: 'JSON must be UTF-8; the sender used another charset (latin-1?)', kb: '400' });
    }
  }

  if (!contentType) {
    findings.push({ level: 'warn', title: 'no Content-Type header', detail: `set "Content-Type: application/json"; frameworks (Express, Flask) leave the JSON body unparsed without it`, kb: '415' });
  } else if (!declaredJson && (json || jsonish)) {
    const form = mediaType === 'application/x-www-form-urlencoded';
    findings.push({
      level: 'warn',
      title: `Content-Type is ${mediaType || JSON.stringify(contentType)} but the body is ${json ? '' : 'meant to be '}JSON`,
      detail: form ? 'curl -d sends form encoding unless you add -H "Content-Type: application/json"; the receiver parses the JSON as a form field' : 'say "Content-Type: application/json" so the receiver parses it as JSON',
      kb: '415',
    });
  } else if (declaredJson && semicolon >= 0) {
    const charset = /charset\s*=\s*"?([^";\s]+)/i.exec(contentType)?.[1];
    if (charset && !/^utf-?8$/i.test(charset)) {
      findings.push({ level: 'warn', title: `Content-Type declares charset=${charset}`, detail: 'JSON is UTF-8; a receiver that honours the charset decodes the body wrongly', kb: '415' });
    }
  }

  return json ? { findings, json } : { findings };
}
