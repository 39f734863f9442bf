// The HTTP side of listen: turns each request framed by http1.ts into a capture, asks the pipeline for the
// answer, refuses oversized bodies without buffering them, and reports what is not HTTP or too slow.
import { performance } from 'node:perf_hooks';
import { captureId, type Capture } from './capture.js';
import type { Answer } from './answer.js';
import { createHttp1Server, type Http1Connection, type Http1ProblemCode, type Http1Request, type Http1Server, type ShedReport } from './http1.js';

export interface ServerTimeouts {
  /** Longest a client may take to send a whole request, in ms. */
  requestMs: number;
  /** How long an idle keep-alive connection is kept, in ms. */
  keepAliveMs: number;
}

/** What the capture pipeline replies for a request, after seeing it. */
export type Reply = Answer | { kind: 'relay'; status: number; headers: Array<[string, string]>; body: Buffer; delayMs?: number };

/** Something other than a request arrived on a connection. */
export interface ConnectionProblem {
  kind: 'malformed' | 'timeout';
  /** llhttp's name for it (HPE_INVALID_METHOD, HPE_HEADER_OVERFLOW…) or ERR_HTTP_REQUEST_TIMEOUT. */
  code: string;
  reason: string;
  at: string;
  remoteAddress: string;
  remotePort?: number;
  /** The bytes of the request that was refused (or, for a timeout, of the head that never ended). */
  rawPacket?: Buffer;
  /** Credential values in rawPacket were masked (listen without --show-secrets). */
  masked?: true;
  /** False when nothing was sent back: the client had already gone (cut off mid-body). */
  answered?: false;
}

export interface CaptureHandlers {
  /** Decide the answer (may forward, may wait). */
  reply(capture: Capture): Reply | Promise<Reply>;
  /** Called once the answer is written (or the connection deliberately dropped). */
  answered(capture: Capture, reply: Reply, ms: number): void;
  /** After the answered() calls for one turn of the event loop (a place to write what they queued). */
  answeredAll?(): void;
  problem(problem: ConnectionProblem): void;
  /** Connections were closed (or refused) to stay within the connection limit. */
  shed?(event: ShedEvent): void;
}

/** listen shed connections to keep serving (a crowd of idle or stalled ones). */
export interface ShedEvent extends ShedReport {
  at: string;
}

export interface CaptureServerOptions {
  maxBodyBytes: number;
  /** Open connections kept at most before the least recently active idle one is closed for a new one (default 2048). */
  maxConnections?: number;
  timeouts: ServerTimeouts;
  /** The server only frames bytes; decoding and checks belong to the pipeline behind these handlers. */
  handlers: CaptureHandlers;
  now?: () => Date;
}

const reasons: Record<Http1ProblemCode, string> = {
  HPE_INVALID_METHOD: 'not an HTTP method at the start of the request (garbage bytes, or TLS sent to a plain-HTTP port)',
  HPE_INVALID_CONSTANT: 'the request line or version is malformed',
  HPE_INVALID_VERSION: 'the HTTP version is malformed',
  HPE_INVALID_URL: 'the request target (path) is malformed',
  HPE_INVALID_HEADER_TOKEN: 'a header name contains a character not allowed there (space, colon, control byte), or a value contains a control byte',
  HPE_INVALID_CHUNK_SIZE: 'a chunk size in a chunked body is not hexadecimal, or a chunk is longer than its size says',
  HPE_UNEXPECTED_CONTENT_LENGTH: 'both Transfer-Encoding: chunked and Content-Length were sent (request smuggling risk; receivers reject it)',
  HPE_INVALID_CONTENT_LENGTH: 'Content-Length is not a number, or two differing Content-Length headers were sent',
  HPE_INVALID_TRANSFER_ENCODING: 'Transfer-Encoding is malformed: chunked is not last, is there twice, or was sent with HTTP/1.0 (which has no transfer codings)',
  HPE_HEADER_OVERFLOW: 'the headers are larger than 16 KB',
  HPE_LF_EXPECTED: 'a CR inside a line, not followed by LF',
  HPE_CR_EXPECTED: 'a line ends with a bare LF where CRLF is required',
  HPE_STRICT: 'a chunk extension (after ";" on a chunk-size line) holds a byte not allowed there (NUL, a bare CR, a space inside a name)',
  HPE_INVALID_EOF_STATE: 'the connection closed in the middle of a request',
  ERR_HTTP_REQUEST_TIMEOUT: 'the client did not finish sending the request in time (a slow or idle connection)',
};

export interface CaptureServer extends Http1Server {
  /** Report now the captures answered in this turn of the event loop (they are reported at its end): call it before exiting. */
  reportAnswered(): void;
}

