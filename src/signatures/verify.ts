// Verifying a signature against the raw body (in memory, a file, or a stream) and turning the
// outcome into a Verdict with findings; a mismatch is handed to diagnose.
import { readFile } from 'node:fs/promises';
import type { Finding } from '../findings.js';
import { isWdError } from '../errors.js';
import type { Diagnosis, SchemeDefinition, Verdict, VerifyOptions } from './types.js';
import { schemes } from './registry.js';
import { detectScheme, knownSignatureHeaders } from './detect.js';
import { digestBuffer, digestFile, digestStream, jobKey, type DigestJob } from './digest.js';
import { diagnoseMismatch, diagnosisJobs, signatureMatches, type MismatchContext } from './diagnose.js';

export const DEFAULT_TOLERANCE = 300;
export const DEFAULT_DIAGNOSE_LIMIT = 16 * 1024 * 1024;
const KB = 'signature-mismatch';

interface Prepared {
  ctx: MismatchContext;
  opts: VerifyOptions;
}

function refuse(status: Verdict['status'], scheme: Verdict['scheme'], reason: string, header?: string): Verdict {
  const finding: Finding = { level: 'fail', title: reason.charAt(0).toUpperCase() + reason.slice(1), kb: KB };
  return { valid: false, scheme, reason, status, findings: [finding], ...(header ? { header } : {}) };
}

function prepare(opts: VerifyOptions): Prepared | Verdict {
  const name = opts.scheme === 'auto' ? detectScheme(opts.headers, opts.header) : opts.scheme;
  if (!name) return refuse('no-header', null, `no signature header (looked for ${knownSignatureHeaders.join(', ')})`);
  const scheme: SchemeDefinition = schemes[name];
  const read = scheme.read(opts.headers, opts.header);
  if ('problem' in read) return refuse(read.problem, name, read.reason);
  let key: Buffer;
  try {
    key = scheme.key(opts.secret);
  } catch (err) {
    if (isWdError(err)) return refuse('bad-secret', name, err.message, read.header);
    throw err;
  }
  const primary: DigestJob = { hash: read.hash, key, prefix: scheme.prefix(read) };
  return { ctx: { scheme, received: read, secret: opts.secret, primary }, opts };
}

/** "6 min 5 s", "2 h 3 min", "3 d 4 h". */
export function formatDuration(seconds: number): string {
  const s = Math.abs(Math.round(seconds));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min${s % 60 ? ` ${s % 60} s` : ''}`;
  if (s < 86400) return `${Math.floor(s / 3600)} h${Math.floor((s % 3600) / 60) ? ` ${Math.floor((s % 3600) / 60)} min` : ''}`;
  return `${Math.floor(s / 86400)} d${Math.floor((s % 86400) / 3600) ? ` ${Math.floor((s % 86400) / 3600)} h` : ''}`;
}

// Beyond this, an old timestamp is more likely a replayed or re-sent request than a slow clock.
const SKEW_PLAUSIBLE_SECONDS = 15 * 60;

function timestampDiagnosis(value: number, age: number, tolerance: number): Diagnosis {
  // 1e11 seconds is the year 5138; a value that large is a JavaScript Date.now() in milliseconds.
  if (value > 1e11) {
    return {
      cause: 'timestamp',
      detail: `The signature is valid but its timestamp ${value} is in milliseconds: the scheme wants whole seconds since 1970 (Math.floor(Date.now() / 1000)).`,
    };
  }
  if (age < 0) {
    return {
      cause: 'timestamp',
      detail: `The signature is valid but its timestamp is ${formatDuration(age)} in the future (tolerance ${tolerance} s): the sender's clock is ahead of this one — clock skew. Check NTP on both machines.`,
    };
  }
  const likelier = age <= SKEW_PLAUSIBLE_SECONDS
    ? 'clock skew (or a delivery queued for a few minutes) is likelier than a replay — check NTP on both machines'
    : 'a replay is likelier than clock skew: an old request sent again, or a saved one verified later';
  return {
    cause: 'timestamp',
    detail: `The signature is valid but was made ${formatDuration(age)} ago (tolerance ${tolerance} s): ${likelier}.`,
  };
}

