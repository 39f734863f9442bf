// Reading what a request carries for a recipe: the signatures (from a header, a `t=…,v1=…` list, several
// headers, or the JSON body), the timestamp, the message id and any signed token.
import type { HeaderList, ReadResult, ReceivedSignature } from './types.js';
import type { HashFrom, HashName, Recipe, SignatureHeader, SignatureList } from './recipe.js';
import { findHeader, findFirstHeader, parseUnixSeconds } from './headers.js';

/** The recipe's signature headers, the first renamed when the user named the header (--signature-header). */
export function signatureHeaders(recipe: Recipe, header?: string, headers?: HeaderList): readonly SignatureHeader[] {
  const [first, ...rest] = recipe.signature.headers;
  if (!first) return recipe.signature.headers;
  if (header) return [{ ...first, name: header }, ...rest];
  const suffix = recipe.signature.anyHeaderEndingIn?.toLowerCase();
  if (suffix && headers && !findHeader(headers, first.name)) {
    const other = headers.find(([n, v]) => n.toLowerCase().endsWith(suffix) && v.trim().startsWith(first.prefix ?? ''));
    if (other) return [{ ...first, name: other[0] }, ...rest];
  }
  return recipe.signature.headers;
}

/** Whether reading this recipe needs the body in hand (signature or timestamp in the body, form fields signed). */
export function readsBody(recipe: Recipe): boolean {
  return Boolean(recipe.signature.bodyPath || recipe.timestamp?.bodyPath || recipe.token);
}

function parseList(value: string, list: SignatureList): { signatures: string[]; timestamp?: string } {
  const signatures: string[] = [];
  let timestamp: string | undefined;
  for (const raw of value.split(list.itemSeparator)) {
    const item = raw.trim();
    const at = item.indexOf(list.pairSeparator);
    if (at <= 0) continue;
    const key = item.slice(0, at);
    const v = item.slice(at + list.pairSeparator.length);
    if (key === list.key) signatures.push(v);
    else if (list.timestampKey && key === list.timestampKey && timestamp === undefined) timestamp = v;
  }
  return timestamp === undefined ? { signatures } : { signatures, timestamp };
}

/** The hash a settings header names (Twilio SharedKey: `key=…,algorithm=HMAC_SHA256`): absent header or item, undefined; unknown, the text. */
function namedHash(rule: HashFrom, headers: HeaderList): { hash?: HashName; unknown?: string; header?: string } {
  const h = findHeader(headers, rule.header);
  if (!h) return {};
  for (const part of h.value.split(',')) {
    const at = part.indexOf('=');
    if (at === -1 || part.slice(0, at).trim() !== rule.key) continue;
    const value = part.slice(at + 1).trim();
    if (!value) return {};
    const found = Object.entries(rule.values).find(([name]) => name.toLowerCase() === value.toLowerCase());
    return found ? { hash: found[1], header: h.name } : { unknown: value, header: h.name };
  }
  return {};
}

