// Delivering one webhook request with undici: attempts, per-attempt timeout, retries with backoff, timings.
// Network and HTTP failures are data in the returned Delivery, never exceptions.
import { channel } from 'node:diagnostics_channel';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Attempt, Delivery, DeliveryError, DeliveryRequest, DeliveryResponse, HeaderList, Timings } from './delivery.js';
import { errorCodeOf, errorMessageOf } from './error-code.js';
import { DEFAULT_USER_AGENT } from './user-agent.js';
import { connectionTimesOf, createDispatcher, type Dispatcher } from './dispatcher.js';
import { backoffDelay, isRetryableErrorCode, isRetryableStatus, parseRetryAfter } from './retry-policy.js';

// classifyFailure (status/code → retryable + knowledge-base key) lives in ./classify.js; it is not re-exported
// here because it loads the whole knowledge base, which a successful delivery never needs.
export { backoffDelay, isRetryableStatus, parseRetryAfter } from './retry-policy.js';
export { createDispatcher, type Dispatcher, type DispatcherOptions } from './dispatcher.js';

export interface DeliverOptions {
  /** Further attempts after the first, on retryable outcomes only (default 0). */
  retries?: number;
  /** Reuse a dispatcher (and its connections); otherwise one is made and closed for this delivery. */
  dispatcher?: Dispatcher;
  /** Called after each attempt, once its retry decision (and wait) is known. */
  onAttempt?: (attempt: Attempt) => void;
  signal?: AbortSignal;
  /** Backoff base (default 500 ms) and cap (default 30 s) for full-jitter waits. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** A Retry-After longer than this (default 120 s) ends the retries instead of waiting. */
  maxRetryAfterMs?: number;
  /**
   * The User-Agent sent when the request's own headers have none (default webhook-doctor/<version>; a profile
   * that names its sender's goes through userAgentFor).
   */
  userAgent?: string;
  /** Keep at most this many response body bytes (default 10 MB); the rest is read and dropped. */
  maxBodyBytes?: number;
  /**
   * Record only the outcome: status, body, error and the total time; not the request head, the connection
   * or the phase timings, and the response headers and request id only for a failure. For bulk sends (flush), where
   * the per-request work of recording what a single send shows is a measurable part of the client's CPU.
   */
  outcomeOnly?: boolean;
}

const sendHeaders = channel('undici:client:sendHeaders');

interface SocketClaim {
  socket?: object;
  head?: string;
  /** When undici handed the request head to the socket. */
  sentAt?: number;
  /** The phases of a connection that failed before any request went on it (see timedConnector). */
  failedConnection?: ReturnType<typeof connectionTimesOf>;
}
// undici calls the handler's onRequestStart and then, synchronously in the same writeH1 call, publishes
// sendHeaders with the socket: the claim set in between tells which attempt that socket belongs to.
let claimNext: SocketClaim | undefined;
let subscribed = false;
function onSendHeaders(message: unknown): void {
  const claim = claimNext;
  if (!claim) return;
  claimNext = undefined;
  const m = message as { socket?: object; headers?: string };
  claim.socket = m.socket;
  claim.head = m.headers;
  claim.sentAt = performance.now();
}

function rawHeaderList(raw: Buffer[] | string[] | null | undefined): HeaderList {
  const list: HeaderList = [];
  if (!raw) return list;
  for (let i = 0; i + 1 < raw.length; i += 2) list.push([String(raw[i]), String(raw[i + 1])]);
  return list;
}

const requestIdHeaders = ['x-request-id', 'request-id', 'x-amzn-requestid', 'x-amz-request-id', 'x-github-request-id', 'x-correlation-id', 'cf-ray'];
const requestIdKeys = ['request_id', 'requestId', 'requestID', 'request-id', 'x-request-id', 'trace_id', 'traceId', 'correlation_id'];

