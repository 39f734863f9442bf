// The sample POST: answered 2xx within the sender's time budget, and never with a redirect.
import type { Finding } from '../findings.js';
import type { Delivery } from '../http/delivery.js';
import { sampleBody } from '../profiles/index.js';
import type { DoctorContext } from './context.js';
import { kbForDelivery, kbForStatus } from './kb-keys.js';
import { recogniseMixup } from '../http/protocol-mixup.js';

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** The one signed sample POST that several checks judge; sent once. */
export function samplePost(ctx: DoctorContext): Promise<Delivery> {
  if (!ctx.state.samplePost) {
    const body = sampleBody(ctx.profile);
    ctx.state.samplePost = ctx.send('post', { body, headers: [...ctx.baseHeaders, ...(ctx.signer?.(body) ?? [])] });
  }
  return ctx.state.samplePost;
}

/**
 * The sample's status when it was not a 2xx: then an answer to a bad request proves nothing about how the
 * receiver judges bad requests (a receiver answering 500 or 410 to everything "rejects" every one of them).
 */
export async function failedBaseline(ctx: DoctorContext): Promise<number | undefined> {
  const d = await samplePost(ctx);
  const status = d.response?.status;
  return status !== undefined && (status < 200 || status >= 300) ? status : undefined;
}

/** The finding of a check that cannot judge because the valid sample itself was refused. */
export function inconclusive(what: string, answered: string, baseline: number, data?: Record<string, unknown>): Finding {
  return {
    level: 'info',
    title: `inconclusive: ${what} answered ${answered}, the same as the valid sample: nothing to tell them apart`,
    detail: `Make the valid sample get a 2xx first (see POST sample); only then does a refusal show the receiver judged ${what}.`,
    data: { ...data, baseline },
  };
}

export function budgetPhrase(ctx: DoctorContext): string {
  return `${ctx.profile.displayName} gives up after ${ctx.budgetSeconds} s`;
}

export async function checkPost(ctx: DoctorContext): Promise<Finding[]> {
  const d = await samplePost(ctx);
  const took = d.timings.total;
  const budgetMs = ctx.budgetSeconds * 1000;
  const data = { status: d.response?.status, requestId: d.response?.requestId, ms: Math.round(took) };
  if (!d.response) {
    const code = d.error?.code ?? 'UND_ERR';
    const timedOut = /TIMEOUT|ETIMEDOUT/.test(code);
    const mixup = timedOut ? undefined : await recogniseMixup(ctx.url.href, code);
    if (mixup) {
      ctx.state.blocked = `the port speaks ${mixup.kb === 'http-to-https-port' ? 'TLS' : 'plain HTTP'}`;
      return [{ level: 'fail', title: mixup.message, detail: `Configure the sender with ${mixup.fixedUrl}.`, kb: mixup.kb, data: { ...data, error: code } }];
    }
    // Every later request would hit the same wall, each waiting out its own timeout.
    ctx.state.blocked = timedOut ? `the POST got no answer within ${seconds(took)}` : `the POST got no answer (${code})`;
    return [{
      level: 'fail',
      title: timedOut ? `no answer within ${seconds(took)}; ${budgetPhrase(ctx)}` : `the POST failed: ${code}`,
      detail: timedOut ? 'Answer 2xx first and do the work afterwards (a queue or a background job).' : d.error?.message,
      kb: kbForDelivery(d),
      data,
    }];
  }
  const { status } = d.response;
  const id = d.response.requestId ? ` (request id ${d.response.requestId})` : '';
  if (status >= 300 && status < 400) {
    return [{ level: 'fail', title: `answered ${status}: a redirect is a failed delivery (see the redirect check)`, kb: kbForDelivery(d), data }];
  }
  if (status < 200 || status >= 300) {
    const authHint = (status === 401 || status === 403) && !ctx.signer && !ctx.baseHeaders.some(([k]) => k.toLowerCase() === 'authorization')
      ? 'The receiver wants credentials: add --token (Authorization: Bearer) or --secret/--scheme (a signature). '
      : '';
    return [{ level: 'fail', title: `answered ${status} ${d.response.statusText}`.trim() + id, detail: (authHint + (bodyExcerpt(d) ?? '')).trim() || undefined, kb: kbForDelivery(d), data }];
  }
  if (took > budgetMs) {
    return [{
      level: 'fail',
      title: `answered ${status} but took ${seconds(took)}; ${budgetPhrase(ctx)}`,
      detail: 'The sender counts this as a failure and retries. Answer 2xx first and do the work afterwards.',
      kb: 'timeout',
      data,
    }];
  }
  if (took > budgetMs * 0.5) {
    return [{ level: 'warn', title: `answered ${status} in ${seconds(took)}: over half the ${ctx.budgetSeconds} s budget`, detail: 'A slow day will push it over; answer first, work later.', kb: 'timeout', data }];
  }
  return [{ level: 'pass', title: `answered ${status} in ${took.toFixed(0)} ms${id} (budget ${ctx.budgetSeconds} s)`, data }];
}

export async function checkRedirect(ctx: DoctorContext): Promise<Finding[]> {
  const d = await samplePost(ctx);
  const status = d.response?.status;
  if (status === undefined) return [{ level: 'info', title: 'not checked: the POST got no answer' }];
  if (status >= 300 && status < 400) {
    const location = d.response!.headers.find(([k]) => k.toLowerCase() === 'location')?.[1];
    return [{
      level: 'fail',
      title: `POST answered ${status}${location ? ` → ${location}` : ''}: senders do not follow redirects with the body`,
      detail: location ? `Configure the sender with the final URL: ${location}` : 'Configure the sender with the final URL (check http→https and a trailing slash).',
      kb: kbForStatus(status),
      data: { status, location },
    }];
  }
  return [{ level: 'pass', title: 'no redirect', data: { status } }];
}

export function bodyExcerpt(d: Delivery): string | undefined {
  const text = d.response?.body.toString('utf8').trim();
  if (!text) return undefined;
  return 'body: ' + (text.length > 160 ? text.slice(0, 160) + '…' : text).replace(/\s+/g, ' ');
}
