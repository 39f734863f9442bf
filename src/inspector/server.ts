// The inspector's HTTP server: 127.0.0.1 only, a token on every request, foreign Host headers refused,
// state-changing calls POST-only with the token in a header; a JSON API, Server-Sent Events, the page.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isWdError, WdError } from '../errors.js';
import { frameText } from './live-frame.js';
import type { CaptureSummary, HistoryFilter, HistoryStore } from '../history/store.js';
import { filterFromWords } from '../history/filter.js';
import type { CaptureList } from './api-types.js';
import { pageHtml } from './page-html.js';
import { detailOf, harOf } from './view.js';

/** What the inspector reads: the history store (listen's own, or the one `history --ui` opens). */
export type InspectorStore = Pick<HistoryStore, 'list' | 'get' | 'subscribe' | 'stats' | 'maxCaptures'>;

/** What the page can ask the server to do besides reading: each is the command's own domain code. */
export interface InspectorActions {
  replay?(request: ReplayRequest): Promise<unknown>;
  diff?(a: string, b: string): Promise<unknown>;
}

export interface ReplayRequest {
  id: string;
  url: string;
  resign?: { secret: string; scheme?: string };
}

export interface InspectorOptions {
  store: InspectorStore;
  actions?: InspectorActions;
  /** 0 (default) picks a free port. The address is always 127.0.0.1. */
  port?: number;
  /** The built page (page.js, page.css); default: dist/inspector beside the running bundle. */
  assetsDir?: string;
  /** Shown in the page's title bar: 'listen on http://127.0.0.1:8080' or 'history'. */
  title: string;
  /** A fixed token (tests); a random one otherwise. */
  token?: string;
  /** SSE batching interval; captures arriving within it go out as one event. */
  batchMs?: number;
  /** The profile listen judges with (its time budget is shown beside the app's answer). */
  profile?: string;
  /** The capture server's address, for the URL of a capture without a Host header. */
  captureUrl?: string;
  version?: string;
}

export interface Inspector {
  /** The address to open, token included: http://127.0.0.1:PORT/?token=… */
  url: string;
  port: number;
  token: string;
  server: Server;
  close(): Promise<void>;
}

export const HOST = '127.0.0.1';
const MAX_POST_BYTES = 1024 * 1024;
/** Live streams open at once: a few tabs are normal; a script opening hundreds must not hold our memory. */
export const MAX_STREAMS = 32;
/** What a stream may hold unsent: a page that stops reading is dropped (EventSource reconnects and reloads the list). */
export const MAX_STREAM_BUFFER = 1024 * 1024;

// The page runs only its own bundled script and style; nothing inline, nothing from elsewhere, no frames.
// A captured body is put into the DOM as text, and even if it were not, no inline script could run.
const CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
const securityHeaders: Record<string, string> = {
  'content-security-policy': CSP,
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'cache-control': 'no-store',
};

/** Constant-time comparison of a presented token with ours (length leaks nothing: ours is fixed-size). */
export function tokenMatches(presented: string | undefined, token: string): boolean {
  if (!presented) return false;
  const a = Buffer.from(presented);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

function cookieValue(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

function send(res: ServerResponse, status: number, type: string, body: string | Buffer, extra: Record<string, string> = {}): void {
  res.writeHead(status, { ...securityHeaders, 'content-type': type, 'content-length': Buffer.byteLength(body), ...extra });
  res.end(body);
}

function sendJson(res: ServerResponse, status: number, value: unknown): void {
  send(res, status, 'application/json; charset=utf-8', JSON.stringify(value));
}

function refuse(res: ServerResponse, status: number, message: string): void {
  send(res, status, 'text/plain; charset=utf-8', message + '\n');
}

function readJsonBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_POST_BYTES) { reject(new WdError('INPUT', 'request body over 1 MB')); req.destroy(); } else chunks.push(c);
    });
    req.on('end', () => {
      try {
        const value: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
        if (!value || typeof value !== 'object' || Array.isArray(value)) throw new Error('not an object');
        resolve(value as Record<string, unknown>);
      } catch {
        reject(new WdError('INPUT', 'expected a JSON object'));
      }
    });
    req.on('error', reject);
  });
}

