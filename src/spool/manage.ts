// Looking into a spool and managing it: list, show, retry dead letters and fixed quarantined files, purge.
import { readdir, readFile, unlink, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { decodeFile, encodeEntry, type EntryMeta } from './entry.js';
import { ensureLayout, fsyncDir, moveNoReplace, moveToFreeName, writeDurablyToFreeName } from './durable.js';
import { FOLDERS, REASON_SUFFIX, idOfName, isSafeName, parseClaimName } from './layout.js';
import { isStale } from './claim.js';

export type EntryState = 'pending' | 'deferred' | 'claimed' | 'dead' | 'quarantined';

export interface EntryRow {
  id: string;
  state: EntryState;
  /** Path relative to the spool. */
  file: string;
  url?: string;
  bytes?: number;
  attempts: number;
  created?: string;
  nextAttempt?: string;
  lastError?: string;
  /** Dead letters: why; quarantine: what was wrong. */
  reason?: string;
  status?: number;
  requestId?: string;
  heldBy?: string;
}

async function names(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir)).filter((f) => !f.startsWith('.'));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
}

async function describe(dir: string, rel: string, state: EntryState, name: string): Promise<EntryRow | undefined> {
  let data: Buffer;
  try {
    data = await readFile(join(dir, rel));
  } catch {
    return undefined; // moved while we looked
  }
  const decoded = decodeFile(data);
  const row: EntryRow = { id: idOfName(name), state, file: rel, attempts: 0 };
  if (decoded.kind === 'corrupt') return { ...row, reason: decoded.reason };
  row.bytes = decoded.body.length;
  if (decoded.kind === 'plain') {
    row.created = (await stat(join(dir, rel)).catch(() => undefined))?.mtime.toISOString();
    return row;
  }
  return { ...row, ...fromMeta(decoded.meta) };
}

function fromMeta(meta: EntryMeta): Partial<EntryRow> {
  return {
    id: meta.id,
    url: meta.url,
    attempts: meta.attempts,
    created: meta.created,
    ...(meta.nextAttempt ? { nextAttempt: meta.nextAttempt } : {}),
    ...(meta.lastError ? { lastError: meta.lastError } : {}),
    ...(meta.dead ? { reason: meta.dead.reason, ...(meta.dead.status !== undefined ? { status: meta.dead.status } : {}), ...(meta.dead.requestId ? { requestId: meta.dead.requestId } : {}) } : {}),
  };
}

/**
 * Why `dir` does not look like a spool, or undefined if it does: it has none of the spool's folders and
 * holds other files beside its *.json (a project folder, whose package.json a flush would send and delete,
 * and a purge delete). A folder of plain *.json payloads only, as the seeds' writer makes, is a spool.
 */
export async function notASpool(dir: string): Promise<string | undefined> {
  const found = await names(dir);
  if (FOLDERS.some((f) => found.includes(f))) return undefined;
  const other = found.filter((n) => !n.endsWith('.json'));
  if (other.length === 0) return undefined;
  return `${dir} does not look like a spool: it has no new/, dead/ or other spool folder and holds ${other.slice(0, 3).join(', ')}${other.length > 3 ? ', …' : ''}`;
}

