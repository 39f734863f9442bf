// The JSON text of a capture's parts, written once per capture and shared by listen's NDJSON line and its
// history record, with what a sender chose escaped so that reading it on a terminal cannot drive it.
import { isAscii, isUtf8 } from 'node:buffer';
import type { Finding } from '../findings.js';
import type { HeaderPair } from './capture.js';
import type { AnswerSummary } from './pipeline.js';

// The text is ASCII: everything JSON.stringify leaves raw from DEL up (C1 controls, U+009B is CSI on
// terminals that honour it in UTF-8; U+2028/2029; bidi overrides; and every other non-ASCII character) is
// written as a \uXXXX escape. It is the same JSON, a line read on a terminal cannot act on it, and ASCII
// text goes to a file or a socket as latin1, one byte a character, without UTF-8 encoding.
const NON_ASCII_TEST = /[\x7f-\uffff]/;
const NON_ASCII = /[\x7f-\uffff]/g;
// A string with none of these is its own JSON text between quotes (the common case: paths, header values).
const ASCII_ESCAPE = /["\\\x00-\x1f\x7f]/;
const NEEDS_ESCAPE = /["\\\x00-\x1f\x7f-\uffff]/;

function escapeUnsafe(c: string): string {
  return '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0');
}

/** A value as JSON text, in ASCII: every character from DEL up as a \u escape. */
export function jsonValue(value: unknown): string {
  const text = JSON.stringify(value);
  if (!NON_ASCII_TEST.test(text)) return text;
  // replace() keeps the two-byte form of the text it was given, and a line joined from one two-byte part is
  // two-byte as a whole (twice the memory, and a conversion on every write): a short text (a header value, a
  // title) is made one-byte again here. A long one (a body) is left as it is: the copies would raise the peak.
  const escaped = text.replace(NON_ASCII, escapeUnsafe);
  return escaped.length <= ONE_BYTE_AGAIN ? Buffer.from(escaped, 'latin1').toString('latin1') : escaped;
}
const ONE_BYTE_AGAIN = 64 * 1024;

/** A string as a JSON string literal: the same text as jsonValue(s), without JSON.stringify when nothing needs escaping. */
export function jsonString(s: string): string {
  if (!NEEDS_ESCAPE.test(s)) return '"' + s + '"';
  // A masked credential ("Bearer pst_…(20 chars)", one string from mask.ts while the token is the same)
  // comes request after request, and its "…" needs the slow path: the last one's text is kept.
  if (s !== lastEscaped) {
    lastEscaped = s;
    lastEscapedJson = jsonValue(s);
  }
  return lastEscapedJson;
}
let lastEscaped = '';
let lastEscapedJson = '""';

/** Bytes as a JSON string literal of their text: `utf8` when they are UTF-8 (as jsonString of their text), else their base64. */
export function bytesJson(bytes: Buffer): { text: string; encoding: 'utf8' | 'base64' } {
  // ASCII (most bodies): read as latin1, no UTF-8 decoding; nothing to escape (a body of plain text) is its own
  // JSON between quotes, without the copy JSON.stringify makes; otherwise JSON.stringify's text is ASCII already.
  if (isAscii(bytes)) {
    const text = bytes.toString('latin1');
    return { text: !ASCII_ESCAPE.test(text) ? '"' + text + '"' : bytes.indexOf(0x7f) < 0 ? JSON.stringify(text) : jsonValue(text), encoding: 'utf8' };
  }
  if (isUtf8(bytes)) return { text: jsonValue(bytes.toString('utf8')), encoding: 'utf8' };
  return { text: '"' + bytes.toString('base64') + '"', encoding: 'base64' };
}

/** [["name","value"],…] for header pairs; namesAreTokens: the names are as http1.ts parsed them (tchar only, nothing to escape). */
export function headersJson(headers: readonly HeaderPair[], namesAreTokens = false): string {
  let text = '[';
  for (let i = 0; i < headers.length; i++) {
    const [name, value] = headers[i]!;
    text += (i ? ',[' : '[') + (namesAreTokens ? '"' + name + '"' : jsonString(name)) + ',' + jsonString(value) + ']';
  }
  return text + ']';
}

// A capture's findings go into both its NDJSON line and its history record, one after the other, and
// requests alike get the very same finding objects (inspect.ts shares the ones it can): the findings last
// serialized are remembered, and an array holding the same objects in the same order has the same text.
let lastItems: readonly Finding[] = [];
let lastText = '[]';

/** The findings as JSON text; the same findings asked again (the same array, or the same objects) are serialized once. */
export function findingsJson(findings: readonly Finding[]): string {
  if (findings.length === 0) return '[]';
  if (!sameItems(findings, lastItems)) {
    lastText = findingsText(findings);
    lastItems = findings.slice();
  }
  return lastText;
}

function sameItems(a: readonly Finding[], b: readonly Finding[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Each finding's own keys in order, as JSON.stringify writes them (undefined ones left out). */
function findingsText(findings: readonly Finding[]): string {
  let text = '[';
  for (let i = 0; i < findings.length; i++) {
    const finding = findings[i] as unknown as Record<string, unknown>;
    // An imported file's findings are whatever it says: one that is no object is written as JSON writes it.
    if (typeof finding !== 'object' || finding === null || Array.isArray(finding)) {
      text += (i ? ',' : '') + jsonValue(finding);
      continue;
    }
    let fields = '';
    for (const key in finding) {
      const value = finding[key];
      if (value === undefined) continue;
      fields += (fields ? ',' : '') + jsonString(key) + ':' + (typeof value === 'string' ? jsonString(value) : jsonValue(value));
    }
    text += (i ? ',{' : '{') + fields + '}';
  }
  return text + ']';
}

/** {"kind":…,"ms":…,"status":…,"chaos":true}: an answer summary in the key order the pipeline gives it. */
export function answerJson(answer: AnswerSummary): string {
  // kind escaped too: an imported `listen --json` file's answer is whatever that file says.
  let text = '{"kind":' + jsonString(answer.kind) + ',"ms":' + finite(answer.ms);
  if (answer.status !== undefined) text += ',"status":' + finite(answer.status);
  if (answer.chaos !== undefined) text += ',"chaos":' + (answer.chaos === true);
  return text + '}';
}

/** A number as JSON writes it (a non-finite one is null). */
export function finite(n: number): string {
  return Number.isFinite(n) ? String(n) : 'null';
}
