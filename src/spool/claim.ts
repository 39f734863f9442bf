// Finding pending files and claiming them one by one by an atomic rename; taking back stale claims.
import { closeSync, existsSync, fstatSync, openSync, readdirSync, readSync, renameSync, statSync, unlinkSync } from 'node:fs';
import { unlink } from 'node:fs/promises';
import { join, sep } from 'node:path';
import { claimName, HOST, idOfName, parseClaimName, type ClaimName } from './layout.js';
import { decodeFile, nextAttemptOfHead } from './entry.js';

export type Origin = 'top' | 'new' | 'deferred' | 'cur';

export interface Candidate {
  origin: Origin;
  /** File name in its folder. */
  file: string;
  /** The name before any claim (what a claim carries in front of '@'). */
  name: string;
  /** Milliseconds since the epoch, for oldest-first order. */
  sortKey: number;
}

export interface ScanResult {
  due: Candidate[];
  /** Deferred entries whose next attempt is later (left alone without --now). */
  notDue: number;
  /** Claims held by live flushers (left alone). */
  held: number;
  /** Plain *.json payloads found at the top level (they need --url). */
  plainAtTop: number;
  /** The earliest next attempt among the entries not yet due (epoch ms), if any. */
  nextDueMs?: number;
}

const ID_TIME = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})(\d{3})Z-/;

function timeOfId(name: string): number | undefined {
  const m = ID_TIME.exec(name);
  if (!m) return undefined;
  return Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!, +m[7]!);
}

function mtimeOf(path: string): number {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return Number.MAX_SAFE_INTEGER;
  }
}

function list(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
}

