// Showing a Delivery: attempt lines, status, timing split, notable headers, the body, the request id and,
// on failure, the knowledge-base explanation; also the curl -v style transcript and the --json object.
import type { Attempt, Delivery, DeliveryRequest, HeaderList, Timings } from '../http/delivery.js';
import type { BurstSummary } from '../http/burst.js';
import type { Output } from './output.js';
import { personalise, type HintContext } from './hints.js';

type Paint = (text: string) => string;
export interface Styles {
  green: Paint;
  red: Paint;
  yellow: Paint;
  dim: Paint;
  bold: Paint;
  cyan: Paint;
}

const plain: Paint = (t) => t;
const plainStyles: Styles = { green: plain, red: plain, yellow: plain, dim: plain, bold: plain, cyan: plain };

/** chalk only when there is colour to show: without it (pipes, NO_COLOR, --json) chalk is not even loaded. */
export async function stylesFor(output: Output): Promise<Styles> {
  return output.color ? await output.style() : plainStyles;
}

export interface ShowOptions {
  /** Lower-cased header names whose values are credentials. */
  secretHeaders: ReadonlySet<string>;
  showSecrets: boolean;
  /** The proxy the request went through (--proxy), if any. */
  proxy?: string;
  /** What the user ran (body source, profile), so fix commands repeat it. */
  ran?: HintContext;
}

const CONNECT_ERRORS = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT']);

/**
 * The proxy's host:port when a connection error happened there rather than at the receiver: the error
 * names the proxy's address (connect ECONNREFUSED 127.0.0.1:3128) or its host name (getaddrinfo ENOTFOUND proxy.local).
 */
export function failedAtProxy(d: Delivery, proxy: string | undefined): string | undefined {
  if (!proxy || d.ok || !d.error || !CONNECT_ERRORS.has(d.error.code)) return undefined;
  let p: URL;
  try {
    p = new URL(proxy);
  } catch {
    return undefined;
  }
  const port = p.port || (p.protocol === 'https:' ? '443' : '80');
  const host = p.hostname.replace(/^\[|\]$/g, '');
  const m = d.error.message;
  const target = new URL(d.request.url);
  // The receiver's own address in the message means the failure was past the proxy.
  if (target.hostname !== host && m.includes(target.hostname)) return undefined;
  return m.includes(`:${port}`) || m.includes(host) || d.error.code === 'UND_ERR_CONNECT_TIMEOUT' ? `${host}:${port}` : undefined;
}

export function formatMs(ms: number | undefined): string {
  if (ms === undefined || Number.isNaN(ms)) return '—';
  if (ms >= 1000) return `${(ms / 1000).toFixed(2)} s`;
  if (ms >= 100) return `${Math.round(ms)} ms`;
  return `${ms.toFixed(1)} ms`;
}

/** "Bearer pst_…(28 chars)": enough to recognise a credential, not to use it. */
export function maskValue(value: string): string {
  const m = /^(\s*(?:bearer|basic|token)\s+)(.*)$/i.exec(value);
  const prefix = m ? m[1]! : '';
  const secret = m ? m[2]! : value;
  if (!secret) return value;
  return `${prefix}${secret.length >= 12 ? secret.slice(0, 4) : ''}…(${secret.length} chars)`;
}

export function shownHeaders(headers: HeaderList, o: ShowOptions): HeaderList {
  if (o.showSecrets) return headers;
  return headers.map(([k, v]) => [k, o.secretHeaders.has(k.toLowerCase()) ? maskValue(v) : v]);
}

function outcomeText(a: { response?: { status: number; statusText: string }; error?: { code: string } }): string {
  if (a.response) return `${a.response.status} ${a.response.statusText}`.trim();
  return a.error?.code ?? 'no answer';
}

