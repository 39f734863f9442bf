// A short burst of identical deliveries at a given rate, summarised as status counts and latency percentiles.
import type { Delivery, DeliveryRequest } from './delivery.js';
import { deliver, type DeliverOptions } from './deliver.js';
import { parseRate } from './rate.js';

/** "5/s", "300/min", "1000/h" → requests per second; undefined when unreadable (the unit is required). */
export function ratePerSecond(text: string): number | undefined {
  const rate = parseRate(text);
  return rate && (rate.count * 1000) / rate.perMs;
}

/** Nearest-rank percentile of ascending `sorted` (p in 0..100). */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

export interface BurstSummary {
  sent: number;
  delivered: number;
  failed: number;
  /** Status code or error code → count, in first-seen order. */
  outcomes: Record<string, number>;
  latencyMs: { min: number; p50: number; p90: number; p99: number; max: number };
  elapsedMs: number;
  /** Requests per second actually achieved. */
  achievedRate: number;
}

export function outcomeOf(d: Delivery): string {
  return d.response ? String(d.response.status) : (d.error?.code ?? 'unknown');
}

export function summarizeBurst(deliveries: readonly Delivery[], elapsedMs: number): BurstSummary {
  const outcomes: Record<string, number> = {};
  for (const d of deliveries) outcomes[outcomeOf(d)] = (outcomes[outcomeOf(d)] ?? 0) + 1;
  const latencies = deliveries.map((d) => d.timings.total).sort((a, b) => a - b);
  const delivered = deliveries.filter((d) => d.ok).length;
  return {
    sent: deliveries.length,
    delivered,
    failed: deliveries.length - delivered,
    outcomes,
    latencyMs: {
      min: latencies[0] ?? NaN,
      p50: percentile(latencies, 50),
      p90: percentile(latencies, 90),
      p99: percentile(latencies, 99),
      max: latencies.at(-1) ?? NaN,
    },
    elapsedMs,
    achievedRate: elapsedMs > 0 ? (deliveries.length / elapsedMs) * 1000 : NaN,
  };
}

/**
 * Send `count` copies of `req`, starting one every 1/rate seconds (all at once without a rate, at most
 * `concurrency` in flight). Results come back in sending order.
 */
export async function runBurst(
  req: DeliveryRequest,
  opts: { count: number; ratePerSecond?: number; concurrency?: number; onResult?: (d: Delivery, index: number) => void } & DeliverOptions,
): Promise<{ deliveries: Delivery[]; summary: BurstSummary }> {
  const { count, ratePerSecond, onResult, concurrency = 16, ...deliverOpts } = opts;
  const interval = ratePerSecond ? 1000 / ratePerSecond : 0;
  const started = performance.now();
  const results: Delivery[] = new Array(count);
  let inFlight = 0;
  const waiters: Array<() => void> = [];
  const slot = () => (inFlight < concurrency ? Promise.resolve() : new Promise<void>((r) => waiters.push(r)));
  const running: Promise<void>[] = [];
  for (let i = 0; i < count; i++) {
    const due = started + i * interval;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    await slot();
    inFlight++;
    running.push(
      deliver(req, deliverOpts).then((d) => {
        results[i] = d;
        onResult?.(d, i);
        inFlight--;
        waiters.shift()?.();
      }),
    );
  }
  await Promise.all(running);
  return { deliveries: results, summary: summarizeBurst(results, performance.now() - started) };
}
