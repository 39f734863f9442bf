// Where a flush gets its next entry from: claimed (renamed into cur/) and read, oldest first; and where a
// delivered entry's file is deleted. Inline for a small spool or a paced flush; for a large one, a thread of
// its own claims, reads and decodes ahead, so that the main thread spends its time on the network (to a fast
// receiver, a third of a flush's main thread was file calls). The delete after a 2xx does not wait for it (see remove).
import { unlink, unlinkSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { basename } from 'node:path';
import { claimFileSync, claimPathOf, homeOf, isYoungPlain, pathOf, readClaimed, stillBeingWritten, type Candidate, type Claim } from './claim.js';
import { moveNoReplace } from './durable.js';
import { idOfName, parseClaimName } from './layout.js';
import { decodeFile, type DecodedFile } from './entry.js';

export interface ClaimedFile {
  claim: Claim;
  data: Buffer;
  /** The file decoded (and an entry's checksum checked), when the file thread already did it. */
  decoded?: DecodedFile;
}

export interface ClaimSource {
  /**
   * The next due entry, claimed and read; undefined when there are no more (or after stop()). Entries that
   * another flusher claimed first are skipped. Rejects on a disk error other than losing a race.
   */
  next(): Promise<ClaimedFile | undefined>;
  /** Deletes a delivered entry's claimed file; rejects on a disk error (the claim stays: sent again later). */
  remove(path: string): Promise<void>;
  /** From now on next() gives nothing (an interrupt, or a Retry-After longer than the flush waits). */
  stop(): void;
  /** Puts back an entry handed out but not sent (the flush stopped meanwhile). */
  giveBack(claimed: ClaimedFile): Promise<void>;
  /** Puts back what was claimed ahead and not handed out, waits for the calls under way, frees the thread. */
  close(): Promise<void>;
  /** Due entries not handed out, or given back: they stay in the spool. Final after close(). */
  readonly notHandedOut: number;
  /** Due entries another flusher claimed first (or took back): theirs to send. */
  readonly takenByOthers: number;
  /** Entries claimed and read ahead, waiting to be handed out (none for the inline source). */
  readonly inHand: number;
  /** Due entries next() may still hand out (at most: some may go to another flusher first); 0 once stopped. */
  readonly remaining: number;
  /** Names of plain payloads left where they lie, unclaimed, because another program is still writing them. */
  readonly stillWriting: readonly string[];
}

function claimFor(dir: string, candidate: Candidate): Claim {
  return { path: claimPathOf(dir, candidate), candidate, id: idOfName(candidate.name) };
}

/**
 * Claims a candidate and reads it, on the calling thread; undefined when another flusher got it first,
 * 'writing' when it is a plain payload still being written (left where it lies, unclaimed).
 */
function claimAndRead(dir: string, candidate: Candidate): ClaimedFile | 'writing' | undefined {
  const from = pathOf(dir, candidate.origin, candidate.file);
  if (isYoungPlain(candidate) && stillBeingWritten(from)) return 'writing';
  const claim = claimFor(dir, candidate);
  if (!claimFileSync(from, claim.path)) return undefined;
  return { claim, data: readClaimed(claim.path) };
}

/** Claims one at a time, when asked, on the calling thread. */
export function inlineClaims(dir: string, due: readonly Candidate[]): ClaimSource {
  let cursor = 0;
  let stopped = false;
  let givenBack = 0;
  let taken = 0;
  const stillWriting: string[] = [];
  return {
    async next() {
      while (!stopped && cursor < due.length) {
        const candidate = due[cursor++]!;
        const claimed = claimAndRead(dir, candidate);
        if (claimed === 'writing') stillWriting.push(candidate.name);
        else if (claimed) return claimed;
        else taken++; // another flusher has it
      }
      return undefined;
    },
    async remove(path) {
      unlinkSync(path);
    },
    stop() {
      stopped = true;
    },
    async giveBack(claimed) {
      givenBack++;
      moveNoReplace(claimed.claim.path, homeOf(dir, claimed.claim.candidate)); // if taken, it stays claimed: the next flush takes it back
    },
    async close() {},
    get notHandedOut() {
      return due.length - cursor + givenBack;
    },
    get takenByOthers() {
      return taken;
    },
    inHand: 0,
    get remaining() {
      return stopped ? 0 : due.length - cursor;
    },
    stillWriting,
  };
}

/** One call, as the file thread receives it, and its outcome. */
/** `young`: a plain payload changed just before the scan, checked in place first (see stillBeingWritten). */
export type FileJob = { op: 'claim'; from: string; to: string; young?: boolean } | { op: 'move'; from: string; to: string };
export type FileJobResult = { data: Uint8Array; decoded: DecodedFile } | { lost: true } | { writing: true } | { done: true } | { skipped: true } | { error: string; code?: string };

/** Runs one job synchronously on the file thread; never throws (an error is the result). */
export function runFileJob(job: FileJob): FileJobResult {
  try {
    if (job.op === 'move') {
      moveNoReplace(job.from, job.to); // if taken, it stays claimed: the next flush takes it back
      return { done: true };
    }
    if (job.young && stillBeingWritten(job.from)) return { writing: true };
    if (!claimFileSync(job.from, job.to)) return { lost: true };
    // Decoded here too (JSON parsed, an entry's checksum checked): work the main thread then need not do.
    const data = readClaimed(job.to);
    return { data, decoded: decodeFile(data) };
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    return { error: e.message, ...(e.code ? { code: e.code } : {}) };
  }
}

/**
 * Runs a batch of jobs in order (file-thread.js). Once the claims have read `budget` bytes, the claims after
 * them are skipped, not made (the caller claims those later): what is read ahead stays within its byte limit
 * however large the entries are, give or take one entry.
 */
export function runFileJobs(jobs: readonly FileJob[], budget: number): FileJobResult[] {
  let read = 0;
  return jobs.map((job) => {
    if (job.op === 'claim' && read >= budget) return { skipped: true };
    const result = runFileJob(job);
    if ('data' in result) read += result.data.length;
    return result;
  });
}

const asBuffer = (u: Uint8Array): Buffer => (Buffer.isBuffer(u) ? u : Buffer.from(u.buffer, u.byteOffset, u.byteLength));

function errorOf(result: { error: string; code?: string }): Error {
  return Object.assign(new Error(result.error), result.code ? { code: result.code } : {});
}

type Waiter = { resolve(v: ClaimedFile | undefined): void; reject(err: Error): void };
type Sent = { job: FileJob; claim?: Claim; done?: { resolve(): void; reject(err: Error): void } };

export interface Lookahead {
  /** Entries claimed and read before they are asked for. */
  entries: number;
  /** ...and no more bytes than this in hand (bodies can be large). */
  bytes: number;
  /**
   * A claim made ahead and held longer than this is renewed (renamed to a fresh claim name) when it is handed
   * out, so that its lease cannot run out while it is sent; one that another flusher took back meanwhile (its
   * lease ran out while it waited) is theirs and skipped. Half the lease.
   */
  renewAfterMs: number;
}

/** Claims go to the thread in batches of at most this many, so the first answer comes back quickly. */
const CLAIM_BATCH = 64;

/**
 * Claims and reads ahead of the sends, on a worker thread running `script` (file-thread.js). Jobs go over in
 * batches: what piles up while the thread is busy goes in the next message. When nothing is in hand (the
 * thread is starting, which takes tens of ms, or has fallen behind) the next entry is claimed here, as
 * inlineClaims does, so a send never waits for the thread. A delivered entry is deleted here at once (see
 * remove). A claim made ahead holds its entry only while this process lives: if it is killed, the next
 * flush takes the claim back at once (its owner is gone).
 */
export function threadedClaims(dir: string, due: readonly Candidate[], script: string | URL, ahead: Lookahead): ClaimSource {
  const worker = new Worker(script);
  let online = false;
  let cursor = 0; // next candidate to claim
  const skipped: Candidate[] = []; // sent to the thread to claim, skipped there (over the byte limit): claimed later
  let requested = 0; // claims on the thread, not yet answered
  const ready: ClaimedFile[] = [];
  let readyBytes = 0;
  const waiters: Waiter[] = [];
  let behind: Sent[] = []; // moves (give-backs) waiting to go to the thread
  const batches: Sent[][] = []; // sent, not yet answered, in order
  const budgets: number[] = []; // the bytes each batch in `batches` may read
  let budgetOut = 0; // their sum
  let stopped = false;
  let failure: Error | undefined;
  let pumping = false;
  let givenBack = 0;
  let taken = 0;
  let idle: Array<() => void> = [];
  const stillWriting: string[] = [];

  const hasMore = () => skipped.length > 0 || cursor < due.length;
  const nextCandidate = (): Candidate => skipped.shift() ?? due[cursor++]!;
  const finished = () => (stopped || !hasMore()) && requested === 0 && ready.length === 0;

  /** The next entry in hand, its claim renewed if it waited long; undefined when none is left in hand. */
  const take = (): ClaimedFile | undefined => {
    while (ready.length > 0) {
      const c = ready.shift()!;
      readyBytes -= c.data.length;
      const claimedMs = parseClaimName(basename(c.claim.path))?.claimedMs ?? 0;
      if (Date.now() - claimedMs <= ahead.renewAfterMs) return c;
      const to = claimPathOf(dir, c.claim.candidate);
      if (claimFileSync(c.claim.path, to)) return { ...c, claim: { ...c.claim, path: to } };
      // Gone: another flusher took it back when its lease ran out, and sends it. Not ours to send.
      taken++;
    }
    return undefined;
  };

  /** While the thread starts: the next entry claimed and read on this thread (undefined: none left). */
  const claimHere = (): ClaimedFile | undefined => {
    while (hasMore()) {
      const candidate = nextCandidate();
      const claimed = claimAndRead(dir, candidate);
      if (claimed === 'writing') stillWriting.push(candidate.name);
      else if (claimed) return claimed;
      else taken++; // another flusher has it
    }
    return undefined;
  };

  const settleWaiters = () => {
    while (waiters.length > 0) {
      if (failure) waiters.shift()!.reject(failure);
      else if (stopped) waiters.shift()!.resolve(undefined);
      else if (ready.length > 0) {
        let c: ClaimedFile | undefined;
        try {
          c = take();
        } catch (err) {
          waiters.shift()!.reject(err as Error);
          continue;
        }
        if (c) waiters.shift()!.resolve(c);
      } else if (hasMore()) {
        // Nothing in hand (the thread is starting, or behind): claim the next one here rather than wait.
        const waiter = waiters.shift()!;
        try {
          waiter.resolve(claimHere());
        } catch (err) {
          waiter.reject(err as Error);
        }
      } else if (finished()) waiters.shift()!.resolve(undefined);
      else break;
    }
    if (batches.length === 0 && behind.length === 0) {
      for (const wake of idle) wake();
      idle = [];
    }
  };

  const pump = () => {
    pumping = false;
    if (failure) return;
    const jobs: Sent[] = [];
    // Claim more once the entries in hand and on their way fall below three quarters of the lookahead.
    // The bytes this batch may read: the limit less what is in hand and what the batches under way may read,
    // and at most half of it, so that two batches can be under way.
    const budget = Math.min(ahead.bytes - readyBytes - budgetOut, ahead.bytes / 2);
    if (online && !stopped && hasMore() && budget > 0 && ready.length + requested < (ahead.entries * 3) / 4) {
      const n = Math.min(ahead.entries - ready.length - requested, skipped.length + due.length - cursor, CLAIM_BATCH);
      for (let i = 0; i < n; i++) {
        const candidate = nextCandidate();
        const claim = claimFor(dir, candidate);
        jobs.push({ job: { op: 'claim', from: pathOf(dir, candidate.origin, candidate.file), to: claim.path, ...(isYoungPlain(candidate) ? { young: true } : {}) }, claim });
      }
      requested += n;
    }
    // Give-backs ride along with claims, or go alone when nothing else is on the thread.
    if (behind.length > 0 && (jobs.length > 0 || batches.length === 0)) {
      jobs.push(...behind);
      behind = [];
    }
    if (jobs.length === 0) return;
    const claims = jobs[0]!.job.op === 'claim';
    batches.push(jobs);
    budgets.push(claims ? budget : 0);
    budgetOut += claims ? budget : 0;
    worker.postMessage({ jobs: jobs.map((x) => x.job), budget: claims ? budget : 0 });
  };
  const schedule = () => {
    if (pumping) return;
    pumping = true;
    queueMicrotask(pump);
  };

  const fail = (err: Error) => {
    failure ??= err;
    for (const batch of batches.splice(0)) for (const x of batch) x.done?.reject(failure);
    budgets.splice(0);
    budgetOut = 0;
    for (const x of behind.splice(0)) x.done?.reject(failure);
    requested = 0;
    settleWaiters();
  };

  worker.once('online', () => {
    online = true;
    schedule();
  });
  worker.on('message', (results: FileJobResult[]) => {
    const batch = batches.shift();
    if (!batch) return;
    budgetOut -= budgets.shift() ?? 0;
    batch.forEach((sent, i) => {
      const r = results[i] ?? { error: 'the file thread gave no answer' };
      if (sent.job.op === 'claim') {
        requested--;
        if ('error' in r) fail(errorOf(r));
        else if ('data' in r) {
          const data = asBuffer(r.data);
          // Structured cloning turned the Buffers into Uint8Arrays (over the same memory as data).
          const decoded = r.decoded.kind === 'corrupt' ? r.decoded : { ...r.decoded, body: asBuffer(r.decoded.body) };
          ready.push({ claim: sent.claim!, data, decoded });
          readyBytes += data.length;
        }
        else if ('skipped' in r) skipped.push(sent.claim!.candidate); // over the byte limit: claimed later
        else if ('lost' in r) taken++; // another flusher has it
        else if ('writing' in r) stillWriting.push(sent.claim!.candidate.name);
      } else if ('error' in r) sent.done?.reject(errorOf(r));
      else sent.done?.resolve();
    });
    settleWaiters();
    schedule();
  });
  worker.on('error', (err) => fail(new Error(`the spool's file thread failed: ${err.message}`)));
  worker.on('exit', (code) => fail(new Error(`the spool's file thread stopped (exit ${code})`)));

  const move = (c: ClaimedFile) => new Promise<void>((resolve, reject) => {
    if (failure) return reject(failure);
    behind.push({ job: { op: 'move', from: c.claim.path, to: homeOf(dir, c.claim.candidate) }, done: { resolve, reject } });
    schedule();
  });
  const whenIdle = () => (batches.length === 0 && behind.length === 0 ? Promise.resolve() : new Promise<void>((wake) => idle.push(wake)));

  return {
    next() {
      return new Promise((resolve, reject) => {
        waiters.push({ resolve, reject });
        settleWaiters();
        schedule();
      });
    },
    remove(path) {
      // At once, not queued behind the file thread's batches: a delivered entry whose delete waited there
      // would be sent again after a kill, a duplicate from a send no longer in flight. On libuv's thread pool,
      // so that the main thread does not wait for the unlink.
      return new Promise((resolve, reject) => unlink(path, (err) => (err ? reject(err) : resolve())));
    },
    stop() {
      stopped = true;
      settleWaiters();
    },
    async giveBack(claimed) {
      givenBack++;
      if (!online && !failure) moveNoReplace(claimed.claim.path, homeOf(dir, claimed.claim.candidate));
      else await move(claimed);
    },
    get notHandedOut() {
      return due.length - cursor + skipped.length + givenBack;
    },
    get takenByOthers() {
      return taken;
    },
    get inHand() {
      return ready.length;
    },
    get remaining() {
      return stopped || failure ? 0 : due.length - cursor + skipped.length + requested + ready.length;
    },
    stillWriting,
    async close() {
      stopped = true;
      await whenIdle();
      // Put back, each to where it was found, what was claimed ahead and never handed out.
      const unsent = ready.splice(0);
      readyBytes = 0;
      // One that cannot be moved stays claimed in cur/, and the next flush takes it back: left either way.
      await Promise.allSettled(unsent.map(move));
      givenBack += unsent.length;
      await whenIdle();
      failure ??= new Error('the spool\'s file thread was closed');
      worker.removeAllListeners('exit');
      await worker.terminate();
    },
  };
}
