// Making the headers a sender attaches, from the same recipes verify reads: the signature (HMAC, or
// Ed25519 / ECDSA with a private key), its prefix or `t=…,v1=…` list, and the timestamp and id headers.
import { createHash, randomBytes, sign as signAsymmetric } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { WdError } from '../errors.js';
import type { SignOptions } from './types.js';
import type { Recipe } from './recipe.js';
import { recipes } from './recipes/index.js';
import { digestBuffer, digestFile, digestStream, type DigestJob } from './digest.js';
import { hmacKey, privateKey } from './keys.js';
import { isFormBody, messageParts, queryParam, signedBody, type MessageParts } from './message.js';
import { signatureHeaders } from './read.js';

// Recipes signed over the whole body (public keys, form fields) read a file or stream up to this.
const WHOLE_LIMIT = 64 * 1024 * 1024;

/** A Svix-style message id: msg_ and 27 random base62-ish characters. */
export function newMessageId(): string {
  return 'msg_' + randomBytes(20).toString('base64url').replace(/[-_]/g, '').slice(0, 27);
}

interface Plan {
  recipe: Recipe;
  parts: MessageParts;
  job: DigestJob;
  timestampText?: string;
  id: string;
  opts: Omit<SignOptions, 'body'>;
}

function timestampText(recipe: Recipe, seconds: number): string | undefined {
  const rule = recipe.timestamp;
  if (!rule) return undefined;
  if (rule.format === 'unix-ms') return String(seconds * 1000);
  if (rule.format === 'rfc3339') return new Date(seconds * 1000).toISOString();
  return String(seconds);
}

function plan(opts: Omit<SignOptions, 'body'>): Plan {
  const recipe = opts.recipe ?? recipes[opts.scheme];
  if (recipe.signature.bodyPath) {
    throw new WdError('INPUT', `${recipe.name} signs inside the JSON body (${recipe.signature.bodyPath}), not in a header`, {
      hint: `webhook-doctor sign --scheme ${recipe.id} prints the fields to put in the body; verify a received one with webhook-doctor verify --body @event.json`,
    });
  }
  const seconds = Math.floor(opts.timestamp ?? Date.now() / 1000);
  const ts = timestampText(recipe, seconds);
  const id = opts.id ?? newMessageId();
  const parts = recipe.kind === 'token'
    ? { prefix: Buffer.alloc(0), suffix: Buffer.alloc(0), body: 'none' as const }
    : messageParts(recipe, { ...(ts !== undefined ? { timestampText: ts } : {}), id, ...(opts.url ? { url: opts.url } : {}), ...(opts.method ? { method: opts.method } : {}) });
  const job: DigestJob = { hash: recipe.hash, key: recipe.kind === 'hmac' ? hmacKey(recipe, opts.secret) : null, prefix: parts.prefix, suffix: parts.suffix };
  return { recipe, parts, job, ...(ts !== undefined ? { timestampText: ts } : {}), id, opts };
}

/** The signature value over the signed body, as the recipe encodes it. */
function signatureOf(p: Plan, body: Buffer | string): string {
  const { recipe } = p;
  if (recipe.kind === 'token') return p.opts.secret;
  if (recipe.bodyHashParam && !isFormBody(body) && queryParam(p.opts.url, recipe.bodyHashParam) === undefined) {
    // Twilio calls <url>?bodySHA256=<hex> for a JSON body: the signed URL must carry it, and so must the request.
    const u = new URL(p.opts.url!);
    u.searchParams.set(recipe.bodyHashParam, createHash('sha256').update(body).digest('hex'));
    throw new WdError('INPUT', `${recipe.name} signs a body that is not a form through ?${recipe.bodyHashParam}= in the URL, and this URL has none`, {
      hint: `sign and send to --url ${u.href} (or send a form body, as ${recipe.name} does for most webhooks)`,
    });
  }
  const signed = signedBody(p.parts, body);
  if (recipe.kind === 'hmac') return digestBuffer(p.job, signed).toString(recipe.encoding);
  const message = Buffer.concat([p.parts.prefix, typeof signed === 'string' ? Buffer.from(signed, 'utf8') : signed, p.parts.suffix]);
  const key = privateKey(recipe, p.opts.secret);
  const sig = recipe.kind === 'ed25519' ? signAsymmetric(null, message, key) : signAsymmetric(recipe.hash, message, { key, dsaEncoding: 'der' });
  return sig.toString(recipe.encoding);
}

