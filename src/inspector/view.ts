// What the page is sent: a capture's summary line, its detail (headers as sent, body bytes, findings with
// their knowledge-base explanation, signature verdict, both answers against the sender's budget), its HAR.
import { headerValue } from '../capture/capture.js';
import { relayHeaders } from '../capture/forward.js';
import { harEntry, harLog } from '../capture/har.js';
import type { CaptureRecord } from '../capture/pipeline.js';
import type { Finding } from '../findings.js';
import { toCurl } from '../http/curl-command.js';
import { getEntry } from '../kb/index.js';
import { findProfile, getProfile } from '../profiles/index.js';
import type { CaptureDetail, CaptureSummary, DetailFinding } from './api-types.js';
import type { InspectorRecord } from './source.js';

/** Who sent it, as its User-Agent names itself ("GitHub-Hookshot/2f3a" → "GitHub-Hookshot"). */
export function senderOf(record: Pick<InspectorRecord, 'rawHeaders'>): string {
  const ua = headerValue(record.rawHeaders, 'user-agent');
  if (!ua) return '';
  const product = /^[^\s/;(]+/.exec(ua.trim());
  return product ? product[0].slice(0, 40) : '';
}

export function summarize(record: InspectorRecord): CaptureSummary {
  let fail = 0;
  let warn = 0;
  for (const f of record.findings) {
    if (f.level === 'fail') fail++;
    else if (f.level === 'warn') warn++;
  }
  const a = record.answer;
  return {
    id: record.id,
    ...(record.seq !== undefined ? { seq: record.seq } : {}),
    at: record.receivedAt,
    method: record.method,
    target: record.target,
    status: !a ? null : a.kind === 'timeout' || a.kind === 'reset' ? a.kind : a.status ?? null,
    bytes: record.bodyBytes,
    sender: senderOf(record),
    fail,
    warn,
  };
}

function explained(f: Finding): DetailFinding {
  const entry = f.kb ? getEntry(f.kb) : undefined;
  if (!entry) return f;
  return { ...f, explanation: { title: entry.title, meaning: entry.meaning, fixes: entry.fixes.slice(0, 3), command: `webhook-doctor explain ${f.kb}` } };
}

function signatureVerdict(findings: readonly Finding[]): CaptureDetail['signature']['verdict'] {
  if (findings.some((f) => f.level === 'fail')) return 'invalid';
  return findings.some((f) => f.level === 'pass') ? 'valid' : 'see findings';
}

const isSignatureFinding = (f: Finding) => f.kb === 'signature-mismatch' || /signature/i.test(f.title);

/** The request as curl sends it again: the same method, headers (less the hop-by-hop ones) and bytes. */
export function curlFor(record: InspectorRecord, baseUrl: string): string {
  const host = headerValue(record.rawHeaders, 'host');
  let url: string;
  try { url = new URL(record.target, host ? `http://${host}` : baseUrl).toString(); } catch { url = baseUrl + record.target; }
  return toCurl({ url, method: record.method, headers: relayHeaders(record.rawHeaders), body: record.body, timeoutMs: 30_000 });
}

export function detailOf(record: InspectorRecord, opts: { baseUrl: string; profile?: string }): CaptureDetail {
  const profile = findProfile(record.profile ?? opts.profile ?? 'generic') ?? getProfile('generic');
  const findings = record.findings.map(explained);
  const signature = findings.filter(isSignatureFinding);
  const encoding = headerValue(record.rawHeaders, 'content-encoding');
  return {
    ...summarize(record),
    remoteAddress: record.remoteAddress,
    requestLine: `${record.method} ${record.target} HTTP/${record.httpVersion}`,
    httpVersion: record.httpVersion,
    rawHeaders: record.rawHeaders,
    contentType: headerValue(record.rawHeaders, 'content-type') ?? '',
    body: record.body.toString('base64'),
    bodyRefused: record.bodyRefused ?? false,
    ...(record.decodedBody ? { decoded: { encoding: encoding ?? '', body: record.decodedBody.toString('base64'), bytes: record.decodedBody.length } } : {}),
    findings,
    signature: signature.length
      ? { verdict: signatureVerdict(signature), findings: signature }
      : { verdict: 'not checked', findings: [] },
    answer: record.answer ?? null,
    forward: record.forward
      ? { url: record.forward.url, status: record.forward.status ?? null, ms: Math.round(record.forward.ms), error: record.forward.error ?? null, body: record.forward.body?.toString('base64') ?? '' }
      : null,
    budget: { seconds: profile.timeBudgetSeconds, sender: profile.displayName, assumed: profile.timeBudgetAssumed ?? false },
    curl: curlFor(record, opts.baseUrl),
  };
}

/** One capture as a HAR 1.2 log, the same entry listen --har writes. */
export function harOf(record: InspectorRecord, opts: { baseUrl: string; version: string }): unknown {
  const asListenRecord = {
    capture: { ...record, seq: record.seq ?? 0 },
    answer: record.answer ?? { kind: 'respond', ms: 0 },
  } as unknown as CaptureRecord;
  return harLog([harEntry(asListenRecord, { listenUrl: opts.baseUrl, showSecrets: true })], opts.version);
}
