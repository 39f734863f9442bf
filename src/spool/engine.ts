// The flush engine: claim each due entry, deliver it, then remove, defer, dead-letter or quarantine it; drain
// the spool in passes, waiting for entries' next attempts and the receiver's pauses (one run, or --watch).
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Delivery, DeliveryRequest, HeaderList } from '../http/delivery.js';
import { homeOf, pathOf, scanSpool, YOUNG_PLAIN_MS, type Candidate, type Claim } from './claim.js';
import { inlineClaims, type ClaimSource } from './claim-source.js';
import { decodeFile, encodeEntry, type DecodedFile, type EntryMeta } from './entry.js';
import { ensureLayout, fsyncDir, moveNoReplace, moveToFreeName, writeDurably } from './durable.js';
import { REASON_SUFFIX, idOfName } from './layout.js';
import { neverReached, spoolBackoffMs } from './backoff.js';
import { SendGate, sleepUnless, type Rate } from './rate.js';
import { forgetReceiverStates, keepReceiverState, nextReceiverState, originOf, readReceiverStates, type Outcome, type ReceiverState } from './receiver-state.js';

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
  /**
   * --watch: resolves when there may be work (a file landed, the rescan interval passed, or `untilMs`, the
   * next attempt due, came); rejects when the spool can no longer be used (gone, unwritable). With it a run
   * never ends by itself; without it, a run ends when nothing is due within maxWaitMs.
   */
  waitForWork?: (untilMs: number | undefined, signal?: AbortSignal) => Promise<void>;
}

