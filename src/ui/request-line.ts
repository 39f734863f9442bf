// The NDJSON line of one answered request, written straight from its parts: listen's hot path, run on
// listen's own thread or on its line thread (line-thread.ts), the same text either way.
import type { Capture } from '../capture/capture.js';
import type { AnswerSummary } from '../capture/pipeline.js';
import { answerJson, bytesJson, finite, headersJson, jsonString } from '../capture/json-text.js';
import { maskHeaders, maskTarget } from '../capture/mask.js';

/** The parts of a capture its line shows (a Capture, or one rebuilt from the line thread's ring). */
export type RequestFields = Pick<Capture, 'seq' | 'id' | 'receivedAt' | 'remoteAddress' | 'method' | 'target' | 'httpVersion' | 'rawHeaders' | 'bodyBytes' | 'body' | 'bodyRefused' | 'bodyUnread' | 'decodedBody'>;

/** The line (no newline), its credentials masked unless showSecrets; findings and forward given as their JSON text. */
export function requestLine(p: RequestFields, findingsText: string, answer: AnswerSummary, forwardText: string | undefined, showSecrets: boolean): string {
  const body = bytesJson(p.body);
  // id and receivedAt are listen's own, the address the system's, the method a token and the version 1.x
  // (http1.ts refuses anything else): none holds a character JSON escapes. Header names are tokens too.
  let line = '{"event":"request","seq":' + finite(p.seq)
    + ',"id":"' + p.id
    + '","receivedAt":"' + p.receivedAt
    + '","remoteAddress":"' + p.remoteAddress
    + '","method":"' + p.method
    + '","target":' + jsonString(showSecrets ? p.target : maskTarget(p.target))
    + ',"httpVersion":"' + p.httpVersion
    + '","rawHeaders":' + headersJson(showSecrets ? p.rawHeaders : maskHeaders(p.rawHeaders), true)
    + ',"bodyBytes":' + finite(p.bodyBytes)
    + ',"body":' + body.text
    + (body.encoding === 'utf8' ? ',"bodyEncoding":"utf8"' : ',"bodyEncoding":"base64"');
  if (p.bodyRefused) line += ',"bodyRefused":true';
  if (p.bodyUnread) line += ',"bodyUnread":true';
  if (p.decodedBody) line += ',"decodedBody":' + bytesJson(p.decodedBody).text;
  line += ',"findings":' + findingsText + ',"answer":' + answerJson(answer);
  if (forwardText !== undefined) line += ',"forward":' + forwardText;
  return line + '}';
}
