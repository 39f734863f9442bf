// `webhook-doctor send [url]`: compose the request a sender would make, check the body, deliver it with
// undici (retries, timings), and show what happened; with no URL, to the built-in loopback receiver.
import { readFile } from 'node:fs/promises';
import { RECIPE_IDS } from '../signatures/recipes/ids.js';
import { WdError, exitCodeFor, isWdError } from '../errors.js';
import { checkWritableFolder, choiceOption, flagOption, listOption, numberOption, optionError, textOption, unreadableFile, type CommandInput } from '../options.js';
import { loadProfile, sampleBody, spoolProfileRef, type Profile } from '../profiles/index.js';
import type { Attempt, Delivery, DeliveryRequest, HeaderList } from '../http/delivery.js';
import type { SchemeName } from '../signatures/types.js';
import { createDispatcher, deliver, type Dispatcher } from '../http/deliver.js';
import { userAgentFor } from '../http/user-agent.js';
import { mayBeMixup } from '../http/error-code.js';
import { invalidJsonError } from '../http/json-check.js';
import { composeHeaders, parseHeaderArg } from '../http/outgoing.js';
import { createOutput, type Output } from '../ui/output.js';
import { startProgress, type Progress } from '../ui/spinner.js';
import { attemptLine, deliveryJson, formatMs, renderDelivery, shownHeaders, stylesFor, verboseTranscript, type ShowOptions } from '../ui/delivery.js';

// The recipe ids alone (a list of names): the recipes load only when send signs.
const schemes = RECIPE_IDS;
type Scheme = (typeof schemes)[number];

interface SendOptions {
  profile: string;
  data?: string;
  header: string[];
  token?: string;
  secret?: string;
  scheme?: Scheme;
  signatureHeader?: string;
  method: string;
  timeout: number;
  retries: number;
  spool?: string;
  repeat?: number;
  rate?: string;
  proxy?: string;
  cacert?: string;
  cert?: string;
  key?: string;
  insecure?: boolean;
  verbose?: boolean;
  printCurl?: boolean;
  showSecrets?: boolean;
  json?: boolean;
}

// Checked with the light rules of options.ts, not zod: loading zod costs more than the whole POST, and
// `send` is the command a user types again and again.
function parseSendOptions(opts: Record<string, unknown>): SendOptions {
  const nonEmpty = (flag: string, raw: unknown) => textOption(flag, raw, { nonEmpty: true });
  const method = textOption('method', opts.method) ?? 'POST';
  if (!/^[A-Za-z]+$/.test(method)) throw optionError('method', 'an HTTP method such as POST or PUT');
  const o: SendOptions = {
    profile: textOption('profile', opts.profile) ?? 'generic',
    header: listOption(opts.header),
    method: method.toUpperCase(),
    timeout: numberOption('timeout', opts.timeout, 30, { min: 0, minExclusive: true, max: 300, unit: 'seconds', maxMessage: 'at most 300 seconds (the longest any sender waits)' }),
    retries: numberOption('retries', opts.retries, 0, { int: true, min: 0, max: 20 }),
  };
  const optional: Record<string, string | number | boolean | undefined> = {
    data: textOption('data', opts.data),
    token: nonEmpty('token', opts.token),
    secret: nonEmpty('secret', opts.secret),
    scheme: choiceOption('scheme', opts.scheme, schemes),
    signatureHeader: nonEmpty('signature-header', opts.signatureHeader),
    spool: nonEmpty('spool', opts.spool),
    repeat: numberOption('repeat', opts.repeat, undefined, { int: true, min: 1, max: 10_000 }),
    rate: textOption('rate', opts.rate),
    proxy: nonEmpty('proxy', opts.proxy),
    cacert: nonEmpty('cacert', opts.cacert),
    cert: nonEmpty('cert', opts.cert),
    key: nonEmpty('key', opts.key),
    insecure: flagOption(opts.insecure),
    verbose: flagOption(opts.verbose),
    printCurl: flagOption(opts.printCurl),
    showSecrets: flagOption(opts.showSecrets),
    json: flagOption(opts.json),
  };
  for (const [k, v] of Object.entries(optional)) if (v !== undefined) (o as unknown as Record<string, unknown>)[k] = v;
  return o;
}

