// Verifying a signature against the raw body (in memory, a file, or a stream) from a recipe, and
// turning the outcome into a Verdict with findings; a mismatch is handed to diagnose. With --scheme
// auto every candidate the headers fit is tried, HMAC ones in the same pass over the body.
import { readFile, stat } from 'node:fs/promises';
import type { Finding } from '../findings.js';
import { WdError, isWdError } from '../errors.js';
import type { Diagnosis, HeaderList, ReceivedSignature, SchemeName, Verdict, VerifyOptions } from './types.js';
import type { Recipe } from './recipe.js';
import { recipes } from './recipes/index.js';
import { detectCandidates, knownSignatureHeaders } from './detect.js';
import { readReceived, readsBody } from './read.js';
import { checkFor, checkKey, digestMatches, matchesWhole, streams, type Check } from './check.js';
import { digestFile, digestStream } from './digest.js';
import { diagnoseMismatch, diagnosisChecks, type MismatchContext } from './diagnose.js';
import { portVariants, type UrlVariant } from './url-variants.js';

export const DEFAULT_TOLERANCE = 300;
export const DEFAULT_DIAGNOSE_LIMIT = 16 * 1024 * 1024;
// Recipes that need the body whole (public-key signatures, form fields, fields in the body) read at most this.
const WHOLE_LIMIT = 64 * 1024 * 1024;
const KB = 'signature-mismatch';

interface Prepared {
  ctx: MismatchContext;
  opts: VerifyOptions;
  /** Needs the body whole rather than streamed. */
  whole: boolean;
}

function refuse(status: Verdict['status'], scheme: Verdict['scheme'], reason: string, header?: string): Verdict {
  const finding: Finding = { level: 'fail', title: reason.charAt(0).toUpperCase() + reason.slice(1), kb: KB };
  return { valid: false, scheme, reason, status, findings: [finding], ...(header ? { header } : {}) };
}

function noHeader(): Verdict {
  const names = knownSignatureHeaders();
  return refuse('no-header', null, `no signature header (looked for ${names.length} known ones: ${names.slice(0, 6).join(', ')}, …; see webhook-doctor verify --help)`);
}

