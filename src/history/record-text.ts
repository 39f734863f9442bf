// A capture's summary and detail as the JSON text of its history record, written straight from their fields
// (listen appends one per request): the same JSON as JSON.stringify of each, summary fields in the same order.
import { answerJson, findingsJson, finite, headersJson, jsonString, jsonValue } from '../capture/json-text.js';
import type { CaptureSummary, StoredCapture } from './store.js';

type DetailFields = Pick<StoredCapture, 'seq' | 'remotePort' | 'httpVersion' | 'rawHeaders' | 'maskedHeaders' | 'findings' | 'answered' | 'bodyRefused' | 'bareLf' | 'listenUrl'> & { forwardAnswer?: unknown };

/** The summary's JSON text; it starts {"receivedAt":…,"id":…, where a listing reads them without parsing. */
export function summaryText(s: CaptureSummary): string {
  let text = '{"receivedAt":' + jsonString(s.receivedAt)
    + ',"id":' + jsonString(s.id)
    + ',"v":' + finite(s.v)
    + ',"method":' + jsonString(s.method)
    + ',"target":' + jsonString(s.target);
  if (s.status !== undefined) text += ',"status":' + finite(s.status);
  text += ',"answer":' + jsonString(s.answer)
    + ',"ms":' + finite(s.ms)
    + ',"bodyBytes":' + finite(s.bodyBytes)
    + ',"remoteAddress":' + jsonString(s.remoteAddress)
    + ',"level":' + jsonString(s.level)
    + ',"findingCount":' + finite(s.findingCount);
  if (s.contentType !== undefined) text += ',"contentType":' + jsonString(s.contentType);
  if (s.sender !== undefined) text += ',"sender":' + jsonString(s.sender);
  if (s.source !== undefined) text += ',"source":' + jsonString(s.source);
  if (s.forward !== undefined) text += ',"forward":' + jsonValue(s.forward);
  return text + '}';
}

/** The detail's JSON text (the findings' text is the one listen's NDJSON line just used, when it did). */
export function detailText(d: DetailFields): string {
  let text = '{"seq":' + finite(d.seq)
    + ',"httpVersion":' + jsonString(d.httpVersion)
    + ',"rawHeaders":' + headersJson(d.rawHeaders)
    + ',"maskedHeaders":[' + d.maskedHeaders.join(',') + ']'
    + ',"findings":' + findingsJson(d.findings)
    + ',"answered":' + answerJson(d.answered);
  if (d.remotePort !== undefined) text += ',"remotePort":' + finite(d.remotePort);
  if (d.bodyRefused !== undefined) text += ',"bodyRefused":' + (d.bodyRefused === true);
  if (d.bareLf !== undefined) text += ',"bareLf":' + (d.bareLf === true);
  if (d.listenUrl !== undefined) text += ',"listenUrl":' + jsonString(d.listenUrl);
  if (d.forwardAnswer !== undefined) text += ',"forwardAnswer":' + jsonValue(d.forwardAnswer);
  return text + '}';
}
