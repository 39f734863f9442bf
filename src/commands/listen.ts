// `webhook-doctor listen [port]`: parse the options, start the capture server (or the raw TCP one),
// and hand every capture to the screen, --save, --har; stop after --count or when it can no longer serve.
import { mkdirSync, readFileSync } from 'node:fs';
import { networkInterfaces } from 'node:os';
import type { AddressInfo, Server } from 'node:net';
import { z } from 'zod';
import { WdError, inputError, usageError } from '../errors.js';
import type { Finding } from '../findings.js';
import { parseOptions, unreadableFile, type CommandInput } from '../options.js';
import { getProfile, loadProfile, type Profile } from '../profiles/index.js';
import { createOutput, type Output } from '../ui/output.js';
import { isRetryAfter, parseChaos, parseSize } from '../capture/answer.js';
import type { Capture } from '../capture/capture.js';
import { createPipeline, type CaptureRecord } from '../capture/pipeline.js';
import { closeForward, type ForwardConfig } from '../capture/forward.js';
import { createCaptureServer, type ConnectionProblem, type ShedEvent } from '../capture/server.js';
import { createRawServer, type RawEvent } from '../capture/raw.js';
import { writeCapture } from '../capture/saved.js';
import { maskRawHead } from '../capture/mask.js';
import { RawStreamMasker } from '../capture/raw-mask.js';
import { createHarWriter, harEntry } from '../capture/har.js';
import { loadPayloadCheck } from '../capture/payload-schema.js';
import { openRecorder } from '../history/recorder.js';
import type { Inspector } from '../inspector/server.js';
import { createThreadedWriter, type RecordWriter } from '../ui/line-writer.js';
import { createRecordWriter, jsonLine, problemJson, rawEventJson, recordLine, renderProblem, renderRawEvent, renderRecord, renderShed, shedJson } from '../ui/listen.js';

declare const __VERSION__: string;

const int = (min: number, max: number, what: string) =>
  z.coerce.number({ error: `expected ${what}` }).int(`expected ${what}`).min(min, `expected ${what}`).max(max, `expected ${what}`);

const optionsSchema = z.object({
  port: int(0, 65535, 'a port number from 0 to 65535'),
  host: z.string().min(1),
  profile: z.string().optional(),
  secret: z.string().min(1, 'the secret is empty').optional(),
  scheme: z.string().default('auto'),
  signatureHeader: z.string().min(1).optional(),
  status: int(200, 599, 'an HTTP status from 200 to 599'),
  body: z.string().optional(),
  delay: int(0, 600_000, 'milliseconds from 0 to 600000').default(0),
  retryAfter: z.string().refine(isRetryAfter, 'expected seconds (30) or an HTTP date').optional(),
  chaos: z.string().optional(),
  forward: z.string().refine((u) => /^https?:\/\/[^/]/i.test(u) && URL.canParse(u), 'expected an http:// or https:// URL').optional(),
  forwardCacert: z.string().min(1).optional(),
  forwardInsecure: z.boolean().default(false),
  save: z.string().min(1).optional(),
  har: z.string().min(1).optional(),
  count: int(1, 1_000_000_000, 'a positive number of requests').optional(),
  maxBody: z.string().transform((s, ctx) => parseSize(s) ?? (ctx.addIssue({ code: 'custom', message: 'expected a size like 10mb, 512kb or 2048 (bytes)' }), z.NEVER)),
  timeout: z.coerce.number({ error: 'expected seconds' }).positive('expected seconds above 0').max(3600, 'at most 3600 seconds').default(30),
  raw: z.boolean().default(false),
  ui: z.union([z.literal(true), int(0, 65535, 'a port number from 0 to 65535 for --ui')]).optional(),
  verifyToken: z.string().min(1, 'the verify token is empty').optional(),
  confirmSubscription: z.boolean().default(false),
  handshake: z.boolean().default(true),
  showSecrets: z.boolean().default(false),
  json: z.boolean().default(false),
  history: z.union([z.string().min(1, 'expected a folder'), z.boolean()]).default(true),
  historyMax: int(1, 10_000_000, 'a number of captures').optional(),
  historyMaxBytes: z.string().transform((s, ctx) => parseSize(s) ?? (ctx.addIssue({ code: 'custom', message: 'expected a size like 100mb, 1gb or bytes' }), z.NEVER)).optional(),
  only: z.string().optional().transform((s, ctx) => {
    if (s === undefined) return undefined;
    // "requests" or "request", "timeouts" or "timeout": either is meant.
    const kinds = s.split(',').map((k) => k.trim().toLowerCase()).filter(Boolean).map((k) => (EVENT_KINDS.includes(k) ? k : k.replace(/s$/, '')));
    const bad = kinds.find((k) => !EVENT_KINDS.includes(k));
    if (bad || kinds.length === 0) {
      ctx.addIssue({ code: 'custom', message: `expected a comma-separated list of ${EVENT_KINDS.join(', ')}${bad ? ` (got "${s}")` : ''}` });
      return z.NEVER;
    }
    return new Set(kinds);
  }),
});

