// `webhook-doctor flush [dir]`: deliver a spool oldest first, never losing an entry.
import { stat, readdir } from 'node:fs/promises';
import { isWdError, WdError } from '../errors.js';
import type { CommandInput } from '../options.js';
import { createOutput } from '../ui/output.js';
import { startProgress } from '../ui/spinner.js';
import { flushEventLine, progressText, renderFlushSummary } from '../ui/spool.js';
import { flushSpool, type FlushEvent, type FlushSummary } from '../spool/engine.js';
import { parseRate } from '../spool/rate.js';
import { sendTimeHeaders } from '../spool/send-time.js';
import { inlineClaims, threadedClaims } from '../spool/claim-source.js';
import { createDispatcher, deliver, parseRetryAfter } from '../http/deliver.js';
import type { HeaderList } from '../http/delivery.js';
import { parseHeaderArg } from '../http/outgoing.js';
import { findProfile, loadProfile } from '../profiles/index.js';
import { SCHEME_NAMES, recipes } from '../signatures/index.js';
import type { SchemeName } from '../signatures/types.js';

// Options are checked by hand, not with zod: loading zod costs about 75 ms of every flush's start-up.
// Messages follow parseOptions' shape: "--flag: what was wrong".
function usage(flag: string, message: string): WdError {
  return new WdError('USAGE', `--${flag}: ${message}`, { hint: 'see --help for the accepted values' });
}

function text(flag: string, raw: unknown): string | undefined {
  if (raw === undefined) return undefined;
  if (typeof raw !== 'string') throw usage(flag, 'expected text');
  return raw;
}

function numberOption(flag: string, raw: unknown, fallback: number, rule: { int?: boolean; min: number; max?: number; minExclusive?: boolean; unit?: string }): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if ((typeof raw !== 'string' && typeof raw !== 'number') || String(raw).trim() === '' || !Number.isFinite(n)) throw usage(flag, rule.int ? 'must be a whole number' : 'must be a number');
  if (rule.int && !Number.isInteger(n)) throw usage(flag, 'must be a whole number');
  if (rule.minExclusive ? n <= rule.min : n < rule.min) throw usage(flag, rule.minExclusive ? `must be a positive number${rule.unit ? ` of ${rule.unit}` : ''}` : rule.min === 0 ? 'cannot be negative' : `at least ${rule.min}`);
  if (rule.max !== undefined && n > rule.max) throw usage(flag, `at most ${rule.max}${rule.unit ? ` ${rule.unit}` : ''}`);
  return n;
}

/** From this many due entries, claims, reads and deletes run on a thread of their own. */
const FILE_THREAD_FROM = 200;

interface FlushCommandOptions {
  url?: string;
  profile?: string;
  token?: string;
  secret?: string;
  scheme?: SchemeName;
  rate?: string;
  /** -H lines, applied at send time and never written to the spool. */
  header: string[];
  concurrency: number;
  timeout: number;
  maxAttempts: number;
  lease: number;
  maxPause: number;
  now?: boolean;
  dryRun?: boolean;
  json?: boolean;
}

function parseFlushOptions(opts: Record<string, unknown>): FlushCommandOptions {
  const url = text('url', opts.url);
  if (url !== undefined && !URL.canParse(url)) throw usage('url', 'not a URL (e.g. https://example.com/hooks)');
  const scheme = text('scheme', opts.scheme);
  if (scheme !== undefined && !(SCHEME_NAMES as readonly string[]).includes(scheme)) throw usage('scheme', `one of ${SCHEME_NAMES.join(', ')}`);
  const o: FlushCommandOptions = {
    concurrency: numberOption('concurrency', opts.concurrency, 4, { int: true, min: 1, max: 256 }),
    timeout: numberOption('timeout', opts.timeout, 30, { min: 0, minExclusive: true, max: 300, unit: 'seconds' }),
    maxAttempts: numberOption('max-attempts', opts.maxAttempts, 8, { int: true, min: 1 }),
    lease: numberOption('lease', opts.lease, 600, { min: 0, minExclusive: true, max: 86_400, unit: 'seconds' }),
    maxPause: numberOption('max-pause', opts.maxPause, 120, { min: 0 }),
    header: Array.isArray(opts.header) ? opts.header.map(String) : [],
  };
  const strings = { url, profile: text('profile', opts.profile), token: text('token', opts.token), secret: text('secret', opts.secret), rate: text('rate', opts.rate) };
  for (const [k, v] of Object.entries(strings)) if (v !== undefined) (o as unknown as Record<string, unknown>)[k] = v;
  if (scheme !== undefined) o.scheme = scheme as SchemeName;
  for (const k of ['now', 'dryRun', 'json'] as const) if (opts[k] !== undefined) o[k] = Boolean(opts[k]);
  return o;
}

