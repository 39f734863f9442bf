// `webhook-doctor doctor [url]`: check a receiver end to end and print a report card; with no URL,
// start the built-in receiver and check that.
import { readFileSync } from 'node:fs';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { WdError, inputError, usageError } from '../errors.js';
import { choiceOption, flagOption, numberOption, textOption, unreadableFile, type CommandInput } from '../options.js';
import { loadProfile, type Profile } from '../profiles/index.js';
import { createOutput } from '../ui/output.js';
import { startProgress } from '../ui/spinner.js';
import { renderMarkdown, renderReportCard, reportJson } from '../ui/doctor.js';
import { createDoctorContext, runDoctor } from '../doctor/run.js';
import { redactUrl } from '../doctor/check-url.js';
import type { Signer } from '../doctor/context.js';
import { deliver, createDispatcher } from '../http/deliver.js';
import { checkPem } from '../http/dispatcher.js';
import { userAgentFor } from '../http/user-agent.js';
import { signBody, SCHEME_NAMES, recipeFor, type SchemeName } from '../signatures/index.js';
import { sampleBody } from '../profiles/index.js';
import { startBuiltinReceiver, type BuiltinReceiver } from '../capture/builtin-receiver.js';

interface DoctorCommandOptions {
  profile: string;
  secret?: string;
  scheme?: SchemeName;
  token?: string;
  cacert?: string;
  cert?: string;
  key?: string;
  timeout?: number;
  verifyToken?: string;
  burst: boolean;
  markdown: boolean;
  json: boolean;
}

function parseDoctorOptions(opts: Record<string, unknown>): DoctorCommandOptions {
  const o: DoctorCommandOptions = {
    profile: textOption('profile', opts.profile) ?? 'generic',
    burst: flagOption(opts.burst) ?? true,
    markdown: flagOption(opts.markdown) ?? false,
    json: flagOption(opts.json) ?? false,
  };
  const optional = {
    secret: textOption('secret', opts.secret, { nonEmpty: true }),
    scheme: choiceOption('scheme', opts.scheme, SCHEME_NAMES),
    token: textOption('token', opts.token, { nonEmpty: true }),
    cacert: textOption('cacert', opts.cacert, { nonEmpty: true }),
    cert: textOption('cert', opts.cert, { nonEmpty: true }),
    key: textOption('key', opts.key, { nonEmpty: true }),
    verifyToken: textOption('verify-token', opts.verifyToken, { nonEmpty: true }),
    timeout: numberOption('timeout', opts.timeout, undefined, { min: 0, minExclusive: true, max: 300, unit: 'seconds', maxMessage: 'at most 300 seconds (the longest any sender waits)' }),
  };
  for (const [k, v] of Object.entries(optional)) if (v !== undefined) (o as unknown as Record<string, unknown>)[k] = v;
  return o;
}

function parseTarget(raw: unknown): URL | undefined {
  if (raw === undefined || raw === '') return undefined;
  let url: URL;
  try {
    url = new URL(String(raw));
  } catch {
    throw usageError(`not a URL: ${String(raw)}`, 'give the full URL, e.g. https://example.com/hooks');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw usageError(`doctor checks http:// and https:// URLs, not ${url.protocol}`, 'e.g. https://example.com/hooks');
  }
  return url;
}

function readCa(path: string | undefined): Buffer | undefined {
  if (!path) return undefined;
  let pem: Buffer;
  try {
    pem = readFileSync(path);
  } catch (e) {
    throw unreadableFile('--cacert', path, e, 'give a PEM file with the CA certificate');
  }
  return checkPem(pem, '--cacert', path);
}

function readPemFile(path: string, flag: string): Buffer {
  let pem: Buffer;
  try {
    pem = readFileSync(path);
  } catch (e) {
    throw unreadableFile(flag, path, e, `${flag} takes a PEM file`);
  }
  return checkPem(pem, flag, path);
}

/** A throwaway secret for the built-in receiver, so its signature checks run too: a key pair for public-key recipes. */
function throwawaySecret(scheme: SchemeName): { sign: string; verify: string } {
  const kind = recipeFor(scheme).kind;
  if (kind === 'ed25519' || kind === 'ecdsa-p256') {
    const pair = kind === 'ed25519' ? generateKeyPairSync('ed25519') : generateKeyPairSync('ec', { namedCurve: 'P-256' });
    return { sign: pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), verify: pair.publicKey.export({ type: 'spki', format: 'pem' }).toString() };
  }
  const secret = recipeFor(scheme).secret === 'whsec' ? 'whsec_' + randomBytes(24).toString('base64') : 'wd_test_' + randomBytes(16).toString('hex');
  return { sign: secret, verify: secret };
}

