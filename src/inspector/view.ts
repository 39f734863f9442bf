// What the page is sent for one stored capture: its detail (headers as sent, body bytes and their decoding,
// findings with their knowledge-base explanation, signature verdict, both answers against the sender's
// budget, the curl command) and its HAR. Built from the history store's record; returns data only.
import { headerValue } from '../capture/capture.js';
import { decodeBody } from '../capture/content-encoding.js';
import { relayHeaders } from '../capture/forward.js';
import { harEntry, harLog } from '../capture/har.js';
import type { CaptureRecord } from '../capture/pipeline.js';
import type { Finding } from '../findings.js';
import type { StoredCapture } from '../history/store.js';
import { toCurl } from '../http/curl-command.js';
import { getEntry } from '../kb/index.js';
import { findProfile, getProfile } from '../profiles/index.js';
import type { CaptureDetail, DetailFinding } from './api-types.js';

/** Bodies decoded for display at most this large (a decompression bomb stays on the wire). */
const DECODE_LIMIT = 16 * 1024 * 1024;

function explained(f: Finding): DetailFinding {
  const entry = f.kb ? getEntry(f.kb) : undefined;
  if (!entry) return f;
  return { ...f, explanation: { title: entry.title, meaning: entry.meaning, fixes: entry.fixes.slice(0, 3), command: `webhook-doctor explain ${f.kb}` } };
}

const isSignatureFinding = (f: Finding) => f.kb === 'signature-mismatch' || /signature/i.test(f.title);

function signatureVerdict(findings: readonly Finding[]): CaptureDetail['signature']['verdict'] {
  if (findings.some((f) => f.level === 'fail')) return 'invalid';
  return findings.some((f) => f.level === 'pass') ? 'valid' : 'see findings';
}

/** What listen's --secret check found about a capture's signature, from its stored findings. */
export function signatureOf(all: readonly Finding[]): CaptureDetail['signature'] {
  const findings = all.filter(isSignatureFinding).map(explained);
  return findings.length ? { verdict: signatureVerdict(findings), findings } : { verdict: 'not checked', findings: [] };
}

function summaryOf(c: StoredCapture): CaptureDetail['summary'] {
  const { v, id, receivedAt, method, target, status, answer, ms, bodyBytes, remoteAddress, contentType, sender, level, findingCount, forward, source } = c;
  return { v, id, receivedAt, method, target, ...(status !== undefined ? { status } : {}), answer, ms, bodyBytes, remoteAddress,
    ...(contentType ? { contentType } : {}), ...(sender ? { sender } : {}), level, findingCount, ...(forward ? { forward } : {}), ...(source ? { source } : {}) };
}

/** The request as curl sends it again: the same method, headers (less the hop-by-hop ones) and bytes. */
export function curlFor(c: StoredCapture, fallbackBase: string): string {
  const host = headerValue(c.rawHeaders, 'host');
  let url: string;
  try { url = new URL(c.target, host ? `http://${host}` : c.listenUrl ?? fallbackBase).toString(); } catch { url = (c.listenUrl ?? fallbackBase) + c.target; }
  return toCurl({ url, method: c.method, headers: relayHeaders(c.rawHeaders), body: c.body, timeoutMs: 30_000 });
}

export function detailOf(c: StoredCapture, opts: { fallbackBase: string; profile?: string }): CaptureDetail {
  const profile = findProfile(c.sender ?? opts.profile ?? 'generic') ?? getProfile('generic');
  const findings = c.findings.map(explained);
  const encoding = headerValue(c.rawHeaders, 'content-encoding');
  const decoded = c.bodyRefused ? undefined : decodeBody(c.body, encoding, DECODE_LIMIT).body;
  const f = c.forwardAnswer;
  return {
    summary: summaryOf(c),
    requestLine: `${c.method} ${c.target} HTTP/${c.httpVersion}`,
    rawHeaders: c.rawHeaders,
    maskedHeaders: c.maskedHeaders,
    body: c.body.toString('base64'),
    bodyRefused: c.bodyRefused ?? false,
    ...(decoded ? { decoded: { encoding: encoding!.trim(), body: decoded.toString('base64'), bytes: decoded.length } } : {}),
    findings,
    signature: signatureOf(c.findings),
    answered: c.answered,
    forward: f
      ? { url: f.url, status: f.status ?? null, ms: Math.round(f.ms), error: f.error ?? null, body: f.body?.toString('base64') ?? '', bodyTruncated: f.bodyTruncated ?? false }
      : null,
    budget: { seconds: profile.timeBudgetSeconds, sender: profile.displayName, assumed: profile.timeBudgetAssumed ?? false },
    curl: curlFor(c, opts.fallbackBase),
  };
}

/** One capture as a HAR 1.2 log: the same entry listen --har writes. */
export function harOf(c: StoredCapture, opts: { fallbackBase: string; version: string }): unknown {
  const record: CaptureRecord = { capture: c, answer: c.answered };
  // Headers are as the store kept them (masked unless taken with --show-secrets): nothing to mask again.
  return harLog([harEntry(record, { listenUrl: c.listenUrl ?? opts.fallbackBase, showSecrets: true })], opts.version);
}