/** Every file in the spool with its state, oldest first within each state. */
export async function listEntries(dir: string): Promise<EntryRow[]> {
  const rows: EntryRow[] = [];
  const add = (r: EntryRow | undefined) => void (r && rows.push(r));
  for (const f of await names(dir)) if (f.endsWith('.json')) add(await describe(dir, f, 'pending', f));
  for (const f of await names(join(dir, 'new'))) add(await describe(dir, join('new', f), 'pending', f));
  for (const f of await names(join(dir, 'deferred'))) add(await describe(dir, join('deferred', f), 'deferred', f));
  for (const f of await names(join(dir, 'cur'))) {
    const claim = parseClaimName(f);
    const r = await describe(dir, join('cur', f), 'claimed', claim?.name ?? f);
    add(r && claim ? { ...r, heldBy: `${claim.host} pid ${claim.pid} since ${new Date(claim.claimedMs).toISOString()}` } : r);
  }
  for (const f of await names(join(dir, 'dead'))) add(await describe(dir, join('dead', f), 'dead', f));
  for (const f of await names(join(dir, 'quarantine'))) {
    if (f.endsWith(REASON_SUFFIX)) continue;
    const why = await readFile(join(dir, 'quarantine', f + REASON_SUFFIX), 'utf8').then((t) => JSON.parse(t) as { reason?: string; file?: string }).catch(() => undefined);
    const size = await stat(join(dir, 'quarantine', f)).then((s) => s.size).catch(() => undefined);
    rows.push({ id: f, state: 'quarantined', file: join('quarantine', f), attempts: 0, reason: why?.reason ?? 'reason not recorded', ...(size !== undefined ? { bytes: size } : {}) });
  }
  const order: EntryState[] = ['pending', 'deferred', 'claimed', 'dead', 'quarantined'];
  return rows.sort((a, b) => order.indexOf(a.state) - order.indexOf(b.state) || (a.created ?? '').localeCompare(b.created ?? '') || a.id.localeCompare(b.id));
}

export interface EntryDetail {
  row: EntryRow;
  meta?: EntryMeta;
  /** The body as text when it is UTF-8, else a note. */
  body?: Buffer;
}

/** One entry by id (or quarantined file name), with its history. */
export async function showEntry(dir: string, id: string): Promise<EntryDetail | undefined> {
  const row = (await listEntries(dir)).find((r) => r.id === id || r.file.endsWith(`/${id}`) || r.file === id);
  if (!row) return undefined;
  const data = await readFile(join(dir, row.file)).catch(() => undefined);
  if (!data) return { row };
  const decoded = decodeFile(data);
  if (decoded.kind === 'entry') return { row, meta: decoded.meta, body: decoded.body };
  if (decoded.kind === 'plain') return { row, body: decoded.body };
  return { row, body: data };
}

/** The body a file holds (an entry's or a plain payload's; a corrupt file's bytes), or undefined if it is not there. */
async function bodyOf(path: string): Promise<Buffer | undefined> {
  const data = await readFile(path).catch(() => undefined);
  if (!data) return undefined;
  const decoded = decodeFile(data);
  return decoded.kind === 'corrupt' ? data : decoded.body;
}

export interface RetryResult {
  /** The dead letters moved back, by the name they had in dead/. */
  moved: string[];
  /** Those that went into new/ under another name, because theirs was taken there. */
  renamed: Array<{ id: string; as: string }>;
  /** Names asked for that are no dead letter. */
  unknown: string[];
}

/** Moves dead letters (all, or those named) back to new/ for the next flush. */
export async function retryDead(dir: string, ids: string[] = []): Promise<RetryResult> {
  const dead = await names(join(dir, 'dead'));
  const wanted = ids.length ? ids : dead;
  const result: RetryResult = { moved: [], renamed: [], unknown: [] };
  // The spool's folders only when there is something to move: a retry in the wrong folder leaves it as it was.
  if (wanted.some((id) => dead.includes(id))) await ensureLayout(dir);
  for (const id of wanted) {
    if (!dead.includes(id)) {
      result.unknown.push(id);
      continue;
    }
    const from = join(dir, 'dead', id);
    const data = await readFile(from);
    const decoded = decodeFile(data);
    const body = decoded.kind === 'corrupt' ? data : decoded.body;
    let name = id;
    if ((await bodyOf(join(dir, 'new', id)))?.equals(body)) {
      // Already back in new/, the same bytes: a retry cut off before it removed the dead letter. Only that goes.
      await unlink(from);
    } else if (decoded.kind === 'entry') {
      // A fresh start: attempts from zero, no dead mark; the history stays for `queue show`. Into new/ under
      // its own name or a free one next to it: never over another file of that name there (a plain payload's
      // writer may have written one of the same name again, and it was deferred meanwhile).
      const { dead: _dead, nextAttempt: _next, unreached: _u, bodyBytes: _b, sha256: _s, ...meta } = decoded.meta;
      name = await writeDurablyToFreeName(dir, join(dir, 'new'), id, encodeEntry({ ...meta, attempts: 0 }, decoded.body));
      await unlink(from);
    } else {
      name = moveToFreeName(from, join(dir, 'new'), id);
      await fsyncDir(join(dir, 'new'));
    }
    result.moved.push(id);
    if (name !== id) result.renamed.push({ id, as: join('new', name) });
  }
  return result;
}