/** dist/inspector/, where the build puts the page: beside dist/commands/*.js, or from src/inspector/ (tests run the source). */
function builtPageDir(): string {
  for (const rel of ['../inspector/', '../../dist/inspector/']) {
    const dir = fileURLToPath(new URL(rel, import.meta.url));
    if (existsSync(dir + 'page.js')) return dir;
  }
  throw new WdError('FAILED', 'the inspector page is not built (dist/inspector/page.js is missing)', { hint: 'run npm run build' });
}

/**
 * The list's filter, named as `history`'s flags are (?status=5xx&method=POST&path=/hooks&header=X-Event:push
 * &grep=text&sender=github&since=10m&until=…&limit=n) and read by history's own filterFromWords: a bad value is a 400.
 */
export function filterFromQuery(q: URLSearchParams): HistoryFilter {
  const one = (name: string) => q.get(name)?.trim() || undefined;
  const limit = one('limit');
  const n = Number(limit);
  if (limit && (!Number.isInteger(n) || n < 1)) throw new WdError('INPUT', `limit: "${limit}" is not a positive number`);
  return filterFromWords({
    since: one('since'), until: one('until'), status: one('status'), method: one('method'), path: one('path'),
    header: q.getAll('header').filter((h) => h.trim()), grep: one('grep'), sender: one('sender'), ...(limit ? { limit: n } : {}),
  });
}