export function attemptLine(a: Attempt, total: number, s: Styles): string {
  const ok = a.response !== undefined && a.response.status >= 200 && a.response.status < 300;
  const outcome = ok ? s.green(outcomeText(a)) : s.red(outcomeText(a));
  let line = `  attempt ${a.attempt}${total > 1 ? `/${total}` : ''}  ${outcome}  ${formatMs(a.timings.total)}`;
  if (a.error) line += `  ${s.dim(a.error.message)}`;
  if (!ok) {
    if (a.waitMs !== undefined) line += `  ${s.yellow(`retryable: ${a.note ?? `waiting ${formatMs(a.waitMs)} (full-jitter backoff)`}`)}`;
    else if (a.note) line += `  ${s.yellow(a.note)}`;
    else if (!a.retryable) line += `  ${s.dim('not retryable')}`;
  }
  return line;
}

export function timingLine(t: Timings): string {
  return [`dns ${formatMs(t.dns)}`, `connect ${formatMs(t.connect)}`, `tls ${formatMs(t.tls)}`, `first byte ${formatMs(t.firstByte)}`, `total ${formatMs(t.total)}`].join('  ');
}

const notableHeader = /^(content-type|content-length|location|retry-after|www-authenticate|allow|server|x-request-id|request-id|x-amzn-requestid|cf-ray|(x-)?rate-?limit.*)$/i;

/** A body as a person wants to read it: pretty JSON, text as is, binary as a short hex view. */
export function bodyText(body: Buffer, limit = 4000): string {
  if (body.length === 0) return '(empty)';
  const text = body.toString('utf8');
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    // not JSON: fall through
  }
  if (Buffer.from(text, 'utf8').equals(body) && !/[\x00-\x08\x0e-\x1f]/.test(text)) {
    return text.length > limit ? `${text.slice(0, limit)}\n… (${body.length} bytes in all)` : text;
  }
  const hex = body.subarray(0, 64).toString('hex').replace(/(..)/g, '$1 ').trim();
  return `(${body.length} bytes of binary) ${hex}${body.length > 64 ? ' …' : ''}`;
}

/** A body as it went over the wire: text as is (curl -v style), binary as a short hex view. */
export function rawBodyText(body: Buffer, limit = 2000): string {
  const text = body.toString('utf8');
  if (Buffer.from(text, 'utf8').equals(body) && !/[\x00-\x08\x0e-\x1f]/.test(text)) {
    return text.length > limit ? `${text.slice(0, limit)}\n… (${body.length} bytes in all)` : text;
  }
  const hex = body.subarray(0, 64).toString('hex').replace(/(..)/g, '$1 ').trim();
  return `(${body.length} bytes of binary) ${hex}${body.length > 64 ? ' …' : ''}`;
}

const indent = (text: string, pad: string) => text.split('\n').map((l) => pad + l).join('\n');

export interface Explanation {
  key: string;
  title: string;
  meaning: string;
  likelyCause: string[];
  next: Array<{ text: string; command?: string }>;
  retry: string;
}

/** The knowledge-base explanation of a failed outcome (the knowledge base is loaded only when something failed). */
export async function explanationFor(key: string | undefined, url?: string, ran: HintContext = {}): Promise<Explanation | undefined> {
  // ran.url, when set, is the URL the hints should use (e.g. the https:// one a mix-up calls for).
  const ctx: HintContext = { ...(url ? { url } : {}), ...ran };
  if (!key) return undefined;
  const { getEntry } = await import('../kb/index.js');
  const entry = getEntry(key);
  if (!entry) return undefined;
  return {
    key: entry.key,
    title: entry.title,
    meaning: entry.meaning,
    likelyCause: entry.causes.slice(0, 2),
    // An openssl s_client hint is no help for an http:// URL: the user's command speaks no TLS to inspect.
    next: entry.fixes.filter((f) => !(f.command?.startsWith('openssl ') && ctx.url?.startsWith('http:'))).slice(0, 2).map((f) => (f.command ? { text: f.text, command: personalise(f.command, ctx) } : { text: f.text })),
    retry: `${entry.retry.retry}: ${entry.retry.why}`,
  };
}

