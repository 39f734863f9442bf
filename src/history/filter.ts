// What `history` can ask of the store: which captures match a filter (time, status, method, path, header,
// sender), parsed from the command line's words into data the store applies.
import { inputError } from '../errors.js';
import type { HeaderPair } from '../capture/capture.js';

export interface HistoryFilter {
  /** Only captures received at or after this time. */
  since?: Date;
  until?: Date;
  /** HTTP statuses answered: exact codes and classes, e.g. [{min: 500, max: 599}] for 5xx. An answer of none (--chaos timeout/reset) is status 0. */
  status?: StatusRange[];
  /** Case-insensitive method, e.g. POST. */
  method?: string;
  /** A path and query: contains this text, or matches it as a glob when it holds `*`. */
  path?: string;
  /** Each must be present: the name case-insensitively, the value (when given) contained, case-sensitively. */
  headers?: Array<{ name: string; value?: string }>;
  /** Literal bytes anywhere in the stored capture: request line, headers as stored (masked), body. */
  grep?: string;
  /** The sender profile the capture was recognised as (or listen was told with --profile). */
  sender?: string;
  /** At most this many (the newest). */
  limit?: number;
}

export interface StatusRange { min: number; max: number }

/** `5xx`, `404`, `4xx,5xx`, `500-503`, `none` (not answered) → ranges; a bad word is one clear input error. */
export function parseStatusFilter(text: string): StatusRange[] {
  return text.split(',').map((word) => word.trim().toLowerCase()).filter(Boolean).map((w) => {
    if (w === 'none') return { min: 0, max: 0 };
    let m = /^([1-5])xx$/.exec(w);
    if (m) return { min: Number(m[1]) * 100, max: Number(m[1]) * 100 + 99 };
    m = /^(\d{3})(?:-(\d{3}))?$/.exec(w);
    if (m) return { min: Number(m[1]), max: Number(m[2] ?? m[1]) };
    throw inputError(`--status: "${w}" is not a status, a class or a range`, 'write e.g. --status 5xx, --status 404, --status 4xx,5xx or --status 500-503');
  });
}

const units: Record<string, number> = { s: 1000, m: 60_000, min: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** `10m`, `1h`, `2d` before `now`, or an ISO date/time → the Date it means. */
export function parseSince(text: string, now = Date.now()): Date {
  const m = /^(\d+(?:\.\d+)?)\s*(s|m|min|h|d|w)$/i.exec(text.trim());
  if (m) return new Date(now - Number(m[1]) * units[m[2]!.toLowerCase()]!);
  const t = Date.parse(text);
  if (Number.isFinite(t)) return new Date(t);
  throw inputError(`--since: "${text}" is neither a duration nor a date`, 'write e.g. --since 10m, --since 1h, --since 2d or --since 2026-11-22T10:00:00Z');
}

/** `Name: value` or just `Name` → the header test. */
export function parseHeaderFilter(text: string): { name: string; value?: string } {
  const colon = text.indexOf(':');
  const name = (colon < 0 ? text : text.slice(0, colon)).trim();
  if (!name) throw inputError(`--header: "${text}" names no header`, "write --header 'X-Event: push' or --header X-Event");
  const value = colon < 0 ? '' : text.slice(colon + 1).trim();
  return value ? { name, value } : { name };
}

/** The filter flags as words (`history --since 1h --status 5xx`, or the inspector's `since:1h status:5xx`) → the filter. */
export interface FilterWords {
  since?: string;
  until?: string;
  status?: string;
  method?: string;
  path?: string;
  header?: string[];
  grep?: string;
  sender?: string;
  limit?: number;
}

export function filterFromWords(o: FilterWords): HistoryFilter {
  const filter: HistoryFilter = {};
  if (o.since) filter.since = parseSince(o.since);
  if (o.until) filter.until = parseSince(o.until);
  if (o.status) filter.status = parseStatusFilter(o.status);
  if (o.method) filter.method = o.method;
  if (o.path) filter.path = o.path;
  if (o.header?.length) filter.headers = o.header.map(parseHeaderFilter);
  if (o.grep) filter.grep = o.grep;
  if (o.sender) filter.sender = o.sender;
  if (o.limit) filter.limit = o.limit;
  return filter;
}

export function statusMatches(status: number | undefined, ranges: readonly StatusRange[]): boolean {
  const s = status ?? 0;
  return ranges.some((r) => s >= r.min && s <= r.max);
}

export function pathMatcher(pattern: string): (target: string) => boolean {
  if (!pattern.includes('*')) return (target) => target.includes(pattern);
  const re = new RegExp('^' + pattern.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*') + '$');
  return (target) => re.test(target) || re.test(target.split('?')[0]!);
}

export function headersMatch(headers: readonly HeaderPair[], wanted: ReadonlyArray<{ name: string; value?: string }>): boolean {
  return wanted.every((w) => {
    const lower = w.name.toLowerCase();
    return headers.some(([n, v]) => n.toLowerCase() === lower && (w.value === undefined || v.includes(w.value)));
  });
}
