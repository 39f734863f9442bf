// The capture history: every capture listen keeps, in append-only segment files with batched writes, bounded,
// read (and watched) by `history`, `replay`, `diff` and the inspector, from this process or another.
//
// API (stable: the inspector builds on it)
//   defaultHistoryDir()                       $XDG_STATE_HOME/webhook-doctor/history, else ~/.local/state/webhook-doctor/history
//   openStore(dir?, { maxCaptures, maxBytes, write, onError })  → HistoryStore. Sync. A store of another format
//                                             is refused with a WdError INPUT (one line + hint). write:false never
//                                             creates anything; a missing store then lists as empty.
//   store.append(input) → CaptureSummary      queued; written, with whatever else arrived in the same turn of the event
//                                             loop, in one write before the next I/O (a kill -9 loses at most those)
//   store.flush()                             write what is queued now (sync)
//   store.close()                             flush, seal this process's segment, stop watching
//   store.list(filter?) → CaptureSummary[]    newest first (Promise). Summaries only: cheap for 10,000 captures.
//   store.get(id) → StoredCapture|undefined   id, a unique prefix of one, or 'last' (Promise; throws when ambiguous)
//   store.load(filter?) → StoredCapture[]     list(filter), read whole: for replaying many at once (Promise)
//   store.remove(ids | 'all') → number        erases in place: the bytes are zeroed, not only hidden (Promise)
//   store.subscribe(fn) → unsubscribe         fn(summary) for each new capture, oldest first: this store's own appends
//                                             as soon as they are written, other processes' (listen elsewhere) within ~0.5 s
//   store.stats() → { captures, bytes }       (Promise)
//
// On disk: <dir>/store.json ({format, version}), <dir>/segments/<stem>.live.wdh while a writer appends to it,
// renamed <stem>.<count>.wdh when sealed. Each writer process appends only to its own segment (one write per
// batch, O_APPEND), so two listens can share a store. Records are framed with a CRC (record.ts): a reader skips
// a torn tail, and the next writer to open the store truncates it off a dead writer's segment and seals it.
// Folders 0700, files 0600. Credentials in headers are masked before they reach the disk, as `listen --save`
// does (signatures are kept: they are MACs, not secrets), unless the capture was taken with --show-secrets.
import { chmodSync, closeSync, existsSync, ftruncateSync, mkdirSync, openSync, readFileSync, readdirSync, renameSync, statSync, unlinkSync, watch, writeFileSync, writeSync, type FSWatcher } from 'node:fs';
import { open, readFile, readdir, stat, unlink } from 'node:fs/promises';
import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { WdError } from '../errors.js';
import { worstLevel, type Finding, type FindingLevel } from '../findings.js';
import { headerValue, type Capture, type HeaderPair } from '../capture/capture.js';
import { isCredentialHeader, maskCredential, maskTarget } from '../capture/mask.js';
import type { AnswerSummary } from '../capture/pipeline.js';
import type { ForwardResult } from '../capture/forward.js';
import { ERASED, HEAD_BYTES, RecordBatch, bodyRange, detailRange, resyncRecord, scanRecord, summaryRange, type RecordSpan } from './record.js';
import { headersMatch, pathMatcher, statusMatches, type HistoryFilter } from './filter.js';
import { detailText, summaryText } from './record-text.js';
import { jsonValue } from '../capture/json-text.js';

export type { HistoryFilter } from './filter.js';

declare const __VERSION__: string;

export const STORE_FORMAT = 'webhook-doctor history';
export const STORE_VERSION = 1;
/** Formats this version reads; anything else is refused with one line. */
const READABLE_VERSIONS = new Set([1]);

export const DEFAULT_MAX_CAPTURES = 10_000;
export const DEFAULT_MAX_BYTES = 100 * 1024 * 1024;
/** How much of the app's answer to a --forward is kept (the status and headers always are). */
export const FORWARD_BODY_LIMIT = 64 * 1024;

/** What a list shows of a capture: enough to filter and tabulate 10,000 of them without reading bodies. */
export interface CaptureSummary {
  v: 1;
  id: string;
  receivedAt: string;
  method: string;
  target: string;
  /** The status listen answered with; absent when it did not answer (--chaos timeout or reset). */
  status?: number;
  answer: AnswerSummary['kind'];
  /** Milliseconds listen took to answer. */
  ms: number;
  bodyBytes: number;
  remoteAddress: string;
  contentType?: string;
  /** The sender profile: listen's --profile, or the one recognised from the headers. */
  sender?: string;
  level: FindingLevel;
  findingCount: number;
  /** The app's answer when listen relayed it (--forward): the URL, its status, how long it took. */
  forward?: { url: string; status?: number; ms: number; error?: string };
  /** Where the capture came from when not from listen: `import:<file>`. */
  source?: string;
}

