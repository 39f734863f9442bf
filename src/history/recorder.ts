// Listen's history step: opens the store listen keeps its captures in (unless --no-history), recognises the
// sender of each capture, and appends the record once it was answered. One call per capture, nothing printed.
import type { CaptureRecord } from '../capture/pipeline.js';
import type { HeaderPair } from '../capture/capture.js';
import type { WdError } from '../errors.js';
import { formatBytes } from '../capture/inspect.js';
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
 * A header only one sender sends → that sender's profile name. Assumed from each sender's documented
 * headers (GitHub "Webhook events and payloads": X-GitHub-Event; Stripe "Check the webhook signatures":
 * Stripe-Signature; Shopify "About webhooks": X-Shopify-Topic; Slack "Verifying requests": X-Slack-Signature;
 * Standard Webhooks spec: webhook-id; Svix docs: svix-id; GitLab "Webhooks": X-Gitlab-Event).
 */
const senderByHeader: ReadonlyMap<string, string> = new Map([
  ['x-github-event', 'github'],
  ['stripe-signature', 'stripe'],
  ['x-shopify-topic', 'shopify'],
  ['x-slack-signature', 'slack'],
  ['x-gitlab-event', 'gitlab'],
  ['svix-id', 'svix'],
  ['webhook-id', 'standard'],
  ['x-twilio-signature', 'twilio'],
  ['x-pagerduty-signature', 'pagerduty'],
  ['x-zm-signature', 'zoom'],
  ['x-signature-ed25519', 'discord'],
  ['x-cloudaipilot-signature', 'cloudaipilot'],
]);

/** The sender a capture's headers name, when one of them is a sender's own. */
export function recogniseSender(headers: readonly HeaderPair[]): string | undefined {
  for (const [name] of headers) {
    const sender = senderByHeader.get(name.toLowerCase());
    if (sender) return sender;
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
        sender: opts.profile ?? recogniseSender(record.capture.rawHeaders),
        keepSecrets: opts.showSecrets,
      });
    },
    close: () => store.close(),
  };
}
