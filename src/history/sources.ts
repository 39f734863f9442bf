// Captures from wherever the user has them: a history id, a `listen --save` file, `listen --json` output,
// or a HAR file (listen --har, browser devtools, proxies), each turned into the store's StoredCapture.
import { readFile, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { WdError } from '../errors.js';
import type { Finding } from '../findings.js';
import type { Capture, HeaderPair } from '../capture/capture.js';
import { readCapture } from '../capture/saved.js';
import { recogniseSender } from './recorder.js';
import { storedFromInput, type CaptureInput, type HistoryStore, type StoredCapture } from './store.js';

export interface LoadedCapture {
  /** How the user named it: the id, `file`, or `file#3` for a HAR's third entry. */
  label: string;
  input: CaptureInput;
  capture: StoredCapture;
}

interface HarHeader { name?: unknown; value?: unknown }
interface HarEntryData {
  startedDateTime?: unknown;
  time?: unknown;
  request?: { method?: unknown; url?: unknown; httpVersion?: unknown; headers?: HarHeader[]; postData?: { mimeType?: unknown; text?: unknown; encoding?: unknown; comment?: unknown; params?: Array<{ name?: unknown; value?: unknown }> } };
  response?: { status?: unknown; headers?: HarHeader[]; content?: { text?: unknown; encoding?: unknown } };
  _findings?: unknown;
}

const bad = (file: string, why: string) => new WdError('INPUT', `${file}: ${why}`, {
  hint: 'give a history id (see `webhook-doctor history`), a file written by `listen --save` or `listen --json`, or a HAR file',
});

const pairsOf = (headers: HarHeader[] | undefined): HeaderPair[] => (headers ?? [])
  .filter((h) => typeof h?.name === 'string' && !h.name.startsWith(':'))
  .map((h) => [String(h.name), String(h.value ?? '')]);

const idStem = (iso: string) => iso.replace(/:/g, '-');

function isoOrNow(value: unknown): string {
  const t = typeof value === 'string' ? Date.parse(value) : NaN;
  return new Date(Number.isFinite(t) ? t : Date.now()).toISOString();
}

/** One HAR entry as a capture. Ours (listen --har) holds listen's answer; anyone else's holds the app's answer. */
export function harEntryInput(entry: HarEntryData, index: number, file: string, ours: boolean): CaptureInput {
  const req = entry.request;
  if (!req || typeof req.url !== 'string' || typeof req.method !== 'string') throw bad(file, `entry ${index + 1} has no request method and URL`);
  let target = req.url;
  try {
    const u = new URL(req.url);
    target = u.pathname + u.search;
  } catch { /* a relative URL: keep it as the target */ }
  const post = req.postData;
  let body = Buffer.alloc(0);
  if (typeof post?.text === 'string') {
    const base64 = post.encoding === 'base64' || (ours && typeof post.comment === 'string' && post.comment.startsWith('base64'));
    body = Buffer.from(post.text, base64 ? 'base64' : 'utf8');
  } else if (Array.isArray(post?.params)) {
    body = Buffer.from(post.params.map((p) => `${encodeURIComponent(String(p.name ?? ''))}=${encodeURIComponent(String(p.value ?? ''))}`).join('&'));
  }
  const receivedAt = isoOrNow(entry.startedDateTime);
  const ms = typeof entry.time === 'number' && entry.time >= 0 ? entry.time : 0;
  const status = typeof entry.response?.status === 'number' && entry.response.status > 0 ? entry.response.status : undefined;
  const capture: Capture = {
    seq: index + 1,
    id: `${idStem(receivedAt)}-h${index + 1}`,
    receivedAt,
    remoteAddress: 'unknown (imported)',
    method: req.method.toUpperCase(),
    target,
    httpVersion: String(req.httpVersion ?? 'HTTP/1.1').replace(/^HTTP\//i, '').replace(/^h2$/i, '2') || '1.1',
    rawHeaders: pairsOf(req.headers),
    body,
    bodyBytes: body.length,
    findings: ours && Array.isArray(entry._findings) ? (entry._findings as Finding[]) : [],
  };
  const input: CaptureInput = { capture, answer: { kind: ours ? 'respond' : 'relay', ...(status ? { status } : {}), ms }, source: `import:${basename(file)}` };
  if (!ours) {
    const content = entry.response?.content;
    const text = typeof content?.text === 'string' ? content.text : undefined;
    input.forward = {
      url: req.url,
      ms,
      ...(status ? { status } : {}),
      headers: pairsOf(entry.response?.headers),
      ...(text !== undefined ? { body: Buffer.from(text, content?.encoding === 'base64' ? 'base64' : 'utf8') } : {}),
    };
  }
  return input;
}

/** A `listen --json` request line as a capture. */
function listenJsonInput(line: Record<string, unknown>, file: string): CaptureInput {
  const body = Buffer.from(String(line.body ?? ''), line.bodyEncoding === 'base64' ? 'base64' : 'utf8');
  const receivedAt = isoOrNow(line.receivedAt);
  const answer = (line.answer ?? { kind: 'respond', ms: 0 }) as CaptureInput['answer'];
  const forward = line.forward as { url?: string; status?: number; ms?: number; error?: { code: string; message: string } } | undefined;
  const capture: Capture = {
    seq: Number(line.seq) || 0,
    id: typeof line.id === 'string' ? line.id : `${idStem(receivedAt)}-${Number(line.seq) || 0}`,
    receivedAt,
    remoteAddress: String(line.remoteAddress ?? ''),
    method: String(line.method ?? 'POST'),
    target: String(line.target ?? '/'),
    httpVersion: String(line.httpVersion ?? '1.1'),
    rawHeaders: Array.isArray(line.rawHeaders) ? (line.rawHeaders as HeaderPair[]).map(([n, v]) => [String(n), String(v)]) : [],
    body,
    bodyBytes: typeof line.bodyBytes === 'number' ? line.bodyBytes : body.length,
    ...(line.bodyRefused ? { bodyRefused: true } : {}),
    findings: Array.isArray(line.findings) ? (line.findings as Finding[]) : [],
  };
  const input: CaptureInput = { capture, answer, source: `import:${basename(file)}` };
  if (forward?.url) input.forward = { url: forward.url, ms: forward.ms ?? 0, ...(forward.status ? { status: forward.status } : {}), ...(forward.error ? { error: forward.error } : {}) };
  return input;
}

function loaded(label: string, input: CaptureInput): LoadedCapture {
  const sender = input.sender ?? recogniseSender(input.capture.rawHeaders);
  if (sender) input.sender = sender;
  // Read from a file the user has: nothing reaches the disk here, so nothing needs masking.
  return { label, input, capture: storedFromInput({ ...input, keepSecrets: true }) };
}

/** Every capture a file holds, in its order; `file#N` picks the Nth (1-based) entry of a HAR or NDJSON file. A folder is a `listen --save` folder. */
export async function capturesFromFile(arg: string): Promise<LoadedCapture[]> {
  if (await isDirectory(arg)) {
    const { readdir } = await import('node:fs/promises');
    const files = (await readdir(arg)).filter((f) => f.endsWith('.json')).sort();
    const all: LoadedCapture[] = [];
    for (const f of files) all.push(...(await capturesFromFile(join(arg, f))));
    if (all.length === 0) throw bad(arg, 'holds no captures (no .json files written by `listen --save`)');
    return all;
  }
  const hash = /^(.*)#(\d+)$/.exec(arg);
  const file = hash && !(await isFile(arg)) ? hash[1]! : arg;
  const pick = hash && file !== arg ? Number(hash[2]) : undefined;
  if (file.endsWith('.body') || file.endsWith('.json') && (await looksLikeSaved(file))) {
    const saved = await readCapture(file);
    const capture: Capture = {
      seq: 0, id: saved.id, receivedAt: saved.receivedAt, remoteAddress: saved.remoteAddress, method: saved.method, target: saved.target,
      httpVersion: saved.httpVersion, rawHeaders: saved.rawHeaders, body: saved.body, bodyBytes: saved.bodyBytes,
      ...(saved.bodyRefused ? { bodyRefused: true } : {}), findings: saved.findings,
    };
    return [loaded(file, { capture, answer: { kind: 'respond', ms: 0 }, source: `import:${basename(file)}` })];
  }
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw bad(file, `cannot read it (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  let all: LoadedCapture[];
  let doc: unknown;
  try { doc = JSON.parse(text); } catch { doc = undefined; }
  const log = (doc as { log?: { entries?: unknown; creator?: { name?: unknown } } } | undefined)?.log;
  if (log && Array.isArray(log.entries)) {
    const ours = log.creator?.name === 'webhook-doctor';
    all = (log.entries as HarEntryData[]).map((e, i) => loaded(`${file}#${i + 1}`, harEntryInput(e, i, file, ours)));
  } else {
    // listen --json: one object per line, the requests among them.
    all = [];
    for (const raw of text.split('\n')) {
      if (!raw.trim()) continue;
      let line: Record<string, unknown>;
      try { line = JSON.parse(raw); } catch { throw bad(file, 'is neither a HAR file, a saved capture, nor `listen --json` output'); }
      if (line?.event === 'request') all.push(loaded(`${file}#${all.length + 1}`, listenJsonInput(line, file)));
    }
    if (all.length === 0) throw bad(file, 'holds no requests (neither HAR entries nor `listen --json` request lines)');
  }
  if (pick !== undefined) {
    const one = all[pick - 1];
    if (!one) throw bad(file, `has ${all.length} entr${all.length === 1 ? 'y' : 'ies'}; there is no #${pick}`);
    return [one];
  }
  return all;
}

async function isDirectory(path: string): Promise<boolean> {
  try { return (await stat(path)).isDirectory(); } catch { return false; }
}

async function isFile(path: string): Promise<boolean> {
  try { return (await stat(path)).isFile(); } catch { return false; }
}

async function looksLikeSaved(path: string): Promise<boolean> {
  try {
    const head = (await readFile(path, 'utf8')).slice(0, 200);
    return /^\{\s*"version":\s*1,\s*"id"/.test(head);
  } catch { return false; }
}

/** A history id (or unique prefix, or `last`) or a file: what replay and diff take. */
export async function loadCaptures(arg: string, openHistory: () => HistoryStore): Promise<LoadedCapture[]> {
  if (await isFile(arg) || (/#\d+$/.test(arg) && await isFile(arg.replace(/#\d+$/, '')))) return capturesFromFile(arg);
  const store = openHistory();
  const capture = await store.get(arg);
  if (!capture) {
    throw new WdError('NOT_FOUND', `no capture "${arg}" in history ${store.dir}, and no such file`, {
      hint: 'see the ids with `webhook-doctor history`, or give a capture file or HAR',
    });
  }
  return [{ label: capture.id, input: inputFromStored(capture), capture }];
}

/** A stored capture as an input again (replay's "was … now …" and diff use the capture; this is for re-import). */
export function inputFromStored(c: StoredCapture): CaptureInput {
  const capture: Capture = {
    seq: c.seq, id: c.id, receivedAt: c.receivedAt, remoteAddress: c.remoteAddress, method: c.method, target: c.target,
    httpVersion: c.httpVersion, rawHeaders: c.rawHeaders, body: c.body, bodyBytes: c.bodyBytes, findings: c.findings,
    ...(c.remotePort !== undefined ? { remotePort: c.remotePort } : {}), ...(c.bodyRefused ? { bodyRefused: true } : {}),
  };
  return { capture, answer: c.answered, ...(c.sender ? { sender: c.sender } : {}), ...(c.listenUrl ? { listenUrl: c.listenUrl } : {}) };
}
