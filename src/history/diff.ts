// Two requests compared the way a receiver sees them: the request line, headers as sent (case and order
// called out), the body JSON-aware (paths, key order, whitespace, escaping) or byte by byte with offsets,
// and the answers when both were relayed. Signature verdicts are added by the caller (they need a secret).
import type { HeaderPair } from '../capture/capture.js';
import type { StoredCapture } from './store.js';
import { parseJson } from './as-listen.js';

export interface HeaderChange {
  kind: 'added' | 'removed' | 'changed' | 'case';
  /** The name as a sent it (b for added). */
  name: string;
  a?: string[];
  b?: string[];
  /** For 'case': the spelling in b. */
  bName?: string;
}

export interface JsonChange {
  kind: 'added' | 'removed' | 'changed';
  path: string;
  a?: unknown;
  b?: unknown;
}

export type JsonStyle = 'compact' | 'spaced' | 'pretty' | 'mixed';

export type BodyDiff =
  | { kind: 'same'; bytes: number }
  | {
    kind: 'json';
    /** Values that differ, by path. */
    changes: JsonChange[];
    /** Objects (by path) whose keys come in another order: a signature over the bytes breaks on it. */
    keyOrder: Array<{ path: string; a: string[]; b: string[] }>;
    /** How each side is laid out when only the whitespace differs, or as well. */
    whitespace?: { a: JsonStyle; b: JsonStyle };
    /** Same values, same order, same whitespace, other bytes: string escapes (\u00e9 vs é) or number forms (1.0 vs 1). */
    escaping?: boolean;
    /** The side that writes non-ASCII characters as \uXXXX escapes where the other writes them as UTF-8 (json.dumps' ensure_ascii). */
    unicodeEscaped?: 'a' | 'b';
    aBytes: number;
    bBytes: number;
  }
  | { kind: 'bytes'; aBytes: number; bBytes: number; firstDifference: number; ranges: Array<{ offset: number; a: string; b: string }> };

export interface AnswerSide { status?: number; ms: number; error?: string; by: 'app' | 'listen' }

export interface RequestDiff {
  same: boolean;
  requestLine: { a: string; b: string; same: boolean };
  headers: HeaderChange[];
  /** The headers both sent, in each one's order, when that order differs. */
  headerOrder?: { a: string[]; b: string[] };
  body: BodyDiff;
  answers: { a?: AnswerSide; b?: AnswerSide };
}

const requestLine = (c: StoredCapture) => `${c.method} ${c.target} HTTP/${c.httpVersion}`;

