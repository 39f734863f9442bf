// A stored capture as the record listen printed when it arrived: the same CaptureRecord, so `history show`
// renders it with listen's own printer (and --json with listen's own JSON).
import type { Capture } from '../capture/capture.js';
import { headerValue } from '../capture/capture.js';
import { decodeBody } from '../capture/content-encoding.js';
import type { CaptureRecord } from '../capture/pipeline.js';
import type { StoredCapture } from './store.js';

const DECODE_LIMIT = 64 * 1024 * 1024;

export function recordFromStored(c: StoredCapture): CaptureRecord {
  const capture: Capture = {
    seq: c.seq,
    id: c.id,
    receivedAt: c.receivedAt,
    remoteAddress: c.remoteAddress,
    method: c.method,
    target: c.target,
    httpVersion: c.httpVersion,
    rawHeaders: c.rawHeaders,
    body: c.body,
    bodyBytes: c.bodyBytes,
    findings: c.findings,
  };
  if (c.remotePort !== undefined) capture.remotePort = c.remotePort;
  if (c.bodyRefused) capture.bodyRefused = true;
  if (c.bareLf) capture.bareLf = true;
  const encoding = headerValue(c.rawHeaders, 'content-encoding');
  if (encoding && !c.bodyRefused) {
    const decoded = decodeBody(c.body, encoding, DECODE_LIMIT).body;
    if (decoded) capture.decodedBody = decoded;
  }
  const record: CaptureRecord = { capture, answer: c.answered };
  const json = parseJson(capture.decodedBody ?? capture.body);
  if (json) record.json = json;
  if (c.forwardAnswer) {
    const fa = c.forwardAnswer;
    record.forward = { url: fa.url, ms: fa.ms, ...(fa.status !== undefined ? { status: fa.status } : {}), ...(fa.headers ? { headers: fa.headers } : {}), ...(fa.body ? { body: fa.body } : {}), ...(fa.error ? { error: fa.error } : {}) };
  }
  return record;
}

/** The body's JSON value, when it is JSON (listen's pretty view shows it). */
export function parseJson(body: Buffer): { value: unknown } | undefined {
  let i = 0;
  while (i < body.length && (body[i] === 0x20 || body[i] === 0x0a || body[i] === 0x0d || body[i] === 0x09)) i++;
  if (body[i] !== 0x7b && body[i] !== 0x5b) return undefined;
  try {
    return { value: JSON.parse(body.toString('utf8')) };
  } catch {
    return undefined;
  }
}