/** Deletes entries: everything but claims held by running flushers, or only dead letters. Returns how many files went. */
export async function purge(dir: string, opts: { deadOnly: boolean }, leaseMs = 600_000): Promise<number> {
  const folders = opts.deadOnly ? ['dead'] : ['new', 'deferred', 'dead', 'quarantine'];
  let removed = 0;
  for (const folder of folders) {
    for (const f of await names(join(dir, folder))) {
      await unlink(join(dir, folder, f)).then(() => removed++, () => {});
    }
  }
  if (!opts.deadOnly) {
    for (const f of await names(dir)) if (f.endsWith('.json')) await unlink(join(dir, f)).then(() => removed++, () => {});
    // Claims of flushers that are gone go too; a running flusher keeps what it holds.
    for (const f of await names(join(dir, 'cur'))) {
      const claim = parseClaimName(f);
      if (claim && isStale(claim, Date.now(), leaseMs)) await unlink(join(dir, 'cur', f)).then(() => removed++, () => {});
    }
  }
  return removed;
}

export interface QuarantineRetryResult {
  /** Quarantined files put back, and where they went (relative to the spool). */
  restored: Array<{ id: string; as: string }>;
  /** Those that still cannot be read, with why: they stay in quarantine/. */
  stillBroken: Array<{ id: string; reason: string }>;
  /** Names asked for that are no quarantined file. */
  unknown: string[];
}

/** A free name for a plain payload at the spool's top that still ends in .json (alert-1.json, alert-1.2.json…). */
function moveToFreeJsonName(from: string, dir: string, name: string): string {
  const stem = name.endsWith('.json') ? name.slice(0, -'.json'.length) : name;
  for (let n = 1; ; n++) {
    const candidate = n === 1 ? `${stem}.json` : `${stem}.${n}.json`;
    if (moveNoReplace(from, join(dir, candidate))) return candidate;
  }
}

/**
 * Puts quarantined files (all, or those named) back where a flush finds them, once they read as an entry or
 * as JSON again (someone fixed them in quarantine/): a plain payload to the spool's top under its own name,
 * an entry into new/. One that is still broken stays, with its reason. Never over another file of that name.
 */
export async function retryQuarantined(dir: string, ids: string[] = []): Promise<QuarantineRetryResult> {
  const folder = join(dir, 'quarantine');
  const files = (await names(folder)).filter((f) => !f.endsWith(REASON_SUFFIX));
  const wanted = ids.length ? ids : files;
  const result: QuarantineRetryResult = { restored: [], stillBroken: [], unknown: [] };
  for (const id of wanted) {
    if (!files.includes(id)) {
      result.unknown.push(id);
      continue;
    }
    const from = join(folder, id);
    const decoded = decodeFile(await readFile(from));
    if (decoded.kind === 'corrupt') {
      result.stillBroken.push({ id, reason: decoded.reason });
      continue;
    }
    const why = await readFile(from + REASON_SUFFIX, 'utf8').then((t) => JSON.parse(t) as { file?: string; from?: string }, () => ({} as { file?: string; from?: string }));
    const original = typeof why.file === 'string' && isSafeName(why.file) ? why.file : id.replace(/\.\d+$/, '');
    let as: string;
    if (decoded.kind === 'plain' && (why.from === 'top' || original.endsWith('.json'))) {
      as = moveToFreeJsonName(from, dir, original);
      await fsyncDir(dir);
    } else {
      await ensureLayout(dir);
      as = join('new', moveToFreeName(from, join(dir, 'new'), decoded.kind === 'entry' ? decoded.meta.id : idOfName(original)));
      await fsyncDir(join(dir, 'new'));
    }
    await unlink(from + REASON_SUFFIX).catch(() => {});
    result.restored.push({ id, as });
  }
  return result;
}