function prepare(recipe: Recipe, opts: VerifyOptions, body?: Buffer): Prepared | Verdict {
  const read = readReceived(recipe, opts.headers, body, opts.header);
  if ('problem' in read) return refuse(read.problem, recipe.id, read.reason);
  let check: Check;
  try {
    check = checkFor(recipe, read, { secret: opts.secret, ...(opts.url ? { url: opts.url } : {}), ...(opts.method ? { method: opts.method } : {}) });
  } catch (err) {
    if (isWdError(err)) return refuse(err.code === 'USAGE' ? 'needs-url' : 'bad-secret', recipe.id, err.message, read.header);
    throw err;
  }
  const ctx: MismatchContext = {
    recipe, received: read, secret: opts.secret, primary: check, headers: opts.headers,
    ...(opts.url ? { url: opts.url } : {}), ...(opts.method ? { method: opts.method } : {}), ...(opts.target ? { target: opts.target } : {}),
  };
  return { ctx, opts, whole: !streams(check) || readsBody(recipe) };
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

function timestampDiagnosis(recipe: Recipe, value: number, age: number, tolerance: number, text?: string): Diagnosis {
  // A sender that writes milliseconds (HubSpot, WorkOS, Linear) sent whole seconds: the value reads as January 1970.
  const raw = text === undefined ? Number.NaN : Number(text);
  if (recipe.timestamp?.format === 'unix-ms' && raw > 1e8 && raw < 1e11) {
    return {
      cause: 'timestamp',
      detail: `The signature is valid but its timestamp ${text} is in seconds: ${recipe.name} writes milliseconds since 1970 (Date.now()), so it reads as ${new Date(raw).toISOString()}. The signer must send milliseconds.`,
    };
  }
  // 1e11 seconds is the year 5138; a value that large is a JavaScript Date.now() in milliseconds.
  if (value > 1e11) {
    return {
      cause: 'timestamp',
      detail: `The signature is valid but its timestamp ${value} is in milliseconds: ${recipe.name} wants whole seconds since 1970 (Math.floor(Date.now() / 1000)).`,
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

/** The tolerance to judge with: the user's, else the recipe's documented window, else 300 s. */
function toleranceFor(recipe: Recipe, opts: VerifyOptions): number {
  return opts.tolerance ?? recipe.timestamp?.tolerance ?? DEFAULT_TOLERANCE;
}

/** Judge a match: valid, timestamp outside the tolerance, or mismatch (undiagnosed yet). */
function judge(p: Prepared, matched: boolean, bodyBytes: number, candidates: string[]): Verdict {
  const { recipe, received } = p.ctx;
  const tolerance = toleranceFor(recipe, p.opts);
  const now = p.opts.now ?? Math.floor(Date.now() / 1000);
  const base = { scheme: recipe.id, header: received.header, bodyBytes, ...(candidates.length > 1 ? { candidates } : {}) };
  const findings: Finding[] = [];
  let timestamp: Verdict['timestamp'];
  let outside = false;
  const check = recipe.timestamp?.check ?? 'none';
  if (received.timestamp !== undefined) {
    const age = now - received.timestamp;
    timestamp = { value: received.timestamp, ageSeconds: age, toleranceSeconds: check === 'none' ? 0 : tolerance };
    if (tolerance > 0 && check !== 'none') outside = age > tolerance || (check === 'both' && -age > tolerance);
    // Stripe, HubSpot, Paddle, Mux, WorkOS… judge age only, as their libraries do: a timestamp far ahead passes, and never expires.
    if (!outside && check === 'past' && tolerance > 0 && -age > tolerance) {
      const ms = received.timestamp > 1e11 && recipe.timestamp?.format === 'unix' ? ` (${received.timestamp} looks like milliseconds where ${recipe.name} writes seconds)` : '';
      findings.push({ level: 'warn', title: `Timestamp ${formatDuration(age)} in the future${ms}: ${recipe.name} checks only its age, so this signature never goes stale`, kb: KB, data: { timestamp: received.timestamp, ageSeconds: age, toleranceSeconds: tolerance } });
    }
    if (outside) {
      const when = age < 0 ? `${formatDuration(age)} in the future` : `${formatDuration(age)} old`;
      findings.push({ level: 'fail', title: `Timestamp ${when}, outside the ${tolerance} s tolerance`, kb: KB, data: { timestamp: received.timestamp, ageSeconds: age, toleranceSeconds: tolerance } });
    }
  }
  const where = `${recipe.id}, ${received.header}`;
  // A shared token (GitLab) is compared, not a signature computed.
  const what = recipe.kind === 'token' ? 'token' : 'signature';
  if (candidates.length > 1) {
    findings.push({ level: 'info', title: `The headers fit ${candidates.length} senders (${candidates.join(', ')}): judged as ${recipe.id}${matched ? ', whose signature matched' : ', the closest fit'}` });
  }
  if (matched && !outside) {
    const reason = what === 'token' ? `token matches (${where})` : `signature valid (${where})`;
    findings.unshift({ level: 'pass', title: reason.charAt(0).toUpperCase() + reason.slice(1) });
    return { ...base, valid: true, status: 'valid', reason, findings, ...(timestamp ? { timestamp } : {}) };
  }
  if (matched) {
    const diagnosis = timestampDiagnosis(recipe, timestamp!.value, timestamp!.ageSeconds, tolerance, received.timestampText);
    findings.unshift({ level: 'pass', title: `Signature matches the body (${where})` });
    return { ...base, valid: false, status: 'timestamp', reason: `signature matches but the timestamp is outside the ${tolerance} s tolerance`, findings, timestamp, diagnosis };
  }
  findings.unshift({ level: 'fail', title: `${what === 'token' ? 'Token' : 'Signature'} does not match (${where})`, kb: KB });
  return { ...base, valid: false, status: 'mismatch', reason: `${what} does not match (${where})`, findings, ...(timestamp ? { timestamp } : {}), ...(recipe.note ? { note: recipe.note } : {}) };
}

function attachDiagnosis(v: Verdict, result: { diagnosis: Diagnosis; skipped?: string[] }): Verdict {
  const main = v.findings[0]!;
  main.detail = result.diagnosis.detail;
  main.data = { ...main.data, cause: result.diagnosis.cause };
  for (const s of result.skipped ?? []) v.findings.push({ level: 'info', title: `Diagnosis limited: ${s}` });
  return { ...v, diagnosis: result.diagnosis, ...(result.skipped ? { skipped: result.skipped } : {}) };
}

/** The recipes to try: a custom one, the one named, or every candidate the request fits. */
function chosen(opts: VerifyOptions, body?: Buffer): string[] {
  if (opts.recipe) return [opts.recipe.id];
  return opts.scheme === 'auto' ? detectCandidates(opts.headers, opts.header, body) : [opts.scheme];
}

const recipeNamed = (name: string, opts: VerifyOptions): Recipe => (opts.recipe?.id === name ? opts.recipe : recipes[name as SchemeName]);

/** Each candidate prepared; the refusal of the best one when none could be. */
function prepareAll(names: string[], opts: VerifyOptions, body?: Buffer): Prepared[] | Verdict {
  const prepared: Prepared[] = [];
  let refusal: Verdict | undefined;
  for (const name of names) {
    const p = prepare(recipeNamed(name, opts), opts, body);
    if ('ctx' in p) prepared.push(p);
    else refusal ??= p;
  }
  if (prepared.length) return prepared;
  return refusal ?? noHeader();
}

const signaturesOf = (r: ReceivedSignature) => r.signatures;

/** A sender whose library accepts its URL with or without the port (Twilio): the variant that matched, if one did. */
function portVariantMatch(p: Prepared, body: Buffer): UrlVariant | undefined {
  const { recipe, received, url, method, secret } = p.ctx;
  if (!recipe.urlPortOptional || !url) return undefined;
  for (const v of portVariants(url)) {
    let check: Check;
    try { check = checkFor(recipe, received, { secret, url: v.url, ...(method ? { method } : {}) }); } catch { continue; }
    if (matchesWhole(check, body, received.encoding, signaturesOf(received))) return v;
  }
  return undefined;
}

/** Verify a body held in memory (listen, send, doctor, and small files). */
export function verifySignature(opts: VerifyOptions & { body: Buffer }): Verdict {
  const names = chosen(opts, opts.body);
  if (!names.length) return noHeader();
  const all = prepareAll(names, opts, opts.body);
  if (!Array.isArray(all)) return all;
  let found = all.find((p) => matchesWhole(p.ctx.primary, opts.body, p.ctx.received.encoding, signaturesOf(p.ctx.received)));
  let viaPort: UrlVariant | undefined;
  if (!found) {
    for (const p of all) {
      viaPort = portVariantMatch(p, opts.body);
      if (viaPort) { found = p; break; }
    }
  }
  const p = found ?? all[0]!;
  let verdict = judge(p, Boolean(found), opts.body.length, names);
  if (viaPort) {
    verdict.findings.push({ level: 'info', title: `Matched the URL ${viaPort.url} (${viaPort.describe}): ${p.ctx.recipe.name}'s own library accepts the URL with or without its port` });
    verdict = { ...verdict, matchedUrl: { url: viaPort.url, describe: viaPort.describe } };
  }
  if (verdict.status !== 'mismatch') return verdict;
  const limit = opts.diagnoseLimit ?? DEFAULT_DIAGNOSE_LIMIT;
  const whole = opts.body.length <= limit ? opts.body : undefined;
  return attachDiagnosis(verdict, diagnoseMismatch(p.ctx, { original: opts.body, whole, bodyBytes: opts.body.length, limit }));
}

function tooLarge(bytes: number, recipe: Recipe): WdError {
  return new WdError('INPUT', `the body is ${bytes} bytes: ${recipe.name} signatures are checked over the whole body in memory, up to ${WHOLE_LIMIT / 1024 / 1024} MiB`);
}

/** Verify a body in a file, streaming it; only a mismatch reads it again (and whole only below the limit). */
export async function verifyFile(path: string, opts: VerifyOptions): Promise<Verdict> {
  const limit = opts.diagnoseLimit ?? DEFAULT_DIAGNOSE_LIMIT;
  const size = (await stat(path)).size;
  const names = chosen(opts);
  // Small bodies, senders that sign inside the body, and recipes that need it whole are read whole.
  const small = size <= limit;
  if (small || !names.length) {
    if (!names.length && size > WHOLE_LIMIT) return noHeader();
    return verifySignature({ ...opts, body: await readFile(path) });
  }
  const all = prepareAll(names, opts);
  if (!Array.isArray(all)) return all;
  const needWhole = all.find((p) => p.whole);
  if (needWhole) {
    if (size > WHOLE_LIMIT) throw tooLarge(size, needWhole.ctx.recipe);
    return verifySignature({ ...opts, body: await readFile(path) });
  }
  const first = await digestFile(path, all.map((p) => p.ctx.primary.job));
  const at = all.findIndex((p, i) => digestMatches(first.digests[i]!, p.ctx.received.encoding, signaturesOf(p.ctx.received)));
  const p = all[at === -1 ? 0 : at]!;
  const verdict = judge(p, at !== -1, first.bytes, names);
  if (verdict.status !== 'mismatch') return verdict;
  const checks = diagnosisChecks(p.ctx).filter(streams);
  await opts.onDiagnose?.(first.bytes);
  const again = checks.length ? await digestFile(path, checks.map((c) => c.job)) : { digests: [] as Buffer[] };
  const digests = new Map<string, Buffer>([[checkKey(p.ctx.primary), first.digests[at === -1 ? 0 : at]!]]);
  checks.forEach((c, i) => digests.set(checkKey(c), again.digests[i]!));
  return attachDiagnosis(verdict, diagnoseMismatch(p.ctx, { digests, whole: undefined, bodyBytes: first.bytes, limit }));
}

/** The stream's bytes, or undefined once they pass `max` (reading stops there). */
async function collect(stream: AsyncIterable<Buffer | string>, max: number): Promise<Buffer | undefined> {
  const parts: Buffer[] = [];
  let bytes = 0;
  for await (const piece of stream) {
    const chunk = typeof piece === 'string' ? Buffer.from(piece) : piece;
    bytes += chunk.length;
    if (bytes > max) return undefined;
    parts.push(chunk);
  }
  return Buffer.concat(parts);
}

/** Verify a body arriving once on a stream (stdin): every digest a diagnosis may need is made in the same pass. */
export async function verifyStream(stream: AsyncIterable<Buffer | string>, opts: VerifyOptions): Promise<Verdict> {
  const names = chosen(opts);
  // Recognised only from the body, or checked only whole: hold it (bounded).
  if (!names.length) {
    // No signature header: only a sender that signs inside the body could fit, and not one this large.
    const body = await collect(stream, WHOLE_LIMIT);
    return body ? verifySignature({ ...opts, body }) : noHeader();
  }
  const all = prepareAll(names, opts);
  if (!Array.isArray(all)) return all;
  const needWhole = all.find((p) => p.whole);
  if (needWhole) {
    const body = await collect(stream, WHOLE_LIMIT);
    if (!body) throw new WdError('INPUT', `the body is over ${WHOLE_LIMIT / 1024 / 1024} MiB: ${needWhole.ctx.recipe.name} signatures are checked over the whole body in memory`);
    return verifySignature({ ...opts, body });
  }
  const limit = opts.diagnoseLimit ?? DEFAULT_DIAGNOSE_LIMIT;
  const extra = diagnosisChecks(all[0]!.ctx).filter(streams);
  const checks = [...all.map((p) => p.ctx.primary), ...extra];
  const pass = await digestStream(stream, checks.map((c) => c.job), limit);
  const at = all.findIndex((p, i) => digestMatches(pass.digests[i]!, p.ctx.received.encoding, signaturesOf(p.ctx.received)));
  const p = all[at === -1 ? 0 : at]!;
  const verdict = judge(p, at !== -1, pass.bytes, names);
  if (verdict.status !== 'mismatch') return verdict;
  const digests = new Map<string, Buffer>();
  checks.forEach((c, i) => digests.set(checkKey(c), pass.digests[i]!));
  return attachDiagnosis(verdict, diagnoseMismatch(p.ctx, { digests, whole: pass.kept, bodyBytes: pass.bytes, limit }));
}

export type { HeaderList };