export async function renderDelivery(output: Output, d: Delivery, o: ShowOptions): Promise<string> {
  const s = await stylesFor(output);
  const lines: string[] = [];
  const last = d.attempts.at(-1);
  const r = d.response;
  const mark = d.ok ? s.green('✔') : s.red('✖');
  const head = r ? `${r.status} ${r.statusText}`.trim() : `${d.error?.code ?? 'failed'}`;
  const tries = d.attempts.length > 1 ? ` after ${d.attempts.length} attempts` : '';
  lines.push(`${mark} ${s.bold(head)} in ${formatMs(d.timings.total)}${tries}${!d.ok && d.error ? `: ${d.error.message}` : ''}`);
  if (d.diagnosis) lines.push(`  ${s.bold(d.diagnosis)}`);
  lines.push(`  ${s.dim('timing'.padEnd(11))}${timingLine(d.timings)}${last?.connection?.reused ? s.dim('  (kept-alive connection)') : ''}`);
  if (r) {
    const notable = r.headers.filter(([k]) => notableHeader.test(k));
    if (notable.length) {
      lines.push(`  ${s.dim('headers'.padEnd(11))}${notable.map(([k, v]) => `${k}: ${v}`).join(`\n${' '.repeat(13)}`)}`);
    }
    if (r.requestId) lines.push(`  ${s.dim('request_id'.padEnd(11))}${s.bold(r.requestId)}`);
    lines.push(`  ${s.dim('body')}`);
    lines.push(indent(bodyText(r.body), '    '));
  }
  const atProxy = failedAtProxy(d, o.proxy);
  if (atProxy) {
    // The explanation below would be about the receiver; the connection that failed was the proxy's.
    const target = new URL(d.request.url);
    const proxyUrl = new URL(o.proxy!);
    proxyUrl.username = '';
    proxyUrl.password = ''; // never print the proxy's credentials
    const shownProxy = proxyUrl.href.replace(/\/$/, '');
    lines.push('');
    lines.push(`  ${s.bold(`${d.error!.code} at the proxy ${atProxy}, not at ${target.host}`)}`);
    lines.push(`  ${s.dim('likely cause'.padEnd(13))}The proxy is not running there, or --proxy names the wrong host or port`);
    lines.push(`  ${s.dim('next'.padEnd(13))}Check the proxy on its own, then the receiver without it:`);
    lines.push(`${' '.repeat(15)}${s.cyan(`curl -v -x ${shownProxy} ${d.request.url}`)}`);
    lines.push(`${' '.repeat(15)}${s.cyan(`curl -v ${d.request.url}`)}`);
    lines.push(`  ${s.dim('more'.padEnd(13))}webhook-doctor explain ${d.error!.code}`);
  } else if (!d.ok) {
    const ex = await explanationFor(d.kb, d.request.url, { ...o.ran, refused: d.kb === 'ECONNREFUSED' });
    if (ex) {
      lines.push('');
      lines.push(`  ${s.bold(ex.title)}`);
      lines.push(`  ${s.dim('meaning'.padEnd(13))}${ex.meaning}`);
      ex.likelyCause.forEach((c, i) => lines.push(`  ${s.dim((i === 0 ? 'likely cause' : '').padEnd(13))}${c}`));
      for (const [i, f] of ex.next.entries()) {
        lines.push(`  ${s.dim((i === 0 ? 'next' : '').padEnd(13))}${f.text}${f.command ? `\n${' '.repeat(15)}${s.cyan(f.command)}` : ''}`);
      }
      lines.push(`  ${s.dim('retry'.padEnd(13))}${ex.retry}`);
      lines.push(`  ${s.dim('more'.padEnd(13))}webhook-doctor explain ${ex.key}`);
    }
  }
  return lines.join('\n');
}