/** The events listen prints, by the name --only and --json use (request, malformed, …). */
const EVENT_KINDS = ['listening', 'request', 'malformed', 'timeout', 'shed', 'connect', 'data', 'close'];

/** Whether --only lets this kind of event reach stdout. */
function shows(opts: { only?: Set<string> }, kind: string): boolean {
  return opts.only === undefined || opts.only.has(kind);
}

function harError(file: string, err: unknown): WdError {
  return new WdError('FAILED', `could not write --har ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, { hint: 'check the folder exists and is writable, and the disk has space' });
}

type ListenOptions = z.output<typeof optionsSchema>;

export async function run(input: CommandInput): Promise<number> {
  const port = input.args[0] as string | undefined;
  if (port !== undefined && (!/^\d{1,5}$/.test(port) || Number(port) > 65535)) {
    throw usageError(`port: expected a number from 0 to 65535, got "${port}"`, 'write listen 8080, or listen 0 for a free port');
  }
  const opts = parseOptions(optionsSchema, {
    ...input.opts,
    port: input.args[0] ?? '8080',
    secret: input.opts.secret ?? (process.env.WEBHOOK_DOCTOR_SECRET || undefined),
    verifyToken: input.opts.verifyToken ?? (process.env.WEBHOOK_DOCTOR_VERIFY_TOKEN || undefined),
  });
  const output = createOutput({ json: opts.json });
  if (opts.raw && opts.forward) throw usageError('--raw answers nothing, so it cannot relay to --forward', 'drop --raw to relay to the app, or drop --forward to see the raw bytes');
  if ((opts.forwardCacert || opts.forwardInsecure) && !/^https:/i.test(opts.forward ?? '')) {
    throw usageError(`${opts.forwardCacert ? '--forward-cacert' : '--forward-insecure'} is about an https --forward, and there is none`, 'give --forward https://… or drop the flag');
  }
  // The relay connects to the origin only: user:password@ would be dropped without a word (and echoed in "relaying to").
  if (opts.forward && /^[a-z]+:\/\/[^/?#]*@/i.test(opts.forward)) {
    throw usageError('--forward: a user:password@ in the URL is not sent to the app (the relay passes on the sender\'s own Authorization)', 'give --forward as scheme://host:port/path, without credentials');
  }
  if (opts.raw && opts.ui !== undefined) throw usageError('--ui shows HTTP captures; it cannot be combined with --raw', 'drop --raw to inspect requests in the browser');
  if (opts.ui !== undefined && opts.history === false) {
    throw usageError('--ui shows the captures the history keeps; --no-history keeps none', 'drop --no-history, or keep them apart with --history <dir>');
  }
  if (opts.raw) return runRaw(opts, output);
  return runHttp(opts, output);
}

async function buildChecks(opts: ListenOptions, profile: Profile | undefined) {
  const checks: Array<(c: Capture, json: { value: unknown } | undefined) => Finding[]> = [];
  if (profile) {
    const check = await loadPayloadCheck(profile);
    if (check) checks.push((_c, json) => (json ? check(json.value) : []));
  }
  if (opts.secret) {
    const { loadSignatureCheck } = await import('../capture/signature-check.js');
    checks.push(loadSignatureCheck({ secret: opts.secret, scheme: opts.scheme, profile, header: opts.signatureHeader }));
  }
  return checks;
}

/** The handshake hook: the --profile's handshake only, or every known one recognised by its shape. */
async function loadHandshakeHook(opts: ListenOptions, profile: Profile | undefined) {
  const { createHandshakeHook } = await import('../capture/handshake-hook.js');
  const { handshakeFamily } = await import('../capture/handshakes.js');
  const own = profile?.handshake ? handshakeFamily(profile.handshake) : [];
  return createHandshakeHook({
    ...(own.length ? { only: own } : {}),
    secrets: { secret: opts.secret, verifyToken: opts.verifyToken },
    confirm: opts.confirmSubscription,
    async visit(url) {
      const { deliver } = await import('../http/deliver.js');
      const d = await deliver({ url, method: 'GET', headers: [], timeoutMs: 10_000 });
      return d.response ? { status: d.response.status } : { error: d.error?.code ?? 'no answer' };
    },
    async verify(capture, recipe) {
      const sig = await import('../signatures/index.js');
      if (!sig.isSchemeName(recipe)) return undefined;
      const v = sig.verifySignature({ scheme: recipe, secret: opts.secret!, headers: capture.rawHeaders, body: capture.body, now: Math.floor(Date.parse(capture.receivedAt) / 1000) });
      return { valid: v.valid, reason: v.reason };
    },
  });
}

function forwardConfig(opts: ListenOptions): ForwardConfig {
  const config: ForwardConfig = { url: opts.forward! };
  if (opts.forwardInsecure) config.insecure = true;
  if (opts.forwardCacert) {
    try {
      config.ca = readFileSync(opts.forwardCacert, 'utf8');
    } catch (err) {
      throw unreadableFile('--forward-cacert', opts.forwardCacert, err, 'give a PEM file with the CA certificate that signed the app\'s certificate');
    }
    if (!config.ca.includes('-----BEGIN CERTIFICATE-----')) throw inputError(`--forward-cacert: ${opts.forwardCacert} holds no PEM certificate`, 'give a PEM file (-----BEGIN CERTIFICATE-----)');
  }
  return config;
}

function readBodyOption(body: string | undefined): string | undefined {
  if (body === undefined || !body.startsWith('@')) return body;
  try {
    return readFileSync(body.slice(1), 'utf8');
  } catch (err) {
    throw unreadableFile('--body', body.slice(1), err, 'write --body @path/to/file or the body text itself');
  }
}

function urlFor(server: Server, host: string): string {
  const { port } = server.address() as AddressInfo;
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
}

function lanAddress(): string | undefined {
  for (const list of Object.values(networkInterfaces())) for (const a of list ?? []) if (a.family === 'IPv4' && !a.internal) return a.address;
  return undefined;
}

/** Listen on one address; rejects with the system's error. */
function listenOn(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException) => { server.off('listening', onListening); reject(err); };
    const onListening = () => { server.off('error', onError); resolve(); };
    server.once('error', onError);
    server.once('listening', onListening);
    // A deep accept queue (the kernel caps it at somaxconn): a crowd of connections is accepted and, past
    // the connection limit, shed by listen, instead of the kernel dropping a real sender's SYN meanwhile.
    server.listen({ port, host, backlog: 4096 });
  });
}

/** Listen, or turn the bind failure into one clear line with a hint (exit 2). */
async function bind(server: Server, port: number, host: string): Promise<void> {
  try {
    await listenOn(server, port, host);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'EADDRINUSE') {
      throw new WdError('USAGE', `port ${port} on ${host} is already in use`, { hint: `stop what holds it (see: lsof -i :${port}) or pick another port; 0 picks a free one` });
    } else if (err.code === 'EACCES') {
      throw new WdError('USAGE', `no permission to listen on port ${port}`, { hint: 'ports below 1024 need privileges; use 8080 or 0 for a free one' });
    } else if (err.code === 'EADDRNOTAVAIL' || err.code === 'ENOTFOUND') {
      throw new WdError('USAGE', `cannot bind ${host}: no such address on this machine`, { hint: 'use localhost (default: 127.0.0.1 and ::1), 127.0.0.1, or 0.0.0.0 for every interface' });
    }
    throw new WdError('FAILED', `cannot listen on ${host}:${port}: ${err.code ?? err.message}`);
  }
}

interface Bound {
  /** Every address listened on, as URLs; the first is the one printed first. */
  urls: string[];
  /** Listeners besides the main server (::1 beside 127.0.0.1), to close with it. */
  extra: Server[];
  notes: string[];
}

/**
 * --host localhost (the default) is both loopbacks, 127.0.0.1 and ::1 on one port: a sender told "localhost"
 * may resolve it to either (curl -6, many containers), and either is still this machine only.
 */
async function bindHost(server: Server, twin: () => Server, port: number, host: string): Promise<Bound> {
  if (host !== 'localhost') {
    await bind(server, port, host);
    return { urls: [urlFor(server, host)], extra: [], notes: [] };
  }
  for (let attempt = 0; ; attempt++) {
    await bind(server, port, '127.0.0.1');
    const chosen = (server.address() as AddressInfo).port;
    const six = twin();
    try {
      await listenOn(six, chosen, '::1');
      return { urls: [urlFor(server, '127.0.0.1'), urlFor(six, '::1')], extra: [six], notes: [] };
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EADDRINUSE' && port === 0 && attempt < 5) {
        // The free port on 127.0.0.1 is taken on ::1: pick another pair.
        await new Promise((r) => server.close(r));
        continue;
      }
      const why = code === 'EADDRINUSE' ? `port ${chosen} on ::1 is held by another program, which gets the senders that resolve localhost to ::1` : `::1 is not available here (${code ?? 'error'})`;
      return { urls: [urlFor(server, '127.0.0.1')], extra: [], notes: [`warning: bound 127.0.0.1 only: ${why}`] };
    }
  }
}

function announce(output: Output, bound: Bound, opts: ListenOptions, notes: string[], place: { history?: string; ui?: string } = {}) {
  const [url, ...more] = bound.urls as [string, ...string[]];
  const ui = place.ui ? `\ninspector on ${place.ui}` : '';
  if (!shows(opts, 'listening')) output.err(`listening on ${url}${ui}`); // --only keeps it off stdout; it is still said
  else if (output.json) output.emitJson({ event: 'listening', url, addresses: bound.urls, raw: opts.raw, ...(place.history ? { history: place.history } : {}), ...(place.ui ? { ui: place.ui } : {}) }, { ndjson: true });
  else output.out(`listening on ${url}${ui}`);
  if (!output.json && more.length) output.err(`also listening on ${more.join(', ')} (localhost is both loopbacks)`);
  for (const n of bound.notes) output.err(n);
  if (opts.host === '0.0.0.0' || opts.host === '::') {
    const lan = lanAddress();
    output.err(`warning: listening on every interface: anyone who can reach this machine can post to it${lan ? ` (e.g. http://${lan}:${new URL(url).port})` : ''}`);
  }
  for (const n of notes) output.err(n);
}

/** Resolves with the exit code: 0 after --count, or rejects when serving became impossible. */
async function runHttp(opts: ListenOptions, output: Output): Promise<number> {
  const profile = opts.profile ? await loadProfile(opts.profile) : undefined;
  const chaos = opts.chaos ? parseChaos(opts.chaos) : [];
  if (opts.forward && (opts.body !== undefined || opts.chaos)) {
    throw usageError('--forward relays the app\'s own answer; it cannot be combined with --body or --chaos', 'drop --forward to simulate answers, or drop --body/--chaos to relay');
  }
  if (opts.save) {
    // Found out now, not after the first sender was answered 200 and its capture could not be written.
    try {
      mkdirSync(opts.save, { recursive: true });
    } catch (err) {
      throw inputError(`--save: cannot create the directory ${opts.save}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, 'give a writable directory for the captures');
    }
  }
  if (opts.har) {
    // Found out now too: an empty log is written where the captures will go.
    try {
      createHarWriter(opts.har, '').flushSync();
    } catch (err) {
      throw inputError(`--har: cannot write ${opts.har}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, 'give a file in a folder that exists and is writable');
    }
  }
  const checks = await buildChecks(opts, profile);
  const judgeProfile = profile ?? getProfile('generic');
  const forward = opts.forward ? forwardConfig(opts) : undefined;
  const pipeline = createPipeline({
    answer: { status: opts.status, body: readBodyOption(opts.body), delayMs: opts.delay, retryAfter: opts.retryAfter, chaos },
    maxBodyBytes: opts.maxBody,
    profile,
    judgeProfile,
    showSecrets: opts.showSecrets,
    forward,
    checks,
    ...(opts.handshake ? { handshake: await loadHandshakeHook(opts, profile) } : {}),
  });
  const style = output.json ? undefined : await output.style();
  const version = typeof __VERSION__ === 'string' ? __VERSION__ : '0.0.0-dev';
  // History: every answered capture is appended to the store (a step of its own, after printing).
  const history = openRecorder({
    history: opts.history, maxCaptures: opts.historyMax, maxBytes: opts.historyMaxBytes, profile: profile?.name, showSecrets: opts.showSecrets,
    onError: (err) => output.err(`warning: ${err.message}; listen goes on without history`),
  });

  return new Promise<number>((resolve, reject) => {
    let seen = 0;
    let finished = false;
    let saving: Promise<unknown> = Promise.resolve();
    let url = '';
    let ui: Inspector | undefined;
    let extra: Server[] = [];
    const har = opts.har ? createHarWriter(opts.har, version, (err) => stop({ error: harError(opts.har!, err) })) : undefined;
    // --json lines are made and written on a thread of their own where the build has it (see ui/line-ring.ts).
    const outputFailed = (err: NodeJS.ErrnoException) => {
      // Nobody reads our output any more (`listen --json | head -1`): stop quietly.
      if (err.code === 'EPIPE') stop({ code: 0 });
      else stop({ error: new WdError('FAILED', `cannot write output: ${err.code ?? err.message}`) });
    };
    const threaded = output.json && !forward && shows(opts, 'request')
      ? createThreadedWriter({ showSecrets: opts.showSecrets, script: new URL('../ui/line-thread.js', import.meta.url), line: (r) => recordLine(r, opts), failed: outputFailed })
      : undefined;
    const records: RecordWriter = threaded ?? createRecordWriter(opts);
    const onExit = () => { try { har?.flushSync(); } catch { /* exiting anyway */ } };
    if (har) process.on('exit', onExit);

    const stop = (result: { code: number } | { error: unknown }) => {
      if (finished) return;
      server.reportAnswered();
      process.off('exit', reportAnswered);
      finished = true;
      const written = records.close();
      history?.close();
      if (forward) void closeForward(forward);
      server.close();
      for (const s of extra) s.close();
      server.closeAllConnections();
      void ui?.close();
      void Promise.all([saving, written])
        .then(() => har?.flush())
        .then(() => {
          process.off('exit', onExit);
          if ('code' in result) resolve(result.code);
          else reject(result.error);
        }, (err) => reject(harError(opts.har!, err)));
    };
    const counted = () => {
      seen++;
      // After the answer in hand is written (a malformed request's 400 goes out after it is reported).
      if (opts.count && seen >= opts.count) setImmediate(stop, { code: 0 });
    };

    const server = createCaptureServer({
      maxBodyBytes: opts.maxBody,
      timeouts: { requestMs: opts.timeout * 1000, keepAliveMs: 5000 },
      handlers: {
        reply: (capture) => pipeline.reply(capture),
        answered(capture, reply, ms) {
          if (finished) return;
          const record: CaptureRecord = pipeline.record(capture, reply, ms);
          if (!shows(opts, 'request')) { /* filtered by --only */ } else if (output.json) records.request(record);
          else records.push(renderRecord(record, style!, opts) + '\n');
          if (opts.save) {
            const dir = opts.save;
            // Saves run one after another, and a failed save stops listen: never lose a capture silently.
            saving = saving.then(() => writeCapture(dir, capture, { showSecrets: opts.showSecrets })).catch((err) => {
              stop({ error: new WdError('FAILED', `cannot save captures to ${dir}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, { hint: 'check the directory exists and is writable, and the disk has space' }) });
            });
          }
          har?.add(harEntry(record, { listenUrl: url, showSecrets: opts.showSecrets }));
          history?.record(record, url);
          counted();
        },
        // The turn's captures reach the history before their lines can be printed (the line thread is
        // woken after this): a line on the screen is a capture on disk.
        answeredAll: () => history?.store.flush(),
        problem(p: ConnectionProblem) {
          if (finished) return;
          // A malformed head is shown as bytes: its credentials are masked as a capture's are.
          if (p.rawPacket && !opts.showSecrets) {
            const masked = maskRawHead(p.rawPacket);
            if (masked !== p.rawPacket) p = { ...p, rawPacket: masked, masked: true };
          }
          if (shows(opts, p.kind)) records.push(output.json ? jsonLine(problemJson(p)) + '\n' : renderProblem(p, style!) + '\n', output.json);
          // A request that timed out (408) or was malformed is one the sender made: --count counts it.
          counted();
        },
        shed(e: ShedEvent) {
          if (finished) return;
          if (shows(opts, 'shed')) records.push(output.json ? jsonLine(shedJson(e)) + '\n' : renderShed(e, style!) + '\n', output.json);
        },
      },
    });

    process.stdout.on('error', outputFailed);
    // Exiting (SIGTERM, Ctrl-C): the captures answered in this turn are reported before the writers' own exit
    // hooks flush what they hold, so an answered request is never missing from the output or the history.
    const reportAnswered = () => {
      // A reader that stopped reading (`| less` paused) must not hold the exit: the writer's waits are bounded now.
      records.exiting?.();
      server.reportAnswered();
      // A hook added while 'exit' is being emitted is not called: what this queued is written now.
      history?.store.flush();
    };
    process.prependListener('exit', reportAnswered);

    bindHost(server, server.twin, opts.port, opts.host).then(async (bound) => {
      url = bound.urls[0]!;
      extra = bound.extra;
      if (opts.ui !== undefined) {
        // The page shows what the history holds: this run's captures as they arrive, and earlier ones.
        const { serveInspector } = await import('../inspector/serve.js');
        ui = await serveInspector({ store: history!.store, port: opts.ui === true ? 0 : opts.ui, title: `listen on ${url}`, captureUrl: url, profile: opts.profile, version })
          .catch((err: unknown) => { server.close(); for (const s of extra) s.close(); throw err; });
      }
      const notes: string[] = [];
      if (!output.json) {
        notes.push(`point the sender at ${url}/ (any path); ${opts.count ? `stopping after ${opts.count} request${opts.count > 1 ? 's' : ''}` : 'Ctrl-C to stop'}`);
        if (profile) notes.push(`checking payloads against the ${profile.displayName} profile`);
        if (opts.forward) notes.push(`relaying to ${opts.forward}`);
      }
      if (history && !output.json) notes.push(history.note);
      announce(output, bound, opts, notes, { history: history?.store.dir, ui: ui?.url });
      for (const s of bound.extra) s.on('error', (err: NodeJS.ErrnoException) => stop({ error: new WdError('FAILED', `the server stopped: ${err.code ?? err.message}`) }));
      server.on('error', (err: NodeJS.ErrnoException) => stop({ error: new WdError('FAILED', `the server stopped: ${err.code ?? err.message}`) }));
    }, reject);
  });
}

