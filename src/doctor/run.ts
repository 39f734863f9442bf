// Running the battery: builds the context, runs each check in order, and collects the report.
import { worstLevel, type Finding } from '../findings.js';
import type { Delivery, DeliveryRequest, HeaderList } from '../http/delivery.js';
import type { Profile } from '../profiles/index.js';
import { resolveAll, type Resolver } from '../http/resolve.js';
import type { Check, Deliver, DoctorContext, Signer } from './context.js';
import { summarize, type CheckReport, type DoctorReport } from './report.js';
import { checkUrl, redactUrl } from './check-url.js';
import { checkDns } from './check-dns.js';
import { checkTcp } from './check-tcp.js';
import { checkTls } from './check-tls.js';
import { checkPost, checkRedirect } from './check-post.js';
import { checkMalformed } from './check-malformed.js';
import { checkSignature } from './check-signature.js';
import { checkGet, checkOversize } from './check-limits.js';
import { checkBurst } from './check-burst.js';
import { checkHandshake } from './check-handshake.js';
import type { Handshake } from '../capture/handshakes.js';

export const BURST_SIZE = 20;
export const BUILTIN_NOTE = 'note: this is the built-in receiver, started by doctor on 127.0.0.1 for this run; give a URL to check yours';

// Order matters: each network check needs the ones before it, and the burst goes last so its
// rate limiting cannot spoil the single requests.
export const checks: readonly Check[] = [
  { id: 'url', label: 'URL', network: false, run: checkUrl },
  { id: 'dns', label: 'DNS', network: false, run: checkDns },
  { id: 'tcp', label: 'TCP connect', network: true, run: checkTcp },
  { id: 'tls', label: 'TLS', network: true, run: checkTls },
  // Senders run their handshake before the first event.
  { id: 'handshake', label: 'Handshake', network: true, applies: (ctx) => ctx.handshake !== undefined, run: checkHandshake },
  { id: 'post', label: 'POST sample', network: true, run: checkPost },
  { id: 'redirect', label: 'Redirects', network: true, run: checkRedirect },
  { id: 'malformed', label: 'Malformed JSON', network: true, run: checkMalformed },
  { id: 'signature', label: 'Signatures', network: true, run: checkSignature },
  { id: 'get', label: 'GET', network: true, run: checkGet },
  { id: 'oversize', label: 'Payload limit', network: true, run: checkOversize },
  { id: 'burst', label: 'Burst', network: true, run: checkBurst },
];

export interface DoctorOptions {
  url: URL;
  profile: Profile;
  builtin?: boolean;
  budgetSeconds?: number;
  signer?: Signer;
  scheme?: string;
  token?: string;
  ca?: Buffer;
  clientCert?: { cert: Buffer; key: Buffer };
  burstSize?: number;
  deliver: Deliver;
  /** Default: the resolver deliveries use (localhost without DNS, getaddrinfo otherwise). */
  resolve?: Resolver;
  handshake?: Handshake;
  /** The signing secret as given (Zoom's handshake answer is keyed with it). */
  secret?: string;
  verifyToken?: string;
}

const WAIT_FLOOR_MS = 5000;

/** How long doctor waits for an answer: half as long again as the budget plus a second, at least 5 s. */
export function answerWaitMs(budgetSeconds: number): number {
  return Math.max(WAIT_FLOOR_MS, Math.round(budgetSeconds * 1500 + 1000));
}

export function createDoctorContext(o: DoctorOptions): DoctorContext {
  const budgetSeconds = o.budgetSeconds ?? o.profile.timeBudgetSeconds;
  // The sender's own event headers ride along (receivers route on X-GitHub-Event and the like).
  const baseHeaders: HeaderList = [['Content-Type', o.profile.contentType], ...(o.profile.eventHeaders ?? []).map(([k, v]): [string, string] => [k, v])];
  if (o.token) baseHeaders.push(['Authorization', `Bearer ${o.token}`]);
  // Wait past the budget, so a slow answer is measured ("took 3.1 s") rather than only cut off, and never
  // less than WAIT_FLOOR_MS: a short --timeout judges the POST, it must not make a slow receiver look mute.
  const timeoutMs = answerWaitMs(budgetSeconds);
  const ctx: DoctorContext = {
    url: o.url,
    profile: o.profile,
    builtin: o.builtin ?? false,
    budgetSeconds,
    signer: o.signer,
    scheme: o.scheme,
    baseHeaders,
    ca: o.ca,
    ...(o.clientCert ? { clientCert: o.clientCert } : {}),
    burstSize: o.burstSize ?? BURST_SIZE,
    resolve: o.resolve ?? resolveAll,
    ...(o.handshake ? { handshake: o.handshake } : {}),
    ...(o.secret ? { handshakeSecret: o.secret } : {}),
    ...(o.verifyToken ? { verifyToken: o.verifyToken } : {}),
    exchanges: [],
    state: {},
    async send(check, partial): Promise<Delivery> {
      const req: DeliveryRequest = { url: o.url.href, method: 'POST', headers: baseHeaders, timeoutMs, ...partial };
      const d = await o.deliver(req);
      ctx.exchanges.push({
        check,
        method: req.method ?? 'POST',
        bytes: req.body?.length ?? 0,
        status: d.response?.status,
        requestId: d.response?.requestId,
        error: d.error?.code,
        ms: Math.round(d.timings.total),
      });
      return d;
    },
  };
  return ctx;
}

export async function runDoctor(
  ctx: DoctorContext,
  onCheck: (check: Check, index: number, total: number) => void = () => {},
): Promise<DoctorReport> {
  const startedAt = new Date().toISOString();
  const reports: CheckReport[] = [];
  const applicable = checks.filter((c) => c.applies?.(ctx) ?? true);
  for (const [i, check] of applicable.entries()) {
    onCheck(check, i, applicable.length);
    const t = performance.now();
    let findings: Finding[];
    if (check.id === 'burst' && ctx.burstSize <= 0) {
      // The user turned it off: that is the reason to give, whatever else stopped the checks.
      findings = [{ level: 'info', title: 'skipped (--no-burst)' }];
    } else if (check.network && ctx.state.blocked) {
      findings = [{ level: 'info', title: `skipped: ${ctx.state.blocked}` }];
    } else {
      try {
        findings = await check.run(ctx);
      } catch (e) {
        // A bug in a check must not hide the rest of the report.
        findings = [{ level: 'fail', title: `the check itself crashed: ${(e as Error).message}`, detail: 'Please report this.' }];
      }
    }
    reports.push({ id: check.id, label: check.label, findings, level: worstLevel(findings), ms: Math.round(performance.now() - t) });
  }
  return {
    target: redactUrl(ctx.url),
    builtin: ctx.builtin,
    profile: ctx.profile.name,
    budgetSeconds: ctx.budgetSeconds,
    scheme: ctx.signer ? ctx.scheme : undefined,
    notes: ctx.builtin ? [BUILTIN_NOTE] : [],
    startedAt,
    finishedAt: new Date().toISOString(),
    checks: reports,
    exchanges: ctx.exchanges,
    ...summarize(reports),
  };
}