/** The request id a support team asks for: from the headers, or from a JSON body (top level or one level down). */
export function findRequestId(headers: HeaderList, body: Buffer): string | undefined {
  for (const name of requestIdHeaders) {
    const hit = headers.find(([k]) => k.toLowerCase() === name);
    if (hit) return hit[1];
  }
  if (body.length === 0 || body.length > 1_000_000) return undefined;
  // Only a JSON object can carry a request id: skip the parse (and its exception) for "OK", HTML, arrays.
  let first = 0;
  while (first < body.length && (body[first] === 0x20 || body[first] === 0x0a || body[first] === 0x0d || body[first] === 0x09)) first++;
  if (body[first] !== 0x7b) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    return undefined;
  }
  const search = (value: unknown, depth: number): string | undefined => {
    if (!value || typeof value !== 'object' || Array.isArray(value)) return undefined;
    const record = value as Record<string, unknown>;
    for (const key of requestIdKeys) {
      const v = record[key];
      if (typeof v === 'string' || typeof v === 'number') return String(v);
    }
    if (depth === 0) return undefined;
    for (const v of Object.values(record)) {
      const found = search(v, depth - 1);
      if (found) return found;
    }
    return undefined;
  };
  return search(parsed, 1);
}

type Phase = 'connecting' | 'waiting' | 'receiving';

function timeoutError(phase: Phase, timeoutMs: number): DeliveryError {
  const s = `${+(timeoutMs / 1000).toFixed(3)} s`;
  if (phase === 'connecting') return { code: 'UND_ERR_CONNECT_TIMEOUT', message: `could not connect within the ${s} timeout` };
  if (phase === 'waiting') return { code: 'UND_ERR_HEADERS_TIMEOUT', message: `no response within the ${s} timeout (the request was sent; the receiver did not answer in time)` };
  return { code: 'UND_ERR_BODY_TIMEOUT', message: `the response body did not finish within the ${s} timeout` };
}

interface AttemptResult {
  response?: DeliveryResponse;
  error?: DeliveryError;
  timings: Timings;
  requestHead?: string;
  connection?: Attempt['connection'];
}

/** origin and path of the last URL parsed: a flush sends thousands of requests to one URL. */
let lastTarget: { url: string; origin: string; path: string } | undefined;

function targetOf(raw: string): { origin: string; path: string } | undefined {
  if (lastTarget?.url === raw) return lastTarget;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return undefined;
  }
  lastTarget = { url: raw, origin: url.origin, path: url.pathname + url.search };
  return lastTarget;
}

