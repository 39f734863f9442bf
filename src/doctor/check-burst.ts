// A short burst: 429 with Retry-After is good manners; a 5xx or a dropped connection under load is not.
import type { Finding } from '../findings.js';
import { sampleBody } from '../profiles/index.js';
import type { DoctorContext } from './context.js';
import { kbForError, kbForStatus } from './kb-keys.js';
import { failedBaseline, inconclusive } from './check-post.js';

export async function checkBurst(ctx: DoctorContext): Promise<Finding[]> {
  if (ctx.burstSize <= 0) return [{ level: 'info', title: 'skipped (--no-burst)' }];
  const body = sampleBody(ctx.profile);
  const headers = [...ctx.baseHeaders, ...(ctx.signer?.(body) ?? [])];
  const started = performance.now();
  const results = await Promise.all(Array.from({ length: ctx.burstSize }, () => ctx.send('burst', { body, headers })));
  const ms = performance.now() - started;
  const counts = new Map<string, number>();
  for (const d of results) {
    const key = d.response ? String(d.response.status) : d.error?.code ?? 'error';
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const summary = [...counts].map(([k, n]) => `${n}×${k}`).join(', ');
  const data = { requests: results.length, ms: Math.round(ms), statuses: Object.fromEntries(counts) };
  const title = `${results.length} requests in ${(ms / 1000).toFixed(1)} s: ${summary}`;
  const baseline = await failedBaseline(ctx);
  // Answered as the single sample was: the receiver refuses everything, which says nothing about load.
  if (baseline !== undefined && results.every((d) => d.response?.status === baseline)) return [inconclusive(`every one of ${results.length} requests at once`, String(baseline), baseline, data)];
  const errors = results.filter((d) => !d.response);
  const serverErrors = results.filter((d) => d.response && d.response.status >= 500);
  if (errors.length || serverErrors.length) {
    const first = serverErrors[0]?.response?.status ?? errors[0]?.error?.code;
    return [{ level: 'fail', title: `${title}: fails under load`, detail: 'Answer 429 with Retry-After when overloaded, so senders back off instead of losing events.', kb: typeof first === 'number' ? kbForStatus(first) : first !== undefined ? kbForError(first) : undefined, data }];
  }
  const limited = results.filter((d) => d.response?.status === 429);
  if (limited.length) {
    const withRetryAfter = limited.filter((d) => d.response!.headers.some(([k]) => k.toLowerCase() === 'retry-after'));
    if (withRetryAfter.length === limited.length) {
      const ra = withRetryAfter[0]!.response!.headers.find(([k]) => k.toLowerCase() === 'retry-after')![1];
      return [{ level: 'pass', title: `${title}: rate limited with Retry-After: ${ra}`, kb: '429', data }];
    }
    return [{ level: 'warn', title: `${title}: 429 without Retry-After`, detail: 'Add Retry-After so senders know when to come back.', kb: '429', data }];
  }
  const other = results.filter((d) => d.response && (d.response.status < 200 || d.response.status >= 300));
  if (other.length) return [{ level: 'info', title, data }];
  return [{ level: 'pass', title: `${title}: all accepted`, data }];
}
