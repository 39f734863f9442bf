// The flush engine: claim each due entry, deliver it, then remove, defer, dead-letter or quarantine it.
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Delivery, DeliveryRequest, HeaderList } from '../http/delivery.js';
import { homeOf, pathOf, scanSpool, type Candidate, type Claim } from './claim.js';
import { inlineClaims, type ClaimSource } from './claim-source.js';
import { decodeFile, encodeEntry, type DecodedFile, type EntryMeta } from './entry.js';
import { ensureLayout, fsyncDir, moveNoReplace, moveToFreeName, writeDurably } from './durable.js';
import { REASON_SUFFIX, idOfName } from './layout.js';
import { spoolBackoffMs } from './backoff.js';
import { SendGate, type Rate } from './rate.js';

export interface OutgoingEntry {
  id: string;
  url: string;
  method: string;
  headers: HeaderList;
  body: Buffer;
  profile?: string;
}

export interface FlushDeps {
  /** Delivers one request; never throws for network or HTTP failures. */
  send(req: DeliveryRequest): Promise<Delivery>;
  /** Headers added at send time (Idempotency-Key, auth, signature): they never reach the disk. */
  sendTimeHeaders(entry: OutgoingEntry): HeaderList;
  /** Milliseconds a 429/503 answer asks us to wait (Retry-After), if it says. */
  retryAfterMs(delivery: Delivery): number | undefined;
  /** Where the due entries are claimed from (default: one at a time, inline). */
  claims?: (dir: string, due: readonly Candidate[]) => ClaimSource;
}

export interface FlushOptions {
  dir: string;
  /** Target for plain payloads; overrides entries' own targets. */
  url?: string;
  now: boolean;
  dryRun: boolean;
  concurrency: number;
  rate?: Rate;
  timeoutMs: number;
  maxAttempts: number;
  /** How long a claim from another host is honoured. */
  leaseMs: number;
  /** A Retry-After longer than this ends the flush (the rest waits for a later one). */
  maxPauseMs: number;
  random?: () => number;
  /** Aborting stops new claims; sends in flight finish and are recorded. */
  signal?: AbortSignal;
}

export type FlushEvent =
  | { event: 'start'; due: number; notDue: number; held: number }
  | { event: 'delivered'; id: string; status: number; ms: number; attempts: number }
  | { event: 'retry'; id: string; status?: number; error?: string; attempts: number; nextAttempt: string; requestId?: string }
  | { event: 'dead'; id: string; reason: string; status?: number; attempts: number; requestId?: string; excerpt?: string }
  | { event: 'quarantined'; file: string; reason: string }
  | { event: 'paused'; id: string; status: number; ms: number }
  | { event: 'stopped'; reason: string }
  | { event: 'would-send'; id: string; url: string; bytes: number; attempts: number }
  | { event: 'would-quarantine'; file: string; reason: string }
  | { event: 'error'; id: string; message: string };

export interface FlushSummary {
  delivered: number;
  retried: number;
  deadLettered: number;
  quarantined: number;
  /** Entries still in the spool: not due, deferred now, held by another flusher, or not reached. */
  left: number;
  notDue: number;
  /** Due entries another flusher claimed first: theirs to deliver, not counted as left. */
  takenByOthers: number;
  wouldSend: number;
  statuses: Record<string, number>;
  errors: Record<string, number>;
  elapsedMs: number;
  /** Every due entry was delivered. */
  ok: boolean;
}

const YOUNG_PLAIN_MS = 2_000;
const EXCERPT_BYTES = 500;