function headersFor(p: Plan, signature: string): Array<[string, string]> {
  const { recipe } = p;
  const out: Array<[string, string]> = [];
  if (recipe.messageId) out.push([recipe.messageId.headers[0]!, p.id]);
  const tsHeader = recipe.timestamp?.headers?.[0];
  if (tsHeader && p.timestampText !== undefined) out.push([tsHeader, p.timestampText]);
  const spec = signatureHeaders(recipe, p.opts.header)[0]!;
  const list = recipe.signature.list;
  let value: string;
  if (list) {
    const items = [`${list.key}${list.pairSeparator}${signature}`];
    if (list.timestampKey && p.timestampText !== undefined) items.unshift(`${list.timestampKey}${list.pairSeparator}${p.timestampText}`);
    value = items.join(list.itemSeparator);
  } else {
    value = `${spec.prefix ?? ''}${signature}`;
  }
  out.push([spec.name, value]);
  return out;
}

/**
 * For a sender that signs inside the JSON body (Mailgun): the fields to put in it, by dotted path
 * (signature.timestamp, signature.token, signature.signature). Throws WdError for a header-signing recipe.
 */
export function signBodyFields(opts: Omit<SignOptions, 'body'>): Array<[string, string]> {
  const recipe = opts.recipe ?? recipes[opts.scheme];
  const sigPath = recipe.signature.bodyPath;
  if (!sigPath || recipe.kind !== 'hmac') throw new WdError('INPUT', `${recipe.name} signs in headers: use signBody`);
  const seconds = Math.floor(opts.timestamp ?? Date.now() / 1000);
  const ts = timestampText(recipe, seconds);
  const token = opts.id ?? randomBytes(25).toString('hex');
  const parts = messageParts(recipe, { ...(ts !== undefined ? { timestampText: ts } : {}), token });
  const digest = digestBuffer({ hash: recipe.hash, key: hmacKey(recipe, opts.secret), prefix: parts.prefix, suffix: parts.suffix }, '');
  const out: Array<[string, string]> = [];
  if (recipe.timestamp?.bodyPath && ts !== undefined) out.push([recipe.timestamp.bodyPath, ts]);
  if (recipe.token) out.push([recipe.token.bodyPath, token]);
  out.push([sigPath, digest.toString(recipe.encoding)]);
  return out;
}

/** The headers to send with `body`, in order. Throws WdError for an unusable secret or key, or a missing URL. */
export function signBody(opts: SignOptions): Array<[string, string]> {
  const p = plan(opts);
  return headersFor(p, signatureOf(p, opts.body));
}

const tooLarge = (recipe: Recipe) => new WdError('INPUT', `the body is over ${WHOLE_LIMIT / 1024 / 1024} MiB: ${recipe.name} is signed over the whole body in memory`);

const streamsRaw = (p: Plan) => p.recipe.kind === 'hmac' && p.parts.body === 'raw';

/** signBody for a body in a file, streamed when the recipe allows. */
export async function signFile(path: string, opts: Omit<SignOptions, 'body'>): Promise<Array<[string, string]>> {
  const p = plan(opts);
  if (!streamsRaw(p)) {
    const { size } = await stat(path);
    if (size > WHOLE_LIMIT) throw tooLarge(p.recipe);
    return headersFor(p, signatureOf(p, await readFile(path)));
  }
  const { digests } = await digestFile(path, [p.job]);
  return headersFor(p, digests[0]!.toString(p.recipe.encoding));
}

/** signBody for a body arriving once on a stream (stdin). */
export async function signStream(stream: AsyncIterable<Buffer | string>, opts: Omit<SignOptions, 'body'>): Promise<Array<[string, string]>> {
  const p = plan(opts);
  if (!streamsRaw(p)) {
    const { kept } = await digestStream(stream, [], WHOLE_LIMIT);
    if (!kept) throw tooLarge(p.recipe);
    return headersFor(p, signatureOf(p, kept));
  }
  const { digests } = await digestStream(stream, [p.job], 0);
  return headersFor(p, digests[0]!.toString(p.recipe.encoding));
}
