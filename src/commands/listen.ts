// `webhook-doctor listen [port]`: parse the options, start the capture server (or the raw TCP one),
// and hand every capture to the screen, --save, --har; stop after --count or when it can no longer serve.
import { mkdirSync, readFileSync } from 'node:fs';
import { networkInterfaces } from 'node:os';
import type { AddressInfo, Server } from 'node:net';
import { z } from 'zod';
import { WdError, inputError, usageError } from '../errors.js';
import type { Finding } from '../findings.js';
import { parseOptions, type CommandInput } from '../options.js';
import { getProfile, loadProfile, type Profile } from '../profiles/index.js';
import { createOutput, type Output } from '../ui/output.js';
import { isRetryAfter, parseChaos, parseSize } from '../capture/answer.js';
import type { Capture } from '../capture/capture.js';
import { createPipeline, type CaptureRecord } from '../capture/pipeline.js';
import { closeForward, type ForwardConfig } from '../capture/forward.js';
import { createCaptureServer, type ConnectionProblem } from '../capture/server.js';
import { createRawServer, type RawEvent } from '../capture/raw.js';
import { writeCapture } from '../capture/saved.js';
import { createHarWriter, harEntry } from '../capture/har.js';
import { loadPayloadCheck } from '../capture/payload-schema.js';
import { openRecorder } from '../history/recorder.js';
import type { Inspector } from '../inspector/server.js';
import { createRecordWriter, problemJson, rawEventJson, recordJson, renderProblem, renderRawEvent, renderRecord } from '../ui/listen.js';

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
});

type ListenOptions = z.output<typeof optionsSchema>;

export async function run(input: CommandInput): Promise<number> {
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
  const { findHandshake } = await import('../capture/handshakes.js');
  const own = profile?.handshake ? findHandshake(profile.handshake) : undefined;
  return createHandshakeHook({
    ...(own ? { only: [own] } : {}),
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
      throw inputError(`--forward-cacert: cannot read ${opts.forwardCacert} (${(err as NodeJS.ErrnoException).code ?? 'unreadable'})`, 'give a PEM file with the CA certificate that signed the app\'s certificate');
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
    throw new WdError('INPUT', `--body: cannot read ${body.slice(1)} (${(err as NodeJS.ErrnoException).code ?? 'unreadable'})`, { hint: 'write --body @path/to/file or the body text itself' });
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

/** Listen, or turn the bind failure into one clear line with a hint (exit 2). */
function bind(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException) => {
      server.off('listening', onListening);
      if (err.code === 'EADDRINUSE') {
        reject(new WdError('USAGE', `port ${port} on ${host} is already in use`, { hint: `stop what holds it (see: lsof -i :${port}) or pick another port; 0 picks a free one` }));
      } else if (err.code === 'EACCES') {
        reject(new WdError('USAGE', `no permission to listen on port ${port}`, { hint: 'ports below 1024 need privileges; use 8080 or 0 for a free one' }));
      } else if (err.code === 'EADDRNOTAVAIL' || err.code === 'ENOTFOUND') {
        reject(new WdError('USAGE', `cannot bind ${host}: no such address on this machine`, { hint: 'use 127.0.0.1 (default) or 0.0.0.0 for every interface' }));
      } else {
        reject(new WdError('FAILED', `cannot listen on ${host}:${port}: ${err.code ?? err.message}`));
      }
    };
    const onListening = () => { server.off('error', onError); resolve(); };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, host);
  });
}

