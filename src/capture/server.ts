// The HTTP side of listen: a node:http server that keeps each request's raw header list and body bytes,
// refuses oversized bodies without buffering them, reports malformed HTTP and slow clients, and keeps serving.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { captureId, headerValue, pairHeaders, type Capture } from './capture.js';
import type { Answer } from './answer.js';

export interface ServerTimeouts {
  /** Longest a client may take to send a request's headers, and the whole request, in ms. */
  requestMs: number;
  /** How long an idle keep-alive connection is kept, in ms. */
  keepAliveMs: number;
}

/** What the capture pipeline replies for a request, after seeing it. */
export type Reply = Answer | { kind: 'relay'; status: number; headers: Array<[string, string]>; body: Buffer; delayMs?: number };

/** Something other than a request arrived on a connection. */
export interface ConnectionProblem {
  kind: 'malformed' | 'timeout';
  /** llhttp's code (HPE_INVALID_METHOD, HPE_HEADER_OVERFLOW…) or ERR_HTTP_REQUEST_TIMEOUT. */
  code: string;
  reason: string;
  at: string;
  remoteAddress: string;
  remotePort?: number;
  /** The bytes the parser choked on (as much as node:http kept). */
  rawPacket?: Buffer;
}

export interface CaptureHandlers {
  /** Decide the answer (may forward, may wait). */
  reply(capture: Capture): Reply | Promise<Reply>;
  /** Called once the answer is written (or the connection deliberately dropped). */
  answered(capture: Capture, reply: Reply, ms: number): void;
  problem(problem: ConnectionProblem): void;
}

export interface CaptureServerOptions {
  maxBodyBytes: number;
  timeouts: ServerTimeouts;
  handlers: CaptureHandlers;
  /** Decoded Content-Encoding is done by the pipeline; the server only frames bytes. */
  now?: () => Date;
}

const reasons: Record<string, string> = {
  HPE_INVALID_METHOD: 'not an HTTP method at the start of the request (garbage bytes, or TLS sent to a plain-HTTP port)',
  HPE_INVALID_CONSTANT: 'the request line or version is malformed',
  HPE_INVALID_VERSION: 'the HTTP version is malformed',
  HPE_INVALID_URL: 'the request target (path) is malformed',
  HPE_INVALID_HEADER_TOKEN: 'a header name contains a character not allowed there (space, colon, control byte)',
  HPE_INVALID_CHUNK_SIZE: 'a chunk size in a chunked body is not hexadecimal',
  HPE_UNEXPECTED_CONTENT_LENGTH: 'both Transfer-Encoding: chunked and Content-Length were sent (request smuggling risk; receivers reject it)',
  HPE_INVALID_CONTENT_LENGTH: 'Content-Length is not a number, or two differing Content-Length headers were sent',
  HPE_INVALID_TRANSFER_ENCODING: 'Transfer-Encoding is malformed or chunked is not last',
  HPE_HEADER_OVERFLOW: 'the headers are larger than 16 KB',
  HPE_LF_EXPECTED: 'a line ended with CR without LF',
  HPE_CR_EXPECTED: 'a line ended with a bare LF where CRLF is required',
  HPE_INVALID_EOF_STATE: 'the connection closed in the middle of a request',
  HPE_CLOSED_CONNECTION: 'data arrived after the request said Connection: close',
  ERR_HTTP_REQUEST_TIMEOUT: 'the client did not finish sending the request in time (a slow or idle connection)',
};

