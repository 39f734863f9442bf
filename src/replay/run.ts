// Sending rebuilt requests: one, or many in their original order (each starts in turn), at most
// `concurrency` in flight, paced by --rate; each result handed back as it lands.
import type { Delivery } from '../http/delivery.js';
import type { Dispatcher } from '../http/deliver.js';
import type { Rate } from '../http/rate.js';
import type { StoredCapture } from '../history/store.js';
import type { ReplayRequest } from './request.js';

export interface ReplayItem {
  label: string;
  capture: StoredCapture;
  built: ReplayRequest;
}

export interface ReplayResult {
  index: number;
  item: ReplayItem;
  delivery: Delivery;
}

export interface ReplayRunOptions {
  concurrency: number;
  rate?: Rate;
  dispatcher: Dispatcher;
  /** Record only the outcome (many at once): see DeliverOptions.outcomeOnly. */
  outcomeOnly?: boolean;
  onResult?: (r: ReplayResult) => void;
  signal?: AbortSignal;
}

export async function replayAll(items: readonly ReplayItem[], opts: ReplayRunOptions): Promise<{ results: ReplayResult[]; elapsedMs: number }> {
  const { deliver } = await import('../http/deliver.js');
  const results: ReplayResult[] = new Array(items.length);
  const started = performance.now();
  const gapMs = opts.rate ? opts.rate.perMs / opts.rate.count : 0;
  let next = 0;
  const worker = async () => {
    for (;;) {
      if (opts.signal?.aborted) return;
      const index = next++;
      if (index >= items.length) return;
      if (gapMs) {
        const due = started + index * gapMs - performance.now();
        if (due > 0) await new Promise((r) => setTimeout(r, due));
      }
      const item = items[index]!;
      const delivery = await deliver(item.built.request, { dispatcher: opts.dispatcher, outcomeOnly: opts.outcomeOnly ?? false, ...(opts.signal ? { signal: opts.signal } : {}) });
      const result = { index, item, delivery };
      results[index] = result;
      opts.onResult?.(result);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(opts.concurrency, items.length)) }, worker));
  return { results: results.filter(Boolean), elapsedMs: performance.now() - started };
}

/** The app's answer then (when listen relayed it, or a HAR recorded it) beside the answer now. */
export interface AnswerChange {
  was?: { status?: number; ms: number; error?: string };
  now: { status?: number; ms: number; error?: string };
}

export function answerChange(capture: StoredCapture, delivery: Delivery): AnswerChange {
  const now = { ...(delivery.response ? { status: delivery.response.status } : {}), ms: Math.round(delivery.timings.total * 10) / 10, ...(delivery.error ? { error: delivery.error.code } : {}) };
  const fa = capture.forwardAnswer;
  if (!fa) return { now };
  return { was: { ...(fa.status !== undefined ? { status: fa.status } : {}), ms: fa.ms, ...(fa.error ? { error: fa.error.code } : {}) }, now };
}