export async function startInspector(opts: InspectorOptions): Promise<Inspector> {
  const token = opts.token ?? randomBytes(24).toString('base64url');
  const assetsDir = opts.assetsDir ?? builtPageDir();
  const pageJs = readFileSync(`${assetsDir}/page.js`);
  const pageCss = readFileSync(`${assetsDir}/page.css`);
  // Four frames a second: live to the eye, and each frame costs the page a redraw (at 10 a second, under a
  // sender at full speed, Chromium took a fifth of listen's rate; at 4, an eighth).
  const batchMs = opts.batchMs ?? 250;
  const streams = new Set<ServerResponse>();
  let port = 0;
  let allowedHosts = new Set<string>();
  let allowedOrigins = new Set<string>();
  const cookieName = () => `wd_inspector_${port}`;

  // Live captures go out in batches: a sender at full speed must not cost a write per capture per page.
  let pending: CaptureSummary[] = [];
  let timer: NodeJS.Timeout | undefined;
  const flush = () => {
    timer = undefined;
    if (!pending.length) return;
    const frame = `event: captures\ndata: ${frameText(pending)}\n\n`;
    pending = [];
    for (const res of streams) writeStream(res, frame);
  };
  /** One frame to one page; a page that has stopped reading (its unsent bytes over the bound) is let go. */
  const writeStream = (res: ServerResponse, frame: string) => {
    if (res.writableLength > MAX_STREAM_BUFFER) { streams.delete(res); res.destroy(); return; }
    res.write(frame);
  };
  const unsubscribe = opts.store.subscribe((summary) => {
    if (!streams.size) return;
    pending.push(summary);
    timer ??= setTimeout(flush, batchMs);
  });
  const keepAlive = setInterval(() => { for (const res of streams) writeStream(res, ': keep-alive\n\n'); }, 15_000);
  keepAlive.unref();

  /** Which token the request presents: the header (the page's fetches), the cookie (after the first load), or ?token= (the printed URL). */
  function presented(req: IncomingMessage, url: URL): { header?: string; cookie?: string; query?: string } {
    const header = req.headers['x-inspector-token'];
    return {
      header: typeof header === 'string' ? header : undefined,
      cookie: cookieValue(req.headers.cookie, cookieName()),
      query: url.searchParams.get('token') ?? undefined,
    };
  }

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // DNS rebinding: a page on evil.example whose name now resolves to 127.0.0.1 still sends Host: evil.example.
    // Node keeps the first of two Host headers; a request with two is ambiguous (RFC 9112 3.2), so it is refused whole.
    const hosts = req.rawHeaders.filter((_, i) => i % 2 === 0 && /^host$/i.test(req.rawHeaders[i]!)).length;
    const host = req.headers.host;
    if (hosts !== 1 || !host || !allowedHosts.has(host.toLowerCase())) return refuse(res, 403, `refused: Host ${JSON.stringify(host ?? '')} is not this inspector's address (127.0.0.1:${port})`);
    // An absolute-form target (GET http://other/…) names its own host, which would override Host: only /paths here.
    if (!req.url?.startsWith('/')) return refuse(res, 400, 'refused: the request target must be a path (/…)');
    const url = new URL(req.url, `http://${HOST}:${port}`);
    const tokens = presented(req, url);
    const method = req.method ?? 'GET';

    if (method === 'POST') {
      // No CSRF: a cross-site form or fetch can carry the cookie but cannot set this header (and cannot read the token).
      if (!tokenMatches(tokens.header, token)) return refuse(res, 403, 'refused: a POST needs the X-Inspector-Token header');
      const origin = req.headers.origin;
      if (origin !== undefined && !allowedOrigins.has(origin.toLowerCase())) return refuse(res, 403, 'refused: cross-origin POST');
      // A browser says where a request came from: only the page itself may post (a script with no browser sends none).
      const site = req.headers['sec-fetch-site'];
      if (site !== undefined && site !== 'same-origin') return refuse(res, 403, `refused: a ${site} POST`);
      if (!/^application\/json\b/i.test(req.headers['content-type'] ?? '')) return refuse(res, 415, 'refused: a POST carries application/json');
      return post(url.pathname, req, res);
    }
    if (method !== 'GET' && method !== 'HEAD') return refuse(res, 405, `refused: ${method} is not allowed here`);
    // Another site may link to the printed URL (a navigation), but not load our API or page into its own (img, script, fetch).
    if (req.headers['sec-fetch-site'] === 'cross-site' && req.headers['sec-fetch-mode'] !== 'navigate') return refuse(res, 403, 'refused: a cross-site request');

    if (url.pathname === '/' && tokenMatches(tokens.query, token)) {
      // The printed URL: keep the token in a cookie for this port and take it out of the address bar.
      return send(res, 303, 'text/plain; charset=utf-8', 'see /\n', {
        location: '/',
        'set-cookie': `${cookieName()}=${token}; Path=/; HttpOnly; SameSite=Strict`,
      });
    }
    if (!tokenMatches(tokens.cookie, token) && !tokenMatches(tokens.header, token) && !tokenMatches(tokens.query, token)) {
      return refuse(res, 401, 'refused: open the inspector with the URL webhook-doctor printed (it carries the token)');
    }
    return get(url, req, res);
  }

  async function get(url: URL, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = url.pathname;
    if (path === '/') return send(res, 200, 'text/html; charset=utf-8', pageHtml({ token, title: opts.title }));
    if (path === '/page.js') return send(res, 200, 'text/javascript; charset=utf-8', pageJs);
    if (path === '/page.css') return send(res, 200, 'text/css; charset=utf-8', pageCss);
    if (path === '/api/captures') {
      const [captures, stats] = await Promise.all([opts.store.list(filterFromQuery(url.searchParams)), opts.store.stats()]);
      const list: CaptureList = { title: opts.title, captures, total: stats.captures, max: opts.store.maxCaptures, actions: { replay: !!opts.actions?.replay, diff: !!opts.actions?.diff } };
      return sendJson(res, 200, list);
    }
    if (path === '/api/events') return openStream(req, res);
    const m = /^\/api\/captures\/([^/]+)(?:\/(raw|har))?$/.exec(path);
    if (m) {
      let id: string;
      try { id = decodeURIComponent(m[1]!); } catch { throw new WdError('INPUT', 'a capture id in the address is not valid percent-encoding'); }
      const record = await opts.store.get(id);
      if (!record) return sendJson(res, 404, { error: `no capture ${id}: it may have left the history (it keeps the newest ${opts.store.maxCaptures})` });
      const file = id.replace(/[^\w.-]/g, '_');
      const fallbackBase = opts.captureUrl ?? `http://${HOST}`;
      if (m[2] === 'raw') return send(res, 200, 'application/octet-stream', record.body, { 'content-disposition': `attachment; filename="${file}.body"` });
      if (m[2] === 'har') {
        const har = harOf(record, { fallbackBase, version: opts.version ?? '0.0.0-dev' });
        return send(res, 200, 'application/json; charset=utf-8', JSON.stringify(har, null, 2) + '\n', { 'content-disposition': `attachment; filename="${file}.har"` });
      }
      return sendJson(res, 200, detailOf(record, { fallbackBase, profile: opts.profile }));
    }
    return refuse(res, 404, 'not found');
  }

  async function post(path: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readJsonBody(req);
    const text = (v: unknown) => (typeof v === 'string' && v.length ? v : undefined);
    if (path === '/api/replay') {
      if (!opts.actions?.replay) return sendJson(res, 501, { error: 'replay is not available in this build' });
      const id = text(body.id);
      const target = text(body.url);
      if (!id || !target) return sendJson(res, 400, { error: 'replay needs an id and a url' });
      const secret = text(body.secret);
      return sendJson(res, 200, await opts.actions.replay({ id, url: target, ...(secret ? { resign: { secret, scheme: text(body.scheme) } } : {}) }));
    }
    if (path === '/api/diff') {
      if (!opts.actions?.diff) return sendJson(res, 501, { error: 'diff is not available in this build' });
      const a = text(body.a);
      const b = text(body.b);
      if (!a || !b) return sendJson(res, 400, { error: 'diff needs two ids, a and b' });
      return sendJson(res, 200, await opts.actions.diff(a, b));
    }
    return refuse(res, 404, 'not found');
  }

  function openStream(req: IncomingMessage, res: ServerResponse): void {
    if (streams.size >= MAX_STREAMS) return refuse(res, 503, `refused: ${MAX_STREAMS} live streams are open already; close a tab`);
    res.writeHead(200, { ...securityHeaders, 'content-type': 'text/event-stream; charset=utf-8', connection: 'keep-alive' });
    res.write('retry: 1000\n\n');
    streams.add(res);
    req.on('close', () => streams.delete(res));
  }

  // Node would answer a request without Host itself (a bare 400, none of our headers): let route() refuse it.
  const server = createServer({ requireHostHeader: false }, (req, res) => {
    route(req, res).catch((err: unknown) => {
      if (res.headersSent) { res.destroy(); return; }
      // A WdError is the user's input (a bad URL to replay to): say it; anything else is ours.
      if (isWdError(err)) sendJson(res, err.code === 'NOT_FOUND' ? 404 : err.code === 'INPUT' || err.code === 'USAGE' ? 400 : 502, { error: err.message, ...(err.hint ? { hint: err.hint } : {}) });
      else sendJson(res, 500, { error: (err as Error).message });
    });
  });
  server.headersTimeout = 10_000;

  await new Promise<void>((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException) => {
      reject(err.code === 'EADDRINUSE'
        ? new WdError('USAGE', `--ui: port ${opts.port} on ${HOST} is already in use`, { hint: 'pick another port for --ui, or leave it out for a free one' })
        : new WdError('FAILED', `--ui: cannot listen on ${HOST}:${opts.port}: ${err.code ?? err.message}`));
    };
    server.once('error', onError);
    server.listen(opts.port ?? 0, HOST, () => { server.off('error', onError); resolve(); });
  });
  port = (server.address() as AddressInfo).port;
  allowedHosts = new Set([`${HOST}:${port}`, `localhost:${port}`]);
  allowedOrigins = new Set([...allowedHosts].map((h) => `http://${h}`));

  return {
    url: `http://${HOST}:${port}/?token=${token}`,
    port,
    token,
    server,
    close: () => new Promise<void>((resolve) => {
      unsubscribe();
      clearInterval(keepAlive);
      if (timer) clearTimeout(timer);
      for (const res of streams) res.end();
      streams.clear();
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}