export async function flushSpool(opts: FlushOptions, deps: FlushDeps, onEvent: (e: FlushEvent) => void = () => {}): Promise<FlushSummary> {
  const started = Date.now();
  if (!opts.dryRun) await ensureLayout(opts.dir);
  const scan = await scanSpool(opts.dir, { now: started, includeNotDue: opts.now, leaseMs: opts.leaseMs });
  onEvent({ event: 'start', due: scan.due.length, notDue: scan.notDue, held: scan.held });
  const summary: FlushSummary = {
    delivered: 0, retried: 0, deadLettered: 0, quarantined: 0, left: 0, notDue: scan.notDue, takenByOthers: 0, wouldSend: 0,
    statuses: {}, errors: {}, elapsedMs: 0, ok: true,
  };
  const gate = new SendGate(opts.rate);
  const random = opts.random ?? Math.random;
  let stopped = false;
  let putBack = 0;
  let failedOnDisk = 0;
  const claims = opts.dryRun ? undefined : (deps.claims ?? inlineClaims)(opts.dir, scan.due);
  /** Deletes after a 2xx, under way: a slot goes on to its next entry without waiting for them. */
  const removals: Array<Promise<void>> = [];

  const stop = (reason: string) => {
    if (stopped) return;
    stopped = true;
    claims?.stop();
    onEvent({ event: 'stopped', reason });
  };

  async function worker(): Promise<void> {
    for (;;) {
      if (opts.signal?.aborted) stop('interrupted: the entries not yet claimed stay in the spool');
      if (stopped) return;
      await gate.pass();
      if (stopped || opts.signal?.aborted) continue;
      const claimed = await claims!.next();
      if (!claimed) return;
      if (stopped || opts.signal?.aborted) {
        // The flush stopped while this one was being claimed: it goes back unsent.
        await claims!.giveBack(claimed).catch(() => {});
        continue;
      }
      try {
        await handle(claimed.claim, claimed.data, claimed.decoded);
      } catch (err) {
        // The claim stays in cur/; the next flush takes it back once this process is gone.
        failedOnDisk++;
        onEvent({ event: 'error', id: claimed.claim.id, message: (err as Error).message });
      }
    }
  }

  /** --dry-run reads without claiming: nothing moves. */
  async function preview(candidate: Candidate): Promise<void> {
    let data: Buffer;
    try {
      data = await readFile(pathOf(opts.dir, candidate.origin, candidate.file));
    } catch {
      return;
    }
    const decoded = decodeFile(data);
    if (decoded.kind === 'corrupt') {
      onEvent({ event: 'would-quarantine', file: candidate.name, reason: decoded.reason });
      return;
    }
    const url = opts.url ?? (decoded.kind === 'entry' ? decoded.meta.url : undefined);
    onEvent({ event: 'would-send', id: decoded.kind === 'entry' ? decoded.meta.id : idOfName(candidate.name), url: url ?? '(needs --url)', bytes: decoded.body.length, attempts: decoded.kind === 'entry' ? decoded.meta.attempts : 0 });
    summary.wouldSend++;
  }

  async function handle(claim: Claim, data: Buffer, decodedAhead?: DecodedFile): Promise<void> {
    const decoded = decodedAhead ?? decodeFile(data);
    if (decoded.kind === 'corrupt') {
      if (claim.candidate.origin === 'top' && (await isYoung(claim.path))) {
        // Another program may still be writing it in place (the seeds' write_text is not atomic): leave it.
        moveNoReplace(claim.path, homeOf(opts.dir, claim.candidate)); // if taken meanwhile, it stays claimed for a later flush
        putBack++;
        return;
      }
      await quarantine(claim, decoded.reason);
      return;
    }
    const meta: EntryMeta = decoded.kind === 'entry'
      ? decoded.meta
      : { id: claim.id, url: opts.url ?? '', headers: [['Content-Type', 'application/json']], created: new Date(started).toISOString(), attempts: 0, bodyBytes: 0, sha256: '' };
    const body = decoded.body;
    const url = opts.url ?? meta.url;
    if (!url) {
      moveNoReplace(claim.path, homeOf(opts.dir, claim.candidate)); // if taken meanwhile, it stays claimed for a later flush
      putBack++;
      onEvent({ event: 'error', id: claim.id, message: 'a plain payload and no --url: left in the spool' });
      return;
    }
    const entry: OutgoingEntry = { id: meta.id, url, method: meta.method ?? 'POST', headers: meta.headers, body, ...(meta.profile ? { profile: meta.profile } : {}) };
    const delivery = await deps.send({
      url,
      method: entry.method,
      headers: [...entry.headers, ...deps.sendTimeHeaders(entry)],
      body,
      timeoutMs: opts.timeoutMs,
    });
    const status = delivery.response?.status;
    if (status !== undefined) summary.statuses[status] = (summary.statuses[status] ?? 0) + 1;
    else if (delivery.error) summary.errors[delivery.error.code] = (summary.errors[delivery.error.code] ?? 0) + 1;
    const attempts = meta.attempts + 1;
    if (delivery.ok) {
      // A rename-free unlink: if it is lost in a power cut the entry is sent again, with the same Idempotency-Key.
      removals.push(claims!.remove(claim.path).catch((err: Error) => {
        // The claim stays in cur/: the next flush takes it back and sends it again, with the same key.
        failedOnDisk++;
        onEvent({ event: 'error', id: entry.id, message: `delivered, but its file could not be deleted: ${err.message}` });
      }));
      summary.delivered++;
      onEvent({ event: 'delivered', id: entry.id, status: status!, ms: Math.round(delivery.timings.total), attempts });
      return;
    }
    const requestId = delivery.response?.requestId;
    const history = [...(meta.history ?? []), {
      at: new Date().toISOString(),
      ...(status !== undefined ? { status } : {}),
      ...(delivery.error ? { error: delivery.error.code } : {}),
      ...(requestId ? { requestId } : {}),
    }].slice(-20);
    const what = status !== undefined ? `HTTP ${status}` : delivery.error?.code ?? 'no answer';
    if (!delivery.retryable || attempts >= opts.maxAttempts) {
      const reason = delivery.retryable ? `gave up after ${attempts} attempts (last: ${what})` : `${what} is not retryable`;
      const excerpt = delivery.response ? delivery.response.body.subarray(0, EXCERPT_BYTES).toString('utf8') : delivery.error?.message;
      const dead = { reason, at: new Date().toISOString(), ...(status !== undefined ? { status } : {}), ...(excerpt ? { excerpt } : {}), ...(requestId ? { requestId } : {}) };
      await rewriteAndMove(claim, { ...meta, url: meta.url || url, attempts, history, lastError: what, ...(status !== undefined ? { lastStatus: status } : {}), dead }, body, 'dead');
      summary.deadLettered++;
      onEvent({ event: 'dead', id: entry.id, reason, attempts, ...(status !== undefined ? { status } : {}), ...(requestId ? { requestId } : {}), ...(excerpt ? { excerpt } : {}) });
      return;
    }
    const retryAfter = status === 429 || status === 503 ? deps.retryAfterMs(delivery) : undefined;
    const waitMs = Math.max(spoolBackoffMs(attempts, random), retryAfter ?? 0);
    const nextAttempt = new Date(Date.now() + waitMs).toISOString();
    await rewriteAndMove(claim, { ...meta, url: meta.url || url, attempts, history, nextAttempt, lastError: what, ...(status !== undefined ? { lastStatus: status } : {}) }, body, 'deferred');
    summary.retried++;
    onEvent({ event: 'retry', id: entry.id, attempts, nextAttempt, ...(status !== undefined ? { status } : {}), ...(delivery.error ? { error: delivery.error.code } : {}), ...(requestId ? { requestId } : {}) });
    if (retryAfter !== undefined && status !== undefined) {
      if (retryAfter > opts.maxPauseMs) {
        stop(`the receiver asked to wait ${Math.ceil(retryAfter / 1000)} s (Retry-After on ${status}), longer than the pause limit`);
      } else {
        gate.pause(Date.now() + retryAfter);
        onEvent({ event: 'paused', id: entry.id, status, ms: retryAfter });
      }
    }
  }

  async function isYoung(path: string): Promise<boolean> {
    try {
      return Date.now() - (await stat(path)).mtimeMs < YOUNG_PLAIN_MS;
    } catch {
      return false;
    }
  }

  /** Replace the claimed file with the updated entry (so a crash leaves one valid copy), then move it on. */
  async function rewriteAndMove(claim: Claim, meta: EntryMeta, body: Buffer, folder: 'dead' | 'deferred'): Promise<void> {
    const { bodyBytes: _b, sha256: _s, ...rest } = meta;
    await writeDurably(opts.dir, claim.path, encodeEntry(rest, body));
    // A plain payload's id is only its file name: the seeds' queue_alert can write alert-1.json again while
    // the first alert-1 is deferred or dead, and two with one id can be handled at once.
    moveToFreeName(claim.path, join(opts.dir, folder), meta.id);
    await fsyncDir(join(opts.dir, folder));
  }

  async function quarantine(claim: Claim, reason: string): Promise<void> {
    const name = moveToFreeName(claim.path, join(opts.dir, 'quarantine'), `${claim.candidate.name}.${Date.now()}`);
    await writeDurably(opts.dir, join(opts.dir, 'quarantine', name + REASON_SUFFIX),
      Buffer.from(JSON.stringify({ file: claim.candidate.name, from: claim.candidate.origin, reason, at: new Date().toISOString() }, null, 2) + '\n'));
    summary.quarantined++;
    onEvent({ event: 'quarantined', file: claim.candidate.name, reason });
  }

  let notReached = 0;
  if (opts.dryRun) {
    for (const candidate of scan.due) await preview(candidate);
  } else {
    try {
      await Promise.all(Array.from({ length: Math.max(1, Math.min(opts.concurrency, scan.due.length || 1)) }, () => worker()));
      await Promise.all(removals);
    } finally {
      await claims!.close();
    }
    notReached = claims!.notHandedOut;
    summary.takenByOthers = claims!.takenByOthers;
  }
  if (summary.delivered > 0) await fsyncDir(join(opts.dir, 'cur'));
  summary.left = summary.retried + notReached + putBack + failedOnDisk + scan.notDue + scan.held + (opts.dryRun ? summary.wouldSend : 0);
  summary.elapsedMs = Date.now() - started;
  summary.ok = !opts.dryRun && summary.retried === 0 && summary.deadLettered === 0 && summary.quarantined === 0 && notReached === 0 && putBack === 0 && failedOnDisk === 0;
  return summary;
}

export type { Candidate };