export interface FlushOptions {
  dir: string;
  /** Target for plain payloads; overrides entries' own targets. */
  url?: string;
  /** Sends entries not yet due too, in the first pass. */
  now: boolean;
  dryRun: boolean;
  concurrency: number;
  rate?: Rate;
  timeoutMs: number;
  maxAttempts: number;
  /** How long a claim from another host is honoured. */
  leaseMs: number;
  /** A Retry-After (or a down receiver's backoff) longer than this ends the run (the rest waits for a later one). */
  maxPauseMs: number;
  /**
   * How long the run waits, at most, for an entry's next attempt to come (a retry in the same run). Default 0:
   * one pass over what is due now. --watch waits for ever.
   */
  maxWaitMs?: number;
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
  // `origin` is said when the run sends to several receivers (no --url).
  | { event: 'paused'; id: string; status: number; ms: number; origin?: string; until?: string }
  | { event: 'receiver'; state: 'down' | 'paused' | 'up'; reason: string; until?: string; origin?: string }
  | { event: 'waiting'; until: string; left: number }
  // With `origin` (no --url): this run sends nothing more to that receiver; the others' entries still go out.
  | { event: 'stopped'; reason: string; origin?: string }
  | { event: 'would-send'; id: string; url: string; bytes: number; attempts: number }
  | { event: 'would-quarantine'; file: string; reason: string }
  | { event: 'error'; id: string; message: string };

export interface ReceiverSummary {
  state: 'down' | 'paused';
  pausedUntil: string;
  reason: string;
  /** scheme://host:port; said when the run sent to several receivers (no --url). */
  origin?: string;
}

export interface FlushSummary {
  delivered: number;
  retried: number;
  deadLettered: number;
  quarantined: number;
  /** Entries still in the spool at the end: deferred, pending, not reached (not those another flusher holds). */
  left: number;
  /** Of those, entries whose next attempt has not come. */
  notDue: number;
  /** When the next of them is due (ISO), if any is left: the earliest next attempt or the receiver's pause. */
  nextAttempt?: string;
  /** The receiver's pause or backoff in force at the end, if any (of several receivers, the one that ends first). */
  receiver?: ReceiverSummary;
  /** Every receiver's pause or backoff in force at the end, soonest to end first (without --url a spool can send to several). */
  receivers?: ReceiverSummary[];
  /** Due entries another flusher claimed first: theirs to deliver, not counted as left. */
  takenByOthers: number;
  /** Entries other live flushers hold at the end (being sent by them): not counted as left. */
  held: number;
  wouldSend: number;
  statuses: Record<string, number>;
  errors: Record<string, number>;
  elapsedMs: number;
  /** Nothing was dead-lettered, quarantined or failed on disk, and nothing is left for this run's receiver. */
  ok: boolean;
}

/**
 * TLS failures that say the client's trust is not set up for this receiver (a private CA, a self-signed test
 * receiver, a name mismatch): a configuration problem, the same for every entry. The entry is kept (never
 * dead-lettered for it) and the run says what to pass (--cacert, -k). Node's codes, from OpenSSL's
 * X509_V_ERR_* names and ERR_TLS_CERT_ALTNAME_INVALID (Node.js docs, "TLS (SSL)": X509 certificate error codes).
 */
const CERTIFICATE_ERROR = /^(DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_GET_ISSUER_CERT(_LOCALLY)?|UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_CRL|CERT_.+|ERR_TLS_CERT_ALTNAME_INVALID|HOSTNAME_MISMATCH|INVALID_CA|PATH_LENGTH_EXCEEDED|INVALID_PURPOSE|CERT_UNTRUSTED|CERT_REJECTED)$/;

export function isCertificateError(code: string | undefined): boolean {
  return code !== undefined && CERTIFICATE_ERROR.test(code);
}

/** How soon a run looks again at a plain file it left because it was still being written. */
const YOUNG_RELOOK_MS = 250;
const EXCERPT_BYTES = 500;

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * Drains a spool: passes over what is due, each entry claimed, sent, then removed, deferred, dead-lettered or
 * quarantined; between passes it waits (up to maxWaitMs, or for ever under --watch) for the next attempt due,
 * honouring the receiver's pause, and ends when nothing more can be sent within that wait.
 */
export async function flushSpool(opts: FlushOptions, deps: FlushDeps, onEvent: (e: FlushEvent) => void = () => {}): Promise<FlushSummary> {
  const started = Date.now();
  if (!opts.dryRun) await ensureLayout(opts.dir);
  const targetOrigin = originOf(opts.url);
  // --now says the receiver is fixed: a pause kept from an earlier run no longer holds (under --url, that receiver's).
  if (opts.now && !opts.dryRun) await (targetOrigin ? keepReceiverState(opts.dir, targetOrigin, undefined, targetOrigin) : forgetReceiverStates(opts.dir));
  const summary: FlushSummary = {
    delivered: 0, retried: 0, deadLettered: 0, quarantined: 0, left: 0, notDue: 0, takenByOthers: 0, held: 0, wouldSend: 0,
    statuses: {}, errors: {}, elapsedMs: 0, ok: true,
  };
  const gate = new SendGate(opts.rate);
  const random = opts.random ?? Math.random;
  const watching = Boolean(deps.waitForWork);
  const maxWaitMs = watching ? Infinity : Math.max(0, opts.maxWaitMs ?? 0);
  const maxPauseMs = watching ? Infinity : opts.maxPauseMs;
  /** --max-wait 0: one pass over what is due now (and the entries a receiver's pause held back in it, once it ends). */
  const onePass = !watching && maxWaitMs <= 0;
  let stopped = false;
  let failedOnDisk = 0;
  /** Files put back in this run, and when they may be tried again: a young plain file soon, one with no --url never. */
  const notBefore = new Map<string, number>();
  let claims: ClaimSource | undefined;
  /** Deletes after a 2xx, under way: a slot goes on to its next entry without waiting for them. */
  let removals: Array<Promise<void>> = [];
  let deliveredInPass = 0;

  /**
   * Each receiver (by origin) as this run knows it, and as <spool>/.receiver.json keeps it for the next run.
   * Under --url every entry goes to one receiver, and its pause holds the gate: nothing is claimed meanwhile.
   * Without it a spool can hold entries for several, and one's pause or outage must not hold back another's:
   * an entry whose receiver is paused, or is down with a probe in flight, is put back unsent (no attempt
   * counted) and left out of the passes until that ends, while the others go out.
   */
  const single = targetOrigin !== undefined;
  const receivers = new Map<string, ReceiverState>();
  const onDisk = new Set<string>();
  /** While a receiver is down, one send at a time probes it: the probe in flight, by origin. */
  const probes = new Map<string, Promise<void>>();
  /** Entries put back for their receiver, by name, and when each receiver's may go again (Infinity: a probe is out). */
  const heldBy = new Map<string, string>();
  const heldUntil = new Map<string, number>();
  /** The pause end last said for each origin: a pause read from the spool is said once, when it first holds an entry back. */
  const said = new Map<string, number>();
  /** Receivers this run sends nothing more to (a pause beyond the limit, an untrusted certificate): the others go on. */
  const stoppedFor = new Set<string>();
  /** Writes of .receiver.json, one after the other (each reads the file and changes one origin's state). */
  let keeping: Promise<void> = Promise.resolve();

  // Stopping (a long pause, an interrupt) wakes whatever waits: the gate, the wait between passes.
  const halt = new AbortController();
  const onAbort = () => halt.abort();
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  const stop = (reason: string) => {
    if (stopped) return;
    stopped = true;
    halt.abort();
    claims?.stop();
    onEvent({ event: 'stopped', reason });
  };
  const isDown = (state: ReceiverState | undefined) => (state?.failures ?? 0) > 0;
  /** Each entry's origin, parsed once per URL (a spool of thousands holds a few URLs). */
  const origins = new Map<string, string>();
  const originFor = (url: string): string => {
    let origin = origins.get(url);
    if (origin === undefined) origins.set(url, (origin = originOf(url) ?? url));
    return origin;
  };
  const about = (origin: string) => (single ? {} : { origin });
  const isHeld = (name: string, now: number) => {
    const origin = heldBy.get(name);
    return origin !== undefined && (heldUntil.get(origin) ?? 0) > now;
  };

  async function loadReceivers(): Promise<void> {
    for (const [origin, saved] of await readReceiverStates(opts.dir, targetOrigin)) {
      // A pause kept for another receiver than the one --url names does not hold this run back (nor is it cleared by it).
      if (single && origin !== targetOrigin) continue;
      onDisk.add(origin);
      const mine = receivers.get(origin);
      if (!mine || saved.pausedUntil > mine.pausedUntil) receivers.set(origin, saved);
      if (single) gate.pause(saved.pausedUntil);
    }
  }

  async function keep(origin: string, state: ReceiverState | undefined): Promise<void> {
    const write = keeping.then(() => keepReceiverState(opts.dir, origin, state, targetOrigin));
    keeping = write.catch(() => {});
    await write;
    if (state) onDisk.add(origin);
    else onDisk.delete(origin);
  }

  /** When the entries held back for this origin may go again: after its pause, once its probe is answered. */
  function releaseHeld(origin: string): void {
    const state = receivers.get(origin);
    heldUntil.set(origin, probes.has(origin) || stoppedFor.has(origin) ? Infinity : state && state.pausedUntil > Date.now() ? state.pausedUntil : 0);
  }

  /**
   * What makes a run to one receiver stop makes a run to several stop sending to that one only: its entries
   * are held back for the rest of the run (a later run sends them), and the reason is said once.
   */
  function stopFor(origin: string, reason: string): void {
    if (single) return stop(reason);
    if (stoppedFor.has(origin)) return;
    stoppedFor.add(origin);
    releaseHeld(origin);
    onEvent({ event: 'stopped', reason, origin });
  }

  /** What an answer says about the receiver (not the entry): up, paused, or down. */
  function outcomeOf(delivery: Delivery, retryAfter: number | undefined): Outcome {
    const status = delivery.response?.status;
    if (delivery.ok || !delivery.retryable) return status !== undefined || !isCertificateError(delivery.error?.code) ? { kind: 'answered' } : { kind: 'no-answer', code: delivery.error!.code };
    if (status === undefined) return { kind: 'no-answer', code: delivery.error?.code ?? 'no answer' };
    if (retryAfter !== undefined) return { kind: 'retry-after', ms: retryAfter, status };
    return { kind: 'failed', status };
  }

  /**
   * Applies a receiver's new state: keeps it on disk, says so, and (under --url) pauses the gate. A pause longer
   * than the limit stops the run (of several receivers, the sends to that one).
   */
  async function applyReceiver(origin: string, before: ReceiverState | undefined, id: string, outcome: Outcome): Promise<void> {
    const receiver = receivers.get(origin);
    releaseHeld(origin);
    if (!receiver) {
      if (before && before.failures > 0) onEvent({ event: 'receiver', state: 'up', reason: `answered again after ${before.reason}`, ...about(origin) });
      if (onDisk.has(origin)) await keep(origin, undefined);
      return;
    }
    const now = Date.now();
    if (receiver.pausedUntil <= (before?.pausedUntil ?? 0) || receiver.pausedUntil <= now) return; // no new pause
    if (single) gate.pause(receiver.pausedUntil);
    await keep(origin, receiver);
    said.set(origin, receiver.pausedUntil);
    const tooLong = receiver.pausedUntil - now > maxPauseMs;
    if (outcome.kind === 'retry-after' && !isDown(receiver)) {
      if (tooLong) stopFor(origin, `the receiver asked to wait ${Math.ceil(outcome.ms / 1000)} s (Retry-After on ${outcome.status}), longer than the pause limit; kept in the spool: the next flush waits until ${iso(receiver.pausedUntil)}`);
      else onEvent({ event: 'paused', id, status: outcome.status, ms: outcome.ms, ...(single ? {} : { origin, until: iso(receiver.pausedUntil) }) });
      return;
    }
    onEvent({ event: 'receiver', state: isDown(receiver) ? 'down' : 'paused', reason: receiver.reason, until: iso(receiver.pausedUntil), ...about(origin) });
    if (tooLong) stopFor(origin, `the receiver is ${isDown(receiver) ? `down (${receiver.reason})` : `paused (${receiver.reason})`}: its next attempt is due at ${iso(receiver.pausedUntil)}, later than the wait limit`);
  }

  /** Puts a claimed file back where it was found, unsent; if another flusher took that name meanwhile, it stays claimed for a later flush. */
  function putBack(claim: Claim): void {
    moveNoReplace(claim.path, homeOf(opts.dir, claim.candidate));
  }

  /** An entry whose receiver is paused (or being probed while down) goes back unsent, and waits out of the passes. */
  function holdBack(claim: Claim, origin: string, state: ReceiverState | undefined): void {
    putBack(claim);
    heldBy.set(claim.candidate.name, origin);
    releaseHeld(origin);
    // A pause this run did not see begin (an earlier run kept it in the spool) is said when it first holds an entry back.
    if (!state || state.pausedUntil <= Date.now() || said.get(origin) === state.pausedUntil || single || stoppedFor.has(origin)) return;
    said.set(origin, state.pausedUntil);
    onEvent({ event: 'receiver', state: isDown(state) ? 'down' : 'paused', reason: state.reason, until: iso(state.pausedUntil), origin });
    if (state.pausedUntil - Date.now() > maxPauseMs) stopFor(origin, `the receiver is ${isDown(state) ? 'down' : 'paused'} (${state.reason}) until ${iso(state.pausedUntil)}, as an earlier run noted in the spool: later than the wait limit`);
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

  async function handle(source: ClaimSource, claim: Claim, data: Buffer, decodedAhead?: DecodedFile): Promise<void> {
    const decoded = decodedAhead ?? decodeFile(data);
    if (decoded.kind === 'corrupt') {
      if (claim.candidate.origin === 'top' && (await isYoung(claim.path))) {
        // Another program may still be writing it in place (the seeds' write_text is not atomic): leave it.
        putBack(claim);
        notBefore.set(claim.candidate.name, Date.now() + YOUNG_RELOOK_MS);
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
      putBack(claim);
      notBefore.set(claim.candidate.name, Infinity);
      onEvent({ event: 'error', id: claim.id, message: 'a plain payload and no --url: left in the spool' });
      return;
    }
    const origin = originFor(url);
    heldBy.delete(claim.candidate.name);
    const state = receivers.get(origin);
    if ((state && state.pausedUntil > Date.now()) || (isDown(state) && probes.has(origin)) || stoppedFor.has(origin)) {
      holdBack(claim, origin, state);
      return;
    }
    let release: (() => void) | undefined;
    if (isDown(state)) probes.set(origin, new Promise<void>((r) => (release = r)));
    try {
      await deliverEntry(source, claim, meta, body, url, origin);
    } finally {
      if (release) {
        probes.delete(origin);
        release();
        releaseHeld(origin);
      }
    }
  }

  async function deliverEntry(source: ClaimSource, claim: Claim, meta: EntryMeta, body: Buffer, url: string, origin: string): Promise<void> {
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
      removals.push(source.remove(claim.path).catch((err: Error) => {
        // The claim stays in cur/: the next flush takes it back and sends it again, with the same key.
        failedOnDisk++;
        onEvent({ event: 'error', id: entry.id, message: `delivered, but its file could not be deleted: ${err.message}` });
      }));
      summary.delivered++;
      deliveredInPass++;
      onEvent({ event: 'delivered', id: entry.id, status: status!, ms: Math.round(delivery.timings.total), attempts });
      const before = receivers.get(origin);
      if (before) {
        setReceiver(origin, nextReceiverState(before, { kind: 'answered' }, Date.now(), origin, random));
        await applyReceiver(origin, before, entry.id, { kind: 'answered' });
      }
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
    const retryAfter = status === 429 || status === 503 ? deps.retryAfterMs(delivery) : undefined;
    const outcome = outcomeOf(delivery, retryAfter);
    const before = receivers.get(origin);
    const receiver = nextReceiverState(before, outcome, Date.now(), origin, random);
    // At once, before this entry is written back: the other workers must not send to it meanwhile. A new pause
    // is this run's to say (applyReceiver does): an entry held back meanwhile must not say it as an earlier run's.
    setReceiver(origin, receiver);
    if (receiver && receiver.pausedUntil > (before?.pausedUntil ?? 0)) said.set(origin, receiver.pausedUntil);
    if (single && receiver && receiver.pausedUntil > Date.now()) gate.pause(receiver.pausedUntil);
    const certificate = status === undefined && isCertificateError(delivery.error?.code);
    if (certificate) {
      // The client's trust, not the entry: kept as it was (no attempt counted), due again once that is fixed.
      await rewriteAndMove(claim, { ...meta, url: meta.url || url, history, nextAttempt: iso(Math.max(Date.now(), receiver?.pausedUntil ?? 0)), lastError: what }, body, 'deferred');
      summary.retried++;
      onEvent({ event: 'retry', id: entry.id, attempts: meta.attempts, nextAttempt: iso(Date.now()), error: what });
      const hint = `the receiver's certificate is not trusted (${what}): pass --cacert <ca.pem> for a private CA (or -k to skip verification); the entry stays in the spool`;
      if (!watching) stopFor(origin, hint);
      await applyReceiver(origin, before, entry.id, outcome);
      return;
    }
    // An attempt that never reached the receiver (refused, no route, no name, no connection in time) says
    // nothing about this entry: it does not count toward --max-attempts, so a receiver down for hours does
    // not turn its backlog into dead letters. Attempts it answered, or that timed out once sent, do.
    const unreached = (meta.unreached ?? 0) + (status === undefined && neverReached(delivery.error?.code) ? 1 : 0);
    if (!delivery.retryable || attempts - unreached >= opts.maxAttempts) {
      const reason = delivery.retryable ? `gave up after ${attempts} attempts (last: ${what})` : `${what} is not retryable`;
      const excerpt = delivery.response ? delivery.response.body.subarray(0, EXCERPT_BYTES).toString('utf8') : delivery.error?.message;
      const dead = { reason, at: new Date().toISOString(), ...(status !== undefined ? { status } : {}), ...(excerpt ? { excerpt } : {}), ...(requestId ? { requestId } : {}) };
      await rewriteAndMove(claim, { ...meta, url: meta.url || url, attempts, history, lastError: what, ...(status !== undefined ? { lastStatus: status } : {}), dead }, body, 'dead');
      summary.deadLettered++;
      onEvent({ event: 'dead', id: entry.id, reason, attempts, ...(status !== undefined ? { status } : {}), ...(requestId ? { requestId } : {}), ...(excerpt ? { excerpt } : {}) });
      await applyReceiver(origin, before, entry.id, outcome);
      return;
    }
    // Never earlier than the receiver asked (Retry-After), nor before its pause or backoff ends; without a
    // word from it, the spool's own backoff for this entry.
    const nextAt = Math.max(Date.now() + (retryAfter ?? spoolBackoffMs(attempts, random)), receiver?.pausedUntil ?? 0);
    const nextAttempt = iso(nextAt);
    await rewriteAndMove(claim, { ...meta, url: meta.url || url, attempts, history, nextAttempt, lastError: what, ...(status !== undefined ? { lastStatus: status } : {}), ...(unreached ? { unreached } : {}) }, body, 'deferred');
    summary.retried++;
    onEvent({ event: 'retry', id: entry.id, attempts, nextAttempt, ...(status !== undefined ? { status } : {}), ...(delivery.error ? { error: delivery.error.code } : {}), ...(requestId ? { requestId } : {}) });
    await applyReceiver(origin, before, entry.id, outcome);
  }

  function setReceiver(origin: string, state: ReceiverState | undefined): void {
    if (state) receivers.set(origin, state);
    else receivers.delete(origin);
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

  /** One pass over the entries due now, `concurrency` at a time. */
  async function runPass(due: readonly Candidate[]): Promise<void> {
    const source = (deps.claims ?? inlineClaims)(opts.dir, due);
    claims = source;
    deliveredInPass = 0;
    let atGate = 0;
    const worker = async (): Promise<void> => {
      for (;;) {
        if (opts.signal?.aborted) stop('interrupted: the entries not yet claimed stay in the spool');
        if (stopped) return;
        // A rate slot only for an entry that may still come: a paced flush does not wait out a slot it cannot use.
        if (source.remaining <= atGate) return;
        atGate++;
        const passed = await gate.pass(halt.signal).finally(() => void atGate--);
        if (!passed || stopped || opts.signal?.aborted) continue;
        // Under --url, while the receiver is down and probed, the others wait for its answer before claiming.
        const probe = single ? probes.get(targetOrigin!) : undefined;
        if (probe && isDown(receivers.get(targetOrigin!))) {
          await probe;
          continue;
        }
        const claimed = await source.next();
        if (!claimed) return;
        if (stopped || opts.signal?.aborted) {
          // The flush stopped while this one was being claimed: it goes back unsent.
          await source.giveBack(claimed).catch(() => {});
          continue;
        }
        try {
          await handle(source, claimed.claim, claimed.data, claimed.decoded);
        } catch (err) {
          // The claim stays in cur/; the next flush takes it back once this process is gone.
          failedOnDisk++;
          onEvent({ event: 'error', id: claimed.claim.id, message: (err as Error).message });
        }
      }
    };
    try {
      await Promise.all(Array.from({ length: Math.max(1, Math.min(opts.concurrency, due.length || 1)) }, () => worker()));
      await Promise.all(removals);
    } finally {
      removals = [];
      await source.close();
      claims = undefined;
      // Left unclaimed while their writer is at them: looked at again soon (a change event may come first).
      for (const name of source.stillWriting) notBefore.set(name, Date.now() + YOUNG_RELOOK_MS);
    }
    summary.takenByOthers += source.takenByOthers;
    if (deliveredInPass > 0) await fsyncDir(join(opts.dir, 'cur'));
  }

  let firstPass = true;
  let lastWaitShown: number | undefined;
  /** The earliest end of a pause that holds entries back (Infinity: a probe is out), if any does. */
  const heldWake = (now: number): number | undefined => {
    let wake: number | undefined;
    for (const origin of new Set(heldBy.values())) {
      const until = heldUntil.get(origin) ?? 0;
      if (until > now && Number.isFinite(until)) wake = Math.min(wake ?? Infinity, until);
    }
    return wake;
  };
  for (;;) {
    if (opts.signal?.aborted) {
      stop('interrupted: the entries not yet claimed stay in the spool');
      break;
    }
    if (!opts.dryRun) await loadReceivers();
    const now = Date.now();
    const scan = await scanSpool(opts.dir, { now, includeNotDue: opts.now && firstPass, leaseMs: opts.leaseMs });
    // After the one pass of --max-wait 0, only the entries a receiver's pause held back in it are sent.
    const only = onePass && !firstPass;
    const due = notBefore.size || heldBy.size || only
      ? scan.due.filter((c) => (notBefore.get(c.name) ?? 0) <= now && !isHeld(c.name, now) && (!only || heldBy.has(c.name)))
      : scan.due;
    if (firstPass) onEvent({ event: 'start', due: due.length, notDue: scan.notDue, held: scan.held });
    if (opts.dryRun) {
      for (const candidate of due) await preview(candidate);
      break;
    }
    if (due.length > 0) {
      if (gate.pausedUntilMs - now > maxPauseMs) {
        const kept = receivers.get(targetOrigin!);
        stop(`the receiver is ${isDown(kept) ? 'down' : 'paused'} (${kept?.reason ?? 'Retry-After'}) until ${iso(gate.pausedUntilMs)}, as an earlier run noted in the spool: later than the wait limit`);
        break;
      }
      await runPass(due);
      if (stopped) break;
      firstPass = false;
      if (onePass && heldBy.size === 0) break;
      continue; // at once: entries that landed meanwhile, retries already due, entries held back whose pause ended
    }
    firstPass = false;
    // Nothing due now: the next thing to do is the earliest next attempt, or a file put back, and not before
    // the receiver's pause; or the end of a pause that holds entries back (waited for up to the pause limit).
    let wake = only ? undefined : scan.nextDueMs;
    if (!only) for (const at of notBefore.values()) if (Number.isFinite(at)) wake = Math.min(wake ?? Infinity, at);
    if (wake !== undefined) wake = Math.max(wake, gate.pausedUntilMs);
    const held = heldWake(Date.now());
    const soonest = Math.min(wake ?? Infinity, held ?? Infinity);
    const left = Date.now();
    const next = Math.min(wake !== undefined && wake - left <= maxWaitMs ? wake : Infinity, held !== undefined && held - left <= Math.max(maxWaitMs, maxPauseMs) ? held : Infinity);
    if (Number.isFinite(soonest) && soonest !== lastWaitShown) {
      lastWaitShown = soonest;
      if (watching || Number.isFinite(next)) onEvent({ event: 'waiting', until: iso(soonest), left: scan.notDue + scan.due.length });
    }
    if (deps.waitForWork) {
      await deps.waitForWork(Number.isFinite(soonest) ? soonest : undefined, halt.signal);
      continue;
    }
    if (!Number.isFinite(next)) break;
    await sleepUnless(next - Date.now(), halt.signal);
  }
  opts.signal?.removeEventListener('abort', onAbort);

  const end = Date.now();
  if (!opts.dryRun) {
    // What is left, counted as it stands now (another flusher or writer may have moved things meanwhile).
    const scan = await scanSpool(opts.dir, { now: end, includeNotDue: false, leaseMs: opts.leaseMs });
    summary.left = scan.due.length + scan.notDue;
    summary.held = scan.held;
    // Entries held back for their receiver are not due until its pause ends (one this run stopped sending to: its pause, if any).
    let next = scan.nextDueMs ?? Infinity;
    let heldBack = 0;
    for (const c of scan.due) {
      const origin = heldBy.get(c.name);
      const until = origin !== undefined && isHeld(c.name, end) ? Math.min(heldUntil.get(origin)!, Math.max(end, receivers.get(origin)?.pausedUntil ?? end)) : end;
      if (until > end) heldBack++;
      next = Math.min(next, until);
    }
    summary.notDue = scan.notDue + heldBack;
    if (summary.left > 0) summary.nextAttempt = iso(Math.max(Number.isFinite(next) ? next : end, gate.pausedUntilMs));
  } else {
    summary.left = summary.wouldSend;
  }
  const paused = [...receivers].filter(([, r]) => r.pausedUntil > end).sort(([, a], [, b]) => a.pausedUntil - b.pausedUntil);
  if (paused.length > 0) {
    summary.receivers = paused.map(([origin, r]) => ({ state: isDown(r) ? 'down' : 'paused', pausedUntil: iso(r.pausedUntil), reason: r.reason, ...about(origin) }));
    summary.receiver = summary.receivers[0];
  }
  summary.elapsedMs = Date.now() - started;
  summary.ok = !opts.dryRun && summary.deadLettered === 0 && summary.quarantined === 0 && failedOnDisk === 0 && summary.left === 0;
  return summary;
}

export type { Candidate };
