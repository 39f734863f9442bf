// How listen shows what arrived: each request as text (headers as sent, body, pretty JSON, findings)
// or as one NDJSON object; malformed requests and raw TCP bytes as hex and printable text.
import { isUtf8 } from 'node:buffer';
import type { ChalkInstance } from 'chalk';
import type { Finding } from '../findings.js';
import type { CaptureRecord } from '../capture/pipeline.js';
import type { ConnectionProblem, ShedEvent } from '../capture/server.js';
import type { RawEvent } from '../capture/raw.js';
import { isCredentialHeader, maskCredential, maskHeaders, maskTarget } from '../capture/mask.js';
import { formatBytes } from '../capture/inspect.js';
import { findingsJson, jsonValue } from '../capture/json-text.js';
import { requestLine } from './request-line.js';
import type { RecordWriter } from './line-writer.js';

export interface RenderOptions {
  showSecrets: boolean;
}

const TEXT_BODY_LIMIT = 4096;
const HEX_LIMIT = 512;

/** Bytes as a classic hex dump: offset, 16 bytes in hex, printable ASCII. */
export function hexDump(bytes: Buffer, limit = HEX_LIMIT, indent = '  '): string {
  const lines: string[] = [];
  const shown = bytes.subarray(0, limit);
  for (let off = 0; off < shown.length; off += 16) {
    const row = shown.subarray(off, off + 16);
    const hex = [...row].map((b) => b.toString(16).padStart(2, '0')).join(' ');
    const ascii = [...row].map((b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.')).join('');
    lines.push(`${indent}${off.toString(16).padStart(8, '0')}  ${hex.padEnd(47)}  |${ascii}|`);
  }
  if (bytes.length > limit) lines.push(`${indent}… ${bytes.length - limit} more bytes`);
  return lines.join('\n');
}

/** Bytes as one line of text with everything unprintable escaped (\r \n \x00), so stray bytes show. */
export function printable(bytes: Buffer, limit = 400): string {
  let s = '';
  for (const b of bytes.subarray(0, limit)) {
    if (b === 0x0d) s += '\\r';
    else if (b === 0x0a) s += '\\n';
    else if (b === 0x09) s += '\\t';
    else if (b === 0x5c) s += '\\\\';
    else if (b >= 0x20 && b < 0x7f) s += String.fromCharCode(b);
    else s += '\\x' + b.toString(16).padStart(2, '0');
  }
  return bytes.length > limit ? s + `… (+${bytes.length - limit} bytes)` : s;
}

// What a terminal would act on rather than show: C0 controls but tab (ESC starts CSI and OSC 52, BEL,
// CR rewrites the line), DEL, C1 controls (U+009B is CSI, U+009D OSC on terminals that honour them in
// UTF-8) and bidi overrides (they reorder what follows). Every byte a sender chose goes through this.
const UNSAFE_TEST = /[\x00-\x08\x0a-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/;
const UNSAFE = new RegExp(UNSAFE_TEST.source, 'g');

function escapeControl(c: string): string {
  if (c === '\r') return '\\r';
  if (c === '\n') return '\\n';
  const code = c.charCodeAt(0);
  return code <= 0xff ? '\\x' + code.toString(16).padStart(2, '0') : '\\u{' + code.toString(16) + '}';
}

/** Text from a sender made safe for a terminal: one line, every control character shown as an escape. */
export function terminalSafe(text: string): string {
  return UNSAFE_TEST.test(text) ? text.replace(UNSAFE, escapeControl) : text;
}

/**
 * One NDJSON line. JSON.stringify escapes C0 controls but leaves DEL, C1 controls and bidi overrides raw;
 * as \uXXXX they are the same JSON, and `listen --json` read on a terminal cannot drive it.
 */
export const jsonLine: (value: unknown) => string = jsonValue;

/** A header value as it would be read: control characters and edge whitespace made visible. */
function showValue(value: string): string {
  const visible = terminalSafe(value);
  return /^\s|\s$/.test(visible) ? JSON.stringify(visible) : visible;
}

const marks: Record<Finding['level'], string> = { pass: '✓', info: 'i', warn: '!', fail: '✗' };

export function renderFinding(f: Finding, c: ChalkInstance, indent = '  '): string {
  const color = f.level === 'fail' ? c.red : f.level === 'warn' ? c.yellow : f.level === 'pass' ? c.green : c.cyan;
  // Titles and details quote what the sender sent (its target, its Host, a payload's values).
  let line = `${indent}${color(marks[f.level])} ${terminalSafe(f.title)}`;
  if (f.kb) line += c.dim(`  (webhook-doctor explain ${f.kb})`);
  if (f.detail) line += `\n${indent}    ${c.dim(terminalSafe(f.detail))}`;
  return line;
}

function clock(iso: string): string {
  return iso.slice(11, 23);
}

function bodyText(label: string, body: Buffer, c: ChalkInstance): string[] {
  const lines: string[] = [];
  if (body.length === 0) return lines;
  if (isUtf8(body) && !/[\x00-\x08\x0e-\x1f]/.test(body.subarray(0, 2048).toString('latin1'))) {
    const text = body.subarray(0, TEXT_BODY_LIMIT).toString('utf8');
    lines.push(c.bold(`  ${label} (${formatBytes(body.length)}${label === 'body' ? ', as sent' : ''}):`));
    for (const l of text.split('\n')) lines.push('    ' + terminalSafe(l));
    if (body.length > TEXT_BODY_LIMIT) lines.push(c.dim(`    … ${body.length - TEXT_BODY_LIMIT} more bytes (--save keeps them all)`));
  } else {
    lines.push(c.bold(`  ${label} (${formatBytes(body.length)}, binary, hex):`));
    lines.push(hexDump(body, HEX_LIMIT, '    '));
  }
  return lines;
}

export function renderRecord(record: CaptureRecord, c: ChalkInstance, opts: RenderOptions): string {
  const { capture, answer, json } = record;
  const lines: string[] = [];
  const from = capture.remotePort ? `${capture.remoteAddress}:${capture.remotePort}` : capture.remoteAddress;
  const size = capture.bodyRefused ? `${formatBytes(capture.bodyBytes)}, refused` : capture.bodyUnread ? `${formatBytes(capture.bodyBytes)} declared, not read` : formatBytes(capture.bodyBytes);
  lines.push(c.bold(`#${capture.seq}  ${capture.method} ${terminalSafe(opts.showSecrets ? capture.target : maskTarget(capture.target))} HTTP/${capture.httpVersion}`) + c.dim(`  from ${from}  at ${clock(capture.receivedAt)}  ${size}`));
  for (const [name, value] of capture.rawHeaders) {
    const v = !opts.showSecrets && isCredentialHeader(name) ? maskCredential(value) : value;
    lines.push(`  ${c.cyan(name)}: ${showValue(v)}`);
  }
  if (!capture.bodyRefused) {
    lines.push(...bodyText('body', capture.body, c));
    if (capture.decodedBody) lines.push(...bodyText('decoded body', capture.decodedBody, c));
    if (json) {
      const pretty = prettyJson(json.value);
      const sent = (capture.decodedBody ?? capture.body).toString('utf8').trim();
      if (pretty === undefined) {
        lines.push(c.dim('  (JSON nested too deeply to pretty-print; shown as sent above)'));
      } else if (pretty !== sent && pretty.length <= TEXT_BODY_LIMIT) {
        lines.push(c.bold('  pretty JSON:'));
        for (const l of pretty.split('\n')) lines.push('    ' + terminalSafe(l));
      }
    }
  }
  if (record.forward?.body?.length) lines.push(...bodyText(`app answered ${record.forward.status}`, record.forward.body, c));
  if (capture.findings.length) {
    lines.push(c.bold('  findings:'));
    for (const f of capture.findings) lines.push(renderFinding(f, c, '    '));
  }
  lines.push(c.dim(`  → ${describeAnswer(record, opts)}`));
  return lines.join('\n') + '\n';
}

/**
 * JSON.stringify recurses, and JSON.parse does not: a body like [[[[…]]]] nested 100,000 deep parses, and
 * re-printing it overflows the stack. undefined then: listen shows the body as sent and goes on.
 */
function prettyJson(value: unknown): string | undefined {
  try {
    return JSON.stringify(value, null, 2);
  } catch (err) {
    if (err instanceof RangeError) return undefined;
    throw err;
  }
}

function describeAnswer(record: CaptureRecord, opts: RenderOptions): string {
  const { answer, forward } = record;
  const ms = `${answer.ms.toFixed(1)} ms`;
  if (answer.kind === 'timeout') return 'not answered (--chaos timeout): the sender waits until its own timeout';
  if (answer.kind === 'reset') return 'connection reset (--chaos reset)';
  // The app's time is in its finding; one exchange shows one time.
  if (forward) return forward.error ? `forward failed (${terminalSafe(forward.error.code)}); ${answer.status === undefined ? 'no answer' : `answered ${answer.status}`}` : `relayed to ${terminalSafe(opts.showSecrets ? forward.url : maskTarget(forward.url))}; the sender got the app's ${answer.status}`;
  return `answered ${answer.status}${answer.chaos ? ' (--chaos)' : ''} in ${ms}`;
}

/** What --json shows of a relayed exchange. */
function forwardJson(forward: NonNullable<CaptureRecord['forward']>, opts: RenderOptions): Record<string, unknown> {
  const body = forward.body;
  const bodyText = body && isUtf8(body);
  return {
    url: opts.showSecrets ? forward.url : maskTarget(forward.url),
    status: forward.status,
    ms: Math.round(forward.ms),
    ...(body ? { body: body.toString(bodyText ? 'utf8' : 'base64'), bodyEncoding: bodyText ? 'utf8' : 'base64' } : {}),
    ...(forward.error ? { error: forward.error } : {}),
  };
}

export function recordJson(record: CaptureRecord, opts: RenderOptions): Record<string, unknown> {
  const { capture, answer, forward } = record;
  const text = isUtf8(capture.body);
  const headers = opts.showSecrets ? capture.rawHeaders : maskHeaders(capture.rawHeaders);
  const out: Record<string, unknown> = {
    event: 'request',
    seq: capture.seq,
    id: capture.id,
    receivedAt: capture.receivedAt,
    remoteAddress: capture.remoteAddress,
    method: capture.method,
    target: opts.showSecrets ? capture.target : maskTarget(capture.target),
    httpVersion: capture.httpVersion,
    rawHeaders: headers,
    bodyBytes: capture.bodyBytes,
    body: text ? capture.body.toString('utf8') : capture.body.toString('base64'),
    bodyEncoding: text ? 'utf8' : 'base64',
  };
  if (capture.bodyRefused) out.bodyRefused = true;
  if (capture.bodyUnread) out.bodyUnread = true;
  if (capture.decodedBody) out.decodedBody = capture.decodedBody.toString(isUtf8(capture.decodedBody) ? 'utf8' : 'base64');
  out.findings = capture.findings;
  out.answer = answer;
  if (forward) out.forward = forwardJson(forward, opts);
  return out;
}

/**
 * The NDJSON line of a request: the very text of jsonLine(recordJson(record, opts)), written straight from
 * the parts (listen's hot path; the findings' text is made once and reused by the history record).
 */
export function recordLine(record: CaptureRecord, opts: RenderOptions): string {
  const { capture, answer, forward } = record;
  return requestLine(capture, findingsJson(capture.findings), answer, forward ? jsonValue(forwardJson(forward, opts)) : undefined, opts.showSecrets);
}

export function renderProblem(p: ConnectionProblem, c: ChalkInstance): string {
  const from = p.remotePort ? `${p.remoteAddress}:${p.remotePort}` : p.remoteAddress;
  const head = p.kind === 'timeout' ? c.yellow(`timed out: ${p.code}`) : c.red(`malformed HTTP: ${p.code}`);
  const lines = [`${c.bold('!!')} ${head}${c.dim(`  from ${from}  at ${clock(p.at)}`)}`, `  ${terminalSafe(p.reason)}`];
  if (p.rawPacket?.length) {
    lines.push(c.bold(`  bytes received (${formatBytes(p.rawPacket.length)}${p.masked ? ', credentials masked' : ''}):`), `    ${printable(p.rawPacket)}`, hexDump(p.rawPacket, 256, '    '));
  }
  lines.push(c.dim(p.answered === false ? '  → nothing to answer: the client had closed the connection; still listening'
    : p.kind === 'timeout' ? '  → answered 408 and closed the connection' : '  → answered 400 and closed the connection; still listening'));
  return lines.join('\n') + '\n';
}

export function problemJson(p: ConnectionProblem): Record<string, unknown> {
  return {
    event: p.kind,
    code: p.code,
    reason: p.reason,
    at: p.at,
    remoteAddress: p.remoteAddress,
    ...(p.answered === false ? { answered: false } : {}),
    ...(p.masked ? { masked: true } : {}),
    ...(p.rawPacket ? { rawBytes: p.rawPacket.length, raw: p.rawPacket.toString('base64'), rawPreview: printable(p.rawPacket) } : {}),
  };
}

export function renderShed(e: ShedEvent, c: ChalkInstance): string {
  return `${c.bold('!!')} ${c.yellow(`shed connections: ${shedText(e)}`)}${c.dim(`  at ${clock(e.at)}`)}\n  ${e.open} open, limit ${e.limit}: a crowd of idle or stalled connections (a scanner, slowloris, a sender that never closes); new senders are still served\n`;
}

function shedText(e: ShedEvent): string {
  const parts: string[] = [];
  if (e.idle) parts.push(`${e.idle} idle closed`);
  if (e.incomplete) parts.push(`${e.incomplete} stalled mid-request closed`);
  if (e.refused) parts.push(`${e.refused} new refused (every open one was being answered)`);
  return parts.join(', ');
}

export function shedJson(e: ShedEvent): Record<string, unknown> {
  return { event: 'shed', at: e.at, open: e.open, limit: e.limit, idle: e.idle, incomplete: e.incomplete, refused: e.refused };
}

export function renderRawEvent(e: RawEvent, c: ChalkInstance): string {
  if (e.event === 'connect') return c.bold(`[conn ${e.conn}] connected from ${e.remoteAddress}${e.remotePort ? ':' + e.remotePort : ''} at ${clock(e.at)}`) + '\n';
  if (e.event === 'close') return c.dim(`[conn ${e.conn}] closed (${e.reason}) after ${formatBytes(e.totalBytes)}`) + '\n';
  const masked = e.masked ? ' (credential values masked as *; --show-secrets shows them)' : '';
  return `[conn ${e.conn}] ${formatBytes(e.bytes.length)} at offset ${e.offset}${masked}:\n    ${printable(e.bytes, 2000)}\n${hexDump(e.bytes, 4096, '    ')}\n`;
}

export function rawEventJson(e: RawEvent): Record<string, unknown> {
  if (e.event !== 'data') return { ...e };
  return { event: 'data', conn: e.conn, at: e.at, offset: e.offset, bytes: e.bytes.length, data: e.bytes.toString('base64'), preview: printable(e.bytes), ...(e.masked ? { masked: true } : {}) };
}

/**
 * Stdout for a stream of records, written in batches: records queued within a few milliseconds go
 * out in one write. A write to a file is a synchronous system call in Node, and one per request
 * cost more than the rest of listen's work together; 10 ms is below what a person watching can
 * notice. Each record is encoded straight into the batch's buffer: joining a batch into one string
 * first made a new large string each time, and its fresh memory pages cost more in page faults than
 * the write itself. Whatever is queued is written before the process exits (Ctrl-C and crashes included).
 * This is the writer on listen's own thread: the human output, --forward's lines, and --json where the
 * build has no line thread (see line-writer.ts).
 */
export function createRecordWriter(opts: RenderOptions, write: (bytes: Buffer) => void = (b) => void process.stdout.write(b), batchMs = 10): RecordWriter {
  // A fresh buffer per batch: a write to a pipe may still hold the last one. 64 KB stays below
  // malloc's mmap threshold, so batches reuse memory instead of mapping new pages.
  const size = 64 * 1024;
  let batch = Buffer.allocUnsafe(size);
  let used = 0;
  let scheduled: NodeJS.Timeout | undefined;
  const flush = () => {
    if (scheduled) clearTimeout(scheduled);
    scheduled = undefined;
    if (used === 0) return;
    const bytes = batch.subarray(0, used);
    batch = Buffer.allocUnsafe(size);
    used = 0;
    write(bytes);
  };
  process.on('exit', flush);
  const push = (text: string, ascii = false) => {
    // A UTF-16 code unit is at most 3 bytes of UTF-8; ascii text (listen's JSON text) is a byte a character.
    const most = ascii ? text.length : text.length * 3;
    if (most > size - used) {
      flush();
      if (most > size) return write(Buffer.from(text, ascii ? 'latin1' : 'utf8'));
    }
    used += batch.write(text, used, ascii ? 'latin1' : 'utf8');
    scheduled ??= setTimeout(flush, batchMs);
  };
  return {
    push,
    request: (record) => push(recordLine(record, opts) + '\n', true),
    close() {
      flush();
      process.off('exit', flush);
      return Promise.resolve();
    },
  };
}