/** A capture read back whole: the summary, the request as sent (headers masked on disk), its findings, the answers. */
export interface StoredCapture extends CaptureSummary {
  seq: number;
  remotePort?: number;
  httpVersion: string;
  /** Names and values in wire order and case; credential values masked unless kept with --show-secrets. */
  rawHeaders: HeaderPair[];
  /** Positions in rawHeaders whose value is masked (give the credential again, e.g. replay --token). */
  maskedHeaders: number[];
  findings: Finding[];
  answered: AnswerSummary;
  /** The app's answer to the relayed request, its body cut at FORWARD_BODY_LIMIT. */
  forwardAnswer?: { url: string; ms: number; status?: number; headers?: HeaderPair[]; body?: Buffer; bodyTruncated?: boolean; error?: { code: string; message: string } };
  bodyRefused?: boolean;
  bareLf?: boolean;
  /** The URL listen was serving on. */
  listenUrl?: string;
  /** The body bytes exactly as received (empty when refused as too large). */
  body: Buffer;
}

/** What is appended: listen's record of a capture (or one rebuilt from an imported file) and where it came from. */
export interface CaptureInput {
  capture: Capture;
  answer: AnswerSummary;
  forward?: ForwardResult;
  listenUrl?: string;
  sender?: string;
  source?: string;
  /** Keep credentials unmasked on disk (listen --show-secrets). */
  keepSecrets?: boolean;
}

export interface StoreOptions {
  maxCaptures?: number;
  maxBytes?: number;
  /** Open for appending: creates the folders and the format file. Default false (read only). */
  write?: boolean;
  /** A write that failed (disk full, folder gone): the store stops writing and says so once through this. */
  onError?: (err: WdError) => void;
}

export interface HistoryStore {
  readonly dir: string;
  readonly maxCaptures: number;
  readonly maxBytes: number;
  append(input: CaptureInput): CaptureSummary;
  flush(): void;
  close(): void;
  list(filter?: HistoryFilter): Promise<CaptureSummary[]>;
  get(id: string): Promise<StoredCapture | undefined>;
  load(filter?: HistoryFilter): Promise<StoredCapture[]>;
  remove(ids: readonly string[] | 'all'): Promise<number>;
  subscribe(listener: (summary: CaptureSummary) => void): () => void;
  stats(): Promise<{ captures: number; bytes: number }>;
}

/** $XDG_STATE_HOME/webhook-doctor/history (an absolute XDG_STATE_HOME only, as the XDG spec says), else ~/.local/state/…. */
export function defaultHistoryDir(env: NodeJS.ProcessEnv = process.env, home = homedir()): string {
  const state = env.XDG_STATE_HOME && isAbsolute(env.XDG_STATE_HOME) ? env.XDG_STATE_HOME : join(home, '.local', 'state');
  return join(state, 'webhook-doctor', 'history');
}

// ---- segments -------------------------------------------------------------------------------------------

interface SegmentName { file: string; stem: string; pid: number; live: boolean; count?: number }

const segmentPattern = /^([0-9a-z]{9}-(\d+)-[0-9a-f]{6})\.(live|\d+)\.wdh$/;

function parseSegmentName(file: string): SegmentName | undefined {
  const m = segmentPattern.exec(file);
  if (!m) return undefined;
  return { file, stem: m[1]!, pid: Number(m[2]), live: m[3] === 'live', ...(m[3] === 'live' ? {} : { count: Number(m[3]) }) };
}

let lastStemMs = 0;

function processAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * One live record as a list knows it: where it is, when it arrived and its id (read from fixed places at the
 * start of the summary, see toRecordParts), and the summary itself parsed only when asked for, so a search of
 * 10,000 captures parses only those it finds.
 */
class Entry {
  private parsed?: CaptureSummary;
  readonly at: string;
  readonly id: string;
  constructor(readonly stem: string, readonly span: RecordSpan, private readonly raw: string) {
    const fast = raw.startsWith(SUMMARY_START) && raw.startsWith(SUMMARY_ID, SUMMARY_START.length + 24) ? raw.indexOf('"', SUMMARY_START.length + 24 + SUMMARY_ID.length) : -1;
    const id = fast > 0 ? raw.slice(SUMMARY_START.length + 24 + SUMMARY_ID.length, fast) : undefined;
    if (id !== undefined && !id.includes('\\')) {
      this.at = raw.slice(SUMMARY_START.length, SUMMARY_START.length + 24);
      this.id = id;
    } else {
      this.at = this.summary.receivedAt;
      this.id = this.summary.id;
    }
  }
  get summary(): CaptureSummary {
    return (this.parsed ??= JSON.parse(this.raw) as CaptureSummary);
  }
}
const SUMMARY_START = '{"receivedAt":"';
const SUMMARY_ID = '","id":"';

interface SegmentIndex { path: string; size: number; mtimeMs: number; entries: Entry[] }