/** Judge a computed digest: valid, timestamp outside the tolerance, or mismatch (undiagnosed yet). */
function judge(p: Prepared, digest: Buffer, bodyBytes: number): Verdict {
  const { scheme, received } = p.ctx;
  const tolerance = p.opts.tolerance ?? DEFAULT_TOLERANCE;
  const now = p.opts.now ?? Math.floor(Date.now() / 1000);
  const matched = signatureMatches(digest, received.encoding, received.signatures);
  const base = { scheme: scheme.name, header: received.header, bodyBytes };
  const findings: Finding[] = [];
  let timestamp: Verdict['timestamp'];
  let outside = false;
  if (received.timestamp !== undefined) {
    const age = now - received.timestamp;
    timestamp = { value: received.timestamp, ageSeconds: age, toleranceSeconds: tolerance };
    if (tolerance > 0 && scheme.timestampCheck !== 'none') {
      outside = age > tolerance || (scheme.timestampCheck === 'both' && -age > tolerance);
    }
    if (outside) {
      const when = age < 0 ? `${formatDuration(age)} in the future` : `${formatDuration(age)} old`;
      findings.push({ level: 'fail', title: `Timestamp ${when}, outside the ${tolerance} s tolerance`, kb: KB, data: { timestamp: received.timestamp, ageSeconds: age, toleranceSeconds: tolerance } });
    }
  }
  const where = `${scheme.name}, ${received.header}`;
  if (matched && !outside) {
    findings.unshift({ level: 'pass', title: `Signature valid (${where})` });
    return { ...base, valid: true, status: 'valid', reason: `signature valid (${where})`, findings, ...(timestamp ? { timestamp } : {}) };
  }
  if (matched) {
    const diagnosis = timestampDiagnosis(timestamp!.value, timestamp!.ageSeconds, tolerance);
    findings.unshift({ level: 'pass', title: `Signature matches the body (${where})` });
    return { ...base, valid: false, status: 'timestamp', reason: `signature matches but the timestamp is outside the ${tolerance} s tolerance`, findings, timestamp, diagnosis };
  }
  findings.unshift({ level: 'fail', title: `Signature does not match (${where})`, kb: KB });
  return { ...base, valid: false, status: 'mismatch', reason: `signature does not match (${where})`, findings, ...(timestamp ? { timestamp } : {}) };
}

function attachDiagnosis(v: Verdict, result: { diagnosis: Diagnosis; skipped?: string[] }): Verdict {
  const main = v.findings[0]!;
  main.detail = result.diagnosis.detail;
  main.data = { ...main.data, cause: result.diagnosis.cause };
  for (const s of result.skipped ?? []) v.findings.push({ level: 'info', title: `Diagnosis limited: ${s}` });
  return { ...v, diagnosis: result.diagnosis, ...(result.skipped ? { skipped: result.skipped } : {}) };
}

/** Verify a body held in memory (listen, send, doctor; small bodies). */
export function verifySignature(opts: VerifyOptions & { body: Buffer }): Verdict {
  const p = prepare(opts);
  if (!('ctx' in p)) return p;
  const digest = digestBuffer(p.ctx.primary, opts.body);
  const verdict = judge(p, digest, opts.body.length);
  if (verdict.status !== 'mismatch') return verdict;
  const limit = opts.diagnoseLimit ?? DEFAULT_DIAGNOSE_LIMIT;
  const digests = new Map<string, Buffer>([[jobKey(p.ctx.primary), digest]]);
  for (const job of diagnosisJobs(p.ctx)) digests.set(jobKey(job), digestBuffer(job, opts.body));
  const whole = opts.body.length <= limit ? opts.body : undefined;
  return attachDiagnosis(verdict, diagnoseMismatch(p.ctx, { digests, whole, bodyBytes: opts.body.length, limit }));
}

/** Verify a body in a file, streaming it; only a mismatch reads it again (and whole only below the limit). */
export async function verifyFile(path: string, opts: VerifyOptions): Promise<Verdict> {
  const p = prepare(opts);
  if (!('ctx' in p)) return p;
  const first = await digestFile(path, [p.ctx.primary]);
  const verdict = judge(p, first.digests[0]!, first.bytes);
  if (verdict.status !== 'mismatch') return verdict;
  const limit = opts.diagnoseLimit ?? DEFAULT_DIAGNOSE_LIMIT;
  const jobs = diagnosisJobs(p.ctx);
  await opts.onDiagnose?.(first.bytes);
  const again = jobs.length ? await digestFile(path, jobs) : { digests: [] as Buffer[] };
  const digests = new Map<string, Buffer>([[jobKey(p.ctx.primary), first.digests[0]!]]);
  jobs.forEach((job, i) => digests.set(jobKey(job), again.digests[i]!));
  const whole = first.bytes <= limit ? await readFile(path) : undefined;
  return attachDiagnosis(verdict, diagnoseMismatch(p.ctx, { digests, whole, bodyBytes: first.bytes, limit }));
}

/** Verify a body arriving once on a stream (stdin): every digest a diagnosis may need is made in the same pass. */
export async function verifyStream(stream: AsyncIterable<Buffer | string>, opts: VerifyOptions): Promise<Verdict> {
  const p = prepare(opts);
  if (!('ctx' in p)) return p;
  const limit = opts.diagnoseLimit ?? DEFAULT_DIAGNOSE_LIMIT;
  const jobs = [p.ctx.primary, ...diagnosisJobs(p.ctx)];
  const pass = await digestStream(stream, jobs, limit);
  const verdict = judge(p, pass.digests[0]!, pass.bytes);
  if (verdict.status !== 'mismatch') return verdict;
  const digests = new Map<string, Buffer>();
  jobs.forEach((job, i) => digests.set(jobKey(job), pass.digests[i]!));
  return attachDiagnosis(verdict, diagnoseMismatch(p.ctx, { digests, whole: pass.kept, bodyBytes: pass.bytes, limit }));
}