function makeSigner(scheme: SchemeName, secret: string, profile: Profile, url: URL): Signer {
  const header = profile.signature && profile.signature.scheme === scheme ? profile.signature.header : undefined;
  // Recipes that sign the URL (Twilio, Square, HubSpot, Trello) sign the one doctor calls.
  return (body, o = {}) => signBody({ scheme, secret, body, timestamp: o.timestamp, header, url: url.href, method: 'POST' });
}

export async function run(input: CommandInput): Promise<number> {
  const opts = parseDoctorOptions({
    ...input.opts,
    secret: input.opts.secret ?? (process.env.WEBHOOK_DOCTOR_SECRET || undefined),
    token: input.opts.token ?? (process.env.WEBHOOK_DOCTOR_TOKEN || undefined),
    verifyToken: input.opts.verifyToken ?? (process.env.WEBHOOK_DOCTOR_VERIFY_TOKEN || undefined),
  });
  if (opts.json && opts.markdown) throw usageError('--json and --markdown cannot be used together', 'pick one output format');
  const target = parseTarget(input.args[0]);
  const profile = await loadProfile(opts.profile);
  const ca = readCa(opts.cacert);
  if ((opts.cert === undefined) !== (opts.key === undefined)) throw usageError('--cert and --key go together', 'give the client certificate and its key, both PEM files');
  const clientCert = opts.cert && opts.key ? { cert: readPemFile(opts.cert, '--cert'), key: readPemFile(opts.key, '--key') } : undefined;
  if (opts.scheme && !opts.secret && target) {
    throw new WdError('INPUT', '--scheme needs --secret', { hint: 'give the signing secret the receiver verifies with: --secret <s>' });
  }
  const scheme = (opts.scheme ?? profile.signature?.scheme ?? 'hmac-sha256') as SchemeName;
  const output = createOutput({ json: opts.json });

  let receiver: BuiltinReceiver | undefined;
  let secret = opts.secret;
  let verifyToken = opts.verifyToken;
  const handshake = profile.handshake ? (await import('../capture/handshakes.js')).findHandshake(profile.handshake) : undefined;
  if (!target) {
    const made = opts.secret === undefined ? throwawaySecret(scheme) : { sign: opts.secret, verify: opts.secret };
    secret = made.sign;
    if (handshake?.verifyToken) verifyToken ??= 'wd_verify_' + randomBytes(8).toString('hex');
    // Zoom's handshake answer is keyed with the Secret Token itself.
    receiver = await startBuiltinReceiver({ secret: made.verify, handshakeSecret: made.sign, scheme, profile, ...(verifyToken ? { verifyToken } : {}) });
  }
  const url = target ?? new URL(receiver!.url);
  // A recipe that cannot sign this profile's sample (Mailgun signs inside the body; Twilio signs a JSON
  // body through ?bodySHA256= in the URL) is one clear line now, not a failed check later.
  if (secret) {
    try {
      makeSigner(scheme, secret, profile, url)(sampleBody(profile));
    } catch (err) {
      await receiver?.close();
      throw err;
    }
  }
  // The built-in receiver is on loopback: an HTTPS_PROXY in the environment must not carry its requests away.
  // The same files the requests use (createDispatcher checks they are PEM and make a TLS context together).
  const dispatcher = createDispatcher({ cacert: ca, ...(clientCert ? clientCert : {}), ...(receiver ? { env: {} } : {}) });
  const shownUrl = redactUrl(url);
  const progress = await startProgress(output, `checking ${shownUrl}`);
  try {
    const ctx = createDoctorContext({
      url,
      profile,
      builtin: receiver !== undefined,
      budgetSeconds: opts.timeout,
      signer: secret ? makeSigner(scheme, secret, profile, url) : undefined,
      scheme,
      token: opts.token,
      ca,
      ...(clientCert ? { clientCert } : {}),
      burstSize: opts.burst ? undefined : 0,
      ...(handshake ? { handshake } : {}),
      ...(secret ? { secret } : {}),
      ...(verifyToken ? { verifyToken } : {}),
      deliver: (req) => deliver(req, { dispatcher, userAgent: userAgentFor(profile) }),
    });
    const report = await runDoctor(ctx, (check, i, total) => progress.update(`${check.label} (${i + 1}/${total}) ${shownUrl}`));
    progress.stop();
    if (receiver && !opts.secret) report.notes.push(`signatures checked with a throwaway ${scheme} secret made for this run`);
    if (opts.json) output.emitJson(reportJson(report));
    else if (opts.markdown) output.out(renderMarkdown(report));
    else output.out(await renderReportCard(output, report));
    return report.ok ? 0 : 1;
  } finally {
    progress.stop();
    await dispatcher.close();
    await receiver?.close();
  }
}
