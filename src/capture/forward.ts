// --forward: relay a captured request to a local app with undici (body and end-to-end headers unchanged)
// and judge the app's answer the way the sender would: success codes and time budget.
import type { Finding } from '../findings.js';
import type { Profile } from '../profiles/index.js';
import { successCodesText } from '../profiles/success-codes.js';
import type { Capture, HeaderPair } from './capture.js';

export interface ForwardResult {
  url: string;
  ms: number;
  status?: number;
  headers?: HeaderPair[];
  body?: Buffer;
  error?: { code: string; message: string };
}

// RFC 9110 §7.6.1: these describe one connection, not the message; a relay drops them. Host and
// Content-Length are rewritten for the new connection; undici refuses Expect.
const hopByHop = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'te', 'trailer', 'upgrade', 'host', 'content-length', 'expect', 'proxy-authenticate', 'proxy-authorization']);

export function relayHeaders(headers: readonly HeaderPair[]): HeaderPair[] {
  const named = new Set<string>();
  for (const [n, v] of headers) if (n.toLowerCase() === 'connection') for (const t of v.split(',')) named.add(t.trim().toLowerCase());
  return headers.filter(([n]) => !hopByHop.has(n.toLowerCase()) && !named.has(n.toLowerCase()));
}

/** The URL to relay to: the --forward URL as given, or with the request's own path when it names only an origin. */
export function forwardTarget(forward: string, target: string): string {
  const url = new URL(forward);
  if ((url.pathname === '/' || url.pathname === '') && !url.search && !forward.endsWith('/')) return url.origin + target;
  return url.toString();
}

export async function forwardCapture(forward: string, capture: Capture, timeoutMs: number): Promise<ForwardResult> {
  const { request } = await import('undici');
  const url = forwardTarget(forward, capture.target);
  const started = performance.now();
  try {
    const flat: string[] = [];
    for (const [n, v] of relayHeaders(capture.rawHeaders)) flat.push(n, v);
    const res = await request(url, {
      method: capture.method as 'POST',
      headers: flat,
      body: capture.body.length || !/^(GET|HEAD)$/.test(capture.method) ? capture.body : undefined,
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
    });
    const body = Buffer.from(await res.body.arrayBuffer());
    const headers: HeaderPair[] = [];
    for (const [n, v] of Object.entries(res.headers)) {
      if (v === undefined) continue;
      for (const one of Array.isArray(v) ? v : [v]) headers.push([n, one]);
    }
    return { url, ms: performance.now() - started, status: res.statusCode, headers: relayHeaders(headers), body };
  } catch (err) {
    const e = err as NodeJS.ErrnoException & { cause?: NodeJS.ErrnoException };
    const code = e.code === 'UND_ERR_SOCKET' || !e.code ? e.cause?.code ?? e.code ?? 'ERR' : e.code;
    return { url, ms: performance.now() - started, error: { code, message: e.cause?.message ?? e.message } };
  }
}

function seconds(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/** Findings about the app's answer, measured against the sender's rules. */
export function judgeForward(result: ForwardResult, profile: Profile, kbForStatus: (status: number) => string = String): Finding[] {
  const sender = profile.displayName;
  if (result.error) {
    return [{ level: 'fail', title: `forward to ${result.url} failed: ${result.error.code}`, detail: `${result.error.message}; the sender got 502 from listen`, kb: result.error.code, data: { ...result.error, ms: result.ms } }];
  }
  const findings: Finding[] = [];
  const status = result.status!;
  const budgetMs = profile.timeBudgetSeconds * 1000;
  const ok = profile.successCodes.includes(status);
  if (ok) {
    findings.push({ level: 'pass', title: `app answered ${status} in ${seconds(result.ms)}`, data: { status, ms: result.ms } });
  } else {
    const retried = profile.retryableCodes.includes(status);
    findings.push({
      level: 'fail',
      title: `app answered ${status}; ${sender} counts only ${successCodesText(profile)} as delivered`,
      detail: status >= 300 && status < 400
        ? 'a redirect on a webhook POST is a failure: senders do not follow it with the body; point the sender at the final URL'
        : retried ? `${sender} will retry this delivery` : `${sender} will not retry this delivery: the event is lost`,
      kb: kbForStatus(status),
      data: { status, ms: result.ms },
    });
  }
  if (result.ms > budgetMs) {
    findings.push({
      level: 'fail',
      title: `took ${seconds(result.ms)}; ${sender} gives up after ${profile.timeBudgetSeconds} s`,
      detail: 'answer 2xx first and do the work afterwards (queue it); the sender counts this delivery as failed and may retry it, so it can arrive twice',
      kb: 'timeout',
      data: { ms: result.ms, budgetSeconds: profile.timeBudgetSeconds },
    });
  } else if (result.ms > budgetMs * 0.5) {
    findings.push({ level: 'warn', title: `took ${seconds(result.ms)}, over half of ${sender}'s ${profile.timeBudgetSeconds} s budget`, detail: 'a slow moment will push it over; answer first and process afterwards' });
  }
  return findings;
}