function announce(output: Output, url: string, opts: ListenOptions, notes: string[], extra: { history?: string; ui?: string } = {}) {
  if (output.json) output.emitJson({ event: 'listening', url, raw: opts.raw, ...(extra.history ? { history: extra.history } : {}), ...(extra.ui ? { ui: extra.ui } : {}) }, { ndjson: true });
  else output.out(`listening on ${url}${extra.ui ? `\ninspector on ${extra.ui}` : ''}`);
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
    const har = opts.har ? createHarWriter(opts.har, version) : undefined;
    const records = createRecordWriter();
    const onExit = () => { try { har?.flushSync(); } catch { /* exiting anyway */ } };
    if (har) process.on('exit', onExit);

    const stop = (result: { code: number } | { error: unknown }) => {
      if (finished) return;
      finished = true;
      records.close();
      history?.close();
      if (forward) void closeForward(forward);
      server.close();
      server.closeAllConnections();
      void ui?.close();
      void saving
        .then(() => har?.flush())
        .then(() => {
          process.off('exit', onExit);
          if ('code' in result) resolve(result.code);
          else reject(result.error);
        }, (err) => reject(new WdError('FAILED', `could not write --har ${opts.har}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`)));
    };
    const counted = () => {
      seen++;
      if (opts.count && seen >= opts.count) stop({ code: 0 });
    };

    const server = createCaptureServer({
      maxBodyBytes: opts.maxBody,
      timeouts: { requestMs: opts.timeout * 1000, keepAliveMs: 5000 },
      handlers: {
        reply: (capture) => pipeline.reply(capture),
        answered(capture, reply, ms) {
          if (finished) return;
          const record: CaptureRecord = pipeline.record(capture, reply, ms);
          records.push(output.json ? JSON.stringify(recordJson(record, opts)) + '\n' : renderRecord(record, style!, opts) + '\n');
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
        problem(p: ConnectionProblem) {
          if (finished) return;
          records.push(output.json ? JSON.stringify(problemJson(p)) + '\n' : renderProblem(p, style!) + '\n');
          if (p.kind === 'malformed') counted();
        },
      },
    });

    process.stdout.on('error', (err: NodeJS.ErrnoException) => {
      // Nobody reads our output any more (`listen --json | head -1`): stop quietly.
      if (err.code === 'EPIPE') stop({ code: 0 });
      else stop({ error: new WdError('FAILED', `cannot write output: ${err.code ?? err.message}`) });
    });

    bind(server, opts.port, opts.host).then(async () => {
      url = urlFor(server, opts.host);
      if (opts.ui !== undefined) {
        // The page shows what the history holds: this run's captures as they arrive, and earlier ones.
        const { serveInspector } = await import('../inspector/serve.js');
        ui = await serveInspector({ store: history!.store, port: opts.ui === true ? 0 : opts.ui, title: `listen on ${url}`, captureUrl: url, profile: opts.profile, version })
          .catch((err: unknown) => { server.close(); throw err; });
      }
      const notes: string[] = [];
      if (!output.json) {
        notes.push(`point the sender at ${url}/ (any path); ${opts.count ? `stopping after ${opts.count} request${opts.count > 1 ? 's' : ''}` : 'Ctrl-C to stop'}`);
        if (profile) notes.push(`checking payloads against the ${profile.displayName} profile`);
        if (opts.forward) notes.push(`relaying to ${opts.forward}`);
      }
      if (history && !output.json) notes.push(history.note);
      announce(output, url, opts, notes, { history: history?.store.dir, ui: ui?.url });
      server.on('error', (err: NodeJS.ErrnoException) => stop({ error: new WdError('FAILED', `the server stopped: ${err.code ?? err.message}`) }));
    }, reject);
  });
}

async function runRaw(opts: ListenOptions, output: Output): Promise<number> {
  const style = output.json ? undefined : await output.style();
  return new Promise<number>((resolve, reject) => {
    let closed = 0;
    let finished = false;
    const { server, destroyAll } = createRawServer({
      idleMs: opts.timeout * 1000,
      maxBytes: opts.maxBody,
      onEvent(e: RawEvent) {
        if (finished) return;
        if (output.json) process.stdout.write(JSON.stringify(rawEventJson(e)) + '\n');
        else process.stdout.write(renderRawEvent(e, style!));
        if (e.event === 'close' && opts.count && ++closed >= opts.count) {
          finished = true;
          server.close();
          destroyAll();
          resolve(0);
        }
      },
    });
    process.stdout.on('error', () => { finished = true; server.close(); destroyAll(); resolve(0); });
    bind(server, opts.port, opts.host).then(() => {
      const url = urlFor(server, opts.host).replace(/^http/, 'tcp');
      announce(output, url, opts, output.json ? [] : ['raw TCP capture: every byte is shown, nothing is answered; Ctrl-C to stop']);
      server.on('error', (err: NodeJS.ErrnoException) => { if (!finished) { finished = true; reject(new WdError('FAILED', `the server stopped: ${err.code ?? err.message}`)); } });
    }, reject);
  });
}