export function createCaptureServer(opts: CaptureServerOptions): CaptureServer {
  const now = opts.now ?? (() => new Date());
  const clock = opts.now ? () => opts.now!().getTime() : Date.now;
  const handlers = opts.handlers;
  let seq = 0;
  // Arrival times in ISO form, made once a millisecond (toISOString is slow next to the rest).
  let lastMs = NaN;
  let lastIso = '';

  function toCapture(conn: Http1Connection, req: Http1Request): Capture {
    const ms = clock();
    if (ms !== lastMs) {
      lastMs = ms;
      lastIso = new Date(ms).toISOString();
    }
    const receivedAt = lastIso;
    seq++;
    const capture: Capture = {
      seq,
      id: captureId(receivedAt, seq),
      receivedAt,
      remoteAddress: conn.remoteAddress,
      remotePort: conn.remotePort,
      method: req.method,
      target: req.target,
      httpVersion: req.httpVersion,
      rawHeaders: req.rawHeaders,
      head: req.head,
      body: req.body,
      bodyBytes: req.bodyBytes,
      findings: [],
    };
    if (req.bareLf) capture.bareLf = true;
    if (req.lenient) capture.lenient = req.lenient;
    if (req.bodyUnread) capture.bodyUnread = true;
    return capture;
  }

  function deliver(conn: Http1Connection, capture: Capture, started: number, reply: Reply): void {
    const delay = reply.delayMs ?? 0;
    if (delay > 0) setTimeout(send, delay, conn, capture, started, reply);
    else send(conn, capture, started, reply);
  }

  function send(conn: Http1Connection, capture: Capture, started: number, reply: Reply): void {
    if (reply.kind === 'respond' || reply.kind === 'relay') conn.respond(reply.status, reply.headers, reply.body);
    else if (reply.kind === 'reset') conn.reset();
    // 'timeout' is never answered (--chaos timeout): the sender gives up by itself, and the connection
    // closes then (or at closeAllConnections()).
    else conn.abandon();
    // The answer is written; report after it, so the sender is answered before listen examines and prints the capture.
    later.push(capture, reply, performance.now() - started);
    if (later.length === 3) setImmediate(drain);
  }

  // Answered captures wait for the end of this turn of the event loop: every sender whose request was read
  // in it is answered first, then all of them are examined, printed and recorded.
  let later: unknown[] = [];
  function drain(): void {
    const batch = later;
    later = [];
    for (let i = 0; i < batch.length; i += 3) {
      try {
        handlers.answered(batch[i] as Capture, batch[i + 1] as Reply, batch[i + 2] as number);
      } catch (err) {
        // The captures after it are still reported, in the next turn; this error goes on as it would have.
        later = batch.slice(i + 3).concat(later);
        if (later.length) setImmediate(drain);
        throw err;
      }
    }
    handlers.answeredAll?.();
  }

  const server = createHttp1Server({
    maxBodyBytes: opts.maxBodyBytes,
    requestTimeoutMs: opts.timeouts.requestMs,
    keepAliveMs: opts.timeouts.keepAliveMs,
    maxConnections: opts.maxConnections ?? 2048,
    handlers: {
      request(conn, req) {
        const capture = toCapture(conn, req);
        let pending: Reply | Promise<Reply>;
        try {
          pending = handlers.reply(capture);
        } catch (err) {
          pending = failed(err);
        }
        if (pending instanceof Promise) pending.then((r) => deliver(conn, capture, req.startedAt, r), (err) => deliver(conn, capture, req.startedAt, failed(err)));
        else deliver(conn, capture, req.startedAt, pending);
      },

      tooLarge(conn, req) {
        // Answered at once, and the connection closes: the rest of the body is never read into memory.
        const capture = toCapture(conn, req);
        capture.bodyRefused = true;
        const body = Buffer.from(`{"error":"Payload Too Large","limit":${opts.maxBodyBytes},"request_id":"${capture.id}"}`);
        const reply: Reply = { kind: 'respond', status: 413, headers: { 'content-type': 'application/json' }, body, delayMs: 0 };
        send(conn, capture, req.startedAt, reply);
      },

      shed(report) {
        handlers.shed?.({ ...report, at: now().toISOString() });
      },

      problem(conn, code, rawPacket, cutOff) {
        handlers.problem({
          kind: code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 'timeout' : 'malformed',
          code,
          reason: cutOff?.reason ?? reasons[code],
          ...(cutOff ? { answered: false } : {}),
          at: now().toISOString(),
          remoteAddress: conn.remoteAddress,
          remotePort: conn.remotePort,
          ...(rawPacket ? { rawPacket } : {}),
        });
      },
    },
  }) as CaptureServer;
  server.reportAnswered = drain;
  return server;
}

function failed(err: unknown): Reply {
  return { kind: 'respond', status: 500, headers: { 'content-type': 'text/plain' }, body: Buffer.from(`listen failed to answer: ${(err as Error).message}\n`), delayMs: 0 };
}