/** True when the process that holds a claim on this host is gone (signal 0 probes without signalling). */
export function ownerIsGone(pid: number): boolean {
  if (pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return false;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/** A claim can be taken back when its owner on this host is gone, or (any host, pid reuse) its lease ran out. */
export function isStale(claim: ClaimName, now: number, leaseMs: number): boolean {
  if (claim.host === HOST && claim.pid === process.pid) return false;
  if (claim.host === HOST && ownerIsGone(claim.pid)) return true;
  return claim.claimedMs + leaseMs < now;
}

const ABANDONED_TEMP_MS = 36 * 3600_000; // Maildir's rule for tmp/ files nobody finished

/** Removes temp files whose writer on this host is gone (or that are over 36 hours old): they were never renamed into place. */
async function removeAbandonedTemps(dir: string, now: number): Promise<void> {
  for (const file of list(join(dir, 'tmp'))) {
    const m = /^\d+\.(\d+)\.[0-9a-f]+\.(.+)$/.exec(file);
    const path = join(dir, 'tmp', file);
    const gone = m && m[2] === HOST ? ownerIsGone(Number(m[1])) : now - mtimeOf(path) > ABANDONED_TEMP_MS;
    if (gone) await unlink(path).catch(() => {});
  }
}

const headScratch = Buffer.allocUnsafe(4096);

/**
 * A deferred entry's next attempt, from its header line only (a scan of a spool full of large deferred
 * entries must not read and checksum every body); undefined when the file is gone.
 */
function nextAttemptOf(path: string): number | undefined {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return undefined;
  }
  try {
    const n = readSync(fd, headScratch, 0, headScratch.length, 0);
    const found = nextAttemptOfHead(headScratch.subarray(0, n));
    if (found !== undefined || n < headScratch.length) return found ?? 0;
    return nextAttemptOfHead(readClaimed(path)) ?? 0; // a header longer than 4 KB (many headers): read it all
  } catch {
    return undefined; // unreadable here (a folder, gone meanwhile): left alone, as before
  } finally {
    closeSync(fd);
  }
}

/** Everything a flush may send now, oldest first. */
export async function scanSpool(dir: string, opts: { now: number; includeNotDue: boolean; leaseMs: number }): Promise<ScanResult> {
  const due: Candidate[] = [];
  let notDue = 0;
  let held = 0;
  let plainAtTop = 0;
  let nextDueMs: number | undefined;
  await removeAbandonedTemps(dir, opts.now);
  for (const file of list(dir)) {
    if (!file.endsWith('.json') || file.startsWith('.')) continue;
    let info;
    try {
      info = statSync(pathOf(dir, 'top', file));
    } catch {
      continue; // taken by another flusher meanwhile
    }
    if (!info.isFile()) continue;
    plainAtTop++;
    due.push({ origin: 'top', file, name: file, sortKey: info.mtimeMs });
  }
  for (const file of list(join(dir, 'new'))) {
    if (file.startsWith('.')) continue;
    due.push({ origin: 'new', file, name: file, sortKey: timeOfId(file) ?? mtimeOf(join(dir, 'new', file)) });
  }
  for (const file of list(join(dir, 'deferred'))) {
    if (file.startsWith('.')) continue;
    const path = join(dir, 'deferred', file);
    const nextAttempt = nextAttemptOf(path);
    if (nextAttempt === undefined) continue; // claimed by someone else meanwhile
    if (nextAttempt > opts.now && !opts.includeNotDue) {
      notDue++;
      nextDueMs = Math.min(nextDueMs ?? Infinity, nextAttempt);
      continue;
    }
    due.push({ origin: 'deferred', file, name: file, sortKey: timeOfId(file) ?? mtimeOf(path) });
  }
  for (const file of list(join(dir, 'cur'))) {
    const claim = parseClaimName(file);
    if (!claim) continue;
    if (!isStale(claim, opts.now, opts.leaseMs)) {
      held++;
      continue;
    }
    if (putBackCutShort(dir, file, claim.name)) continue;
    due.push({ origin: 'cur', file, name: claim.name, sortKey: timeOfId(claim.name) ?? claim.claimedMs });
  }
  due.sort((a, b) => a.sortKey - b.sortKey || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return { due, notDue, held, plainAtTop, ...(nextDueMs !== undefined ? { nextDueMs } : {}) };
}

/**
 * A stale claim that is the very file already back home (same inode): a put-back (moveNoReplace links, then
 * unlinks) was cut short by a kill. Its claim name is removed, or the entry would be sent twice: once from
 * home, once taken back from cur/.
 */
function putBackCutShort(dir: string, file: string, name: string): boolean {
  const path = pathOf(dir, 'cur', file);
  let claimed;
  try {
    claimed = statSync(path);
  } catch {
    return false;
  }
  if (claimed.nlink < 2) return false;
  for (const home of name.endsWith('.json') ? (['top'] as const) : (['new', 'deferred'] as const)) {
    let info;
    try {
      info = statSync(pathOf(dir, home, name));
    } catch {
      continue;
    }
    if (info.ino !== claimed.ino || info.dev !== claimed.dev) continue;
    try {
      unlinkSync(path);
    } catch {
      // gone meanwhile (another flusher saw it too)
    }
    return true;
  }
  return false;
}

// Folder prefixes joined once per spool, not per file: path.join's normalising showed in a flush's profile.
const prefixes = new Map<string, string>();
function prefixOf(dir: string, folder: Origin): string {
  const key = `${folder}\0${dir}`;
  let prefix = prefixes.get(key);
  if (prefix === undefined) {
    prefix = (folder === 'top' ? join(dir, '.') : join(dir, folder)) + sep;
    prefixes.set(key, prefix);
  }
  return prefix;
}

export function pathOf(dir: string, origin: Origin, file: string): string {
  return prefixOf(dir, origin) + file;
}

/** A plain payload changed this recently and not yet valid JSON may still be being written: left for later. */
export const YOUNG_PLAIN_MS = 2_000;

/** True when a top-level candidate was changed so recently (at the scan) that it may still be being written. */
export function isYoungPlain(candidate: Candidate, now = Date.now()): boolean {
  return candidate.origin === 'top' && now - candidate.sortKey < YOUNG_PLAIN_MS;
}

/**
 * A plain payload another program is still writing where it lies: changed within YOUNG_PLAIN_MS and not yet
 * valid JSON. Checked in place, before a claim: a claim renames the file, and a writer that opens it again
 * by name to append the rest (a shell's >>, a logger) would start a second file there, tearing the payload
 * in two. False when it is gone (the claim finds that out).
 */
export function stillBeingWritten(path: string, now = Date.now()): boolean {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return false;
  }
  try {
    const info = fstatSync(fd);
    if (!info.isFile() || now - info.mtimeMs >= YOUNG_PLAIN_MS) return false;
    const data = Buffer.allocUnsafe(info.size);
    let got = 0;
    while (got < info.size) {
      const r = readSync(fd, data, got, info.size - got, got);
      if (r === 0) break;
      got += r;
    }
    return decodeFile(data.subarray(0, got)).kind === 'corrupt';
  } finally {
    closeSync(fd);
  }
}

export interface Claim {
  /** Full path of the claimed file in cur/. */
  path: string;
  candidate: Candidate;
  id: string;
}

/** Where a claimed file goes back to, unsent: its own folder; a stale claim taken back to new/ (a plain payload to the top). */
export function homeOf(dir: string, candidate: Candidate): string {
  if (candidate.origin !== 'cur') return pathOf(dir, candidate.origin, candidate.file);
  return candidate.name.endsWith('.json') ? pathOf(dir, 'top', candidate.name) : pathOf(dir, 'new', candidate.name);
}

/** Where claiming a candidate renames it to: a unique name in cur/ that says who holds it and since when. */
export function claimPathOf(dir: string, candidate: Candidate): string {
  return prefixOf(dir, 'cur') + claimName(candidate.name);
}

/**
 * Claims a file by an atomic rename to its claim path; false when another flusher got it first. A rename
 * that reports failure may still have happened (NFS retransmits), so the unique name decides.
 */
export function claimFileSync(from: string, to: string): boolean {
  try {
    renameSync(from, to);
    return true;
  } catch (err) {
    if (existsSync(to)) return true;
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw err;
  }
}

const scratch = Buffer.allocUnsafe(64 * 1024);

/**
 * A claimed file's bytes. Most entries are small: one read into a reused buffer (open, read, close)
 * instead of readFileSync's open, fstat, read, close; a file that fills the buffer is read whole.
 */
export function readClaimed(path: string): Buffer {
  const fd = openSync(path, 'r');
  try {
    const n = readSync(fd, scratch, 0, scratch.length, 0);
    if (n < scratch.length) return Buffer.from(scratch.subarray(0, n));
    const size = fstatSync(fd).size;
    const data = Buffer.allocUnsafe(size);
    let got = 0;
    while (got < size) {
      const r = readSync(fd, data, got, size - got, got);
      if (r === 0) break;
      got += r;
    }
    return got === size ? data : data.subarray(0, got);
  } finally {
    closeSync(fd);
  }
}
