// Where a flush gets its next entry from: claimed (renamed into cur/) and read, oldest first; and where a
// delivered entry's file is deleted. Inline for a small spool or a paced flush; for a large one, a thread of
// its own claims and reads ahead and deletes behind, so that the main thread spends its time on the network
// (to a fast receiver, a third of a flush's main thread was these file calls).
import { unlinkSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { claimFileSync, claimPathOf, homeOf, pathOf, readClaimed, type Candidate, type Claim } from './claim.js';
import { moveNoReplace } from './durable.js';
import { idOfName } from './layout.js';

export interface ClaimedFile {
  claim: Claim;
  data: Buffer;
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
}

function claimFor(dir: string, candidate: Candidate): Claim {
  return { path: claimPathOf(dir, candidate), candidate, id: idOfName(candidate.name) };
}

/** Claims one at a time, when asked, on the calling thread. */
export function inlineClaims(dir: string, due: readonly Candidate[]): ClaimSource {
  let cursor = 0;
  let stopped = false;
  let givenBack = 0;
  return {
    async next() {
      while (!stopped && cursor < due.length) {
        const candidate = due[cursor++]!;
        const claim = claimFor(dir, candidate);
        if (!claimFileSync(pathOf(dir, candidate.origin, candidate.file), claim.path)) continue; // another flusher has it
        return { claim, data: readClaimed(claim.path) };
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
  };
}

/** One call, as the file thread receives it, and its outcome. */
export type FileJob = { op: 'claim'; from: string; to: string } | { op: 'remove'; path: string } | { op: 'move'; from: string; to: string };
export type FileJobResult = { data: Uint8Array } | { lost: true } | { done: true } | { error: string; code?: string };

/** Runs one job synchronously on the file thread; never throws (an error is the result). */
export function runFileJob(job: FileJob): FileJobResult {
  try {
    if (job.op === 'remove') {
      unlinkSync(job.path);
      return { done: true };
    }
    if (job.op === 'move') {
      moveNoReplace(job.from, job.to); // if taken, it stays claimed: the next flush takes it back
      return { done: true };
    }
    if (!claimFileSync(job.from, job.to)) return { lost: true };
    return { data: readClaimed(job.to) };
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    return { error: e.message, ...(e.code ? { code: e.code } : {}) };
  }
}

function errorOf(result: { error: string; code?: string }): Error {
  return Object.assign(new Error(result.error), result.code ? { code: result.code } : {});
}

type Waiter = { resolve(v: ClaimedFile | undefined): void; reject(err: Error): void };
type Sent = { job: FileJob; claim?: Claim; done?: { resolve(): void; reject(err: Error): void } };

/**
 * Claims and reads up to `ahead` entries before they are asked for, on a worker thread running `script`
 * (file-thread.js), and deletes delivered ones there. Jobs go over in batches: what piles up while the
 * thread is busy goes together in the next message. A claim made ahead holds its entry only while this
 * process lives: if it is killed, the next flush takes the claim back at once (its owner is gone).
 */
export function threadedClaims(dir: string, due: readonly Candidate[], script: string | URL, ahead: number): ClaimSource {
  const worker = new Worker(script);
  let cursor = 0; // next candidate to claim
  let requested = 0; // claims on the thread, not yet answered
  const ready: ClaimedFile[] = [];
  const waiters: Waiter[] = [];
  let behind: Sent[] = [];
  const batches: Sent[][] = []; // sent, not yet answered, in order
  let stopped = false;
  let failure: Error | undefined;
  let pumping = false;
  let givenBack = 0;
  let idle: Array<() => void> = [];

  const finished = () => (stopped || cursor >= due.length) && requested === 0 && ready.length === 0;

  const settleWaiters = () => {
    while (waiters.length > 0) {
      if (failure) waiters.shift()!.reject(failure);
      else if (stopped) waiters.shift()!.resolve(undefined);
      else if (ready.length > 0) waiters.shift()!.resolve(ready.shift());
      else if (finished()) waiters.shift()!.resolve(undefined);
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
    // Claim more when the entries in hand and on their way fall to half of what is kept ahead.
    if (!stopped && cursor < due.length && ready.length + requested <= ahead / 2) {
      const n = Math.min(ahead - ready.length - requested, due.length - cursor);
      for (let i = 0; i < n; i++) {
        const candidate = due[cursor++]!;
        const claim = claimFor(dir, candidate);
        jobs.push({ job: { op: 'claim', from: pathOf(dir, candidate.origin, candidate.file), to: claim.path }, claim });
      }
      requested += n;
    }
    // Deletes ride along with claims, or go alone when nothing else is on the thread.
    if (behind.length > 0 && (jobs.length > 0 || batches.length === 0)) {
      jobs.push(...behind);
      behind = [];
    }
    if (jobs.length === 0) return;
    batches.push(jobs);
    worker.postMessage(jobs.map((s) => s.job));
  };
  const schedule = () => {
    if (pumping) return;
    pumping = true;
    queueMicrotask(pump);
  };

  const fail = (err: Error) => {
    failure ??= err;
    for (const batch of batches.splice(0)) for (const s of batch) s.done?.reject(failure);
    for (const s of behind.splice(0)) s.done?.reject(failure);
    requested = 0;
    settleWaiters();
  };

  worker.on('message', (results: FileJobResult[]) => {
    const batch = batches.shift();
    if (!batch) return;
    batch.forEach((sent, i) => {
      const r = results[i] ?? { error: 'the file thread gave no answer' };
      if (sent.job.op === 'claim') {
        requested--;
        if ('error' in r) fail(errorOf(r));
        else if ('data' in r) ready.push({ claim: sent.claim!, data: Buffer.from(r.data.buffer, r.data.byteOffset, r.data.byteLength) });
        // 'lost': another flusher has it
      } else if ('error' in r) sent.done?.reject(errorOf(r));
      else sent.done?.resolve();
    });
    settleWaiters();
    schedule();
  });
  worker.on('error', (err) => fail(new Error(`the spool's file thread failed: ${err.message}`)));
  worker.on('exit', (code) => fail(new Error(`the spool's file thread stopped (exit ${code})`)));
  schedule();

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
      return new Promise((resolve, reject) => {
        if (failure) return reject(failure);
        behind.push({ job: { op: 'remove', path }, done: { resolve, reject } });
        schedule();
      });
    },
    stop() {
      stopped = true;
      settleWaiters();
    },
    async giveBack(claimed) {
      givenBack++;
      await move(claimed);
    },
    get notHandedOut() {
      return due.length - cursor + givenBack;
    },
    async close() {
      stopped = true;
      await whenIdle();
      // Put back, each to where it was found, what was claimed ahead and never handed out.
      const unsent = ready.splice(0);
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