async function readStdin(): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** -d: a literal, @file or @- (stdin), as the exact bytes to send. */
async function readData(data: string): Promise<{ body: Buffer; source: string }> {
  if (data === '@-') return { body: await readStdin(), source: 'stdin' };
  if (data.startsWith('@')) {
    const path = data.slice(1);
    try {
      return { body: await readFile(path), source: path };
    } catch (err) {
      throw unreadableFile('-d', path, err, '-d @file reads the body from a file; -d @- reads stdin; anything else is sent as written');
    }
  }
  return { body: Buffer.from(data, 'utf8'), source: '-d' };
}

function formatBytes(n: number): string {
  if (n >= 1_000_000) return `${+(n / 1_000_000).toFixed(2)} MB`;
  if (n >= 1000) return `${+(n / 1000).toFixed(1)} kB`;
  return `${n} bytes`;
}

function checkBody(body: Buffer, contentType: string, source: string, profile: Profile): void {
  if (/\bjson\b/i.test(contentType)) {
    const invalid = invalidJsonError(body, source);
    if (invalid) throw invalid;
  }
  const limit = profile.payloadLimitBytes;
  if (limit != null && body.length > limit) {
    throw new WdError('INPUT', `the body is ${formatBytes(body.length)} (${body.length} bytes), over ${profile.displayName}'s limit of ${formatBytes(limit)} (${limit} bytes)`, {
      hint: `${profile.displayName} would not send it: split the payload or send fewer events per request (webhook-doctor explain 413)`,
    });
  }
}

/** The scheme a send signs with: --scheme, else the profile's; undefined when the profile does not sign. */
const schemeFor = (o: SendOptions, profile: Profile) => o.scheme ?? profile.signature?.scheme;

async function signatureHeaders(o: SendOptions, profile: Profile, body: Buffer, output: Output, url: string): Promise<HeaderList | undefined> {
  const secret = o.secret ?? process.env.WEBHOOK_DOCTOR_SECRET;
  if (!secret) {
    if (o.scheme) throw new WdError('INPUT', `--scheme ${o.scheme} needs a secret to sign with`, { hint: 'add --secret <secret> or set WEBHOOK_DOCTOR_SECRET' });
    return undefined;
  }
  const scheme = schemeFor(o, profile);
  if (!scheme) {
    if (o.secret === undefined) {
      // The secret came from the environment, perhaps meant for another sender: say it is not used, not fail (as flush does).
      output.err(`note: WEBHOOK_DOCTOR_SECRET is set, but the ${profile.name} profile does not sign: the request goes out unsigned (add --scheme to sign it)`);
      return undefined;
    }
    throw new WdError('USAGE', `the ${profile.name} profile does not sign its webhooks: say how with --scheme`, { hint: `--scheme github|stripe|slack|twilio|… (webhook-doctor verify --help lists all ${schemes.length})` });
  }
  const header = o.signatureHeader ?? (scheme === 'hmac-sha256' ? profile.signature?.header : undefined);
  const { signBody } = await import('../signatures/sign.js');
  // Recipes that sign the URL (Twilio, Square, HubSpot, Trello) sign the one this request goes to.
  return signBody({ scheme, secret, body, url, method: o.method, ...(header ? { header } : {}) });
}

async function buildRequest(o: SendOptions, url: string, profile: Profile, output: Output) {
  const userHeaders: HeaderList = [];
  for (const line of o.header) {
    const pair = parseHeaderArg(line);
    if (!pair) throw new WdError('USAGE', `-H "${line}" is not a header`, { hint: 'write it as -H "Name: value"' });
    userHeaders.push(pair);
  }
  const { body, source } = o.data !== undefined ? await readData(o.data) : { body: sampleBody(profile), source: `the ${profile.name} sample` };
  const contentType = userHeaders.find(([k]) => k.toLowerCase() === 'content-type')?.[1] ?? profile.contentType;
  checkBody(body, contentType, source, profile);
  const token = o.token ?? process.env.WEBHOOK_DOCTOR_TOKEN;
  const signature = await signatureHeaders(o, profile, body, output, url);
  // The sender's own event headers (X-GitHub-Event …), unless -H or the signature sets the same name.
  const taken = new Set([...userHeaders, ...(signature ?? [])].map(([k]) => k.toLowerCase()));
  const eventHeaders: HeaderList = (profile.eventHeaders ?? []).filter(([k]) => !taken.has(k.toLowerCase())).map(([k, v]) => [k, v]);
  const { headers, secretHeaders } = composeHeaders({
    body,
    contentType: profile.contentType,
    headers: [...eventHeaders, ...userHeaders],
    ...(token ? { token } : {}),
    ...(profile.auth.style === 'header' && profile.auth.header ? { tokenHeader: profile.auth.header } : {}),
    ...(signature ? { signature } : {}),
  });
  const request: DeliveryRequest = { url, method: o.method, headers, body, timeoutMs: Math.round(o.timeout * 1000) };
  // What may be written to a spool: the content type and the user's own non-secret headers; never a credential or signature.
  const spoolHeaders = headers.filter(([k]) => !secretHeaders.has(k.toLowerCase()) && (k.toLowerCase() === 'content-type' || userHeaders.some(([u]) => u === k)));
  return { request, secretHeaders, spoolHeaders, source };
}

