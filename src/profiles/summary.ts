// A profile as the `profiles` command lists and shows it: one summary row per sender, and the
// profile as plain JSON data (what a file for --profile ./my-sender.json holds).
import type { Profile } from './index.js';
import { successCodesText } from './success-codes.js';

export interface ProfileRow {
  name: string;
  sender: string;
  /** Seconds the sender waits, with "assumed" when the sender documents none. */
  budgetSeconds: number;
  budgetAssumed: boolean;
  signature: string | null;
  handshake: string | null;
  success: string;
  payloadLimitBytes: number | null;
}

export function profileRow(p: Profile): ProfileRow {
  return {
    name: p.name,
    sender: p.displayName,
    budgetSeconds: p.timeBudgetSeconds,
    budgetAssumed: Boolean(p.timeBudgetAssumed || p.assumed?.includes('timeBudgetSeconds')),
    signature: p.signature ? p.signature.scheme : null,
    handshake: p.handshake ?? null,
    success: successCodesText(p),
    payloadLimitBytes: p.payloadLimitBytes,
  };
}

/**
 * The profile as JSON data, ready to save and edit: everything but the built-in payload schema (code,
 * not data), with the whole 2xx range written "2xx" rather than a hundred numbers.
 */
export function profileData(p: Profile): Record<string, unknown> {
  const { payloadSchema: _code, ...data } = p;
  const out = JSON.parse(JSON.stringify(data)) as Record<string, unknown>;
  if (successCodesText(p) === '2xx') out.successCodes = '2xx';
  return out;
}

/** A file's successCodes: "2xx" stands for 200-299. */
export function expandSuccessCodes(value: unknown): unknown {
  return value === '2xx' ? Array.from({ length: 100 }, (_, i) => 200 + i) : value;
}
