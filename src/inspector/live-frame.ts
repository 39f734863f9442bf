// The inspector's live stream, one frame per batch of new captures: the first summary whole, each after it
// only the fields that differ from the one before it (null for a field that one had and this one has not).
// Captures arriving together share most fields (method, target, status, sender…), so a busy listen sends a
// fraction of the bytes, and the page (here too: no node imports) rebuilds each summary as it was.
import type { CaptureSummary } from './api-types.js';

type Fields = Record<string, unknown>;

function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  // A forward answer is a small object: equal when its fields are.
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  for (const k of ka) if ((a as Fields)[k] !== (b as Fields)[k]) return false;
  return true;
}

/** The JSON text of a frame's data: the summaries, each after the first as its difference from the one before. */
export function frameText(batch: readonly CaptureSummary[]): string {
  const out: Fields[] = [];
  let prev: Fields | undefined;
  for (const s of batch as unknown as Fields[]) {
    if (!prev) {
      out.push(s);
    } else {
      const d: Fields = {};
      for (const k in s) if (s[k] !== undefined && !same(s[k], prev[k])) d[k] = s[k];
      for (const k in prev) if (prev[k] !== undefined && s[k] === undefined) d[k] = null;
      out.push(d);
    }
    prev = s;
  }
  return JSON.stringify(out);
}

/** The summaries of a frame's data (frameText's JSON, parsed). */
export function frameSummaries(frame: readonly Fields[]): CaptureSummary[] {
  const out: CaptureSummary[] = [];
  let prev: Fields | undefined;
  for (const d of frame) {
    let s: Fields;
    if (!prev) {
      s = d;
    } else {
      s = { ...prev, ...d };
      for (const k in d) if (d[k] === null) delete s[k];
    }
    out.push(s as unknown as CaptureSummary);
    prev = s;
  }
  return out;
}