function checkUrl(url: string): void {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new WdError('USAGE', `not a URL: ${url}`, { hint: 'give the full webhook URL, e.g. https://example.com/hooks' });
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new WdError('USAGE', `unsupported URL scheme ${parsed.protocol} in ${url}`, { hint: 'webhooks are delivered over http:// or https://' });
  }
}

export async function run(input: CommandInput): Promise<number> {
  const o = parseSendOptions(input.opts);
  const output = createOutput({ json: o.json });
  const profile = await loadProfile(o.profile);
  const givenUrl = input.args[0] as string | undefined;
  if (givenUrl !== undefined) checkUrl(givenUrl);
  if (o.printCurl && givenUrl === undefined) throw new WdError('USAGE', '--print-curl needs a URL', { hint: 'webhook-doctor send https://example.com/hooks --print-curl' });
  if ((o.cert === undefined) !== (o.key === undefined)) throw new WdError('USAGE', '--cert and --key go together', { hint: 'give the client certificate and its key, both PEM files' });
  let ratePerSecond: number | undefined;
  if (o.rate !== undefined) {
    const burst = await import('../http/burst.js');
    ratePerSecond = burst.ratePerSecond(o.rate);
    if (ratePerSecond === undefined) throw new WdError('USAGE', `--rate: cannot read "${o.rate}"`, { hint: 'e.g. --rate 5/s or --rate 50/min' });
    if (o.repeat === undefined) throw new WdError('USAGE', '--rate paces repeated sends: add --repeat <n>', { hint: 'e.g. --repeat 20 --rate 5/s' });
  }

  // A burst measures how the receiver copes; retrying or spooling each of its requests would hide that.
  // Said up front rather than ignored, so nobody believes failed burst requests were queued.
  if (o.repeat !== undefined && o.repeat > 1 && (o.spool !== undefined || o.retries > 0)) {
    throw new WdError('USAGE', `--repeat sends a burst once each; it does not take ${o.spool !== undefined ? '--spool' : '--retries'}`, {
      hint: 'send one payload with --retries/--spool, or measure a burst with --repeat <n> [--rate <n/s>]',
    });
  }

  // The spool is checked before anything is sent: a failed delivery must have somewhere to go.
  if (o.spool !== undefined && givenUrl !== undefined) await checkWritableFolder(o.spool, '--spool');

  // No URL: a built-in loopback receiver, started before the request is built so the URL is known.
  const receiver = givenUrl === undefined ? await startReceiver(o, profile, output) : undefined;
  const url = givenUrl ?? receiver!.url;
  try {
    const built = await buildRequest(o, url, profile, output);
    const ran = { ...(o.data !== undefined ? { data: o.data } : {}), ...(o.profile !== 'generic' ? { profile: o.profile } : {}), ...(o.timeout !== 30 ? { timeout: o.timeout } : {}) };
    const show: ShowOptions = { secretHeaders: built.secretHeaders, showSecrets: Boolean(o.showSecrets), ran, ...(o.proxy ? { proxy: o.proxy } : {}) };

    if (o.printCurl) {
      const { toCurl } = await import('../http/curl-command.js');
      const masked = !o.showSecrets && built.request.headers.some(([k]) => built.secretHeaders.has(k.toLowerCase()));
      output.out(toCurl(built.request, {
        showHeader: (k, v) => shownHeaders([[k, v]], show)[0]![1],
        ...(o.proxy ? { proxy: o.proxy } : {}),
        ...(o.cacert ? { cacert: o.cacert } : {}),
        ...(o.cert ? { cert: o.cert } : {}),
        ...(o.key ? { key: o.key } : {}),
        ...(o.insecure ? { insecure: true } : {}),
        userAgent: userAgentFor(profile),
      }));
      if (masked) output.err('note: the credential is masked; add --show-secrets for a command that replays as is');
      return 0;
    }

    const dispatcher = createDispatcher({
      ...(o.proxy ? { proxy: o.proxy } : {}),
      ...(o.cacert ? { cacert: o.cacert } : {}),
      ...(o.cert ? { cert: o.cert } : {}),
      ...(o.key ? { key: o.key } : {}),
      ...(o.insecure ? { insecure: true } : {}),
      // The built-in receiver is on loopback: a proxy from the environment must not carry it away.
      ...(receiver ? { env: {} } : {}),
    });
    try {
      if (o.repeat !== undefined && o.repeat > 1) return await sendBurst(o, built.request, dispatcher, output, ratePerSecond, userAgentFor(profile));
      return await sendOnce(o, profile, built, dispatcher, output, show, receiver !== undefined);
    } finally {
      // Closing waits for nothing but idle sockets; destroy so a dangling connect cannot hold the exit.
      void dispatcher.destroy().catch(() => {});
    }
  } finally {
    await receiver?.close();
  }
}

