// Printing verify verdicts and sign headers, as text or JSON.
import type { Output } from './output.js';
import type { Verdict } from '../signatures/index.js';
import { formatBytes, formatDuration } from '../signatures/index.js';

const causeNames: Record<string, string> = {
  'reserialized-json': 're-serialized JSON',
  whitespace: 'whitespace / newline',
  'form-to-json': 'form body turned into JSON',
  'signature-encoding': 'hex vs base64',
  'secret-encoding': 'secret encoding (whsec_)',
  'pasted-prefix': 'a prefix that does not belong',
  'wrong-secret-kind': 'wrong kind of secret',
  'wrong-hash': 'wrong hash',
  timestamp: 'timestamp outside the tolerance',
  'signature-case': 'the signature in upper case',
  'signature-truncated': 'the signature cut short',
  'signature-format': 'the signature value is malformed',
  'different-url': 'a different URL (proxy, http vs https, port, slash, query)',
  'different-method': 'a different request method',
  'body-hash': 'the body is not the one the URL\'s bodySHA256 covers',
  'different-secret': 'most likely a different secret',
};

const same = (text: string) => text;
const plain = { green: same, red: same, yellow: same, bold: same, dim: same };

/** The verdict as one JSON document: verdict, scheme, diagnosis and findings. */
export function verdictJson(v: Verdict): Record<string, unknown> {
  return {
    valid: v.valid,
    status: v.status,
    scheme: v.scheme,
    header: v.header ?? null,
    reason: v.reason,
    ...(v.bodyBytes !== undefined ? { bodyBytes: v.bodyBytes } : {}),
    ...(v.candidates ? { candidates: v.candidates } : {}),
    ...(v.matchedUrl ? { matchedUrl: v.matchedUrl } : {}),
    ...(v.note ? { note: v.note } : {}),
    ...(v.timestamp ? { timestamp: v.timestamp } : {}),
    diagnosis: v.diagnosis ?? null,
    ...(v.skipped ? { skipped: v.skipped } : {}),
    findings: v.findings,
  };
}

export async function renderVerdict(output: Output, v: Verdict, source?: string): Promise<void> {
  if (output.json) {
    output.emitJson(verdictJson(v));
    return;
  }
  // Without colour, chalk is not even loaded: verify's start-up time counts in its benchmark.
  const s = output.color ? await output.style() : plain;
  const mark = v.valid ? s.green('✓') : s.red('✗');
  const size = v.bodyBytes !== undefined ? `, ${formatBytes(v.bodyBytes)} body` : '';
  output.out(`${mark} ${v.valid ? s.green(v.reason) : s.red(v.reason)}${size}${source ? ` (${source})` : ''}`);
  if (v.candidates) output.out(`  the headers fit ${v.candidates.join(', ')}: judged as ${v.scheme}${v.valid ? ' (its signature matched)' : ' (the closest fit; name one with --scheme)'}`);
  if (v.matchedUrl) output.out(`  matched the URL ${v.matchedUrl.url} (${v.matchedUrl.describe}), which ${v.scheme}'s own library accepts for the one given`);
  if (v.timestamp) {
    const age = v.timestamp.ageSeconds;
    const when = age === 0 ? 'just now' : age < 0 ? `${formatDuration(age)} in the future` : `${formatDuration(age)} ago`;
    output.out(`  timestamp ${v.timestamp.value}: signed ${when} (tolerance ${v.timestamp.toleranceSeconds} s${v.timestamp.toleranceSeconds === 0 ? ', not checked' : ''})`);
  }
  for (const f of v.findings) if (f.level === 'warn') output.out(`  ${s.yellow('warning:')} ${f.title}`);
  if (v.diagnosis) {
    output.out(`  ${s.bold('cause:')} ${causeNames[v.diagnosis.cause] ?? v.diagnosis.cause}`);
    output.out(`  ${v.diagnosis.detail}`);
  }
  for (const note of v.skipped ?? []) output.out(`  ${s.yellow('note:')} ${note}`);
  if (v.note && v.diagnosis?.cause === 'different-secret') output.out(`  ${s.dim(`about ${v.scheme}:`)} ${v.note}`);
  if (!v.valid) output.out(s.dim('  more: webhook-doctor explain signature-mismatch'));
}

export function renderSignedHeaders(output: Output, scheme: string, headers: Array<[string, string]>): void {
  if (output.json) {
    output.emitJson({ scheme, headers: Object.fromEntries(headers) });
    return;
  }
  for (const [name, value] of headers) output.out(`${name}: ${value}`);
}

/** Fields a sender puts inside the JSON body (Mailgun), as the nested object to paste into it. */
export function renderSignedFields(output: Output, scheme: string, fields: Array<[string, string]>): void {
  const object: Record<string, unknown> = {};
  for (const [path, value] of fields) {
    const keys = path.split('.');
    let at = object;
    for (const k of keys.slice(0, -1)) at = (at[k] ??= {}) as Record<string, unknown>;
    at[keys.at(-1)!] = value;
  }
  if (output.json) {
    output.emitJson({ scheme, bodyFields: object });
    return;
  }
  output.err(`${scheme} signs inside the JSON body: merge this into it`);
  output.out(JSON.stringify(object));
}
