// What the inspector reads: one record per capture (as listen or the history store holds it), the short
// summary the list shows, and a source that lists, fetches and announces them. Sources return data only.
import type { Finding } from '../findings.js';
import type { HeaderPair } from '../capture/capture.js';
import type { CaptureSummary } from './api-types.js';

export type { CaptureSummary } from './api-types.js';

/** One capture as the inspector needs it; listen's CaptureRecord and a history entry both map onto it. */
export interface InspectorRecord {
  id: string;
  seq?: number;
  receivedAt: string;
  remoteAddress: string;
  method: string;
  target: string;
  httpVersion: string;
  /** In wire order and case; credentials already masked unless the user asked to see them. */
  rawHeaders: HeaderPair[];
  /** The bytes as received (still encoded when the sender compressed them). */
  body: Buffer;
  bodyBytes: number;
  bodyRefused?: boolean;
  decodedBody?: Buffer;
  findings: Finding[];
  /** What listen answered: respond (status), relay (the app's status), timeout or reset (--chaos). */
  answer?: { kind: string; status?: number; ms: number; chaos?: boolean };
  /** The app's answer under --forward. */
  forward?: { url: string; status?: number; ms: number; error?: { code: string; message: string }; body?: Buffer };
  /** The sender profile the capture was judged with (its time budget), when known. */
  profile?: string;
}

export interface InspectorSource {
  /** Every capture's summary, oldest first. */
  list(): CaptureSummary[] | Promise<CaptureSummary[]>;
  get(id: string): InspectorRecord | undefined | Promise<InspectorRecord | undefined>;
  /** Called with each new capture; returns the unsubscribe function. */
  subscribe(onCapture: (summary: () => CaptureSummary) => void): () => void;
}
