// What bytes a recipe signs: its template filled from the request (timestamp, id, method, URL, token),
// split around the body so the body itself can stream; Twilio's sorted form fields built from a form body.
import { WdError } from '../errors.js';
import type { Recipe } from './recipe.js';

export interface MessageContext {
  timestampText?: string;
  id?: string;
  token?: string;
  method?: string;
  url?: string;
}

/** The bytes before and after the body, and what stands for the body: raw, Twilio's form fields, or nothing. */
export interface MessageParts {
  prefix: Buffer;
  suffix: Buffer;
  body: 'raw' | 'form' | 'none';
}

const PLACEHOLDER = /\{(body|form|timestamp|id|method|url|token)\}/g;

/** Whether the recipe signs the URL (a different URL behind a proxy is then a diagnosis). */
export const signsUrl = (recipe: Recipe) => recipe.signed.includes('{url}');

/** The template's parts for this request. Throws WdError USAGE when the URL is signed but not given. */
export function messageParts(recipe: Recipe, ctx: MessageContext): MessageParts {
  let template = recipe.signed;
  // An optional timestamp that is absent takes the text after it along (Grafana's `{timestamp}:`).
  if (ctx.timestampText === undefined && recipe.timestamp?.optional) template = template.replace(/\{timestamp\}[^{]*/, '');
  const before: string[] = [];
  const after: string[] = [];
  let body: MessageParts['body'] = 'none';
  let last = 0;
  const out = () => (body === 'none' ? before : after);
  for (const m of template.matchAll(PLACEHOLDER)) {
    out().push(template.slice(last, m.index));
    last = m.index + m[0].length;
    const name = m[1]!;
    if (name === 'body' || name === 'form') { body = name === 'body' ? 'raw' : 'form'; continue; }
    out().push(fill(recipe, name, ctx));
  }
  out().push(template.slice(last));
  return { prefix: Buffer.from(before.join(''), 'utf8'), suffix: Buffer.from(after.join(''), 'utf8'), body };
}

function fill(recipe: Recipe, name: string, ctx: MessageContext): string {
  if (name === 'method') return (ctx.method ?? 'POST').toUpperCase();
  if (name === 'url') {
    if (!ctx.url) {
      throw new WdError('USAGE', `${recipe.name} signs the URL it calls: give it with --url`, {
        hint: 'the URL exactly as the sender calls it, e.g. --url https://example.com/hooks?x=1 (behind a proxy: the public one)',
      });
    }
    return ctx.url;
  }
  const value = name === 'timestamp' ? ctx.timestampText : name === 'id' ? ctx.id : ctx.token;
  return value ?? '';
}

/** Whether a body is a form (name=value&…), as Twilio posts most webhooks, rather than JSON. An empty body is a form without fields (a GET webhook). */
export function isFormBody(body: Buffer | string): boolean {
  if (body.length === 0) return true;
  const start = (typeof body === 'string' ? body : body.toString('utf8', 0, 64)).trimStart();
  return start.length > 0 && !start.startsWith('{') && !start.startsWith('[');
}

/** The value of a query parameter of a URL, or undefined. */
export function queryParam(url: string | undefined, name: string): string | undefined {
  if (!url) return undefined;
  try { return new URL(url).searchParams.get(name) ?? undefined; } catch { return undefined; }
}

const byCodeUnit = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Twilio's form part: every field of a form body, sorted by name, as name+value (decoded), no separators.
 * A name sent several times is written once per distinct value, the values sorted (twilio-node toFormUrlEncodedParam).
 */
export function formFields(body: Buffer | string): string {
  if (!isFormBody(body)) return '';
  const text = typeof body === 'string' ? body : body.toString('utf8');
  const fields = new Map<string, string[]>();
  for (const [k, v] of new URLSearchParams(text)) {
    const values = fields.get(k);
    if (values) values.push(v);
    else fields.set(k, [v]);
  }
  let out = '';
  for (const name of [...fields.keys()].sort(byCodeUnit)) {
    const values = fields.get(name)!;
    const written = values.length > 1 ? [...new Set(values)].sort(byCodeUnit) : values;
    for (const v of written) out += name + v;
  }
  return out;
}

/** The body as the recipe signs it. */
export function signedBody(parts: MessageParts, body: Buffer | string): Buffer | string {
  if (parts.body === 'raw') return body;
  if (parts.body === 'form') return formFields(body);
  return '';
}
