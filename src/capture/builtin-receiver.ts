// The built-in receiver: a careful webhook endpoint on 127.0.0.1 that `doctor` and `send` use when
// no URL is given. It behaves the way every doctor check wants a real receiver to behave.
import { createServer } from 'node:http';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Profile } from '../profiles/index.js';
import { isSchemeName, requestUrl, verifySignature } from '../signatures/index.js';
import { detectHandshake, findHandshake } from './handshakes.js';
import { planHandshakeAnswer } from './handshake-answer.js';

export interface BuiltinCapture {
  method: string;
  target: string;
  /** Header names and values exactly as received, in order. */
  rawHeaders: [string, string][];
  body: Buffer;
  receivedAt: string;
  /** The status the receiver answered with. */
  status: number;
}

export interface BuiltinReceiverOptions {
  /** When set, every POST must carry a valid signature made with this secret. */
  secret?: string;
  /** Signature scheme name, or 'auto' (default: the profile's scheme, else auto). */
  scheme?: string;
  profile?: Profile;
  port?: number;
  /** Meta's Verify Token, for the profile's handshake (the built-in answers the profile's handshake as required). */
  verifyToken?: string;
  /** The secret a handshake answer is made with (Zoom's Secret Token), when it is not the signing secret. */
  handshakeSecret?: string;
  /** Token bucket: `burst` requests at once, refilled at `perSecond`. */
  rateLimit?: { burst: number; perSecond: number };
}

export interface BuiltinReceiver {
  url: string;
  close(): Promise<void>;
  onRequest(cb: (capture: BuiltinCapture) => void): void;
}

const DEFAULT_LIMIT_BYTES = 1024 * 1024;
// Generous enough for doctor's eight single checks, small enough that its 20-request burst meets a 429.
const DEFAULT_RATE = { burst: 12, perSecond: 6 };

/** A token bucket: take() is false when the bucket is empty; retryAfterSeconds says when one is back. */
export function createTokenBucket(burst: number, perSecond: number, now: () => number = Date.now) {
  let tokens = burst;
  let last = now();
  const refill = () => {
    const t = now();
    tokens = Math.min(burst, tokens + ((t - last) / 1000) * perSecond);
    last = t;
  };
  return {
    take(): boolean {
      refill();
      if (tokens < 1) return false;
      tokens -= 1;
      return true;
    },
    retryAfterSeconds(): number {
      refill();
      return Math.max(1, Math.ceil((1 - tokens) / perSecond));
    },
  };
}

function pairs(raw: string[]): [string, string][] {
  const out: [string, string][] = [];
  for (let i = 0; i + 1 < raw.length; i += 2) out.push([raw[i]!, raw[i + 1]!]);
  return out;
}

export async function startBuiltinReceiver(opts: BuiltinReceiverOptions = {}): Promise<BuiltinReceiver> {
  const limit = opts.profile?.payloadLimitBytes ?? DEFAULT_LIMIT_BYTES;
  const rate = opts.rateLimit ?? DEFAULT_RATE;
  const bucket = createTokenBucket(rate.burst, rate.perSecond);
  const scheme = opts.scheme ?? opts.profile?.signature?.scheme ?? 'auto';
  const listeners: Array<(c: BuiltinCapture) => void> = [];
  const handshake = opts.profile?.handshake ? findHandshake(opts.profile.handshake) : undefined;

  const server = createServer((req, res) => {
    const receivedAt = new Date().toISOString();
    const requestId = 'req_' + randomBytes(8).toString('hex');
    const chunks: Buffer[] = [];
    let size = 0;
    let answered = false;

    const answerRaw = (status: number, headers: Record<string, string>, body: Buffer | string) => {
      if (answered) return;
      answered = true;
      res.writeHead(status, headers);
      res.end(body);
      const capture: BuiltinCapture = {
        method: req.method ?? '',
        target: req.url ?? '/',
        rawHeaders: pairs(req.rawHeaders),
        body: Buffer.concat(chunks),
        receivedAt,
        status,
      };
      for (const cb of listeners) cb(capture);
    };
    const answer = (status: number, payload: Record<string, unknown>, headers: Record<string, string> = {}) =>
      answerRaw(status, { 'content-type': 'application/json', 'x-request-id': requestId, ...headers }, JSON.stringify({ ...payload, request_id: requestId }));
    /** The profile's handshake, answered as its sender requires; false when the request is no handshake. */
    const shake = (body: Buffer): boolean => {
      if (!handshake) return false;
      const match = detectHandshake({ method: req.method ?? '', target: req.url ?? '/', headers: pairs(req.rawHeaders), body }, [handshake]);
      if (!match) return false;
      const { answer: a } = planHandshakeAnswer(match, { secret: opts.handshakeSecret ?? opts.secret, verifyToken: opts.verifyToken });
      answerRaw(a.status, a.headers, a.body);
      return true;
    };

    if (!bucket.take()) {
      req.resume();
      return answer(429, { ok: false, error: 'rate limited' }, { 'retry-after': String(bucket.retryAfterSeconds()) });
    }
    if (req.method === 'GET' && shake(Buffer.alloc(0))) {
      req.resume();
      return;
    }
    if (req.method !== 'POST') {
      req.resume();
      return answer(405, { ok: false, error: 'only POST is accepted' }, { allow: 'POST' });
    }
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit) {
      // Answer at once and discard the rest unread-into-memory; closing makes the client stop sending.
      req.resume();
      return answer(413, { ok: false, error: `body over ${limit} bytes` }, { connection: 'close' });
    }
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        chunks.length = 0;
        answer(413, { ok: false, error: `body over ${limit} bytes` }, { connection: 'close' });
        return;
      }
      if (!answered) chunks.push(chunk);
    });
    req.on('end', () => {
      if (answered) return;
      const body = Buffer.concat(chunks);
      // A handshake its sender does not sign (Graph's validationToken POST) is answered before any signature check.
      if (handshake && !handshake.signed && handshake.secret !== 'signature' && shake(body)) return;
      if (opts.secret !== undefined) {
        const verdict = verifySignature({
          scheme: isSchemeName(scheme) ? scheme : 'auto',
          secret: opts.secret,
          body,
          headers: pairs(req.rawHeaders),
          method: req.method ?? 'POST',
          ...(requestUrl(pairs(req.rawHeaders), req.url ?? '/') ? { url: requestUrl(pairs(req.rawHeaders), req.url ?? '/')! } : {}),
          header: opts.profile?.signature?.scheme === scheme ? opts.profile.signature.header : undefined,
        });
        if (!verdict.valid) return answer(401, { ok: false, error: `signature rejected: ${verdict.reason}` });
      }
      if (shake(body)) return;
      // A sender of forms (Twilio) is not held to JSON; everything that says JSON, or says nothing, is.
      const type = String(req.headers['content-type'] ?? '');
      if (!/^application\/x-www-form-urlencoded/i.test(type)) {
        try {
          JSON.parse(body.toString('utf8'));
        } catch (e) {
          return answer(400, { ok: false, error: `malformed JSON: ${(e as Error).message}` });
        }
      }
      answer(200, { ok: true });
    });
    req.on('error', () => void 0);
  });
  // A slow or stalled client must not keep the receiver open forever.
  server.requestTimeout = 30_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/webhooks`,
    onRequest: (cb) => void listeners.push(cb),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
