// Pacing sends under a plan limit (--rate n/s|n/min) and pausing them all when a receiver says Retry-After.

import { type Rate } from '../http/rate.js';

export { parseRate, type Rate } from '../http/rate.js';

/** Resolves after `ms`, or at once when `signal` aborts (a Ctrl-C must not wait out a long pause). */
export function sleepUnless(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted || ms <= 0) return Promise.resolve();
  return new Promise<void>((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}

/** One gate shared by every worker: evenly spaced slots (no burst, so a plan limit is never crossed) and a pause. */
export class SendGate {
  private nextSlot = 0;
  private pausedUntil = 0;
  constructor(private readonly rate?: Rate) {}

  /** Stops every send until `until` (ms since epoch); a later pause extends it, an earlier one does not shorten it. */
  pause(until: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, until);
  }

  get pausedUntilMs(): number {
    return this.pausedUntil;
  }

  /** Waits for the pause to end and for this caller's rate slot; returns early (false) when `signal` aborts. */
  async pass(signal?: AbortSignal): Promise<boolean> {
    for (;;) {
      if (signal?.aborted) return false;
      const now = Date.now();
      if (now < this.pausedUntil) {
        await sleepUnless(this.pausedUntil - now, signal);
        continue;
      }
      if (!this.rate) return true;
      const slot = Math.max(now, this.nextSlot);
      this.nextSlot = slot + this.rate.perMs / this.rate.count;
      if (slot > now) await sleepUnless(slot - now, signal);
      if (signal?.aborted) return false;
      if (Date.now() >= this.pausedUntil) return true;
    }
  }
}