/** The request and response as curl -v shows them (> sent, < received, * notes), credentials masked. */
export function verboseTranscript(req: DeliveryRequest, a: Attempt, o: ShowOptions): string[] {
  const lines: string[] = [];
  const c = a.connection;
  if (c?.remoteAddress) {
    lines.push(`* ${c.reused ? 'Re-using' : 'Connected to'} ${c.remoteAddress} port ${c.remotePort}${c.tlsProtocol ? ` (${c.tlsProtocol})` : ''}`);
  }
  if (a.requestHead) {
    const headLines = a.requestHead.split('\r\n').filter((l) => l !== '');
    const [requestLine, ...headerLines] = headLines;
    lines.push(`> ${requestLine}`);
    const pairs: HeaderList = headerLines.map((l) => {
      const i = l.indexOf(':');
      return [l.slice(0, i), l.slice(i + 1).trim()];
    });
    if (req.body && req.body.length && !pairs.some(([k]) => k.toLowerCase() === 'content-length')) pairs.push(['content-length', String(req.body.length)]);
    for (const [k, v] of shownHeaders(pairs, o)) lines.push(`> ${k}: ${v}`);
    lines.push('>');
    if (req.body && req.body.length) lines.push(...rawBodyText(req.body).split('\n').map((l) => `> ${l}`));
  }
  if (a.response) {
    lines.push(`< HTTP/1.1 ${a.response.status} ${a.response.statusText}`.trimEnd());
    for (const [k, v] of a.response.headers) lines.push(`< ${k}: ${v}`);
    lines.push('<');
    if (a.response.body.length) lines.push(...rawBodyText(a.response.body).split('\n').map((l) => `< ${l}`));
  }
  if (a.error) lines.push(`* ${a.error.code}: ${a.error.message}`);
  lines.push(`* ${timingLine(a.timings)}`);
  return lines;
}

function responseJson(r: Delivery['response']) {
  if (!r) return undefined;
  const text = r.body.toString('utf8');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  const isText = Buffer.from(text, 'utf8').equals(r.body);
  return {
    status: r.status,
    statusText: r.statusText,
    headers: r.headers,
    ...(isText ? { body: text } : { bodyBase64: r.body.toString('base64') }),
    ...(json !== undefined ? { json } : {}),
    ...(r.requestId ? { requestId: r.requestId } : {}),
  };
}

/** The single --json result object of a send. */
export async function deliveryJson(d: Delivery, o: ShowOptions, extra: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
  const explanation = d.ok ? undefined : await explanationFor(d.kb, d.request.url, { ...o.ran, refused: d.kb === 'ECONNREFUSED' });
  return {
    ok: d.ok,
    url: d.request.url,
    method: d.request.method ?? 'POST',
    ...extra,
    request: { headers: shownHeaders(d.request.headers, o), bodyBytes: d.request.body?.length ?? 0, timeoutMs: d.request.timeoutMs },
    status: d.response?.status ?? null,
    response: responseJson(d.response) ?? null,
    error: d.error ?? null,
    timings: d.timings,
    attempts: d.attempts.map((a) => ({
      attempt: a.attempt,
      startedAt: a.startedAt,
      status: a.response?.status ?? null,
      error: a.error ?? null,
      timings: a.timings,
      retryable: a.retryable,
      ...(a.waitMs !== undefined ? { waitMs: a.waitMs } : {}),
      ...(a.note ? { note: a.note } : {}),
      ...(a.connection ? { connection: a.connection } : {}),
    })),
    retryable: d.retryable,
    ...(d.diagnosis ? { diagnosis: d.diagnosis } : {}),
    kb: d.ok ? null : (explanation ?? (d.kb ? { key: d.kb } : null)),
  };
}

export async function renderBurst(output: Output, summary: BurstSummary): Promise<string> {
  const { renderTable } = await import('./table.js');
  const s = await stylesFor(output);
  const outcomes = await renderTable(output, ['outcome', 'count', 'share'], Object.entries(summary.outcomes).map(([k, n]) => [k, n, `${Math.round((n / summary.sent) * 100)}%`]));
  const l = summary.latencyMs;
  const latency = await renderTable(output, ['min', 'p50', 'p90', 'p99', 'max'], [[formatMs(l.min), formatMs(l.p50), formatMs(l.p90), formatMs(l.p99), formatMs(l.max)]]);
  const mark = summary.failed === 0 ? s.green('✔') : s.red('✖');
  return [
    `${mark} ${summary.delivered}/${summary.sent} delivered in ${formatMs(summary.elapsedMs)} (${summary.achievedRate.toFixed(1)}/s)`,
    outcomes,
    'latency',
    latency,
  ].join('\n');
}