/** Every whole record of a segment's bytes, and where the whole records end. */
function indexSegment(stem: string, buf: Buffer): { entries: Entry[]; end: number; live: number } {
  const entries: Entry[] = [];
  let at = 0;
  let live = 0;
  for (;;) {
    const r = scanRecord(buf, at);
    if (r.kind === 'end') {
      // A damaged head: skip to the next whole record, so the captures after it stay listed (and a dead
      // writer's segment is cut only after its last whole record).
      const next = at < buf.length ? resyncRecord(buf, at) : undefined;
      if (next === undefined) break;
      at = next;
      continue;
    }
    at += r.span.length;
    if (r.kind !== 'live') continue;
    live++;
    const [s, e] = summaryRange(r.span);
    try {
      entries.push(new Entry(stem, r.span, buf.toString('utf8', s, e)));
    } catch { /* a record whose CRC matched but whose summary does not parse: not ours, skip it */ }
  }
  return { entries, end: at, live };
}

// ---- the store ------------------------------------------------------------------------------------------

/** What an errno means for a history folder, in words. */
const storeErrorWords: Record<string, string> = {
  ENOTDIR: 'it (or a folder above it) is a file, not a folder',
  EEXIST: 'a file stands where a folder of it should be',
  EACCES: 'no permission',
  EPERM: 'no permission',
  EROFS: 'the disk is read-only',
  ENOSPC: 'the disk is full',
};

function storeError(dir: string, err: unknown, doing: string): WdError {
  const code = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
  // The cause tells a folder that cannot be written (listen goes on without history) from a store refused.
  const why = storeErrorWords[code];
  return new WdError('INPUT', `history ${dir}: ${why ? `${why}, so webhook-doctor cannot ${doing}` : `cannot ${doing}`} (${code})`, { hint: 'point --history at a folder you can write, or run listen with --no-history', cause: err });
}

