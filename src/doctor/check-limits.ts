// What the receiver says to requests it should refuse: a GET (405) and a body over the limit (413).
import type { Finding } from '../findings.js';
import type { DoctorContext } from './context.js';
import { kbForDelivery } from './kb-keys.js';
import { failedBaseline, inconclusive } from './check-post.js';

export const DEFAULT_LIMIT_BYTES = 1024 * 1024;

export async function checkGet(ctx: DoctorContext): Promise<Finding[]> {
  const d = await ctx.send('get', { method: 'GET', headers: ctx.baseHeaders.filter(([k]) => k.toLowerCase() !== 'content-type') });
  const status = d.response?.status;
  const data = { status, requestId: d.response?.requestId };
  if (status !== undefined && status === (await failedBaseline(ctx))) return [inconclusive('GET', String(status), status, data)];
  if (status === 405) {
    const allow = d.response!.headers.find(([k]) => k.toLowerCase() === 'allow')?.[1];
    return [{ level: 'pass', title: `GET answered 405${allow ? ` (Allow: ${allow})` : ''}`, data }];
  }
  if (status !== undefined && status >= 500) {
    return [{ level: 'warn', title: `GET answered ${status}: the handler may throw on an unexpected method`, kb: kbForDelivery(d), data }];
  }
  return [{ level: 'info', title: `GET answered ${status ?? d.error?.code}: 405 Method Not Allowed is the tidy answer`, data }];
}

function oversizeBody(limit: number): Buffer {
  // Valid JSON just over the limit, so only its size can be the reason for a refusal.
  const prefix = '{"event":"webhook_doctor.oversize","padding":"';
  const suffix = '"}';
  return Buffer.from(prefix + 'x'.repeat(limit + 1 - prefix.length - suffix.length + 1024) + suffix);
}

export async function checkOversize(ctx: DoctorContext): Promise<Finding[]> {
  const limit = ctx.profile.payloadLimitBytes ?? DEFAULT_LIMIT_BYTES;
  const body = oversizeBody(limit);
  const d = await ctx.send('oversize', { body, headers: [...ctx.baseHeaders, ...(ctx.signer?.(body) ?? [])] });
  const status = d.response?.status;
  const size = `${(body.length / 1024).toFixed(0)} KB body (limit ${(limit / 1024).toFixed(0)} KB)`;
  const data = { status, requestId: d.response?.requestId, bytes: body.length, limit };
  if (status !== undefined && status === (await failedBaseline(ctx))) return [inconclusive(`a ${size}`, String(status), status, data)];
  if (status === 413) return [{ level: 'pass', title: `${size} answered 413`, data }];
  if (status !== undefined && status >= 500) {
    return [{ level: 'warn', title: `${size} answered ${status}: a size limit should answer 413`, detail: 'Senders retry a 5xx; a 413 tells them the payload itself is the problem.', kb: kbForDelivery(d), data }];
  }
  return [{ level: 'info', title: `${size} answered ${status ?? d.error?.code}${status !== undefined && status < 300 ? ': accepted (no size limit?)' : ''}`, kb: status !== undefined && status < 300 ? 'payload-too-large' : kbForDelivery(d), data }];
}