/** One HTTP exchange. Resolves with the response or the error; never rejects. */
function attemptOnce(dispatcher: Dispatcher, req: DeliveryRequest, maxBodyBytes: number, signal: AbortSignal | undefined, outcomeOnly: boolean, userAgent: string): Promise<AttemptResult> {
  return new Promise((resolve) => {
    const t0 = performance.now();
    const claim: SocketClaim = {};
    let phase: Phase = 'connecting';
    let firstByte: number | undefined;
    let controller: { abort(reason: Error): void } | undefined;
    let settled = false;
    let status = 0;
    let statusText = '';
    let headers: HeaderList = [];
    const chunks: Buffer[] = [];
    let kept = 0;

    // Timings measure the network, as curl -w does, not this process's own one-time set-up: on a new
    // connection the clock starts when the socket is opened (not while undici builds its client), and
    // the time between "connected" and "request head written" is left out: on the first connection
    // undici compiles its WebAssembly HTTP parser there, milliseconds no network spent.
    const timings = (failed: boolean): Timings => {
      const end = performance.now();
      if (outcomeOnly) return { total: end - t0 };
      const times = connectionTimesOf(claim.socket) ?? claim.failedConnection;
      const fresh = times !== undefined && times.start >= t0;
      const start = fresh ? times.start : t0;
      const ready = fresh ? (times.secure ?? times.connect) : undefined;
      const ownWork = ready !== undefined && claim.sentAt !== undefined && claim.sentAt > ready ? claim.sentAt - ready : 0;
      const since = (at: number) => Math.max(0, at - start - (ready !== undefined && at > ready ? ownWork : 0));
      // A failed attempt (a timeout is our own clock) reports the whole wait the user had.
      const t: Timings = { total: failed ? end - t0 : since(end) };
      if (fresh) {
        if (times.lookup !== undefined) t.dns = since(times.lookup);
        if (times.connect !== undefined) t.connect = since(times.connect);
        if (times.secure !== undefined) t.tls = since(times.secure);
      }
      if (firstByte !== undefined) t.firstByte = since(firstByte);
      return t;
    };
    const connection = (): Attempt['connection'] => {
      const s = claim.socket as { remoteAddress?: string; remotePort?: number; alpnProtocol?: string | false; getProtocol?: () => string | null } | undefined;
      if (!s) return undefined;
      const times = connectionTimesOf(s);
      return {
        remoteAddress: s.remoteAddress,
        remotePort: s.remotePort,
        reused: !times || times.start < t0,
        tlsProtocol: typeof s.getProtocol === 'function' ? (s.getProtocol() ?? undefined) : undefined,
      };
    };
    const finish = (result: Omit<AttemptResult, 'timings' | 'requestHead' | 'connection'>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      if (outcomeOnly) resolve({ ...result, timings: timings(result.error !== undefined) });
      else resolve({ ...result, timings: timings(result.error !== undefined), requestHead: claim.head, connection: connection() });
    };
    const fail = (error: DeliveryError, reason: Error) => {
      finish({ error });
      controller?.abort(reason);
    };
    const timer = setTimeout(() => {
      const error = timeoutError(phase, req.timeoutMs);
      fail(error, Object.assign(new Error(error.message), { code: error.code }));
    }, req.timeoutMs);
    const onAbort = () => fail({ code: 'ABORT_ERR', message: 'the delivery was cancelled' }, new Error('aborted'));
    if (signal?.aborted) return onAbort();
    signal?.addEventListener('abort', onAbort, { once: true });

    const target = targetOf(req.url);
    if (!target) return finish({ error: { code: 'ERR_INVALID_URL', message: `not a valid URL: ${req.url}` } });
    const flatHeaders: string[] = [];
    let hasUserAgent = false;
    for (const [k, v] of req.headers) {
      flatHeaders.push(k, v);
      if (!hasUserAgent && k.length === 10 && k.toLowerCase() === 'user-agent') hasUserAgent = true;
    }
    if (!hasUserAgent) flatHeaders.push('User-Agent', userAgent);

    const handler = {
      onRequestStart(c: { abort(reason: Error): void }) {
        controller = c;
        if (settled) return c.abort(new Error('timed out'));
        phase = 'waiting';
        if (!outcomeOnly) claimNext = claim;
      },
      onResponseStart(c: { rawHeaders?: Buffer[] }, statusCode: number, _headers: unknown, statusMessage?: string) {
        // 1xx interim answers (100 Continue) are not the response.
        if (statusCode < 200) return;
        // The first byte arrived when the socket became readable, not when undici finished parsing it
        // (on the first answer of a process that includes compiling the parser's code).
        if (firstByte === undefined && !outcomeOnly) {
          const arrived = connectionTimesOf(claim.socket)?.readable;
          firstByte = arrived !== undefined && claim.sentAt !== undefined && arrived >= claim.sentAt ? arrived : performance.now();
        }
        phase = 'receiving';
        status = statusCode;
        statusText = statusMessage ?? '';
        // A bulk send reads a 2xx's status only: its headers would be converted for nothing.
        headers = outcomeOnly && statusCode < 300 ? [] : rawHeaderList(c.rawHeaders);
      },
      onResponseData(_c: unknown, chunk: Buffer) {
        if (kept < maxBodyBytes) {
          const part = chunk.length + kept > maxBodyBytes ? chunk.subarray(0, maxBodyBytes - kept) : chunk;
          chunks.push(part);
          kept += part.length;
        }
      },
      onResponseEnd() {
        const body = Buffer.concat(chunks);
        const response: DeliveryResponse = { status, statusText, headers, body };
        const requestId = outcomeOnly && status >= 200 && status < 300 ? undefined : findRequestId(headers, body);
        if (requestId !== undefined) response.requestId = requestId;
        finish({ response });
      },
      onResponseError(_c: unknown, err: Error) {
        if (settled) return;
        if (!claim.socket) claim.failedConnection = connectionTimesOf(err);
        const code = errorCodeOf(err);
        finish({ error: { code, message: errorMessageOf(err, code) } });
      },
    };

    try {
      dispatcher.dispatch(
        {
          origin: target.origin,
          path: target.path,
          method: (req.method ?? 'POST') as Dispatcher.HttpMethod,
          headers: flatHeaders,
          body: req.body,
          headersTimeout: req.timeoutMs + 1000,
          bodyTimeout: req.timeoutMs + 1000,
        },
        handler as unknown as Dispatcher.DispatchHandler,
      );
    } catch (err) {
      finish({ error: { code: errorCodeOf(err), message: (err as Error).message } });
    }
  });
}

