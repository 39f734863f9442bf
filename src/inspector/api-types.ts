// The inspector's JSON API as types, shared by the server (which builds these) and the page (which
// renders them). Nothing here may need Node: the page is type-checked without Node's types.
import type { Finding } from '../findings.js';

/** A line of the live list: small, so 10,000 of them load at once. */
export interface CaptureSummary {
  id: string;
  seq?: number;
  at: string;
  method: string;
  target: string;
  /** The status the sender got, or 'timeout' / 'reset'; null when unknown. */
  status: number | string | null;
  bytes: number;
  sender: string;
  /** Count of findings by level, for the badge. */
  fail: number;
  warn: number;
}

export interface CaptureList {
  title: string;
  captures: CaptureSummary[];
  actions: { replay: boolean; diff: boolean };
}

export interface DetailFinding extends Finding {
  /** The knowledge-base entry the finding points at, in short, and the command that explains it in full. */
  explanation?: { title: string; meaning: string; fixes: Array<{ text: string; command?: string }>; command: string };
}

export interface CaptureDetail extends CaptureSummary {
  remoteAddress: string;
  requestLine: string;
  httpVersion: string;
  /** Names and values in wire order and case. */
  rawHeaders: Array<[string, string]>;
  contentType: string;
  /** The bytes as received, base64. */
  body: string;
  bodyRefused: boolean;
  /** The body after Content-Encoding was undone (gzip, deflate, br). */
  decoded?: { encoding: string; body: string; bytes: number };
  findings: DetailFinding[];
  signature: { verdict: 'valid' | 'invalid' | 'see findings' | 'not checked'; findings: DetailFinding[] };
  answer: { kind: string; status?: number; ms: number; chaos?: boolean } | null;
  forward: { url: string; status: number | null; ms: number; error: { code: string; message: string } | null; body: string } | null;
  /** The sender's time budget the app's answer is judged against. */
  budget: { seconds: number; sender: string; assumed: boolean };
  curl: string;
}