/** Check (or, when writing, create) the format file: a store of another format is refused here. */
function checkFormat(dir: string, write: boolean): boolean {
  const formatFile = join(dir, 'store.json');
  let text: string | undefined;
  try {
    text = readFileSync(formatFile, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw storeError(dir, err, 'read store.json');
  }
  if (text !== undefined) {
    let meta: { format?: unknown; version?: unknown; writtenBy?: unknown } | undefined;
    try { meta = JSON.parse(text); } catch { /* reported below */ }
    if (meta?.format !== STORE_FORMAT) {
      throw new WdError('INPUT', `${dir} is not a webhook-doctor history store (its store.json says otherwise)`, { hint: 'point --history at an empty or new folder' });
    }
    if (typeof meta.version !== 'number' || !READABLE_VERSIONS.has(meta.version)) {
      const by = typeof meta.writtenBy === 'string' ? ` by webhook-doctor ${meta.writtenBy}` : '';
      throw new WdError('INPUT', `history ${dir} has store format ${String(meta.version)} (written${by}); this webhook-doctor reads format ${[...READABLE_VERSIONS].join(', ')}`, {
        hint: 'use the webhook-doctor that wrote it, or point --history at another folder',
      });
    }
    return true;
  }
  if (!existsSync(dir)) {
    if (!write) return false;
  } else {
    const others = readdirSync(dir).filter((f) => f !== 'segments');
    if (others.length) throw new WdError('INPUT', `${dir} holds other files and no history store`, { hint: 'point --history at an empty or new folder' });
    if (!write) return existsSync(join(dir, 'segments'));
  }
  try {
    mkdirSync(join(dir, 'segments'), { recursive: true, mode: 0o700 });
    const version = typeof __VERSION__ === 'string' ? __VERSION__ : '0.0.0-dev';
    const tmp = `${formatFile}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify({ format: STORE_FORMAT, version: STORE_VERSION, writtenBy: version }) + '\n', { mode: 0o600 });
    renameSync(tmp, formatFile);
  } catch (err) {
    throw storeError(dir, err, 'create the store');
  }
  return true;
}

export function openStore(dir = defaultHistoryDir(), opts: StoreOptions = {}): HistoryStore {
  const maxCaptures = opts.maxCaptures ?? DEFAULT_MAX_CAPTURES;
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_BYTES;
  if (!(maxCaptures >= 1) || !(maxBytes >= 1024)) throw new WdError('USAGE', 'history limits must be at least 1 capture and 1 KB', { hint: 'e.g. --history-max 1000 --history-max-bytes 50mb, or --no-history to keep none' });
  const write = opts.write ?? false;
  let present = checkFormat(dir, write);
  const segDir = join(dir, 'segments');
  // A segment is sealed, and the next begun, at a tenth of either limit: eviction then drops a tenth at a time.
  const segmentMaxCount = Math.max(1, Math.min(1000, Math.floor(maxCaptures / 10)));
  const segmentMaxBytes = Math.max(64 * 1024, Math.min(8 * 1024 * 1024, Math.floor(maxBytes / 10)));

  if (write) {
    // The segments folder is ours alone: tighten it if something loosened it (the store folder may be the user's).
    try { if ((statSync(segDir).mode & 0o077) !== 0) chmodSync(segDir, 0o700); } catch { /* checked on first write */ }
    sealDeadSegments();
  }

  // The writer: this process's own segment, created on the first flush.
  const queue = new RecordBatch();
  let queuedSummaries: CaptureSummary[] = [];
  let scheduled: NodeJS.Immediate | undefined;
  let fd: number | undefined;
  let own: { stem: string; path: string; count: number; bytes: number } | undefined;
  // Every segment this process wrote, sealed ones too: their captures went to listeners when written, never again from the tail.
  const ownStems = new Set<string>();
  let failed = false;
  let closed = false;

  const cache = new Map<string, SegmentIndex>();
  const listeners = new Set<(s: CaptureSummary) => void>();
  let tail: { watcher?: FSWatcher; timer: NodeJS.Timeout } | undefined;

  function sealDeadSegments(): void {
    let files: string[];
    try { files = readdirSync(segDir); } catch { return; }
    for (const file of files) {
      const name = parseSegmentName(file);
      if (!name?.live || processAlive(name.pid)) continue;
      const path = join(segDir, file);
      try {
        const buf = readFileSync(path);
        const { end, live } = indexSegment(name.stem, buf);
        // A kill -9 mid-write leaves part of a record at the end: cut it off, so the segment is whole again.
        if (end < buf.length) {
          const f = openSync(path, 'r+');
          try { ftruncateSync(f, end); } finally { closeSync(f); }
        }
        if (end === 0 || live === 0) unlinkSync(path);
        else renameSync(path, join(segDir, `${name.stem}.${countRecords(buf.subarray(0, end))}.wdh`));
      } catch { /* another writer sealed it first */ }
    }
  }

  /** A listener that throws (a closed inspector stream) must not stop the writes nor the other listeners. */
  function announce(summary: CaptureSummary): void {
    for (const fn of listeners) {
      try { fn(summary); } catch { /* the listener's own trouble */ }
    }
  }

  function report(err: unknown, doing: string): void {
    if (failed) return;
    failed = true;
    queue.clear();
    queuedSummaries = [];
    opts.onError?.(storeError(dir, err, doing));
  }

  function startSegment(): void {
    // Names sort by when the segment began (eviction drops the first): one writer's never share a millisecond.
    lastStemMs = Math.max(Date.now(), lastStemMs + 1);
    const stem = `${lastStemMs.toString(36).padStart(9, '0')}-${process.pid}-${randomBytes(3).toString('hex')}`;
    const path = join(segDir, `${stem}.live.wdh`);
    if (!present) present = checkFormat(dir, true);
    mkdirSync(segDir, { recursive: true, mode: 0o700 });
    fd = openSync(path, 'ax', 0o600);
    own = { stem, path, count: 0, bytes: 0 };
    ownStems.add(stem);
    hookExit();
  }

  // Ctrl-C ends listen through process.exit: what is queued still goes out, and the segment is sealed.
  let hooked = false;
  function hookExit(): void {
    if (hooked) return;
    hooked = true;
    process.on('exit', atExit);
  }
  function atExit(): void {
    try { flush(); seal(); } catch { /* exiting anyway; the next writer seals it */ }
  }

  function seal(): void {
    hooked = false;
    process.off('exit', atExit);
    if (fd === undefined || !own) return;
    closeSync(fd);
    fd = undefined;
    const sealed = join(segDir, `${own.stem}.${own.count}.wdh`);
    if (own.count === 0) unlinkSync(own.path);
    else renameSync(own.path, sealed);
    cache.delete(own.stem);
    own = undefined;
  }

  function flush(): void {
    if (scheduled) { clearImmediate(scheduled); scheduled = undefined; }
    if (queue.count === 0 || failed) return;
    const summaries = queuedSummaries;
    queuedSummaries = [];
    // Usually one write for everything queued; a batch larger than what is left of the segment (an import)
    // is split at the segment's limits, so segments stay the size eviction drops at a time.
    try {
      for (let from = 0; from < queue.count;) {
        let to = from;
        let bytes = 0;
        try {
          if (fd === undefined) startSegment();
          const roomCount = segmentMaxCount - own!.count;
          const roomBytes = segmentMaxBytes - own!.bytes;
          while (to < queue.count && (to === from || (to - from < roomCount && bytes + queue.lengthOf(to) <= roomBytes))) bytes += queue.lengthOf(to++);
          const batch = queue.view(from, to);
          // One write per batch: appended whole, or (killed mid-write) cut off at the end, where readers stop.
          let done = 0;
          while (done < batch.length) done += writeSync(fd!, batch, done, batch.length - done);
          own!.count += to - from;
          own!.bytes += batch.length;
        } catch (err) {
          report(err, 'write a capture');
          return;
        }
        for (let i = from; i < to; i++) announce(summaries[i]!);
        from = to;
        try {
          if (own!.count >= segmentMaxCount || own!.bytes >= segmentMaxBytes) {
            seal();
            evict();
          }
        } catch (err) {
          report(err, 'seal a segment');
          return;
        }
      }
    } finally {
      queue.clear();
    }
  }

  /** Drop the oldest sealed segments while the rest still holds the newest maxCaptures, or is over maxBytes. */
  function evict(): void {
    const sealed: Array<{ path: string; count: number; bytes: number }> = [];
    let count = 0;
    let bytes = 0;
    for (const file of readdirSync(segDir).sort()) {
      const name = parseSegmentName(file);
      if (!name) continue;
      const path = join(segDir, file);
      let size = 0;
      try { size = statSync(path).size; } catch { continue; }
      const n = name.count ?? (name.stem === own?.stem ? own.count : Math.round(size / 2048));
      count += n;
      bytes += size;
      if (!name.live) sealed.push({ path, count: n, bytes: size });
    }
    for (const seg of sealed) {
      if (count - seg.count < maxCaptures && bytes <= maxBytes) break;
      try { unlinkSync(seg.path); } catch { /* gone already */ }
      count -= seg.count;
      bytes -= seg.bytes;
    }
  }

  /** The index, brought up to date; the segments it had to read are left in `read` for the caller to reuse. */
  async function refresh(read?: Map<string, Buffer>): Promise<Entry[]> {
    let files: string[];
    try { files = await readdir(segDir); } catch { files = []; }
    const stems = new Set<string>();
    const all: Entry[] = [];
    for (const file of files) {
      const name = parseSegmentName(file);
      if (!name) continue;
      stems.add(name.stem);
      const path = join(segDir, file);
      let st;
      try { st = await stat(path); } catch { continue; }
      let seg = cache.get(name.stem);
      if (!seg || seg.path !== path || seg.size !== st.size || seg.mtimeMs !== st.mtimeMs) {
        let buf: Buffer;
        try { buf = await readFile(path); } catch { continue; }
        seg = { path, size: st.size, mtimeMs: st.mtimeMs, entries: indexSegment(name.stem, buf).entries };
        read?.set(name.stem, buf);
        cache.set(name.stem, seg);
      }
      for (const e of seg.entries) all.push(e);
    }
    for (const stem of cache.keys()) if (!stems.has(stem)) cache.delete(stem);
    // Newest first; within one arrival time, the later record first.
    all.sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1
      : a.stem !== b.stem ? (a.stem < b.stem ? 1 : -1) : b.span.offset - a.span.offset));
    // The bounds hold for readers too, even before the writer has dropped the segments over them.
    let bytes = 0;
    let kept = 0;
    while (kept < all.length && kept < maxCaptures) {
      bytes += all[kept]!.span.length;
      if (bytes > maxBytes && kept > 0) break;
      kept++;
    }
    all.length = kept;
    return all;
  }

  async function readSpan(entry: Entry): Promise<Buffer | undefined> {
    const seg = cache.get(entry.stem);
    if (!seg) return undefined;
    let fh;
    try {
      fh = await open(seg.path, 'r');
      const buf = Buffer.allocUnsafe(entry.span.length);
      const { bytesRead } = await fh.read(buf, 0, buf.length, entry.span.offset);
      if (bytesRead !== buf.length) return undefined;
      const r = scanRecord(buf, 0);
      return r.kind === 'live' ? buf : undefined;
    } catch {
      return undefined;
    } finally {
      await fh?.close();
    }
  }

  function resolve(entries: Entry[], id: string): Entry | undefined {
    if (id === 'last') return entries[0];
    const exact = entries.find((e) => e.id === id);
    if (exact) return exact;
    const matches = entries.filter((e) => e.id.startsWith(id));
    if (matches.length > 1) {
      throw new WdError('INPUT', `"${id}" matches ${matches.length} captures (${matches.slice(0, 3).map((e) => e.id).join(', ')}${matches.length > 3 ? ', …' : ''})`, { hint: 'give more of the id (see `webhook-doctor history`)' });
    }
    return matches[0];
  }

  async function filterEntries(entries: Entry[], filter: HistoryFilter, read?: Map<string, Buffer>): Promise<Entry[]> {
    const since = filter.since?.toISOString();
    const until = filter.until?.toISOString();
    const method = filter.method?.toUpperCase();
    const path = filter.path ? pathMatcher(filter.path) : undefined;
    const sender = filter.sender?.toLowerCase();
    // Cheapest first: the arrival time needs no parsing, the bytes need no parsing either (indexOf), and only
    // the captures left are parsed for the rest.
    let out = since || until ? entries.filter((e) => (!since || e.at >= since) && (!until || e.at <= until)) : entries;
    if (filter.headers?.length || filter.grep) out = await filterByBytes(out, filter, read);
    if (method || filter.status || path || sender) {
      out = out.filter(({ summary: s }) => (!method || s.method.toUpperCase() === method) && (!filter.status || statusMatches(s.status, filter.status))
        && (!path || path(s.target)) && (!sender || s.sender?.toLowerCase() === sender));
    }
    return filter.limit ? out.slice(0, filter.limit) : out;
  }

  /** The filters that need a record's bytes: read each segment once and search it whole (Buffer.indexOf is memchr-fast). */
  async function filterByBytes(entries: Entry[], filter: HistoryFilter, read?: Map<string, Buffer>): Promise<Entry[]> {
    const byStem = new Map<string, Entry[]>();
    for (const e of entries) {
      let list = byStem.get(e.stem);
      if (!list) byStem.set(e.stem, (list = []));
      list.push(e);
    }
    const keep = new Set<Entry>();
    // The body is kept as sent (UTF-8), the JSON parts in ASCII with the rest as \u escapes: a needle
    // beyond ASCII is looked for in both forms, and in a third: a header is text of its bytes (latin1), so
    // one a sender wrote in UTF-8 holds each byte of the needle's UTF-8 as its own \u escape.
    const needles = filter.grep ? [Buffer.from(filter.grep)] : [];
    if (filter.grep && /[\x7f-\uffff]/.test(filter.grep)) {
      needles.push(Buffer.from(jsonValue(filter.grep).slice(1, -1), 'latin1'));
      needles.push(Buffer.from(jsonValue(Buffer.from(filter.grep).toString('latin1')).slice(1, -1), 'latin1'));
    }
    for (const [stem, list] of byStem) {
      const seg = cache.get(stem);
      if (!seg) continue;
      let buf = read?.get(stem);
      if (!buf) try { buf = await readFile(seg.path); } catch { continue; }
      list.sort((a, b) => a.span.offset - b.span.offset);
      let candidates: Iterable<Entry> = list;
      if (needles.length) {
        const found = new Set<Entry>();
        for (const needle of needles) for (const e of holding(buf, list, needle)) found.add(e);
        candidates = found;
      }
      for (const e of candidates) {
        if (filter.headers?.length) {
          const [s, end] = detailRange(e.span);
          const detail = JSON.parse(buf.toString('utf8', s, end)) as { rawHeaders: HeaderPair[] };
          if (!headersMatch(detail.rawHeaders, filter.headers)) continue;
        }
        keep.add(e);
      }
    }
    return entries.filter((e) => keep.has(e));
  }

  /** The entries of one segment (in offset order) whose record holds needle past its head. */
  function holding(buf: Buffer, list: readonly Entry[], needle: Buffer): Entry[] {
    const out: Entry[] = [];
    let i = 0;
    let at = buf.indexOf(needle);
    while (at >= 0 && i < list.length) {
      while (i < list.length && list[i]!.span.offset + list[i]!.span.length <= at) i++;
      const e = list[i];
      if (!e) break;
      if (at >= e.span.offset + HEAD_BYTES) {
        out.push(e);
        at = buf.indexOf(needle, e.span.offset + e.span.length);
        i++;
      } else {
        at = buf.indexOf(needle, e.span.offset + HEAD_BYTES);
      }
    }
    return out;
  }

  async function erase(entry: Entry): Promise<boolean> {
    const seg = cache.get(entry.stem);
    if (!seg) return false;
    let fh;
    try {
      fh = await open(seg.path, 'r+');
      // The flag first (readers skip the record from then on), then the bytes themselves, so nothing is left to read.
      await fh.write(Buffer.from([ERASED]), 0, 1, entry.span.offset + 4);
      const zeros = Buffer.alloc(entry.span.length - HEAD_BYTES - 1, 0x20);
      await fh.write(zeros, 0, zeros.length, entry.span.offset + HEAD_BYTES);
      return true;
    } catch {
      return false;
    } finally {
      await fh?.close();
    }
  }

  function startTail(): void {
    // What is already there when the subscription starts, by segment: bytes past it are new records
    // (a segment only grows at its end). Taken synchronously, so nothing written after subscribe() is missed.
    const seen = new Map<string, number>();
    try {
      for (const file of readdirSync(segDir)) {
        const name = parseSegmentName(file);
        if (name) try { seen.set(name.stem, statSync(join(segDir, file)).size); } catch { /* sealed meanwhile */ }
      }
    } catch { /* no segments yet */ }
    let busy = false;
    let again = false;
    /** Whether another writer's segment is new or has grown: this process's own appends reached the listeners as they were written. */
    const othersGrew = async (): Promise<boolean> => {
      let files: string[];
      try { files = await readdir(segDir); } catch { return false; }
      for (const file of files) {
        const name = parseSegmentName(file);
        if (!name || ownStems.has(name.stem)) continue;
        try { if ((await stat(join(segDir, file))).size > (seen.get(name.stem) ?? 0)) return true; } catch { /* sealed meanwhile */ }
      }
      return false;
    };
    const poll = async () => {
      if (busy) { again = true; return; }
      busy = true;
      try {
        // Re-reading the store on each of our own writes cost a listen under load half its rate.
        if (!(await othersGrew())) return;
        await refresh();
        const fresh: CaptureSummary[] = [];
        for (const [stem, seg] of cache) {
          if (ownStems.has(stem)) continue;
          const before = seen.get(stem) ?? 0;
          if (seg.size <= before) continue;
          for (const e of seg.entries) if (e.span.offset >= before) fresh.push(e.summary);
          seen.set(stem, seg.size);
        }
        fresh.sort((a, b) => (a.receivedAt < b.receivedAt ? -1 : a.receivedAt > b.receivedAt ? 1 : 0));
        for (const s of fresh) announce(s);
      } finally {
        busy = false;
        if (again) { again = false; void poll(); }
      }
    };
    const timer = setInterval(() => void poll(), 500);
    timer.unref();
    let watcher: FSWatcher | undefined;
    try {
      watcher = watch(segDir, { persistent: false }, (_event, file) => {
        const name = file ? parseSegmentName(String(file)) : undefined;
        if (!name || !ownStems.has(name.stem)) void poll();
      });
      watcher.on('error', () => watcher?.close());
    } catch { /* no folder yet, or no inotify: the timer alone */ }
    tail = { watcher, timer };
  }

  const store: HistoryStore = {
    dir,
    maxCaptures,
    maxBytes,

    append(input) {
      if (!write) throw new WdError('USAGE', 'this history store was opened read-only');
      const { summary, detail, body } = toRecordParts(input);
      if (failed || closed) return summary;
      queue.add(summaryText(summary), detailText(detail), body);
      queuedSummaries.push(summary);
      scheduled ??= setImmediate(flush);
      hookExit(); // queued before the first write: an exit now still writes it
      return summary;
    },

    flush,

    close() {
      if (closed) return;
      flush();
      closed = true;
      try { seal(); } catch (err) { report(err, 'seal a segment'); }
      if (tail) {
        clearInterval(tail.timer);
        tail.watcher?.close();
        tail = undefined;
      }
      listeners.clear();
    },

    async list(filter = {}) {
      const read = new Map<string, Buffer>();
      const entries = await filterEntries(await refresh(read), filter, read);
      return entries.map((e) => e.summary);
    },

    async get(id) {
      const entry = resolve(await refresh(), id);
      if (!entry) return undefined;
      const buf = await readSpan(entry);
      if (!buf) return undefined;
      return fromRecordBytes(buf, { ...entry.span, offset: 0 });
    },

    async load(filter = {}) {
      const read = new Map<string, Buffer>();
      const entries = await filterEntries(await refresh(read), filter, read);
      // One read per segment, not per capture.
      const out: StoredCapture[] = [];
      const buffers = new Map<string, Buffer | undefined>(read);
      for (const e of entries) {
        const seg = cache.get(e.stem);
        if (!seg) continue;
        if (!buffers.has(e.stem)) buffers.set(e.stem, await readFile(seg.path).catch(() => undefined));
        const buf = buffers.get(e.stem);
        if (buf && scanRecord(buf, e.span.offset).kind === 'live') out.push(fromRecordBytes(buf, e.span));
      }
      return out;
    },

    async remove(ids) {
      flush();
      const entries = await refresh();
      const chosen = ids === 'all' ? entries : ids.map((id) => {
        const e = resolve(entries, id);
        if (!e) throw new WdError('NOT_FOUND', `no capture ${id} in history ${dir}`, { hint: 'see the ids with `webhook-doctor history`' });
        return e;
      });
      let removed = 0;
      for (const e of new Set(chosen)) if (await erase(e)) removed++;
      // A sealed segment with nothing left in it goes altogether.
      await refresh();
      for (const file of await readdir(segDir).catch(() => [] as string[])) {
        const name = parseSegmentName(file);
        if (!name || name.live) continue;
        const seg = cache.get(name.stem);
        if (seg && seg.entries.length === 0) await unlink(join(segDir, file)).catch(() => {});
      }
      return removed;
    },

    subscribe(listener) {
      listeners.add(listener);
      if (!tail) startTail();
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0 && tail) {
          clearInterval(tail.timer);
          tail.watcher?.close();
          tail = undefined;
        }
      };
    },

    async stats() {
      const entries = await refresh();
      let bytes = 0;
      for (const e of entries) bytes += e.span.length;
      return { captures: entries.length, bytes };
    },
  };
  return store;
}

function countRecords(buf: Buffer): number {
  let n = 0;
  for (let at = 0; ;) {
    const r = scanRecord(buf, at, false);
    if (r.kind === 'end') {
      const next = at < buf.length ? resyncRecord(buf, at) : undefined;
      if (next === undefined) return n;
      at = next;
      continue;
    }
    n++;
    at += r.span.length;
  }
}

// ---- records <-> captures -------------------------------------------------------------------------------

/** A record's JSON detail: StoredCapture's own fields, with the app's answer body as base64 text. */
type ForwardAnswer = NonNullable<StoredCapture['forwardAnswer']>;
type Detail = Pick<StoredCapture, 'seq' | 'remotePort' | 'httpVersion' | 'rawHeaders' | 'maskedHeaders' | 'findings' | 'answered' | 'bodyRefused' | 'bareLf' | 'listenUrl'> & {
  forwardAnswer?: Omit<ForwardAnswer, 'body'> & { body?: string };
};

/** What maskCredential leaves ("Bearer pst_…(28 chars)"): an imported --save or --har file was masked already. */
const alreadyMasked = /…\(\d+ chars\)/;

/** A capture as the store would hand it back, without writing it (replay and diff of a file, import's checks). */
export function storedFromInput(input: CaptureInput): StoredCapture {
  const { summary, detail, body } = toRecordParts(input);
  const { forwardAnswer, ...rest } = detail;
  const out: StoredCapture = { ...summary, ...rest, body };
  if (forwardAnswer) {
    const { body: fb, ...fa } = forwardAnswer;
    out.forwardAnswer = fb === undefined ? fa : { ...fa, body: Buffer.from(fb, 'base64') };
  }
  return out;
}

function toRecordParts(input: CaptureInput): { summary: CaptureSummary; detail: Detail; body: Buffer } {
  const { capture, answer, forward } = input;
  const rawHeaders: HeaderPair[] = [];
  const maskedHeaders: number[] = [];
  const headers = capture.rawHeaders;
  for (let i = 0; i < headers.length; i++) {
    const [n, v] = headers[i]!;
    if (v.includes('…(') && alreadyMasked.test(v)) {
      maskedHeaders.push(i);
      rawHeaders.push([n, v]);
    } else if (!input.keepSecrets && isCredentialHeader(n)) {
      const masked = maskCredential(v);
      if (masked !== v) maskedHeaders.push(i);
      rawHeaders.push([n, masked]);
    } else rawHeaders.push([n, v]);
  }
  // receivedAt and id first, in this order: a list reads them from fixed places without parsing (Entry).
  const summary: CaptureSummary = {
    // listen's are toISOString() already; an imported one may be any date form.
    receivedAt: capture.receivedAt.length === 24 && capture.receivedAt.endsWith('Z') ? capture.receivedAt : new Date(capture.receivedAt).toISOString(),
    id: capture.id,
    v: 1,
    method: capture.method,
    // Meta's hub.verify_token and other credential query parameters, masked as headers are.
    target: input.keepSecrets ? capture.target : maskTarget(capture.target),
    ...(answer.status !== undefined ? { status: answer.status } : {}),
    answer: answer.kind,
    ms: answer.ms,
    bodyBytes: capture.bodyBytes,
    remoteAddress: capture.remoteAddress,
    level: worstLevel(capture.findings),
    findingCount: capture.findings.length,
  };
  const contentType = headerValue(capture.rawHeaders, 'content-type');
  if (contentType) summary.contentType = contentType;
  if (input.sender) summary.sender = input.sender;
  if (input.source) summary.source = input.source;
  const detail: Detail = {
    seq: capture.seq,
    httpVersion: capture.httpVersion,
    rawHeaders,
    maskedHeaders,
    findings: capture.findings,
    answered: answer,
  };
  if (capture.remotePort !== undefined) detail.remotePort = capture.remotePort;
  if (capture.bodyRefused) detail.bodyRefused = true;
  if (capture.bareLf) detail.bareLf = true;
  if (input.listenUrl) detail.listenUrl = input.listenUrl;
  if (forward) {
    const forwardUrl = input.keepSecrets ? forward.url : maskTarget(forward.url);
    summary.forward = { url: forwardUrl, ms: Math.round(forward.ms * 10) / 10, ...(forward.status !== undefined ? { status: forward.status } : {}), ...(forward.error ? { error: forward.error.code } : {}) };
    const fa: NonNullable<Detail['forwardAnswer']> = { url: forwardUrl, ms: forward.ms };
    if (forward.status !== undefined) fa.status = forward.status;
    if (forward.headers) fa.headers = forward.headers;
    if (forward.body) {
      fa.body = forward.body.subarray(0, FORWARD_BODY_LIMIT).toString('base64');
      if (forward.body.length > FORWARD_BODY_LIMIT) fa.bodyTruncated = true;
    }
    if (forward.error) fa.error = forward.error;
    detail.forwardAnswer = fa;
  }
  return { summary, detail, body: capture.bodyRefused ? Buffer.alloc(0) : capture.body };
}

function fromRecordBytes(buf: Buffer, span: RecordSpan): StoredCapture {
  const [s, se] = summaryRange(span);
  const [d, de] = detailRange(span);
  const [b, be] = bodyRange(span);
  const summary = JSON.parse(buf.toString('utf8', s, se)) as CaptureSummary;
  const detail = JSON.parse(buf.toString('utf8', d, de)) as Detail;
  const { forwardAnswer, ...rest } = detail;
  const out: StoredCapture = { ...summary, ...rest, body: Buffer.from(buf.subarray(b, be)) };
  if (forwardAnswer) {
    const { body, ...fa } = forwardAnswer;
    out.forwardAnswer = body === undefined ? fa : { ...fa, body: Buffer.from(body, 'base64') };
  }
  return out;
}
