// The inspector's JSON API as types, shared by the server (which builds these) and the page (which
// renders them). A list line is the history store's own summary; the page imports only these types.
import type { Finding } from '../findings.js';
import type { CaptureSummary } from '../history/store.js';
import type { RequestDiff } from '../history/diff.js';

export type { CaptureSummary } from '../history/store.js';

export interface CaptureList {
  title: string;
  /** Newest first, as `history` lists them. */
  captures: CaptureSummary[];
  /** Captures in the store (the list may be filtered). */
  total: number;
  /** The store keeps at most this many; older ones leave it. */
  max: number;
  actions: { replay: boolean; diff: boolean };
}

export interface DetailFinding extends Finding {
  /** The knowledge-base entry the finding points at, in short, and the command that explains it in full. */
  explanation?: { title: string; meaning: string; fixes: Array<{ text: string; command?: string }>; command: string };
}

export interface CaptureDetail {
  summary: CaptureSummary;
  requestLine: string;
  /** Names and values in wire order and case (credentials masked unless kept with --show-secrets). */
  rawHeaders: Array<[string, string]>;
  /** Positions in rawHeaders whose value is masked. */
  maskedHeaders: number[];
  /** The bytes as received, base64. */
  body: string;
  bodyRefused: boolean;
  /** The body after Content-Encoding was undone (gzip, deflate, br). */
  decoded?: { encoding: string; body: string; bytes: number };
  findings: DetailFinding[];
  signature: { verdict: 'valid' | 'invalid' | 'see findings' | 'not checked'; findings: DetailFinding[] };
  answered: { kind: string; status?: number; ms: number; chaos?: boolean };
  forward: { url: string; status: number | null; ms: number; error: { code: string; message: string } | null; body: string; bodyTruncated: boolean } | null;
  /** The sender's time budget the app's answer is judged against. */
  budget: { seconds: number; sender: string; assumed: boolean };
  curl: string;
}

/** What a replay from the page got back: the receiver's answer, and the app's answer then beside it. */
export interface ReplayAnswer {
  url: string;
  status?: number;
  statusText?: string;
  headers?: Array<[string, string]>;
  body?: string;
  bodyTruncated?: boolean;
  ms: number;
  error?: { code: string; message: string };
  /** The knowledge-base key explaining a failure. */
  kb?: string;
  notes: string[];
  resigned?: string;
  change: { was?: { status?: number; ms: number; error?: string }; now: { status?: number; ms: number; error?: string } };
}

/** Two captures compared by history's diff, and each one's signature verdict as listen found it. */
export interface DiffAnswer {
  a: string;
  b: string;
  diff: RequestDiff;
  signatures: { a: CaptureDetail['signature']['verdict']; b: CaptureDetail['signature']['verdict'] };
}
