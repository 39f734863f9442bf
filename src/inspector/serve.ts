// The inspector as `listen --ui` and `history --ui` start it: the server over a history store, with the
// actions the page may ask for wired to the same domain code the replay and diff commands run.
import { isUtf8 } from 'node:buffer';
import { WdError } from '../errors.js';
import type { HistoryStore, StoredCapture } from '../history/store.js';
import { startInspector, type Inspector, type InspectorActions, type ReplayRequest } from './server.js';
import type { DiffAnswer, ReplayAnswer } from './api-types.js';

export interface ServeOptions {
  store: HistoryStore;
  /** --ui's port; 0 (or --ui alone) picks a free one. */
  port: number;
  /** What the page's title says it shows: 'listen on http://127.0.0.1:8080' or 'history in ~/.local/state/…'. */
  title: string;
  captureUrl?: string;
  profile?: string;
  version: string;
}

const REPLAY_TIMEOUT_MS = 30_000;
/** How much of the receiver's answer the page is sent. */
const ANSWER_BODY_LIMIT = 256 * 1024;

async function captureOrFail(store: HistoryStore, id: string): Promise<StoredCapture> {
  const capture = await store.get(id);
  if (!capture) throw new WdError('NOT_FOUND', `no capture ${id} in the history (it keeps the newest ${store.maxCaptures})`);
  return capture;
}

/** One capture sent again, as `webhook-doctor replay <id> <url> [--resign --secret …]` sends it. */
async function replayOne(store: HistoryStore, ask: ReplayRequest): Promise<ReplayAnswer> {
  const capture = await captureOrFail(store, ask.id);
  const { buildReplay } = await import('../replay/request.js');
  const { replayAll, answerChange } = await import('../replay/run.js');
  let resign: Parameters<typeof buildReplay>[1]['resign'];
  if (ask.resign) {
    const sig = await import('../signatures/index.js');
    const scheme = ask.resign.scheme && ask.resign.scheme !== 'auto' ? ask.resign.scheme : undefined;
    if (scheme && !sig.isSchemeName(scheme)) throw new WdError('USAGE', `unknown scheme "${scheme}"`, { hint: `one of auto, ${sig.SCHEME_NAMES.join(', ')}` });
    resign = {
      secret: ask.resign.secret,
      ...(scheme ? { scheme } : {}),
      sign: (opts) => sig.signBody(opts as Parameters<typeof sig.signBody>[0]),
      detect: (headers, header) => sig.detectScheme(headers, header),
    };
  }
  const built = buildReplay(capture, { url: ask.url, timeoutMs: REPLAY_TIMEOUT_MS, ...(resign ? { resign } : {}) });
  const { createDispatcher } = await import('../http/deliver.js');
  const dispatcher = createDispatcher({});
  try {
    const { results } = await replayAll([{ label: capture.id, capture, built }], { concurrency: 1, dispatcher });
    const { delivery } = results[0]!;
    const res = delivery.response;
    const body = res?.body.subarray(0, ANSWER_BODY_LIMIT);
    return {
      url: built.request.url,
      ...(res ? { status: res.status, statusText: res.statusText, headers: res.headers.map(([n, v]) => [n, v] as [string, string]) } : {}),
      ...(body ? { body: isUtf8(body) ? body.toString('utf8') : `(${res!.body.length} bytes, not text)`, bodyTruncated: res!.body.length > ANSWER_BODY_LIMIT } : {}),
      ms: Math.round(delivery.timings.total * 10) / 10,
      ...(delivery.error ? { error: delivery.error } : {}),
      ...(delivery.kb ? { kb: delivery.kb } : {}),
      notes: built.notes,
      ...(built.resigned ? { resigned: built.resigned } : {}),
      change: answerChange(capture, delivery),
    };
  } finally {
    void dispatcher.destroy().catch(() => {});
  }
}

/** Two captures compared as `webhook-doctor diff a b` compares them, with each one's signature verdict as listen found it. */
async function diffTwo(store: HistoryStore, a: string, b: string): Promise<DiffAnswer> {
  const [ca, cb] = await Promise.all([captureOrFail(store, a), captureOrFail(store, b)]);
  const { diffCaptures } = await import('../history/diff.js');
  const { signatureOf } = await import('./view.js');
  return { a: ca.id, b: cb.id, diff: diffCaptures(ca, cb), signatures: { a: signatureOf(ca.findings).verdict, b: signatureOf(cb.findings).verdict } };
}

function actionsFor(store: HistoryStore): InspectorActions {
  return {
    replay: (ask) => replayOne(store, ask),
    diff: (a, b) => diffTwo(store, a, b),
  };
}

export function serveInspector(opts: ServeOptions): Promise<Inspector> {
  return startInspector({
    store: opts.store,
    actions: actionsFor(opts.store),
    port: opts.port,
    title: opts.title,
    version: opts.version,
    ...(opts.captureUrl ? { captureUrl: opts.captureUrl } : {}),
    ...(opts.profile ? { profile: opts.profile } : {}),
  });
}
