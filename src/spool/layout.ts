// The on-disk layout of a spool: folder names, entry ids and claim names (documented in the README).
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';

/**
 * dir/
 *   tmp/         files being written; never read by a flusher (Maildir's tmp/)
 *   new/         pending entries, one file per entry, named by id (oldest first by name)
 *   *.json       plain payloads written by another program, also pending (sent to --url)
 *   cur/         entries claimed by a flusher: <name>@<host>@<pid>@<claimedMs>-<random>
 *   deferred/    entries waiting for their next attempt (the time is in the entry's header)
 *   dead/        dead letters: the entry with the reason, status, answer excerpt and request id
 *   quarantine/  files that could not be read as an entry, untouched, plus <name>.reason.json
 */
export const FOLDERS = ['tmp', 'new', 'cur', 'deferred', 'dead', 'quarantine'] as const;
export type Folder = (typeof FOLDERS)[number];

export const REASON_SUFFIX = '.reason.json';

/** An id that sorts by creation time: 20261122T202611123Z-3f9a1c0b7d. */
export function newEntryId(now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:.]/g, '');
  return `${stamp}-${randomBytes(5).toString('hex')}`;
}

/** A name other programs and ids may use: no path separators, no '@' (the claim separator), not hidden. */
export function isSafeName(name: string): boolean {
  return /^[A-Za-z0-9_][A-Za-z0-9_.,+=-]{0,200}$/.test(name);
}

export const HOST = hostname().replace(/[^A-Za-z0-9.-]/g, '_') || 'localhost';

export interface ClaimName {
  /** The file's name before the claim: an entry id, or a plain payload's file name. */
  name: string;
  host: string;
  pid: number;
  claimedMs: number;
  random: string;
}

// One random draw per process and a counter: unique claim names without a crypto call per entry.
const CLAIM_SALT = randomBytes(4).toString('hex');
let claimCounter = 0;

/** The unique name a claim renames a file to: it says who holds it and since when. */
export function claimName(name: string, now = Date.now(), pid = process.pid): string {
  return `${name}@${HOST}@${pid}@${now}-${CLAIM_SALT}${(claimCounter++).toString(16)}`;
}

export function parseClaimName(file: string): ClaimName | undefined {
  const m = /^(.+)@([^@]+)@(\d+)@(\d+)-([0-9a-f]+)$/.exec(file);
  if (!m) return undefined;
  return { name: m[1]!, host: m[2]!, pid: Number(m[3]), claimedMs: Number(m[4]), random: m[5]! };
}

/** The entry id of a pending file name: a plain payload `alert-1.json` is entry `alert-1`. */
export function idOfName(name: string): string {
  return name.endsWith('.json') ? name.slice(0, -'.json'.length) : name;
}
