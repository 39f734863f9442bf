// `webhook-doctor flush [dir]`: drain a spool oldest first, never losing an entry; `--watch` keeps it drained.
import { readdirSync } from 'node:fs';
import { stat, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { isWdError, WdError } from '../errors.js';
import { choiceOption, numberOption, optionError, textOption, urlOption, type CommandInput } from '../options.js';
import { createOutput } from '../ui/output.js';
import { startProgress } from '../ui/spinner.js';
import { flushEventLine, newWatchStatus, noteEvent, progressText, renderFlushSummary, watchStatusText } from '../ui/spool.js';
import { flushSpool, type FlushEvent, type FlushSummary } from '../spool/engine.js';
import { parseRate } from '../spool/rate.js';
import { sendTimeHeaders } from '../spool/send-time.js';
import { inlineClaims, threadedClaims } from '../spool/claim-source.js';
import { notASpool } from '../spool/manage.js';
import { watchSpool } from '../spool/watch.js';
import { HOST } from '../spool/layout.js';
import { createDispatcher, deliver, parseRetryAfter } from '../http/deliver.js';
import { userAgentFor } from '../http/user-agent.js';
import type { HeaderList } from '../http/delivery.js';
import { parseHeaderArg } from '../http/outgoing.js';
import { findProfile, isProfilePath, loadProfile, readQueuedProfileFile } from '../profiles/index.js';
import { SCHEME_NAMES, recipes } from '../signatures/index.js';
import type { SchemeName } from '../signatures/types.js';

// Options are checked with the light rules of options.ts, not zod: loading zod costs about 75 ms of every
// flush's start-up. The same mistake reads as it does in every other command.
const text = (flag: string, raw: unknown) => textOption(flag, raw);

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
  maxWait: number;
  rescan: number;
  watch?: boolean;
  now?: boolean;
  dryRun?: boolean;
  json?: boolean;
  proxy?: string;
  cacert?: string;
  cert?: string;
  key?: string;
  insecure?: boolean;
}

