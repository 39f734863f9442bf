// --forward: relay a captured request to a local app with undici (body and end-to-end headers unchanged)
// and judge the app's answer the way the sender would: success codes and time budget.
import type { Finding } from '../findings.js';
import type { Profile } from '../profiles/index.js';
import { successCodesText } from '../profiles/success-codes.js';
import type { Capture, HeaderPair } from './capture.js';
import type { RelayTarget } from './request-target.js';
import { maskTarget } from './mask.js';

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

/** How listen reaches the app: the --forward URL, and whom to trust when it is https. */
export interface ForwardConfig {
  url: string;
  /** PEM certificates (--forward-cacert) trusted for an https app, besides the system's. */
  ca?: string;
  /** --forward-insecure: do not check the app's certificate at all. */
  insecure?: boolean;
}

const agents = new WeakMap<ForwardConfig, Dispatcher>();
type Dispatcher = import('undici').Dispatcher;

async function agentFor(config: ForwardConfig): Promise<Dispatcher> {
  let agent = agents.get(config);
  if (!agent) {
    const { Agent } = await import('undici');
    const connect: Record<string, unknown> = {};
    // Node's ca replaces the built-in roots; the user's CA is trusted as well as them, not instead.
    if (config.ca) connect.ca = [...(await import('node:tls')).rootCertificates, config.ca];
    if (config.insecure) connect.rejectUnauthorized = false;
    agent = new Agent({ connect });
    agents.set(config, agent);
  }
  return agent;
}

/** Close the connections to the app (listen is stopping). */
export async function closeForward(config: ForwardConfig): Promise<void> {
  const agent = agents.get(config);
  agents.delete(config);
  await agent?.close();
}

/**
 * Relay a capture to where relayTarget() said: undici connects to the origin only, and the path goes on the
 * request line as the sender's bytes (a URL would normalise %2e%2e, .. and \ and re-encode raw bytes).
 */
export async function forwardCapture(config: ForwardConfig, target: RelayTarget, capture: Capture, timeoutMs: number): Promise<ForwardResult> {
  const url = target.url;
  const started = performance.now();
  try {
    const flat: string[] = [];
    for (const [n, v] of relayHeaders(capture.rawHeaders)) flat.push(n, v);
    const agent = await agentFor(config);
    const res = await agent.request({
      origin: target.origin,
      path: target.path,
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
    return [{ level: 'fail', title: `forward to ${maskTarget(result.url)} failed: ${result.error.code}`, detail: `${result.error.message}; the sender got 502 from listen`, kb: result.error.code, data: { ...result.error, ms: result.ms } }];
  }
  const findings: Finding[] = [];
  const status = result.status!;
  const budgetMs = profile.timeBudgetSeconds * 1000;
  const ok = profile.successCodes.includes(status);
  const late = result.ms > budgetMs;
  const slow = !late && result.ms > budgetMs * 0.5;
  // The time is said once: in the status finding, or in the one about the budget when that is what fails.
  if (ok && late) {
    findings.push({
      level: 'fail',
      title: `app answered ${status} but took ${seconds(result.ms)}; ${sender} gives up after ${profile.timeBudgetSeconds} s`,
      detail: 'answer 2xx first and do the work afterwards (queue it); the sender counts this delivery as failed and may retry it, so it can arrive twice',
      kb: 'timeout',
      data: { status, ms: result.ms, budgetSeconds: profile.timeBudgetSeconds },
    });
  } else if (ok && slow) {
    findings.push({ level: 'warn', title: `app answered ${status} in ${seconds(result.ms)}, over half of ${sender}'s ${profile.timeBudgetSeconds} s budget`, detail: 'a slow moment will push it over; answer first and process afterwards', data: { status, ms: result.ms, budgetSeconds: profile.timeBudgetSeconds } });
  } else if (ok) {
    findings.push({ level: 'pass', title: `app answered ${status} in ${seconds(result.ms)}`, data: { status, ms: result.ms } });
  } else {
    const retried = profile.retryableCodes.includes(status);
    findings.push({
      level: 'fail',
      title: `app answered ${status}${late ? '' : ` in ${seconds(result.ms)}`}; ${sender} counts only ${successCodesText(profile)} as delivered`,
      detail: status >= 300 && status < 400
        ? 'a redirect on a webhook POST is a failure: senders do not follow it with the body; point the sender at the final URL'
        : retried ? `${sender} will retry this delivery` : `${sender} will not retry this delivery: the event is lost`,
      kb: kbForStatus(status),
      data: { status, ms: result.ms },
    });
    if (late) {
      findings.push({
        level: 'fail',
        title: `took ${seconds(result.ms)}; ${sender} gives up after ${profile.timeBudgetSeconds} s`,
        detail: 'even a success this late counts as failed: answer first and do the work afterwards',
        kb: 'timeout',
        data: { ms: result.ms, budgetSeconds: profile.timeBudgetSeconds },
      });
    }
  }
  return findings;
}
