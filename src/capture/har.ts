// --har: the captures as a HAR 1.2 log (what browsers' devtools and many proxies import), kept on disk
// as it grows so a killed listen still leaves a readable file.
import { isUtf8 } from 'node:buffer';
import { STATUS_CODES } from 'node:http';
import { renameSync, writeFileSync } from 'node:fs';
import { rename, writeFile } from 'node:fs/promises';
import { headerValue } from './capture.js';
import { maskHeaders, maskTarget } from './mask.js';
import type { CaptureRecord } from './pipeline.js';

export interface HarEntry {
  startedDateTime: string;
  time: number;
  request: Record<string, unknown>;
  response: Record<string, unknown>;
  cache: Record<string, never>;
  timings: { send: number; wait: number; receive: number };
  comment?: string;
  _findings?: unknown;
}

export function harEntry(record: CaptureRecord, opts: { listenUrl: string; showSecrets: boolean }): HarEntry {
  const { capture, answer } = record;
  const headers = opts.showSecrets ? capture.rawHeaders : maskHeaders(capture.rawHeaders);
  const host = headerValue(capture.rawHeaders, 'host');
  const base = host ? `http://${host}` : opts.listenUrl;
  let url: URL | undefined;
  const target = opts.showSecrets ? capture.target : maskTarget(capture.target);
  try { url = new URL(target, base); } catch { /* a target that is not a URL path */ }
  const text = isUtf8(capture.body);
  const request: Record<string, unknown> = {
    method: capture.method,
    url: url?.toString() ?? base + target,
    httpVersion: `HTTP/${capture.httpVersion}`,
    cookies: [],
    headers: headers.map(([name, value]) => ({ name, value })),
    queryString: url ? [...url.searchParams].map(([name, value]) => ({ name, value })) : [],
    headersSize: -1,
    bodySize: capture.bodyBytes,
  };
  if (capture.body.length) {
    request.postData = {
      mimeType: headerValue(capture.rawHeaders, 'content-type') ?? '',
      text: text ? capture.body.toString('utf8') : capture.body.toString('base64'),
      ...(text ? {} : { comment: 'base64-encoded: the body is not UTF-8' }),
    };
  }
  const status = answer.status ?? 0;
  return {
    startedDateTime: capture.receivedAt,
    time: answer.ms,
    request,
    response: {
      status,
      statusText: status ? STATUS_CODES[status] ?? '' : answer.kind === 'timeout' ? 'no answer (--chaos timeout)' : 'connection reset (--chaos reset)',
      httpVersion: `HTTP/${capture.httpVersion}`,
      cookies: [],
      headers: [],
      content: { size: 0, mimeType: '' },
      redirectURL: '',
      headersSize: -1,
      bodySize: -1,
    },
    cache: {},
    timings: { send: 0, wait: answer.ms, receive: 0 },
    _findings: capture.findings,
  };
}

export function harLog(entries: HarEntry[], version: string): unknown {
  return { log: { version: '1.2', creator: { name: 'webhook-doctor', version }, entries } };
}

/** Keeps the HAR file current: rewrites it (atomically) shortly after each capture, and at exit synchronously. */
export function createHarWriter(file: string, version: string, onError?: (err: unknown) => void) {
  const entries: HarEntry[] = [];
  let timer: NodeJS.Timeout | undefined;
  let writing: Promise<void> = Promise.resolve();
  let dirty = false;
  const text = () => JSON.stringify(harLog(entries, version), null, 2) + '\n';
  const write = () => {
    timer = undefined;
    dirty = false;
    const body = text();
    writing = writing.then(async () => {
      await writeFile(file + '.tmp', body);
      await rename(file + '.tmp', file);
    });
    // A failed write is told to onError at once (flush() still rejects with it), never left unhandled.
    writing.catch((err: unknown) => onError?.(err));
    return writing;
  };
  return {
    add(entry: HarEntry) {
      entries.push(entry);
      dirty = true;
      timer ??= setTimeout(write, 200);
    },
    /** Write now and wait for it (end of a --count run). */
    async flush() {
      if (timer) clearTimeout(timer);
      if (dirty || entries.length === 0) await write();
      await writing;
    },
    /** Last-chance write from an exit handler (Ctrl-C), where nothing asynchronous runs. */
    flushSync() {
      if (!dirty && entries.length) return;
      writeFileSync(file + '.tmp', text());
      renameSync(file + '.tmp', file);
      dirty = false;
    },
  };
}