function parseFlushOptions(opts: Record<string, unknown>): FlushCommandOptions {
  const url = urlOption('url', opts.url);
  const scheme = choiceOption('scheme', opts.scheme, SCHEME_NAMES);
  const o: FlushCommandOptions = {
    concurrency: numberOption('concurrency', opts.concurrency, 4, { int: true, min: 1, max: 256 }),
    timeout: numberOption('timeout', opts.timeout, 30, { min: 0, minExclusive: true, max: 300, unit: 'seconds', maxMessage: 'at most 300 seconds (the longest any sender waits)' }),
    maxAttempts: numberOption('max-attempts', opts.maxAttempts, 8, { int: true, min: 1 }),
    lease: numberOption('lease', opts.lease, 600, { min: 0, minExclusive: true, max: 86_400, unit: 'seconds' }),
    maxWait: numberOption('max-wait', opts.maxWait, 120, { min: 0, unit: 'seconds' }),
    maxPause: 0,
    rescan: numberOption('rescan', opts.rescan, 30, { min: 1, max: 3600, unit: 'seconds' }),
    header: Array.isArray(opts.header) ? opts.header.map(String) : [],
  };
  // --max-pause, the older name, still sets the longest Retry-After waited out; --max-wait sets both.
  o.maxPause = numberOption('max-pause', opts.maxPause, o.maxWait, { min: 0, unit: 'seconds' });
  const strings = {
    url, profile: text('profile', opts.profile), token: text('token', opts.token), secret: text('secret', opts.secret), rate: text('rate', opts.rate),
    proxy: text('proxy', opts.proxy), cacert: text('cacert', opts.cacert), cert: text('cert', opts.cert), key: text('key', opts.key),
  };
  for (const [k, v] of Object.entries(strings)) {
    if (v === '') throw optionError(k, 'must not be empty');
    if (v !== undefined) (o as unknown as Record<string, unknown>)[k] = v;
  }
  if (scheme !== undefined) o.scheme = scheme as SchemeName;
  for (const k of ['now', 'dryRun', 'json', 'watch', 'insecure'] as const) if (opts[k] !== undefined) o[k] = Boolean(opts[k]);
  if (o.watch && o.dryRun) throw new WdError('USAGE', '--watch and --dry-run do not go together', { hint: 'preview once with --dry-run, then start --watch' });
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
  // As send and doctor do: a scheme asked for and no secret to sign with would send every entry unsigned.
  if (opts.scheme && !secret) throw new WdError('INPUT', `--scheme ${opts.scheme} needs a secret to sign with`, { hint: 'add --secret <secret> or set WEBHOOK_DOCTOR_SECRET (it is applied at send time, never written to the spool)' });
  // Without --profile each entry signs as its own profile does (send --spool records it), plain payloads as generic.
  if (opts.secret && !opts.scheme && profile && !profile.signature) {
    throw new WdError('USAGE', '--secret needs a signature scheme', { hint: `the ${profile.name} profile does not sign: add --scheme (${SCHEME_NAMES.join(', ')})` });
  }
  // A sender that signs inside the body (Mailgun) cannot be signed at send time: say so before claiming anything.
  if (secret && opts.scheme && recipes[opts.scheme].signature.bodyPath) {
    throw new WdError('USAGE', `--scheme ${opts.scheme} signs inside the JSON body, which flush sends unchanged`, { hint: `sign each payload before it is queued; see the fields to add: printf '%s' '{"event":"test"}' | webhook-doctor sign --scheme ${opts.scheme} --secret "$SECRET" --body -` });
  }
  const extraHeaders: HeaderList = opts.header.map((line) => {
    const pair = parseHeaderArg(line);
    if (!pair) throw new WdError('USAGE', `-H "${line}" is not a header`, { hint: 'write it as -H "Name: value"' });
    return pair;
  });
  const info = await stat(dir).catch(() => undefined);
  if (info && !info.isDirectory()) throw new WdError('USAGE', `${dir} is a file, not a spool folder`, { hint: 'pass the folder send --spool or queue add wrote to (a payload file goes in with: webhook-doctor queue add <folder> --url <url> -d @file)' });
  if (!info) throw new WdError('USAGE', `no spool directory at ${dir}`, { hint: `nothing was queued there: send --spool ${dir} (when a delivery fails) and queue add ${dir} create it; or pass the folder you spooled to` });
  // A project folder (package.json, README.md…) is no spool: its *.json would be sent and deleted.
  const why = await notASpool(dir);
  if (why) throw new WdError('USAGE', why, { hint: `flush sends and deletes every *.json at the top of the folder it is given: pass the spool directory (e.g. ./spool), or, if ${dir} is one, move the other files out first` });
  if (!opts.url && (await readdir(dir)).some((f) => f.endsWith('.json') && !f.startsWith('.'))) {
    throw new WdError('USAGE', `${dir} holds plain *.json payloads and no --url says where they go`, { hint: `webhook-doctor flush ${dir} --url https://example.com/hooks` });
  }

  const credentials = { ...(token ? { token } : {}), ...(secret ? { secret } : {}), ...(opts.scheme ? { scheme: opts.scheme } : {}), ...(profile ? { profile } : {}) };
  // Each entry names its profile; look each name up once, not once per entry.
  const profiles = new Map<string, ReturnType<typeof findProfile>>();
  const output = createOutput({ json: opts.json });
  // An entry queued with --profile ./file.json names the file by its absolute path: read it (once).
  const profileOf = (name: string) => {
    if (!profiles.has(name)) {
      let found = findProfile(name);
      if (!found && isProfilePath(name)) {
        found = readQueuedProfileFile(name);
        if (!found) output.err(`warning: entries queued with --profile ${name}: the file cannot be read as a profile any more; they go out as generic unless flush gets --profile`);
      }
      profiles.set(name, found);
    }
    return profiles.get(name);
  };

  if (!opts.secret && secret && !opts.scheme && profile && !profile.signature) {
    // The secret came from the environment, perhaps meant for another command: say it is not used, not fail.
    output.err(`note: WEBHOOK_DOCTOR_SECRET is set, but the ${profile.name} profile does not sign: requests go out unsigned (add --scheme to sign them)`);
  }
  const dispatcher = createDispatcher({
    connections: opts.concurrency,
    ...(opts.proxy ? { proxy: opts.proxy } : {}),
    ...(opts.cacert ? { cacert: opts.cacert } : {}),
    ...(opts.cert ? { cert: opts.cert } : {}),
    ...(opts.key ? { key: opts.key } : {}),
    ...(opts.insecure ? { insecure: true } : {}),
  });
  const userAgent = userAgentFor(profile);
  const progress = await startProgress(output, opts.watch ? `watching ${dir}` : `flushing ${dir}`);
  const status = newWatchStatus();
  const held: string[] = [];
  const onEvent = (e: FlushEvent) => {
    noteEvent(status, e);
    if (output.json) {
      output.emitJson(e, { ndjson: true });
      return;
    }
    const line = flushEventLine(e, { deliveries: Boolean(opts.watch) });
    // A line printed under a live spinner gets torn by its redraws: a one-shot flush prints them at the end,
    // a watch (which has no end) clears the spinner for each line.
    if (line) {
      if (!output.interactive) output.out(line);
      else if (opts.watch) progress.print(() => output.out(line));
      else held.push(line);
    }
    if (output.interactive) progress.update(opts.watch ? watchStatusText(status) : e.event === 'waiting' ? `${progressText(status, status.due)}; waiting until ${e.until} for the next attempt` : progressText(status, status.due));
  };

  // The first Ctrl-C (or SIGTERM, as a service manager stops it) lets sends in flight finish, puts the rest back
  // and exits; a second one goes to the program's own handler (exit at once), after saying what that leaves.
  const interrupt = new AbortController();
  let stoppedBy: NodeJS.Signals | undefined;
  const signals = ['SIGINT', 'SIGTERM'] as const;
  const programHandlers = new Map(signals.map((sig) => [sig, process.listeners(sig)]));
  const ours = new Map<NodeJS.Signals, () => void>();
  const restoreSignals = () => {
    for (const sig of signals) {
      process.removeListener(sig, ours.get(sig)!);
      for (const h of programHandlers.get(sig)!) if (!process.listeners(sig).includes(h)) process.on(sig, h);
    }
  };
  for (const sig of signals) {
    const onSignal = () => {
      stoppedBy ??= sig;
      restoreSignals();
      // The program's handler (exit 130/143 at once) takes the next one: say first what it would leave.
      for (const s2 of signals) process.prependOnceListener(s2, () => output.err(inFlightNote(dir)));
      output.err(`${sig === 'SIGINT' ? 'Ctrl-C' : sig}: finishing the sends in flight and putting the other claimed entries back (again to stop at once)`);
      interrupt.abort();
    };
    ours.set(sig, onSignal);
    for (const h of programHandlers.get(sig)!) process.removeListener(sig, h);
    process.on(sig, onSignal);
  }
  const leaseMs = Math.max(opts.lease * 1000, opts.timeout * 2000);
  const watcher = opts.watch ? watchSpool(dir, { rescanMs: opts.rescan * 1000 }) : undefined;
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
        maxWaitMs: opts.maxWait * 1000,
        signal: interrupt.signal,
      },
      {
        send: (req) => deliver(req, { dispatcher, outcomeOnly: true, userAgent }),
        sendTimeHeaders: (entry) => [...extraHeaders, ...sendTimeHeaders(entry, credentials, profileOf)],
        // A large spool is claimed and read ahead, and deleted behind, on a thread of its own (it takes ~40 ms
        // to start); a paced flush (--rate) claims each entry only when it is its turn.
        claims: (spoolDir, due) => (due.length >= FILE_THREAD_FROM && !rate
          ? threadedClaims(spoolDir, due, new URL('../spool/file-thread.js', import.meta.url), { entries: Math.max(128, 8 * opts.concurrency), bytes: 32 * 1024 * 1024, renewAfterMs: leaseMs / 2 })
          : inlineClaims(spoolDir, due)),
        retryAfterMs: (d) => parseRetryAfter(d.response?.headers.find(([k]) => k.toLowerCase() === 'retry-after')?.[1]),
        ...(watcher ? { waitForWork: (until: number | undefined, signal?: AbortSignal) => watcher.wait(until, signal) } : {}),
      },
      onEvent,
    );
  } catch (err) {
    throw spoolDiskError(err, dir);
  } finally {
    watcher?.close();
    restoreSignals();
    progress.stop();
    await dispatcher.close().catch(() => {});
  }

  for (const line of held) output.out(line);
  if (output.json) output.emitJson({ event: 'summary', ...summary }, { ndjson: true });
  else output.out(await renderFlushSummary(output, summary));
  if (stoppedBy) return stoppedBy === 'SIGTERM' ? 143 : 130;
  if (opts.dryRun) return 0;
  return summary.ok ? 0 : 1;
}

/** What a stop at once leaves behind: this process's claims in cur/, sent again by the next flush. */
function inFlightNote(dir: string): string {
  let mine = 0;
  try {
    const tag = `@${HOST}@${process.pid}@`;
    mine = readdirSync(join(dir, 'cur')).filter((f) => f.includes(tag)).length;
  } catch {
    // no cur/: nothing claimed
  }
  return mine === 0
    ? 'stopping at once: nothing was claimed, nothing is lost'
    : `stopping at once: ${mine} claimed ${mine === 1 ? 'entry stays' : 'entries stay'} in ${join(dir, 'cur')}; the next flush takes ${mine === 1 ? 'it' : 'them'} back and sends ${mine === 1 ? 'it' : 'them'} again (same Idempotency-Key)`;
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