export function diffHeaders(a: readonly HeaderPair[], b: readonly HeaderPair[]): { changes: HeaderChange[]; order?: { a: string[]; b: string[] } } {
  const group = (list: readonly HeaderPair[]) => {
    const m = new Map<string, { names: string[]; values: string[] }>();
    for (const [n, v] of list) {
      const key = n.toLowerCase();
      let g = m.get(key);
      if (!g) m.set(key, (g = { names: [], values: [] }));
      g.names.push(n);
      g.values.push(v);
    }
    return m;
  };
  const ga = group(a);
  const gb = group(b);
  const changes: HeaderChange[] = [];
  for (const [key, x] of ga) {
    const y = gb.get(key);
    if (!y) { changes.push({ kind: 'removed', name: x.names[0]!, a: x.values }); continue; }
    if (x.values.length !== y.values.length || x.values.some((v, i) => v !== y.values[i])) changes.push({ kind: 'changed', name: x.names[0]!, a: x.values, b: y.values });
    if (x.names[0] !== y.names[0]) changes.push({ kind: 'case', name: x.names[0]!, bName: y.names[0]! });
  }
  for (const [key, y] of gb) if (!ga.has(key)) changes.push({ kind: 'added', name: y.names[0]!, b: y.values });
  // Order of the headers both sent: some receivers (and signatures over headers) care.
  const orderA = a.map(([n]) => n.toLowerCase()).filter((n, i, all) => gb.has(n) && all.indexOf(n) === i);
  const orderB = b.map(([n]) => n.toLowerCase()).filter((n, i, all) => ga.has(n) && all.indexOf(n) === i);
  const order = orderA.some((n, i) => n !== orderB[i]) ? { a: orderA, b: orderB } : undefined;
  return { changes, ...(order ? { order } : {}) };
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const childPath = (path: string, key: string) => (/^[A-Za-z_$][\w$]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`);

function walk(a: unknown, b: unknown, path: string, changes: JsonChange[], keyOrder: Array<{ path: string; a: string[]; b: string[] }>): void {
  if (isObject(a) && isObject(b)) {
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    const common = ka.filter((k) => Object.hasOwn(b, k));
    const commonB = kb.filter((k) => Object.hasOwn(a, k));
    if (common.some((k, i) => k !== commonB[i])) keyOrder.push({ path, a: ka, b: kb });
    for (const k of ka) {
      if (!Object.hasOwn(b, k)) changes.push({ kind: 'removed', path: childPath(path, k), a: a[k] });
      else walk(a[k], b[k], childPath(path, k), changes, keyOrder);
    }
    for (const k of kb) if (!Object.hasOwn(a, k)) changes.push({ kind: 'added', path: childPath(path, k), b: b[k] });
    return;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    const n = Math.max(a.length, b.length);
    for (let i = 0; i < n; i++) {
      if (i >= b.length) changes.push({ kind: 'removed', path: `${path}[${i}]`, a: a[i] });
      else if (i >= a.length) changes.push({ kind: 'added', path: `${path}[${i}]`, b: b[i] });
      else walk(a[i], b[i], `${path}[${i}]`, changes, keyOrder);
    }
    return;
  }
  if (!Object.is(a, b) && JSON.stringify(a) !== JSON.stringify(b)) changes.push({ kind: 'changed', path, a, b });
}

/** The whitespace outside strings removed: what is left is what the layout does not change. */
export function minifyJson(text: string): string {
  let out = '';
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (inString) {
      out += ch;
      if (ch === '\\') out += text[++i] ?? '';
      else if (ch === '"') inString = false;
    } else if (ch === '"') {
      inString = true;
      out += ch;
    } else if (ch !== ' ' && ch !== '\n' && ch !== '\r' && ch !== '\t') out += ch;
  }
  return out;
}

/** How JSON text is laid out: compact (JSON.stringify), spaced (", " and ": ", Python's json.dumps default), pretty (newlines). */
export function jsonStyle(text: string): JsonStyle {
  const t = text.trim();
  if (minifyJson(t) === t) return 'compact';
  const outside = t.replace(/"(?:[^"\\]|\\.)*"/g, '""');
  if (/\n/.test(outside)) return 'pretty';
  // Every , and : followed by one space, and no other whitespace.
  if (!/[,:](?! )/.test(outside) && outside.replace(/([,:]) /g, '$1') === minifyJson(outside)) return 'spaced';
  return 'mixed';
}

export function diffBody(a: Buffer, b: Buffer): BodyDiff {
  if (a.equals(b)) return { kind: 'same', bytes: a.length };
  const ja = parseJson(a);
  const jb = parseJson(b);
  if (ja && jb) {
    const changes: JsonChange[] = [];
    const keyOrder: Array<{ path: string; a: string[]; b: string[] }> = [];
    walk(ja.value, jb.value, '$', changes, keyOrder);
    const ta = a.toString('utf8');
    const tb = b.toString('utf8');
    const sa = jsonStyle(ta);
    const sb = jsonStyle(tb);
    const out: BodyDiff = { kind: 'json', changes, keyOrder, aBytes: a.length, bBytes: b.length };
    // Layout: another style, or the same style with other whitespace (say, 2 spaces of indent against 4).
    if (sa !== sb || (ta.trim() !== tb.trim() && minifyJson(ta) === minifyJson(tb))) out.whitespace = { a: sa, b: sb };
    if (changes.length === 0 && keyOrder.length === 0 && minifyJson(ta) !== minifyJson(tb)) out.escaping = true;
    const escapedOnly = (x: string, y: string) => /\\u[0-9a-fA-F]{4}/.test(x) && !/[^\x00-\x7f]/.test(x) && /[^\x00-\x7f]/.test(y);
    if (escapedOnly(ta, tb)) out.unicodeEscaped = 'a';
    else if (escapedOnly(tb, ta)) out.unicodeEscaped = 'b';
    return out;
  }
  return byteDiff(a, b);
}

const RANGE_BYTES = 48;

/** Where two byte strings part: the first offset, and up to 8 differing stretches shown as text with escapes. */
export function byteDiff(a: Buffer, b: Buffer): BodyDiff {
  let prefix = 0;
  while (prefix < a.length && prefix < b.length && a[prefix] === b[prefix]) prefix++;
  const ranges: Array<{ offset: number; a: string; b: string }> = [];
  if (a.length === b.length) {
    // Same length: each run of differing bytes on its own (a flipped byte, a changed digit).
    for (let i = prefix; i < a.length && ranges.length < 8;) {
      if (a[i] === b[i]) { i++; continue; }
      let j = i;
      while (j < a.length && a[j] !== b[j]) j++;
      ranges.push({ offset: i, a: shown(a.subarray(i, Math.min(j, i + RANGE_BYTES))), b: shown(b.subarray(i, Math.min(j, i + RANGE_BYTES))) });
      i = j;
    }
  } else {
    let suffix = 0;
    while (suffix < a.length - prefix && suffix < b.length - prefix && a[a.length - 1 - suffix] === b[b.length - 1 - suffix]) suffix++;
    ranges.push({ offset: prefix, a: shown(a.subarray(prefix, Math.min(a.length - suffix, prefix + RANGE_BYTES))), b: shown(b.subarray(prefix, Math.min(b.length - suffix, prefix + RANGE_BYTES))) });
  }
  return { kind: 'bytes', aBytes: a.length, bBytes: b.length, firstDifference: prefix, ranges };
}

function shown(bytes: Buffer): string {
  let s = '';
  for (const c of bytes) s += c === 0x0a ? '\\n' : c === 0x0d ? '\\r' : c === 0x09 ? '\\t' : c === 0x5c ? '\\\\' : c >= 0x20 && c < 0x7f ? String.fromCharCode(c) : `\\x${c.toString(16).padStart(2, '0')}`;
  return s;
}

function answerOf(c: StoredCapture): AnswerSide | undefined {
  const fa = c.forwardAnswer;
  if (fa) return { by: 'app', ms: fa.ms, ...(fa.status !== undefined ? { status: fa.status } : {}), ...(fa.error ? { error: fa.error.code } : {}) };
  return undefined;
}

export function diffCaptures(a: StoredCapture, b: StoredCapture): RequestDiff {
  const la = requestLine(a);
  const lb = requestLine(b);
  const headers = diffHeaders(a.rawHeaders, b.rawHeaders);
  const body = diffBody(a.body, b.body);
  const answers: RequestDiff['answers'] = {};
  const aa = answerOf(a);
  const ab = answerOf(b);
  if (aa) answers.a = aa;
  if (ab) answers.b = ab;
  const same = la === lb && headers.changes.length === 0 && !headers.order && body.kind === 'same';
  return { same, requestLine: { a: la, b: lb, same: la === lb }, headers: headers.changes, ...(headers.order ? { headerOrder: headers.order } : {}), body, answers };
}
