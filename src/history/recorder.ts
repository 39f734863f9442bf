// Listen's history step: opens the store listen keeps its captures in (unless --no-history), recognises the
// sender of each capture, and appends the record once it was answered. One call per capture, nothing printed.
import type { CaptureRecord } from '../capture/pipeline.js';
import { mayBeNamed, nameLengths, type HeaderPair } from '../capture/capture.js';
import type { Finding } from '../findings.js';
import type { WdError } from '../errors.js';
import { formatBytes } from '../capture/inspect.js';
import { profiles } from '../profiles/index.js';
import { defaultHistoryDir, openStore, type HistoryStore } from './store.js';

export interface RecorderOptions {
  /** false: --no-history; a string: --history <dir>; true/undefined: the default folder. */
  history?: string | boolean;
  maxCaptures?: number;
  maxBytes?: number;
  /** listen --profile: every capture is taken to come from it. */
  profile?: string;
  showSecrets?: boolean;
  onError: (err: WdError) => void;
}

export interface Recorder {
  store: HistoryStore;
  /** The line listen prints among its first: where the history is and how much it keeps. */
  note: string;
  record(record: CaptureRecord, listenUrl: string): void;
  close(): void;
}

/**
 * A header only one sender profile names (its signature header or one of its event headers, each cited in
 * that profile's own sources) → that profile. A header two profiles share (GitHub's and Meta's
 * X-Hub-Signature-256) tells nothing, and the generic profile claims none.
 */
let senderByHeader: ReadonlyMap<string, string> | undefined;

function senderHeaders(): ReadonlyMap<string, string> {
  if (senderByHeader) return senderByHeader;
  const claims = new Map<string, Set<string>>();
  for (const p of profiles) {
    if (p.name === 'generic') continue;
    for (const name of [p.signature?.header, ...(p.eventHeaders ?? []).map(([n]) => n)]) {
      if (!name) continue;
      const key = name.toLowerCase();
      let set = claims.get(key);
      if (!set) claims.set(key, (set = new Set()));
      set.add(p.name);
    }
  }
  const map = new Map<string, string>();
  for (const [header, names] of claims) if (names.size === 1) map.set(header, [...names][0]!);
  return (senderByHeader = map);
}

/** The sender a capture's headers name, when one of them is a sender's own. */
export function recogniseSender(headers: readonly HeaderPair[]): string | undefined {
  const table = senderHeaders();
  // Only a name as long as some sender's header is lower-cased and looked up (listen asks once a capture).
  const lengths = (senderLengths ??= nameLengths(table.keys()));
  for (const [name] of headers) {
    if (!mayBeNamed(lengths, name)) continue;
    const sender = table.get(name.toLowerCase());
    if (sender) return sender;
  }
  return undefined;
}
let senderLengths: Uint8Array | undefined;

/**
 * The sender whose verification handshake listen answered (its finding names the handshake): a Meta
 * hub.challenge GET carries no header of Meta's own. Only a handshake exactly one profile uses counts.
 */
export function recogniseHandshakeSender(findings: readonly Finding[]): string | undefined {
  for (const f of findings) {
    const id = (f.data as { handshake?: unknown } | undefined)?.handshake;
    if (typeof id !== 'string') continue;
    const owners = profiles.filter((p) => p.handshake === id);
    if (owners.length === 1) return owners[0]!.name;
  }
  return undefined;
}

/** The history step, or undefined with --no-history. Opening is where a store of another format is refused. */
export function openRecorder(opts: RecorderOptions): Recorder | undefined {
  if (opts.history === false) return undefined;
  const dir = typeof opts.history === 'string' ? opts.history : defaultHistoryDir();
  let store: HistoryStore;
  try {
    store = openStore(dir, { write: true, maxCaptures: opts.maxCaptures, maxBytes: opts.maxBytes, onError: opts.onError });
  } catch (err) {
    // The default folder not writable (a read-only home): listen still listens, and says it keeps nothing.
    // A folder the user named, or a store of another format, stops listen with the reason.
    if (typeof opts.history === 'string' || !(err as WdError).cause) throw err;
    opts.onError(err as WdError);
    return undefined;
  }
  const note = `history: keeping the last ${store.maxCaptures} captures (${formatBytes(store.maxBytes)} at most) in ${dir}; --no-history keeps none`;
  return {
    store,
    note,
    record(record, listenUrl) {
      store.append({
        capture: record.capture,
        answer: record.answer,
        forward: record.forward,
        listenUrl,
        sender: opts.profile ?? recogniseSender(record.capture.rawHeaders) ?? recogniseHandshakeSender(record.capture.findings),
        keepSecrets: opts.showSecrets,
      });
    },
    close: () => store.close(),
  };
}