async function startReceiver(o: SendOptions, profile: Profile, output: Output) {
  const { startBuiltinReceiver } = await import('../capture/builtin-receiver.js');
  // The receiver checks a signature only when the request will carry one (an environment secret the profile
  // cannot sign with is not used: see signatureHeaders).
  const secret = o.secret ?? process.env.WEBHOOK_DOCTOR_SECRET;
  const signs = secret !== undefined && schemeFor(o, profile) !== undefined;
  const receiver = await startBuiltinReceiver({ profile, ...(secret && signs ? { secret } : {}), ...(o.scheme ? { scheme: o.scheme } : {}) });
  if (!output.json) output.out(`No URL given: sending to the built-in receiver at ${receiver.url}`);
  receiver.onRequest((c) => {
    if (output.json) return;
    output.out(`  ⇢ receiver got ${c.method} ${c.target}: ${c.body.length} bytes, ${c.rawHeaders.length} headers, answered ${c.status}`);
  });
  return receiver;
}

async function sendOnce(
  o: SendOptions,
  profile: Profile,
  built: Awaited<ReturnType<typeof buildRequest>>,
  dispatcher: Dispatcher,
  output: Output,
  show: ShowOptions,
  toReceiver: boolean,
): Promise<number> {
  const { request } = built;
  const total = o.retries + 1;
  const s = await stylesFor(output);
  if (!output.json) {
    output.out(`${s.bold(request.method ?? 'POST')} ${request.url}  ${s.dim(`${profile.name} profile · ${formatBytes(request.body?.length ?? 0)} from ${built.source} · timeout ${o.timeout} s${o.retries ? ` · up to ${o.retries} ${o.retries === 1 ? 'retry' : 'retries'}` : ''}`)}`);
  }
  let progress: Progress = await startProgress(output, `${request.method} ${request.url}`);
  const onAttempt = (a: Attempt) => {
    progress.stop();
    if (o.verbose) for (const line of verboseTranscript(request, a, show)) output.err(line);
    if (!output.json) output.out(attemptLine(a, total, s));
    if (a.waitMs !== undefined) void startProgress(output, `waiting ${formatMs(a.waitMs)} before attempt ${a.attempt + 1}`).then((p) => (progress = p));
  };
  const delivery: Delivery = await deliver(request, { retries: o.retries, dispatcher, onAttempt, userAgent: userAgentFor(profile) });
  progress.stop();
  if (!delivery.ok && delivery.error && !o.proxy) {
    // A reset or an OpenSSL record error may be a protocol mix-up: a probe in the other protocol proves it.
    const mixup = mayBeMixup(new URL(request.url).protocol, delivery.error.code)
      ? await (await import('../http/protocol-mixup.js')).recogniseMixup(request.url, delivery.error.code)
      : undefined;
    if (mixup) {
      Object.assign(delivery, { kb: mixup.kb, diagnosis: mixup.message });
      show.ran = { ...show.ran, url: mixup.fixedUrl }; // the fix commands use the URL that speaks the port's protocol
    }
  }

  let spooled: { id: string; path: string } | undefined;
  let notSpooled: string | undefined;
  if (!delivery.ok && o.spool && !toReceiver) {
    const { enqueue, failureOf } = await import('../spool/index.js');
    try {
      spooled = await enqueue(o.spool, { url: request.url, body: request.body ?? Buffer.alloc(0), headers: built.spoolHeaders, profile: o.profile ? spoolProfileRef(o.profile, profile) : profile.name, ...(request.method !== 'POST' ? { method: request.method } : {}), failure: failureOf(delivery) });
    } catch (e) {
      // Checked before sending, so this is the folder changing under us: the result says so, and how to keep the payload.
      notSpooled = `${(e as NodeJS.ErrnoException).code ?? 'error'}: ${(e as Error).message}`;
    }
  }

  if (output.json) {
    output.emitJson(await deliveryJson(delivery, show, { profile: profile.name, ...(spooled ? { spooled } : {}), ...(notSpooled ? { spooled: null, spoolError: notSpooled } : {}) }));
  } else {
    output.out('');
    output.out(await renderDelivery(output, delivery, show));
    if (notSpooled) {
      const { shellQuote } = await import('../ui/hints.js');
      const data = o.data !== undefined && o.data !== '@-' ? ` -d ${shellQuote(o.data)}` : o.data === undefined ? ` --profile ${profile.name}` : '';
      output.out('');
      output.out(`  ✖ NOT queued: the spool ${o.spool} could not be written (${notSpooled})`);
      output.out(`    keep the payload in another spool with: webhook-doctor queue add ./spool --url ${shellQuote(request.url)}${data}`);
    }
    if (spooled) {
      output.out('');
      output.out(`  queued in the spool as ${spooled.id} (no credential or signature written); deliver it later with:`);
      // The user's own secret headers (an API key, Basic auth) were not written either: flush adds them back with -H.
      // Pasteable: each credential as a shell variable to fill in (one from the environment flush reads itself).
      const envName = (header: string) => '$' + header.toUpperCase().replace(/[^A-Z0-9]+/g, '_');
      const dropped = o.header.map(parseHeaderArg).filter((h) => h && built.secretHeaders.has(h[0].toLowerCase())).map((h) => ` -H "${h![0]}: ${envName(h![0])}"`).join('');
      const { shellQuote } = await import('../ui/hints.js');
      output.out(`    webhook-doctor flush ${shellQuote(o.spool!)}${dropped}${o.token ? ' --token "$TOKEN"' : ''}${o.secret ? ` --secret "$SECRET"${o.scheme ? ` --scheme ${o.scheme}` : ''}` : o.scheme && process.env.WEBHOOK_DOCTOR_SECRET ? ` --scheme ${o.scheme}` : ''}`);
    }
  }
  return delivery.ok ? 0 : 1;
}