export async function run(input: CommandInput): Promise<number> {
  const dir = (input.args[0] as string | undefined) ?? './spool';
  const opts = parseFlushOptions(input.opts);
  const rate = opts.rate === undefined ? undefined : parseRate(opts.rate);
  if (opts.rate !== undefined && !rate) throw new WdError('USAGE', `--rate: "${opts.rate}" is not a rate`, { hint: 'e.g. --rate 10/s or --rate 50/min' });
  const profile = opts.profile ? await loadProfile(opts.profile) : undefined;
  const token = opts.token ?? process.env.WEBHOOK_DOCTOR_TOKEN;
  const secret = opts.secret ?? process.env.WEBHOOK_DOCTOR_SECRET;
  // Without --profile each entry signs as its own profile does (send --spool records it), plain payloads as generic.
  if (opts.secret && !opts.scheme && profile && !profile.signature) {
    throw new WdError('USAGE', '--secret needs a signature scheme', { hint: `the ${profile.name} profile does not sign: add --scheme (${SCHEME_NAMES.join(', ')})` });
  }
  // A sender that signs inside the body (Mailgun) cannot be signed at send time: say so before claiming anything.
  if (secret && opts.scheme && recipes[opts.scheme].signature.bodyPath) {
    throw new WdError('USAGE', `--scheme ${opts.scheme} signs inside the JSON body, which flush sends unchanged`, { hint: `webhook-doctor sign --scheme ${opts.scheme} prints the fields to put in each payload` });
  }
  const extraHeaders: HeaderList = opts.header.map((line) => {
    const pair = parseHeaderArg(line);
    if (!pair) throw new WdError('USAGE', `-H "${line}" is not a header`, { hint: 'write it as -H "Name: value"' });
    return pair;
  });
  const info = await stat(dir).catch(() => undefined);
  if (!info?.isDirectory()) throw new WdError('USAGE', `no spool directory at ${dir}`, { hint: 'pass the spool directory: webhook-doctor flush ./spool --url https://example.com/hooks' });
  if (!opts.url && (await readdir(dir)).some((f) => f.endsWith('.json') && !f.startsWith('.'))) {
    throw new WdError('USAGE', `${dir} holds plain *.json payloads and no --url says where they go`, { hint: `webhook-doctor flush ${dir} --url https://example.com/hooks` });
  }

  const credentials = { ...(token ? { token } : {}), ...(secret ? { secret } : {}), ...(opts.scheme ? { scheme: opts.scheme } : {}), ...(profile ? { profile } : {}) };
  // Each entry names its profile; look each name up once, not once per entry.
  const profiles = new Map<string, ReturnType<typeof findProfile>>();
  const profileOf = (name: string) => {
    if (!profiles.has(name)) profiles.set(name, findProfile(name));
    return profiles.get(name);
  };

  const output = createOutput({ json: opts.json });
  if (!opts.secret && secret && !opts.scheme && profile && !profile.signature) {
    // The secret came from the environment, perhaps meant for another command: say it is not used, not fail.
    output.err(`note: WEBHOOK_DOCTOR_SECRET is set, but the ${profile.name} profile does not sign: requests go out unsigned (add --scheme to sign them)`);
  }
  const dispatcher = createDispatcher({ connections: opts.concurrency });
  const progress = await startProgress(output, `flushing ${dir}`);
  let due = 0;
  const held: string[] = [];
  const counts = { delivered: 0, retried: 0, deadLettered: 0, quarantined: 0 };
  const onEvent = (e: FlushEvent) => {
    if (e.event === 'start') due = e.due;
    else if (e.event === 'delivered') counts.delivered++;
    else if (e.event === 'retry') counts.retried++;
    else if (e.event === 'dead') counts.deadLettered++;
    else if (e.event === 'quarantined') counts.quarantined++;
    if (output.json) {
      output.emitJson(e, { ndjson: true });
      return;
    }
    const line = flushEventLine(e);
    // A line printed under a live spinner gets torn by its redraws: on a terminal they wait for the end.
    if (line) {
      if (output.interactive) held.push(line);
      else output.out(line);
    }
    if (output.interactive) progress.update(progressText(counts, due));
  };

  // The first Ctrl-C lets sends in flight finish and keeps the rest; a second one goes to the program's own
  // handler (exit 130 at once). Either way nothing is lost: an unfinished claim is taken back by the next flush.
  const interrupt = new AbortController();
  const programHandlers = process.listeners('SIGINT');
  const restoreSigint = () => {
    process.removeListener('SIGINT', onSigint);
    for (const h of programHandlers) if (!process.listeners('SIGINT').includes(h)) process.on('SIGINT', h);
  };
  const onSigint = () => {
    restoreSigint();
    interrupt.abort();
  };
  for (const h of programHandlers) process.removeListener('SIGINT', h);
  process.on('SIGINT', onSigint);
  const leaseMs = Math.max(opts.lease * 1000, opts.timeout * 2000);
  let summary: FlushSummary;
  try {
    summary = await flushSpool(
      {
        dir,
        ...(opts.url ? { url: opts.url } : {}),
        now: Boolean(opts.now),
        dryRun: Boolean(opts.dryRun),
        concurrency: opts.concurrency,
        ...(rate ? { rate } : {}),
        timeoutMs: opts.timeout * 1000,
        maxAttempts: opts.maxAttempts,
        leaseMs,
        maxPauseMs: opts.maxPause * 1000,
        signal: interrupt.signal,
      },
      {
        send: (req) => deliver(req, { dispatcher, outcomeOnly: true }),
        sendTimeHeaders: (entry) => [...extraHeaders, ...sendTimeHeaders(entry, credentials, profileOf)],
        // A large spool is claimed and read ahead, and deleted behind, on a thread of its own (it takes ~40 ms
        // to start); a paced flush (--rate) claims each entry only when it is its turn.
        claims: (spoolDir, due) => (due.length >= FILE_THREAD_FROM && !rate
          ? threadedClaims(spoolDir, due, new URL('../spool/file-thread.js', import.meta.url), { entries: Math.max(128, 8 * opts.concurrency), bytes: 32 * 1024 * 1024, renewAfterMs: leaseMs / 2 })
          : inlineClaims(spoolDir, due)),
        retryAfterMs: (d) => parseRetryAfter(d.response?.headers.find(([k]) => k.toLowerCase() === 'retry-after')?.[1]),
      },
      onEvent,
    );
  } catch (err) {
    throw spoolDiskError(err, dir);
  } finally {
    restoreSigint();
    progress.stop();
    await dispatcher.close().catch(() => {});
  }

  for (const line of held) output.out(line);
  if (output.json) output.emitJson({ event: 'summary', ...summary }, { ndjson: true });
  else output.out(await renderFlushSummary(output, summary));
  if (interrupt.signal.aborted) return 130;
  if (opts.dryRun) return 0;
  return summary.ok ? 0 : 1;
}

/**
 * A file-system error from the spool, as one line and a hint instead of a stack trace: one it cannot write
 * (read-only, another user's) is an input error; any other (disk full, I/O error) a failure. Nothing is lost
 * either way: what was not sent stays in the spool, and a claim left in cur/ is taken back by the next flush.
 */
function spoolDiskError(err: unknown, dir: string): unknown {
  const code = (err as NodeJS.ErrnoException)?.code;
  if (typeof code !== 'string' || !/^E[A-Z]+$/.test(code) || isWdError(err)) return err;
  const what = (err as Error).message.replace(/^E[A-Z]+: /, '');
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') {
    return new WdError('INPUT', `cannot write to the spool ${dir}: ${what}`, { hint: `flush claims, moves and deletes files there: run it as a user who can write to ${dir} and its folders` });
  }
  return new WdError('FAILED', `disk error in the spool ${dir}: ${what}`, { hint: 'what was not sent stays in the spool; fix the disk and flush again' });
}