async function runRaw(opts: ListenOptions, output: Output): Promise<number> {
  const style = output.json ? undefined : await output.style();
  return new Promise<number>((resolve, reject) => {
    let closed = 0;
    let finished = false;
    let extra: Server[] = [];
    // Credential header values are masked as the bytes arrive (a line cut between reads included), unless --show-secrets.
    const maskers = new Map<number, RawStreamMasker>();
    const { server, twin, destroyAll } = createRawServer({
      idleMs: opts.timeout * 1000,
      maxBytes: opts.maxBody,
      onEvent(e: RawEvent) {
        if (finished) return;
        if (e.event === 'data' && !opts.showSecrets) {
          let masker = maskers.get(e.conn);
          if (!masker) maskers.set(e.conn, (masker = new RawStreamMasker()));
          const m = masker.mask(e.bytes);
          if (m.masked) e = { ...e, bytes: m.bytes, masked: true };
        } else if (e.event === 'close') maskers.delete(e.conn);
        if (!shows(opts, e.event)) { /* filtered by --only */ } else if (output.json) process.stdout.write(jsonLine(rawEventJson(e)) + '\n');
        else process.stdout.write(renderRawEvent(e, style!));
        if (e.event === 'close' && opts.count && ++closed >= opts.count) {
          finished = true;
          server.close();
          for (const s of extra) s.close();
          destroyAll();
          resolve(0);
        }
      },
    });
    process.stdout.on('error', () => { finished = true; server.close(); for (const s of extra) s.close(); destroyAll(); resolve(0); });
    bindHost(server, twin, opts.port, opts.host).then((bound) => {
      extra = bound.extra;
      bound.urls = bound.urls.map((u) => u.replace(/^http/, 'tcp'));
      announce(output, bound, opts, output.json ? [] : ['raw TCP capture: every byte is shown, nothing is answered; Ctrl-C to stop']);
      server.on('error', (err: NodeJS.ErrnoException) => { if (!finished) { finished = true; reject(new WdError('FAILED', `the server stopped: ${err.code ?? err.message}`)); } });
    }, reject);
  });
}