function bodyField(json: unknown, path: string): string | undefined {
  let v: unknown = json;
  for (const part of path.split('.')) {
    if (!v || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[part];
  }
  return typeof v === 'string' || typeof v === 'number' ? String(v) : undefined;
}

function parseJson(body: Buffer | undefined): unknown {
  if (!body) return undefined;
  try { return JSON.parse(body.toString('utf8')); } catch { return undefined; }
}

/** Seconds since 1970 from a timestamp text in the recipe's format; undefined when unreadable. */
export function parseTimestamp(text: string, format: 'unix' | 'unix-ms' | 'rfc3339'): number | undefined {
  if (format === 'rfc3339') {
    const ms = Date.parse(text.trim());
    return Number.isNaN(ms) ? undefined : Math.floor(ms / 1000);
  }
  const n = parseUnixSeconds(text);
  if (n === undefined) return undefined;
  return format === 'unix-ms' ? Math.floor(n / 1000) : n;
}

/** The signatures, timestamp and id a request carries for `recipe`, or what is missing. */
export function readReceived(recipe: Recipe, headers: HeaderList, body?: Buffer, header?: string): ReadResult {
  const json = readsBody(recipe) ? parseJson(body) : undefined;
  let where: string;
  let signatures: string[] = [];
  let listTimestamp: string | undefined;
  let hash = recipe.hash;

  if (recipe.signature.bodyPath) {
    const sig = bodyField(json, recipe.signature.bodyPath);
    if (sig === undefined) return { problem: 'no-header', reason: `no ${recipe.signature.bodyPath} in the JSON body` };
    where = `body ${recipe.signature.bodyPath}`;
    signatures = [sig.trim()];
  } else {
    const specs = signatureHeaders(recipe, header, headers);
    const found = specs.map((spec) => ({ spec, h: findHeader(headers, spec.name) })).filter((f) => f.h);
    if (found.length === 0) return { problem: 'no-header', reason: `no ${specs.map((s) => s.name).join(' or ')} header` };
    const used = recipe.signature.all ? found : found.slice(0, 1);
    where = used.map((f) => f.h!.name).join(', ');
    hash = used[0]!.spec.hash ?? recipe.hash;
    if (recipe.signature.hashFrom) {
      const named = namedHash(recipe.signature.hashFrom, headers);
      if (named.unknown !== undefined) {
        return { problem: 'malformed', reason: `${named.header} names ${recipe.signature.hashFrom.key}=${named.unknown}, which ${recipe.name} does not sign with (${Object.keys(recipe.signature.hashFrom.values).join(' or ')})` };
      }
      if (named.hash) hash = named.hash;
    }
    for (const { spec, h } of used) {
      const value = h!.value.trim();
      if (recipe.signature.list) {
        const parsed = parseList(value, recipe.signature.list);
        signatures.push(...parsed.signatures);
        listTimestamp ??= parsed.timestamp;
        continue;
      }
      if (spec.prefix && !value.startsWith(spec.prefix)) {
        return { problem: 'malformed', reason: `${h!.name} does not start with ${spec.prefix}` };
      }
      signatures.push(spec.prefix ? value.slice(spec.prefix.length) : value);
    }
    if (recipe.signature.list && signatures.length === 0) {
      const l = recipe.signature.list;
      return { problem: 'malformed', reason: `${where} has no ${l.key}${l.pairSeparator}<signature> entry` };
    }
  }

  const received: ReceivedSignature = { header: where, signatures, hash, encoding: recipe.encoding };
  const ts = recipe.timestamp;
  if (ts) {
    let text: string | undefined;
    let from: string;
    if (recipe.signature.list?.timestampKey) {
      text = listTimestamp;
      from = `${recipe.signature.list.timestampKey}=`;
    } else if (ts.bodyPath) {
      text = bodyField(json, ts.bodyPath);
      from = `body ${ts.bodyPath}`;
    } else {
      const h = findFirstHeader(headers, ts.headers ?? []);
      text = h?.value;
      from = h?.name ?? (ts.headers ?? []).join(' or ');
    }
    // Grafana signs a timestamp only when one is configured: without its header, the body alone.
    if (text === undefined && ts.optional) return received;
    if (text === undefined) {
      return { problem: 'malformed', reason: recipe.signature.list?.timestampKey ? `${where} has no ${from}<timestamp>` : (ts.bodyPath ? `no ${ts.bodyPath} in the JSON body` : `no ${from} header`) };
    }
    const value = parseTimestamp(text, ts.format);
    if (value === undefined) return { problem: 'malformed', reason: `${from} is not a ${ts.format === 'rfc3339' ? 'date' : 'number'}: "${text.trim()}"` };
    received.timestamp = value;
    // Stripe and the Standard Webhooks libraries sign the parsed number, so "0123" is signed as "123".
    received.timestampText = ts.signedAs === 'parsed' ? String(Number.parseInt(text.trim(), 10)) : text.trim();
  }
  if (recipe.messageId) {
    const h = findFirstHeader(headers, recipe.messageId.headers);
    if (!h) return { problem: 'malformed', reason: `no ${recipe.messageId.headers.join(' or ')} header` };
    received.id = h.value;
  }
  if (recipe.token) {
    const token = bodyField(json, recipe.token.bodyPath);
    if (token === undefined) return { problem: 'malformed', reason: `no ${recipe.token.bodyPath} in the JSON body` };
    received.token = token;
  }
  return received;
}
