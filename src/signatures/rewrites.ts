// The bodies a sender may really have signed when the one verified differs: whitespace and line
// endings, JSON serialized another way, a form turned into JSON or back. Pure: a body in, attempts out.
import type { Diagnosis } from './types.js';
import type { SignatureEncoding } from './recipe.js';
import type { Check } from './check.js';
import { jsonVariants } from './json-variants.js';

/** A re-enacted mistake: run `check` over the body (or `body` when rewritten) and compare. */
export interface Attempt {
  cause: Diagnosis['cause'];
  detail: string;
  check: Check;
  /** A rewritten body (text is hashed as UTF-8). */
  body?: Buffer | string;
  encoding: SignatureEncoding;
  signatures: readonly string[];
}

/** Mistakes that change the body: whitespace, line endings, re-serialized JSON, form ↔ JSON. */
// Re-serializing JSON makes dozens of full-size copies of the text: only for bodies up to this size.
export const JSON_REWRITE_LIMIT = 1024 * 1024;

export function rewrittenBodyAttempts(primary: Check, encoding: SignatureEncoding, signatures: readonly string[], body: Buffer, skipped: string[]): Attempt[] {
  const base = { check: primary, encoding, signatures };
  if (primary.body === 'none') return [];
  const text = body.toString('utf8');
  const out: Attempt[] = [];
  const seen = new Set<string>([text]);
  const add = (candidate: string, cause: Diagnosis['cause'], detail: string) => {
    if (seen.has(candidate)) return;
    seen.add(candidate);
    out.push({ ...base, body: candidate, cause, detail });
  };
  add(text.replace(/\r?\n$/, ''), 'whitespace', 'The signature matches this body without its trailing newline: a newline was added after signing (echo without -n, an editor saving the file, a framework).');
  add(text + '\n', 'whitespace', 'The signature matches this body with a trailing newline: the sender signed a body ending in a newline, and the body you verified lost it.');
  add(text + '\r\n', 'whitespace', 'The signature matches this body with a trailing CRLF: the sender signed a body ending in \\r\\n (SendGrid does), and the body you verified lost it.');
  if (text.includes('\r\n')) add(text.replace(/\r\n/g, '\n'), 'whitespace', 'The signature was made over LF line endings; the body you verified has CRLF (converted on the way, e.g. by a Windows tool or git).');
  else if (text.includes('\n')) add(text.replace(/\n/g, '\r\n'), 'whitespace', 'The signature was made over CRLF line endings; the body you verified has LF.');
  add(text.trim(), 'whitespace', 'The signature matches this body without its leading/trailing whitespace: whitespace was added or removed after signing.');

  if (body.length > JSON_REWRITE_LIMIT) {
    skipped.push(`re-serialized JSON and form/JSON rewrites not tried: the body is ${formatBytes(body.length)}, above the ${formatBytes(JSON_REWRITE_LIMIT)} limit`);
    return out;
  }
  for (const variant of jsonVariants(text)) {
    add(variant.text, 'reserialized-json', `The signature matches the same JSON serialized differently (the signed bytes: ${variant.describe.join('; ')}): the body was parsed and serialized again before verifying (or by a proxy). Verify the raw request bytes before parsing them.`);
  }

  const form = formFromJson(text);
  if (form) for (const f of form) add(f, 'form-to-json', 'The signature matches this data form-encoded (application/x-www-form-urlencoded): the sender posted a form, and a framework turned it into JSON before verifying. Verify the raw form body.');
  const json = jsonFromForm(text);
  if (json) for (const j of json) add(j, 'form-to-json', 'The signature matches this form body as JSON: the signer serialized the fields as JSON while a form-encoded body was sent (or received).');
  return out;
}

function formFromJson(text: string): string[] | undefined {
  let value: unknown;
  try { value = JSON.parse(text); } catch { return undefined; }
  if (!value || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const entries = Object.entries(value as Record<string, unknown>);
  if (!entries.every(([, v]) => v === null || ['string', 'number', 'boolean'].includes(typeof v))) return undefined;
  const pairs = entries.map(([k, v]) => [k, v === null ? '' : String(v)] as [string, string]);
  const plus = new URLSearchParams(pairs).toString();
  const percent = pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
  return [plus, percent];
}

function jsonFromForm(text: string): string[] | undefined {
  if (!/^[^=&{[\s]+=[^&]*(&[^=&]+=[^&]*)*$/.test(text.trim())) return undefined;
  const obj = Object.fromEntries(new URLSearchParams(text.trim()));
  return [JSON.stringify(obj), JSON.stringify(obj).replace(/","/g, '", "').replace(/":"/g, '": "')];
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['KiB', 'MiB', 'GiB'];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) { v /= 1024; i++; }
  return `${v >= 10 ? Math.round(v) : v.toFixed(1)} ${units[i]}`;
}