export function createCaptureServer(opts: CaptureServerOptions): Server {
  const now = opts.now ?? (() => new Date());
  let seq = 0;
  const held = new Set<Socket>();

  const server = createServer({
    requestTimeout: opts.timeouts.requestMs,
    headersTimeout: Math.min(opts.timeouts.requestMs, 60_000),
    keepAliveTimeout: opts.timeouts.keepAliveMs,
    connectionsCheckingInterval: Math.min(1000, Math.max(100, Math.floor(opts.timeouts.requestMs / 4))),
    maxHeaderSize: 16 * 1024,
  });
  server.maxConnections = 2048;
  // A deliberately unanswered request (--chaos timeout) holds its socket; closing the server must free it.
  server.on('close', () => { for (const s of held) s.destroy(); held.clear(); });

  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const started = performance.now();
    const receivedAt = now().toISOString();
    seq++;
    const rawHeaders = pairHeaders(req.rawHeaders);
    const capture: Capture = {
      seq,
      id: captureId(receivedAt, seq),
      receivedAt,
      remoteAddress: req.socket.remoteAddress ?? '',
      remotePort: req.socket.remotePort,
      method: req.method ?? '',
      target: req.url ?? '',
      httpVersion: req.httpVersion,
      rawHeaders,
      body: EMPTY,
      bodyBytes: 0,
      findings: [],
    };
    const finish = () => answer(capture, res, started);
    const declared = Number(headerValue(rawHeaders, 'content-length') ?? NaN);
    if (declared > opts.maxBodyBytes) {
      capture.bodyBytes = declared;
      capture.bodyRefused = true;
      return refuse(capture, req, res, started);
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      if (capture.bodyRefused) return;
      size += chunk.length;
      if (size > opts.maxBodyBytes) {
        chunks.length = 0;
        capture.bodyBytes = size;
        capture.bodyRefused = true;
        refuse(capture, req, res, started);
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (capture.bodyRefused) return;
      capture.body = chunks.length === 1 ? chunks[0]! : chunks.length === 0 ? EMPTY : Buffer.concat(chunks, size);
      capture.bodyBytes = size;
      finish();
    });
    req.on('error', () => { /* client went away mid-body: nothing to answer */ });
  });

  function refuse(capture: Capture, req: IncomingMessage, res: ServerResponse, started: number) {
    // Answer at once and close: the rest of the body is never read into memory.
    const body = Buffer.from(`{"error":"Payload Too Large","limit":${opts.maxBodyBytes},"request_id":"${capture.id}"}`);
    const reply: Reply = { kind: 'respond', status: 413, headers: { 'content-type': 'application/json', connection: 'close' }, body, delayMs: 0 };
    res.shouldKeepAlive = false;
    res.writeHead(413, { 'content-type': 'application/json', 'content-length': String(body.length), connection: 'close' });
    res.end(body, () => {
      // Give the client a moment to read the 413 before the unread body makes the close a reset.
      setTimeout(() => req.socket.destroy(), 50).unref();
    });
    req.pause();
    opts.handlers.answered(capture, reply, performance.now() - started);
  }

  function answer(capture: Capture, res: ServerResponse, started: number) {
    let pending: Reply | Promise<Reply>;
    try {
      pending = opts.handlers.reply(capture);
    } catch (err) {
      pending = failed(err);
    }
    if (pending instanceof Promise) pending.then((r) => deliver(capture, res, started, r), (err) => deliver(capture, res, started, failed(err)));
    else deliver(capture, res, started, pending);
  }

  function failed(err: unknown): Reply {
    return { kind: 'respond', status: 500, headers: { 'content-type': 'text/plain' }, body: Buffer.from(`listen failed to answer: ${(err as Error).message}\n`), delayMs: 0 };
  }

  function deliver(capture: Capture, res: ServerResponse, started: number, reply: Reply) {
    const delay = reply.delayMs ?? 0;
    const send = () => {
      const socket = res.socket;
      if (reply.kind === 'timeout') {
        if (socket) { held.add(socket); socket.once('close', () => held.delete(socket)); }
      } else if (reply.kind === 'reset') {
        socket?.resetAndDestroy?.() ?? socket?.destroy();
      } else if (reply.kind === 'respond') {
        reply.headers['content-length'] = String(reply.body.length);
        res.writeHead(reply.status, reply.headers);
        endWith(res, reply.body);
      } else {
        const headers: string[] = [];
        for (const [n, v] of reply.headers) headers.push(n, v);
        headers.push('content-length', String(reply.body.length));
        res.writeHead(reply.status, headers);
        endWith(res, reply.body);
      }
      opts.handlers.answered(capture, reply, performance.now() - started);
    };
    if (delay > 0) setTimeout(send, delay);
    else send();
  }

  server.on('clientError', (err: NodeJS.ErrnoException & { rawPacket?: Buffer }, socket: Socket) => {
    const code = err.code ?? 'ERR';
    if (code === 'ECONNRESET' || code === 'EPIPE' || !socket.writable && !err.rawPacket && code !== 'ERR_HTTP_REQUEST_TIMEOUT') {
      socket.destroy();
      return;
    }
    const timeout = code === 'ERR_HTTP_REQUEST_TIMEOUT';
    opts.handlers.problem({
      kind: timeout ? 'timeout' : 'malformed',
      code,
      reason: reasons[code] ?? (err as { reason?: string }).reason ?? err.message,
      at: now().toISOString(),
      remoteAddress: socket.remoteAddress ?? '',
      remotePort: socket.remotePort,
      ...(err.rawPacket ? { rawPacket: Buffer.from(err.rawPacket) } : {}),
    });
    if (socket.writable) {
      const status = timeout ? '408 Request Timeout' : code === 'HPE_HEADER_OVERFLOW' ? '431 Request Header Fields Too Large' : '400 Bad Request';
      const body = timeout ? 'request timeout\n' : `malformed HTTP: ${code}\n`;
      socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: ${body.length}\r\n\r\n${body}`);
      setTimeout(() => socket.destroy(), 200).unref();
    } else {
      socket.destroy();
    }
  });

  return server;
}

const EMPTY = Buffer.alloc(0);

/**
 * End a response with a small body as a latin1 string (byte for byte the same bytes): node:http then
 * sends head and body in one write instead of a two-buffer writev, which under load is the single
 * most expensive step of answering.
 */
function endWith(res: ServerResponse, body: Buffer): void {
  if (body.length <= 16 * 1024) res.end(body.toString('latin1'), 'latin1');
  else res.end(body);
}