async function sendBurst(o: SendOptions, request: DeliveryRequest, dispatcher: Dispatcher, output: Output, ratePerSecond: number | undefined, userAgent: string): Promise<number> {
  const { runBurst, outcomeOf } = await import('../http/burst.js');
  const { renderBurst } = await import('../ui/delivery.js');
  const count = o.repeat!;
  if (!output.json) output.out(`${request.method} ${request.url} × ${count}${ratePerSecond ? ` at ${o.rate}` : ' at once'}`);
  const progress = await startProgress(output, `0/${count} sent`);
  let done = 0;
  const { deliveries, summary } = await runBurst(request, {
    count,
    ...(ratePerSecond ? { ratePerSecond } : {}),
    dispatcher,
    userAgent,
    retries: o.retries,
    onResult: (d, i) => {
      done++;
      progress.update(`${done}/${count} sent`);
      if (o.verbose && !output.json) output.err(`  #${i + 1} ${outcomeOf(d)} ${formatMs(d.timings.total)}`);
    },
  });
  progress.stop();
  if (output.json) {
    output.emitJson({
      ok: summary.failed === 0,
      url: request.url,
      method: request.method,
      repeat: count,
      rate: o.rate ?? null,
      summary,
      results: deliveries.map((d) => ({ status: d.response?.status ?? null, error: d.error ?? null, ms: d.timings.total, attempts: d.attempts.length, requestId: d.response?.requestId ?? null })),
    });
  } else {
    output.out(await renderBurst(output, summary));
    const retryAfter = deliveries.find((d) => d.response?.status === 429)?.response?.headers.find(([k]) => k.toLowerCase() === 'retry-after')?.[1];
    if (summary.outcomes['429']) output.out(`  the receiver rate-limited the burst (429${retryAfter ? `, Retry-After ${retryAfter}` : ''}): see webhook-doctor explain 429`);
  }
  return summary.failed === 0 ? 0 : 1;
}
