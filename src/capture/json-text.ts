// The JSON text of a capture's parts, written once per capture and shared by listen's NDJSON line and its
// history record, with what a sender chose escaped so that reading it on a terminal cannot drive it.
import type { Finding } from '../findings.js';
import type { HeaderPair } from './capture.js';
import type { AnswerSummary } from './pipeline.js';

// JSON.stringify escapes C0 controls, quotes and backslashes, and lone surrogates, but leaves DEL, C1
// controls (U+009B is CSI on terminals that honour it in UTF-8), U+2028/2029 and bidi overrides raw: as
// \uXXXX they are the same JSON, and a line read on a terminal cannot act on them.
const TERMINAL_UNSAFE_TEST = /[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;
const TERMINAL_UNSAFE = new RegExp(TERMINAL_UNSAFE_TEST.source, 'g');
// A string with none of these is its own JSON text between quotes (the common case: paths, header values).
const NEEDS_ESCAPE = /["\\\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]/;

function escapeUnsafe(c: string): string {
  return '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0');
}

/** A value as JSON text, the terminal-unsafe characters as \u escapes. */
export function jsonValue(value: unknown): string {
  const text = JSON.stringify(value);
  return TERMINAL_UNSAFE_TEST.test(text) ? text.replace(TERMINAL_UNSAFE, escapeUnsafe) : text;
}

/** A string as a JSON string literal: the same text as jsonValue(s), without JSON.stringify when nothing needs escaping. */
export function jsonString(s: string): string {
  return NEEDS_ESCAPE.test(s) ? jsonValue(s) : '"' + s + '"';
}

/** [["name","value"],…] for header pairs. */
export function headersJson(headers: readonly HeaderPair[]): string {
  let text = '[';
  for (let i = 0; i < headers.length; i++) {
    const [name, value] = headers[i]!;
    text += (i ? ',[' : '[') + jsonString(name) + ',' + jsonString(value) + ']';
  }
  return text + ']';
}

// A capture's findings go into both its NDJSON line and its history record, one after the other: the
// last array serialized is remembered (with its length, so a finding added since is not missed).
let lastFindings: readonly Finding[] | undefined;
let lastLength = 0;
let lastText = '';

/** The findings as JSON text; the same array asked again right after is serialized once. */
export function findingsJson(findings: readonly Finding[]): string {
  if (findings.length === 0) return '[]';
  if (findings !== lastFindings || findings.length !== lastLength) {
    lastText = findingsText(findings);
    lastFindings = findings;
    lastLength = findings.length;
  }
  return lastText;
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
