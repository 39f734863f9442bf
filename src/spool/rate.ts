// Pacing sends under a plan limit (--rate n/s|n/min) and pausing them all when a receiver says Retry-After.

import { type Rate } from '../http/rate.js';

export { parseRate, type Rate } from '../http/rate.js';

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

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

  /** Waits for the pause to end and for this caller's rate slot. */
  async pass(): Promise<void> {
    for (;;) {
      const now = Date.now();
      if (now < this.pausedUntil) {
        await sleep(this.pausedUntil - now);
        continue;
      }
      if (!this.rate) return;
      const slot = Math.max(now, this.nextSlot);
      this.nextSlot = slot + this.rate.perMs / this.rate.count;
      if (slot > now) await sleep(slot - now);
      if (Date.now() >= this.pausedUntil) return;
    }
  }
}