/**
 * Deliver `req`, retrying retryable outcomes up to `opts.retries` times with full-jitter backoff
 * (or the server's Retry-After). The Delivery holds every attempt; it is `ok` when the last answer was 2xx.
 */
export async function deliver(req: DeliveryRequest, opts: DeliverOptions = {}): Promise<Delivery> {
  if (!subscribed && !opts.outcomeOnly) {
    sendHeaders.subscribe(onSendHeaders);
    subscribed = true;
  }
  const retries = Math.max(0, opts.retries ?? 0);
  const base = opts.baseDelayMs ?? 500;
  const cap = opts.maxDelayMs ?? 30_000;
  const maxRetryAfter = opts.maxRetryAfterMs ?? 120_000;
  const ownDispatcher = opts.dispatcher ? undefined : createDispatcher();
  const dispatcher = opts.dispatcher ?? ownDispatcher!;
  const attempts: Attempt[] = [];
  let last: AttemptResult | undefined;
  let verdict = { ok: false, retryable: false };
  try {
    for (let n = 1; n <= retries + 1; n++) {
      const startedAt = new Date().toISOString();
      last = await attemptOnce(dispatcher, req, opts.maxBodyBytes ?? 10 * 1024 * 1024, opts.signal, opts.outcomeOnly ?? false, opts.userAgent ?? DEFAULT_USER_AGENT);
      const ok = !last.error && last.response !== undefined && last.response.status >= 200 && last.response.status < 300;
      const retryable = ok ? false : last.error ? isRetryableErrorCode(last.error.code) : isRetryableStatus(last.response!.status);
      verdict = { ok, retryable };
      const attempt: Attempt = { attempt: n, startedAt, timings: last.timings, retryable };
      if (last.response) attempt.response = last.response;
      if (last.error) attempt.error = last.error;
      if (last.requestHead) attempt.requestHead = last.requestHead;
      if (last.connection) attempt.connection = last.connection;
      let wait: number | undefined;
      if (!ok && retryable && n <= retries && last.error?.code !== 'ABORT_ERR') {
        const retryAfterHeader = last.response?.headers.find(([k]) => k.toLowerCase() === 'retry-after')?.[1];
        const retryAfter = parseRetryAfter(retryAfterHeader);
        if (retryAfter !== undefined && retryAfter > maxRetryAfter) {
          attempt.note = `Retry-After asks for ${Math.round(retryAfter / 1000)} s, more than the ${Math.round(maxRetryAfter / 1000)} s this run waits: not retrying`;
        } else {
          wait = retryAfter ?? backoffDelay(n, base, cap);
          attempt.waitMs = wait;
          if (retryAfter !== undefined) attempt.note = `waiting ${formatSeconds(wait)} as Retry-After asks`;
        }
      }
      attempts.push(attempt);
      opts.onAttempt?.(attempt);
      if (wait === undefined) break;
      try {
        await sleep(wait, undefined, opts.signal ? { signal: opts.signal } : undefined);
      } catch {
        break; // cancelled while waiting: the last attempt stands
      }
    }
  } finally {
    if (ownDispatcher) await ownDispatcher.close().catch(() => {});
  }
  const delivery: Delivery = { request: req, timings: last!.timings, attempts, ok: verdict.ok, retryable: verdict.retryable };
  if (last!.response) delivery.response = last!.response;
  if (last!.error) delivery.error = last!.error;
  if (!verdict.ok) {
    const { classifyFailure } = await import('./classify.js');
    delivery.kb = classifyFailure(last!.error ? { code: last!.error.code } : { status: last!.response!.status }).kb;
  }
  return delivery;
}

function formatSeconds(ms: number): string {
  return `${+(ms / 1000).toFixed(ms < 10_000 ? 2 : 0)} s`;
}
