// HTTP/1.1 on plain TCP for listen (RFC 9112): frames each request from the raw bytes (header case, order
// and line endings as sent), answers requests strictly in order with one write each, times out slow and
// idle connections. It knows nothing of captures: server.ts decides every answer.
import { createServer, type Server, type Socket } from 'node:net';
import { STATUS_CODES } from 'node:http';
import { performance } from 'node:perf_hooks'; // the global one is a getter, looked up on every use
import type { Capture, HeaderPair } from './capture.js';
import { bodyBytesRead } from './read-buffers.js';

/** What can go wrong on a connection, named as llhttp names it so the codes read as they did under node:http. */
export type Http1ProblemCode =
  | 'HPE_INVALID_METHOD'
  | 'HPE_INVALID_CONSTANT'
  | 'HPE_INVALID_VERSION'
  | 'HPE_INVALID_URL'
  | 'HPE_INVALID_HEADER_TOKEN'
  | 'HPE_INVALID_CHUNK_SIZE'
  | 'HPE_UNEXPECTED_CONTENT_LENGTH'
  | 'HPE_INVALID_CONTENT_LENGTH'
  | 'HPE_INVALID_TRANSFER_ENCODING'
  | 'HPE_HEADER_OVERFLOW'
  | 'HPE_LF_EXPECTED'
  | 'HPE_CR_EXPECTED'
  | 'HPE_STRICT'
  | 'HPE_INVALID_EOF_STATE'
  | 'ERR_HTTP_REQUEST_TIMEOUT';

/** A request as framed: the parts a capture keeps (target in latin1 as node:http's req.url; header values
 * with only the whitespace around them trimmed; the body de-chunked), and how it was framed. */
export interface Http1Request extends Pick<Capture, 'method' | 'target' | 'httpVersion' | 'rawHeaders' | 'body' | 'bodyBytes'> {
  chunked: boolean;
  /** Some line ended with a bare LF instead of CRLF (accepted, as RFC 9112 §2.2 allows; strict servers refuse it). */
  bareLf: boolean;
  /** What listen accepted in the body's framing that llhttp (Node.js) refuses, with llhttp's code for it. */
  lenient?: LenientFraming[];
  /** How many Host fields the head had. */
  hostFields: number;
  /** The request was answered (400, a Host problem) before its body was read: body is empty, bodyBytes as declared. */
  bodyUnread?: boolean;
  /** performance.now() when the request head was complete. */
  startedAt: number;
  /** The head's bytes as received, request line through the blank line (a view of the bytes read). */
  head: Buffer;
}

/** A framing liberty a sender took that listen accepts (and reports) but Node.js refuses. */
export interface LenientFraming {
  code: Http1ProblemCode;
  what: string;
}

/** Connections dropped to make room for new ones, counted since the last report. */
export interface ShedReport {
  /** Connections open when the report was made. */
  open: number;
  limit: number;
  /** Idle connections (no request in progress) closed. */
  idle: number;
  /** Connections in the middle of sending a request (slow or stalled) closed. */
  incomplete: number;
  /** New connections refused because every open one was waiting for its answer. */
  refused: number;
}

export interface Http1Handlers {
  /** A complete request: answer with conn.respond() or conn.reset(), now or later, or never (the client gives up). */
  request(conn: Http1Connection, req: Http1Request): void;
  /** The body is over maxBodyBytes (declared, or grown to while chunked): answer with conn.respond(); the connection then closes. */
  tooLarge(conn: Http1Connection, req: Http1Request): void;
  /** Not a request, or too slow: the connection is answered 400/408/431 and closed after this returns. */
  problem(conn: Http1Connection, code: Http1ProblemCode, rawPacket: Buffer | undefined, cutOff?: { reason: string }): void;
  /** Connections were shed to stay within maxConnections (reported at most once a sweep). */
  shed?(report: ShedReport): void;
}

export interface Http1Options {
  maxBodyBytes: number;
  /** Longest a client may take over one request, from its first byte to its last. */
  requestTimeoutMs: number;
  /** How long an idle persistent connection is kept. */
  keepAliveMs: number;
  /** How long a new connection may stay silent before its first byte (default: the shorter of 10 s and requestTimeoutMs). */
  firstByteMs?: number;
  /** Open connections kept at most: past it the oldest idle or incomplete one is closed for each new one (default 2048). */
  maxConnections?: number;
  handlers: Http1Handlers;
}

export interface Http1Server extends Server {
  /** Drop every open connection (the server itself keeps listening until close()). */
  closeAllConnections(): void;
  /** A second listener (another address, e.g. ::1 beside 127.0.0.1) serving into the same connections, limits and handlers. */
  twin(): Server;
}

/** Request line and header fields together (node:http's default maxHeaderSize). */
export const MAX_HEAD_BYTES = 16 * 1024;
/** Bytes read ahead behind a request still being answered before the socket stops being read. */
const MAX_PIPELINED_BYTES = 64 * 1024;
/** A chunk-size line (with its extensions) longer than this is not a chunk-size line. */
const MAX_CHUNK_LINE = 4096;
/** Bytes of a chunk line left at the end of a read that are joined with the next read's start, not its whole. */
const JOIN_BYTES = MAX_CHUNK_LINE + 2;
/** The first allocation for a body whose size is not known yet (chunked) or that arrives in pieces. */
const BODY_START = 16 * 1024;
/** Bodies up to this size go out in the same write as the head, as one latin1 string. */
const ONE_WRITE_BODY = 16 * 1024;

const EMPTY = Buffer.alloc(0);
const CRLFCRLF = Buffer.from('\r\n\r\n');
const CONTINUE = 'HTTP/1.1 100 Continue\r\n\r\n';

// Connection states, in order: reading a request, waiting for its answer, and the ends.
const HEAD = 0;
const BODY = 1;
const CHUNK_SIZE = 2;
const CHUNK_DATA = 3;
const CHUNK_END = 4;
const TRAILERS = 5;
const WAIT = 6;
const REFUSING = 7;
const CLOSING = 8;
const CLOSED = 9;

/** RFC 9110 §5.6.2 tchar: what a method and a field name may consist of. */
/** RFC 9110 tchar, by byte: 1 for the bytes a token (a method, a field name) is made of. */
export const TCHAR = new Uint8Array(128);
for (const c of '!#$%&\'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ') TCHAR[c.charCodeAt(0)] = 1;

// Date.now() when the bytes being framed were read: a request read and answered at once (listen's usual
// case) takes its deadlines and its Date field from it, not from a clock read of their own each.
let readAt = 0;
let reading = false;
const clock = () => (reading ? readAt : Date.now());

/** A request head that is not HTTP/1.x, with the code that says how. */
class HeadError {
  constructor(readonly code: Http1ProblemCode) {}
}
// What parseHead found.
const PARSED = 0;
/** No blank line yet: later attempts need only search the new bytes for it. */
const INCOMPLETE = 1;
/** Not even the method yet: keep checking it as bytes arrive (garbage is refused at its first byte). */
const METHOD_INCOMPLETE = 2;

export class Http1Connection {
  readonly remoteAddress: string;
  readonly remotePort: number | undefined;
  /** Unparsed bytes (this.buf from this.off), or null. */
  private buf: Buffer | null = null;
  private off = 0;
  /** Bytes after the start of an incomplete head already known to hold no blank line. */
  private scanned = 0;
  private state = HEAD;
  /** The request being read or answered. */
  private req: Http1Request | null = null;
  private keepAlive = true;
  private isHead = false;
  /** Body bytes still to read (Content-Length), or of the current chunk. */
  private remaining = 0;
  /** The body gathered so far: one buffer that grows by doubling (never one Buffer per chunk). */
  private body: Buffer = EMPTY;
  /** The most the body may grow to: its Content-Length, or maxBodyBytes when chunked. */
  private bodyCap = 0;
  /** A request's first byte has arrived and the request timeout runs. */
  private inRequest = false;
  /** Date.now() after which expire() acts. */
  deadline: number;
  private peerEnded = false;
  private writeBlocked = false;
  private paused = false;
  private driving = false;
  /** Set by the server: called when a request is complete, so the connection counts as recently active. */
  onActive: (() => void) | undefined;
  /** The server's count of activity when this connection last completed a request (or opened). */
  lastActive = 0;

  constructor(readonly socket: Socket, private readonly opts: Http1Options, private readonly keepAliveFields: string) {
    this.remoteAddress = socket.remoteAddress ?? '';
    this.remotePort = socket.remotePort;
    // A fresh connection that sends nothing is closed quietly, and sooner than a slow request is.
    this.deadline = Date.now() + (opts.firstByteMs ?? Math.min(10_000, opts.requestTimeoutMs));
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => {
      readAt = Date.now();
      reading = true;
      try {
        this.onData(chunk);
      } finally {
        reading = false;
      }
    });
    socket.on('end', () => this.onEnd());
    socket.on('drain', () => { this.writeBlocked = false; this.drive(); });
    socket.on('error', ignore); // ECONNRESET, EPIPE: the client went away; 'close' follows
  }

  /**
   * Answer the request being handled (or the refused one): status line, the given fields, Content-Length,
   * Date and Connection, then the body, in one write. Does nothing when the request was answered already
   * or the connection is gone.
   */
  respond(status: number, fields: Readonly<Record<string, string>> | ReadonlyArray<HeaderPair>, body: string | Buffer): void {
    const refusing = this.state === REFUSING;
    if (this.state !== WAIT && !refusing) return;
    const socket = this.socket;
    const close = refusing || !this.keepAlive || this.peerEnded;
    const now = clock();
    let head = statusLine(status);
    let hasDate = false;
    if (Array.isArray(fields)) {
      for (const [name, value] of fields as ReadonlyArray<HeaderPair>) {
        head += fieldLine(name, value);
        hasDate ||= isDate(name);
      }
    } else {
      for (const name in fields) {
        head += fieldLine(name, (fields as Record<string, string>)[name]!);
        hasDate ||= isDate(name);
      }
    }
    // RFC 9110 §6.4.1, §8.6: no content in 1xx, 204 and 304 answers, and no Content-Length in 1xx and 204.
    const bodyAllowed = status >= 200 && status !== 204 && status !== 304;
    const length = typeof body === 'string' ? utf8Length(body) : body.length;
    if (bodyAllowed) head += 'Content-Length: ' + length + '\r\n';
    if (!hasDate) head += 'Date: ' + httpDate(now) + '\r\n';
    head += close ? 'Connection: close\r\n\r\n' : this.keepAliveFields;
    const withBody = bodyAllowed && !this.isHead && length > 0;
    const done = refusing ? () => setTimeout(destroy, 50, socket).unref() : undefined;
    let ok = true;
    if (!socket.writable) {
      // Gone while the answer was prepared: nothing to write, nothing to wait for.
      if (close) socket.destroy();
    } else if (!withBody) {
      ok = socket.write(head, 'latin1', done);
    } else if (typeof body === 'string') {
      // One latin1 string when the body is ASCII (the same bytes); utf8 needs the body encoded apart.
      ok = length === body.length ? socket.write(head + body, 'latin1', done) : socket.write(Buffer.concat([Buffer.from(head, 'latin1'), Buffer.from(body)]), done);
    } else if (length <= ONE_WRITE_BODY) {
      ok = socket.write(head + body.toString('latin1'), 'latin1', done);
    } else {
      socket.cork();
      socket.write(head, 'latin1');
      ok = socket.write(body, done);
      socket.uncork();
    }
    this.req = null;
    // Refused: reading stays paused, and the client gets a moment to read the 413 before the close
    // (with its unread body, a reset) — see done above.
    if (refusing) return;
    if (close) return this.close();
    this.state = HEAD;
    this.inRequest = false;
    this.deadline = now + this.opts.keepAliveMs;
    if (!ok) this.writeBlocked = true;
    this.drive();
  }

  /**
   * The request being handled is never answered (--chaos timeout): the connection stays open until the client
   * gives up, and is closed then (a half-closed connection would otherwise wait for an answer that never comes).
   */
  abandon(): void {
    if (this.state !== WAIT) return;
    this.state = CLOSING;
    this.req = null;
    this.buf = null;
    if (this.peerEnded) {
      this.socket.destroy();
      return;
    }
    // Pipelined bytes may have paused reading: read on (and drop), so that the client's FIN is seen.
    if (this.paused) {
      this.paused = false;
      this.socket.resume();
    }
  }

  /** Drop the connection with a TCP reset (--chaos reset). */
  reset(): void {
    this.state = CLOSED;
    this.buf = null;
    this.socket.resetAndDestroy();
  }

  /** Whether the server may close this connection to make room: 'idle' between requests, 'incomplete' while one is still arriving. */
  sheddable(): 'idle' | 'incomplete' | undefined {
    const state = this.state;
    if (this.socket.writableLength > 0) return undefined; // an answer is still going out
    if (state === HEAD) return this.inRequest ? 'incomplete' : 'idle';
    if (state < WAIT) return 'incomplete';
    if (state === CLOSING) return 'idle';
    return undefined; // being answered (or refused): its sender is owed the answer
  }

  /** Closed to make room for a new connection: nothing is answered or reported for it (the server reports the count). */
  shed(): void {
    this.state = CLOSED;
    this.buf = null;
    this.body = EMPTY;
    this.socket.destroy();
  }

  /** Called by the server's sweep once Date.now() is past the deadline. */
  expire(): void {
    const reading = this.state === HEAD ? this.inRequest : this.state < WAIT;
    if (reading) this.fail('ERR_HTTP_REQUEST_TIMEOUT', this.state === HEAD ? this.pending() : undefined);
    else this.socket.destroy();
  }

  private onData(chunk: Buffer): void {
    if (this.state >= REFUSING) return; // answered and closing: the rest is not read
    if (this.state >= CHUNK_SIZE && this.state <= TRAILERS) bodyBytesRead(chunk.length);
    if (this.buf === null) {
      this.buf = chunk;
      this.off = 0;
    } else if (this.state > HEAD && this.state < WAIT && this.buf.length - this.off <= JOIN_BYTES && chunk.length > 2 * JOIN_BYTES) {
      // A body of small chunks leaves a few bytes of a chunk line behind at every read. Join them with the
      // start of the new bytes only: copying each read whole would make garbage of twice the body's wire size.
      const head = 2 * JOIN_BYTES;
      this.buf = Buffer.concat([this.buf.subarray(this.off), chunk.subarray(0, head)]);
      this.off = 0;
      this.drive();
      if (this.state >= REFUSING) return;
      const unparsed = this.buf === null ? 0 : this.buf.length - this.off;
      if (unparsed <= head) {
        // Every byte left over lies in the new chunk: go on reading it where the join stopped.
        this.buf = chunk;
        this.off = head - unparsed;
      } else {
        this.buf = Buffer.concat([this.buf!.subarray(this.off), chunk.subarray(head)]);
        this.off = 0;
      }
    } else {
      this.buf = Buffer.concat([this.buf.subarray(this.off), chunk]);
      this.off = 0;
    }
    this.drive();
  }

  private onEnd(): void {
    this.peerEnded = true;
    const state = this.state;
    if (state === HEAD) {
      // Half-closed in the middle of a request head: say so; between requests: a normal goodbye.
      if (this.inRequest && this.buf !== null) this.fail('HPE_INVALID_EOF_STATE', this.pending());
      else this.close();
    } else if (state < WAIT) {
      // Gone in the middle of a body: nothing to answer, but a sender cut off mid-body is worth a line.
      this.cutOff();
      this.socket.destroy();
    } else if (state === CLOSING) {
      this.socket.destroySoon(); // once the last answer is written
    }
    // WAIT: the answer still goes out (the client may be reading), then the connection closes.
  }

  /** Parse what is buffered as far as it goes, one request at a time. */
  private drive(): void {
    if (this.driving) return;
    this.driving = true;
    try {
      while (this.buf !== null && this.step());
    } finally {
      this.driving = false;
    }
    const pause = this.writeBlocked || (this.state === WAIT && this.buf !== null && this.buf.length - this.off > MAX_PIPELINED_BYTES);
    if (pause !== this.paused && this.state < REFUSING) {
      this.paused = pause;
      if (pause) this.socket.pause();
      else this.socket.resume();
    }
  }

  /** One framing step; false when it needs more bytes or the request is being answered. */
  private step(): boolean {
    switch (this.state) {
      case HEAD: return this.readHead();
      case BODY: return this.readBody();
      case CHUNK_SIZE: return this.readChunkSize();
      case CHUNK_DATA: return this.readChunkData();
      case CHUNK_END: return this.readChunkEnd();
      case TRAILERS: return this.readTrailers();
      case WAIT: return false; // pipelined bytes wait their turn
      default:
        this.buf = null;
        return false;
    }
  }

  private consume(n: number): void {
    this.off += n;
    if (this.off >= this.buf!.length) {
      this.buf = null;
      this.off = 0;
    }
  }

  /** The unparsed bytes, copied (for a problem report). */
  private pending(): Buffer | undefined {
    return this.buf === null ? undefined : Buffer.from(this.buf.subarray(this.off, this.off + MAX_HEAD_BYTES + 1024));
  }

  private readHead(): boolean {
    const buf = this.buf!;
    const end = buf.length;
    let off = this.off;
    // RFC 9112 §2.2: empty lines before a request line are ignored.
    while (off < end && (buf[off] === 13 || buf[off] === 10)) off++;
    if (off === end) {
      this.buf = null;
      return false;
    }
    this.off = off;
    if (!this.inRequest) {
      this.inRequest = true;
      this.deadline = clock() + this.opts.requestTimeoutMs;
    }
    if (this.scanned > 0 && findBlankLine(buf, off + this.scanned, end) < 0) return this.headIncomplete(end - off);
    let found: number;
    try {
      found = this.parseHead(buf, off, end);
    } catch (err) {
      if (!(err instanceof HeadError)) throw err;
      this.fail(err.code, this.pending());
      return false;
    }
    if (found === PARSED) {
      this.scanned = 0;
      return true;
    }
    return this.headIncomplete(end - off, found === INCOMPLETE);
  }

  private headIncomplete(have: number, searchOn = true): boolean {
    if (have >= MAX_HEAD_BYTES) {
      this.fail('HPE_HEADER_OVERFLOW', this.pending());
      return false;
    }
    // Next time only the new bytes are searched for the blank line (a head sent byte by byte stays linear).
    if (searchOn) this.scanned = Math.max(1, have - 2);
    return false;
  }

  /** Parse a complete head into this.req and set up its body (or dispatch it); throws a HeadError for what is not HTTP. */
  private parseHead(buf: Buffer, off: number, end: number): number {
    const crlf = buf.indexOf(CRLFCRLF, off);
    const last = crlf >= 0 && crlf + 4 - off <= MAX_HEAD_BYTES ? crlf + 4 : Math.min(end, off + MAX_HEAD_BYTES);
    // One byte one char: offsets in s are offsets from off, and names and values keep their bytes.
    const s = buf.toString('latin1', off, last);
    // Characters are read as their bytes, buf[off + i] (the same value as s.charCodeAt(i), read faster).

    // request-line = method SP request-target SP HTTP-version
    let i = 0;
    for (; i < s.length; i++) {
      const c = buf[off + i]!;
      if (c === 32) break;
      if (c > 127 || TCHAR[c] === 0) throw new HeadError('HPE_INVALID_METHOD');
    }
    if (i === s.length) return METHOD_INCOMPLETE;
    if (i === 0) throw new HeadError('HPE_INVALID_METHOD');
    const methodEnd = i;
    let nl = s.indexOf('\n', i);
    if (nl < 0) return INCOMPLETE;
    let bareLf = buf[off + nl - 1]! !== 13;
    const lineEnd = bareLf ? nl : nl - 1;
    const targetEnd = s.indexOf(' ', methodEnd + 1);
    if (targetEnd < 0 || targetEnd > lineEnd) throw new HeadError('HPE_INVALID_CONSTANT');
    if (targetEnd === methodEnd + 1) throw new HeadError('HPE_INVALID_URL');
    for (i = methodEnd + 1; i < targetEnd; i++) {
      const c = buf[off + i]!;
      if (c < 33 || c === 127) throw new HeadError('HPE_INVALID_URL');
    }
    const httpVersion = parseVersion(s, targetEnd + 1, lineEnd);
    const method = s.slice(0, methodEnd);
    const target = s.slice(methodEnd + 1, targetEnd);

    // *( field-line CRLF ) CRLF
    const rawHeaders: HeaderPair[] = [];
    let contentLength = -1;
    let transferEncoding: string | undefined;
    let connection: string | undefined;
    let expectContinue = false;
    let hostFields = 0;
    let p = nl + 1;
    for (;;) {
      nl = s.indexOf('\n', p);
      if (nl < 0) return INCOMPLETE;
      let e = nl;
      if (nl > p && buf[off + nl - 1]! === 13) e = nl - 1;
      else bareLf = true;
      if (e === p) break;
      // field-name ":" OWS field-value OWS; a leading space (obs-fold) is no field-name either.
      let colon = p;
      for (; colon < e; colon++) {
        const c = buf[off + colon]!;
        if (c === 58) break;
        if (c > 127 || TCHAR[c] === 0) throw new HeadError('HPE_INVALID_HEADER_TOKEN');
      }
      if (colon === p || colon === e) throw new HeadError('HPE_INVALID_HEADER_TOKEN');
      let vs = colon + 1;
      let ve = e;
      while (vs < ve && (buf[off + vs]! === 32 || buf[off + vs]! === 9)) vs++;
      while (ve > vs && (buf[off + ve - 1]! === 32 || buf[off + ve - 1]! === 9)) ve--;
      for (i = vs; i < ve; i++) {
        const c = buf[off + i]!;
        // RFC 9110 §5.5: CR, LF and NUL must be refused; other control bytes too, as strict servers do.
        if ((c < 32 && c !== 9) || c === 127) throw new HeadError(c === 13 ? 'HPE_LF_EXPECTED' : 'HPE_INVALID_HEADER_TOKEN');
      }
      const name = s.slice(p, colon);
      const value = s.slice(vs, ve);
      rawHeaders.push([name, value]);
      // The framing fields, matched case-insensitively (the usual spellings first: no lower-casing).
      switch (colon - p) {
        case 14:
          if (isField(name, 'Content-Length', 'content-length')) {
            const n = parseContentLength(value);
            if (n < 0 || (contentLength >= 0 && n !== contentLength)) throw new HeadError('HPE_INVALID_CONTENT_LENGTH');
            contentLength = n;
          }
          break;
        case 17:
          if (name.toLowerCase() === 'transfer-encoding') transferEncoding = transferEncoding === undefined ? value : `${transferEncoding},${value}`;
          break;
        case 10:
          if (name.toLowerCase() === 'connection') connection = connection === undefined ? value : `${connection},${value}`;
          break;
        case 6:
          if (name.toLowerCase() === 'expect' && value.toLowerCase() === '100-continue') expectContinue = true;
          break;
        case 4:
          if (isField(name, 'Host', 'host')) hostFields++;
          break;
      }
      p = nl + 1;
    }

    // RFC 9112 §6.1, §6.3: chunked must be the final coding; with Content-Length too it is a smuggling attempt.
    let chunked = false;
    if (transferEncoding !== undefined) {
      if (contentLength >= 0) throw new HeadError('HPE_UNEXPECTED_CONTENT_LENGTH');
      // chunked exactly once and last (§7.1: a sender applies it once); none in HTTP/1.0 (§6.1: its framing is faulty).
      if (!endsWithChunked(transferEncoding) || countChunked(transferEncoding) > 1 || httpVersion === '1.0') throw new HeadError('HPE_INVALID_TRANSFER_ENCODING');
      chunked = true;
    }
    const http10 = httpVersion === '1.0';
    this.keepAlive = http10 ? !chunked && hasToken(connection, 'keep-alive') : !hasToken(connection, 'close');
    this.isHead = method === 'HEAD';
    const req: Http1Request = { method, target, httpVersion, rawHeaders, body: EMPTY, bodyBytes: 0, chunked, bareLf, hostFields, startedAt: performance.now(), head: buf.subarray(off, off + nl + 1) };
    this.req = req;
    this.consume(nl + 1);

    // RFC 9112 §3.2: no Host on HTTP/1.1, or more than one, MUST be answered 400. Said at once, as Node.js
    // does, not after a body that may never come: the request goes to the handler with its body unread.
    if (hostFields > 1 || (hostFields === 0 && !http10)) {
      if (chunked || contentLength > 0) {
        req.bodyUnread = true;
        req.bodyBytes = Math.max(contentLength, 0);
      }
      this.refuse(false);
      return PARSED;
    }
    if (chunked) {
      this.state = CHUNK_SIZE;
      this.startBody(this.opts.maxBodyBytes);
    } else if (contentLength > 0) {
      if (contentLength > this.opts.maxBodyBytes) {
        req.bodyBytes = contentLength;
        this.refuse();
        return PARSED;
      }
      const buf2 = this.buf;
      if (buf2 !== null && buf2.length - this.off >= contentLength) {
        // The whole body is here: no copy.
        req.body = buf2.subarray(this.off, this.off + contentLength);
        req.bodyBytes = contentLength;
        this.consume(contentLength);
        this.dispatch();
        return PARSED;
      }
      this.state = BODY;
      this.remaining = contentLength;
      this.startBody(contentLength);
    } else {
      this.dispatch();
      return PARSED;
    }
    // A client that asked (curl does for bodies over 1 MB) waits for this before sending the body.
    if (expectContinue && !http10 && this.buf === null) this.socket.write(CONTINUE, 'latin1');
    return PARSED;
  }

  private readBody(): boolean {
    if (this.takeBody()) this.finishBody();
    return true;
  }

  private startBody(cap: number): void {
    this.bodyCap = cap;
    this.body = EMPTY;
  }

  /** Take what is buffered of the body (or chunk) still to come; true once all of it is here. */
  private takeBody(): boolean {
    const buf = this.buf!;
    const take = Math.min(this.remaining, buf.length - this.off);
    const req = this.req!;
    const have = req.bodyBytes;
    const need = have + take;
    if (need > this.body.length) {
      // Doubling keeps the copies linear and the buffer at most twice the body, whatever the chunking.
      const grown = Buffer.allocUnsafe(Math.min(this.bodyCap, Math.max(BODY_START, need, this.body.length * 2)));
      this.body.copy(grown, 0, 0, have);
      this.body = grown;
    }
    if (take > 32) {
      buf.copy(this.body, have, this.off, this.off + take);
    } else {
      // Buffer#copy makes a view object per call: for tiny chunks (one byte each, say) that is an allocation
      // per chunk, and the young generation grows with them. Byte by byte allocates nothing.
      const body = this.body;
      for (let i = 0, from = this.off; i < take; i++) body[have + i] = buf[from + i]!;
    }
    req.bodyBytes = need;
    this.remaining -= take;
    this.consume(take);
    return this.remaining === 0;
  }

  private readChunkSize(): boolean {
    const buf = this.buf!;
    const start = this.off;
    const nl = buf.indexOf(10, start);
    if (nl < 0 || nl - start > MAX_CHUNK_LINE) {
      if (buf.length - start > MAX_CHUNK_LINE) this.fail('HPE_INVALID_CHUNK_SIZE', this.pending());
      return false;
    }
    // chunk-size [ chunk-ext ] CRLF (RFC 9112 §7.1), checked as strictly as llhttp except where noted.
    let size = 0;
    let i = start;
    for (; i < nl; i++) {
      const d = hexValue(buf[i]!);
      if (d < 0) break;
      size = size * 16 + d;
    }
    if (i === start || i - start > 12) return this.badChunk('HPE_INVALID_CHUNK_SIZE');
    let end = nl;
    if (buf[nl - 1] === 13) end = nl - 1;
    else this.lenient('HPE_CR_EXPECTED', 'a chunk-size line ends with a bare LF, not CRLF');
    if (i < end) {
      // BWS before ";" is allowed by §7.1.1 (llhttp refuses it); whitespace followed by anything else is junk ("5 zz").
      let j = i;
      while (j < end && (buf[j] === 32 || buf[j] === 9)) j++;
      if (buf[j] !== 59) return this.badChunk(buf[i] === 13 ? 'HPE_STRICT' : 'HPE_INVALID_CHUNK_SIZE');
      if (j > i) this.lenient('HPE_INVALID_CHUNK_SIZE', 'whitespace between a chunk size and its ";" extension');
      const code = chunkExtError(buf, j, end);
      if (code) return this.badChunk(code);
    }
    this.consume(nl + 1 - start);
    if (size === 0) {
      this.state = TRAILERS;
      this.remaining = 0; // trailer bytes seen
      return true;
    }
    if (this.req!.bodyBytes + size > this.opts.maxBodyBytes) {
      this.req!.bodyBytes += size;
      this.refuse();
      return false;
    }
    this.remaining = size;
    this.state = CHUNK_DATA;
    return true;
  }

  private readChunkData(): boolean {
    if (this.takeBody()) this.state = CHUNK_END;
    return true;
  }

  private readChunkEnd(): boolean {
    const buf = this.buf!;
    const c = buf[this.off];
    if (c === 10) {
      this.lenient('HPE_CR_EXPECTED', 'chunk data ends with a bare LF, not CRLF');
      this.consume(1);
    } else if (c === 13) {
      if (buf.length - this.off < 2) return false;
      if (buf[this.off + 1] !== 10) return this.badChunk('HPE_LF_EXPECTED');
      this.consume(2);
    } else {
      return this.badChunk('HPE_INVALID_CHUNK_SIZE'); // the chunk was longer than its size said
    }
    this.state = CHUNK_SIZE;
    return true;
  }

  private badChunk(code: Http1ProblemCode): boolean {
    this.fail(code, this.pending());
    return false;
  }

  /** Note a liberty listen accepts but llhttp refuses, once per kind per request. */
  private lenient(code: Http1ProblemCode, what: string): void {
    const req = this.req!;
    const list = (req.lenient ??= []);
    for (const l of list) if (l.what === what) return;
    list.push({ code, what });
  }

  /** trailer-section CRLF: each line checked as a field line, then dropped (listen shows the header section). */
  private readTrailers(): boolean {
    const buf = this.buf!;
    const nl = buf.indexOf(10, this.off);
    if (nl < 0) {
      if (this.remaining + buf.length - this.off > MAX_HEAD_BYTES) this.fail('HPE_HEADER_OVERFLOW', this.pending());
      return false;
    }
    const crlf = nl > this.off && buf[nl - 1] === 13;
    const lineEnd = crlf ? nl - 1 : nl;
    const empty = lineEnd === this.off;
    if (!crlf) this.lenient('HPE_CR_EXPECTED', 'a line after the last chunk ends with a bare LF, not CRLF');
    if (!empty) {
      // A trailer field is a field line like any header (llhttp refuses "junk" there too).
      const code = fieldLineError(buf.toString('latin1', this.off, lineEnd));
      if (code) return this.badChunk(code);
    }
    this.remaining += nl + 1 - this.off;
    this.consume(nl + 1 - this.off);
    if (this.remaining > MAX_HEAD_BYTES) {
      this.fail('HPE_HEADER_OVERFLOW', undefined);
      return false;
    }
    if (empty) this.finishBody();
    return true;
  }

  private finishBody(): void {
    const req = this.req!;
    req.body = req.bodyBytes === 0 ? EMPTY : this.body.subarray(0, req.bodyBytes);
    this.body = EMPTY;
    this.dispatch();
  }

  private dispatch(): void {
    this.onActive?.();
    this.state = WAIT;
    this.deadline = Infinity; // the answer may take as long as --delay, --forward or --chaos timeout make it
    this.opts.handlers.request(this, this.req!);
  }

  /** Over --max-body: hand the request to tooLarge (which answers 413), and read no more of it; or, for a
   * request refused on its head alone, to request (whose answer then closes the connection). */
  private refuse(tooLarge = true): void {
    this.state = REFUSING;
    this.deadline = Infinity;
    this.buf = null;
    this.body = EMPTY;
    this.socket.pause();
    this.paused = true;
    if (tooLarge) this.opts.handlers.tooLarge(this, this.req!);
    else this.opts.handlers.request(this, this.req!);
  }

  /** Answer 400/408/431 for what arrived, report it, and close. */
  private fail(code: Http1ProblemCode, rawPacket: Buffer | undefined): void {
    this.state = CLOSING;
    this.buf = null;
    this.deadline = Infinity;
    this.opts.handlers.problem(this, code, rawPacket);
    const socket = this.socket;
    if (!socket.writable) {
      socket.destroy();
      return;
    }
    const timeout = code === 'ERR_HTTP_REQUEST_TIMEOUT';
    const status = timeout ? '408 Request Timeout' : code === 'HPE_HEADER_OVERFLOW' ? '431 Request Header Fields Too Large' : '400 Bad Request';
    const body = timeout ? 'request timeout\n' : `malformed HTTP: ${code}\n`;
    socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: ${body.length}\r\nDate: ${httpDate(Date.now())}\r\n\r\n${body}`, 'latin1');
    setTimeout(destroy, 200, socket).unref();
  }

  /** After an answer that closes: send FIN once it is written; what still arrives is not read as requests. */
  private close(): void {
    this.state = CLOSING;
    this.buf = null;
    this.socket.end();
    if (this.peerEnded) this.socket.destroySoon();
    else this.deadline = Date.now() + this.opts.keepAliveMs; // a client that never closes its side
  }

  /** Reports a request whose body never finished (the client closed or reset the connection), with how much arrived. */
  private cutOff(): void {
    const req = this.req;
    if (req === null || this.state === HEAD || this.state >= WAIT) return;
    const got = req.bodyBytes;
    const declared = this.state === BODY ? ` of ${got + this.remaining}` : '';
    this.state = CLOSED;
    this.opts.handlers.problem(this, 'HPE_INVALID_EOF_STATE', undefined, {
      reason: `the connection closed in the middle of the body of ${req.method} ${req.target}: ${got}${declared} bytes${declared ? '' : ' of a chunked body'} arrived (the sender gave up or crashed mid-send)`,
    });
  }

  /** The server's 'close' for this socket. */
  closed(): void {
    this.cutOff(); // a reset (no FIN) in the middle of a body
    this.state = CLOSED;
    this.buf = null;
    this.body = EMPTY;
  }
}

/**
 * A net.Server speaking HTTP/1.1 through Http1Connection, with node:http's closeAllConnections(). Past
 * maxConnections a new connection is not refused: the least recently active idle or half-sent one is closed
 * for it (a slowloris crowd cannot lock senders out), and the shedding is reported.
 */
export function createHttp1Server(opts: Http1Options): Http1Server {
  const connections = new Set<Http1Connection>();
  const limit = opts.maxConnections ?? 2048;
  const keepAliveFields = `Connection: keep-alive\r\nKeep-Alive: timeout=${Math.max(1, Math.floor(opts.keepAliveMs / 1000))}\r\n\r\n`;
  let shed = { idle: 0, incomplete: 0, refused: 0 };
  let activity = 0;
  const makeRoom = (): boolean => {
    // The least recently active connection that may go (only a full server looks, once per new connection).
    let oldest: Http1Connection | undefined;
    let kind: 'idle' | 'incomplete' | undefined;
    for (const conn of connections) {
      if (oldest !== undefined && conn.lastActive >= oldest.lastActive) continue;
      const k = conn.sheddable();
      if (k === undefined) continue;
      oldest = conn;
      kind = k;
    }
    if (oldest === undefined) return false;
    shed[kind!]++;
    connections.delete(oldest);
    oldest.shed();
    return true;
  };
  const onConnection = (socket: Socket) => {
    if (connections.size >= limit && !makeRoom()) {
      shed.refused++;
      socket.destroy();
      return;
    }
    const conn = new Http1Connection(socket, opts, keepAliveFields);
    conn.lastActive = ++activity;
    connections.add(conn);
    conn.onActive = () => {
      conn.lastActive = ++activity;
    };
    socket.on('close', () => {
      connections.delete(conn);
      conn.closed();
    });
  };
  // allowHalfOpen: a client that half-closes after its request still gets the answer.
  const server = createServer({ allowHalfOpen: true }, onConnection) as Http1Server;
  server.twin = () => createServer({ allowHalfOpen: true }, onConnection);
  server.closeAllConnections = () => {
    for (const conn of connections) conn.socket.destroy();
  };
  // One sweep for every connection's deadline instead of a timer per request (node:http's connectionsCheckingInterval).
  const every = Math.min(1000, Math.max(100, Math.floor(Math.min(opts.requestTimeoutMs, opts.keepAliveMs) / 4)));
  const sweep = setInterval(() => {
    const now = Date.now();
    for (const conn of connections) if (conn.deadline <= now) conn.expire();
    if (shed.idle + shed.incomplete + shed.refused > 0) {
      const report = { open: connections.size, limit, ...shed };
      shed = { idle: 0, incomplete: 0, refused: 0 };
      opts.handlers.shed?.(report);
    }
  }, every);
  sweep.unref();
  server.on('close', () => clearInterval(sweep));
  return server;
}

function ignore(): void {}

function destroy(socket: Socket): void {
  socket.destroy();
}

function parseVersion(s: string, from: number, to: number): string {
  if (to - from === 8 && s.startsWith('HTTP/1.', from)) {
    const minor = s.charCodeAt(from + 7) - 48;
    if (minor === 1) return '1.1';
    if (minor === 0) return '1.0';
    if (minor > 1 && minor <= 9) return `1.${minor}`; // a later 1.x is answered as 1.1 (RFC 9110 §6.2)
  }
  throw new HeadError(s.startsWith('HTTP/', from) ? 'HPE_INVALID_VERSION' : 'HPE_INVALID_CONSTANT');
}

/** 1*DIGIT, or a list of the same number ("5, 5", RFC 9112 §6.3); -1 when it is neither. */
function parseContentLength(value: string): number {
  let n = -1;
  for (const part of value.includes(',') ? value.split(',') : [value]) {
    const digits = part.trim();
    if (digits.length === 0 || digits.length > 15) return -1;
    for (let i = 0; i < digits.length; i++) {
      const c = digits.charCodeAt(i);
      if (c < 48 || c > 57) return -1;
    }
    const v = Number(digits);
    if (n >= 0 && v !== n) return -1;
    n = v;
  }
  return n;
}

function countChunked(te: string): number {
  let n = 0;
  for (const coding of te.split(',')) if (coding.trim().toLowerCase() === 'chunked') n++;
  return n;
}

function endsWithChunked(te: string): boolean {
  return te.slice(te.lastIndexOf(',') + 1).trim().toLowerCase() === 'chunked';
}

/** Whether a comma-separated Connection value holds the token. */
function hasToken(value: string | undefined, token: string): boolean {
  if (value === undefined) return false;
  const lower = value.toLowerCase();
  if (lower === token) return true;
  if (!lower.includes(token)) return false;
  for (const t of lower.split(',')) if (t.trim() === token) return true;
  return false;
}

/** What is wrong with a chunk extension (from its ";" to the end of the line), as llhttp codes it, or undefined. */
function chunkExtError(buf: Buffer, from: number, end: number): Http1ProblemCode | undefined {
  // *( BWS ";" BWS ext-name [ BWS "=" BWS ( token / quoted-string ) ] )
  let i = from;
  while (i < end) {
    while (i < end && (buf[i] === 32 || buf[i] === 9)) i++;
    if (buf[i] !== 59) return 'HPE_STRICT';
    i++;
    while (i < end && (buf[i] === 32 || buf[i] === 9)) i++;
    const name = i;
    while (i < end && buf[i]! < 128 && TCHAR[buf[i]!] === 1) i++;
    if (i === name) return 'HPE_STRICT';
    while (i < end && (buf[i] === 32 || buf[i] === 9)) i++;
    if (buf[i] !== 61 || i === end) continue;
    i++;
    while (i < end && (buf[i] === 32 || buf[i] === 9)) i++;
    if (buf[i] === 34) {
      // quoted-string: qdtext or a quoted-pair, no CR, LF or NUL
      for (i++; i < end && buf[i] !== 34; i++) {
        const c = buf[i]!;
        if (c === 92) i++;
        else if ((c < 32 && c !== 9) || c === 127) return 'HPE_STRICT';
      }
      if (i >= end) return 'HPE_STRICT';
      i++;
    } else {
      const value = i;
      while (i < end && buf[i]! < 128 && TCHAR[buf[i]!] === 1) i++;
      if (i === value) return 'HPE_STRICT';
    }
  }
  return undefined;
}

/** What is wrong with a field line (name ":" OWS value OWS, no CRLF), as llhttp codes it, or undefined. */
function fieldLineError(line: string): Http1ProblemCode | undefined {
  let colon = 0;
  for (; colon < line.length; colon++) {
    const c = line.charCodeAt(colon);
    if (c === 58) break;
    if (c > 127 || TCHAR[c] === 0) return 'HPE_INVALID_HEADER_TOKEN';
  }
  if (colon === 0 || colon === line.length) return 'HPE_INVALID_HEADER_TOKEN';
  for (let i = colon + 1; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if ((c < 32 && c !== 9) || c === 127) return c === 13 ? 'HPE_LF_EXPECTED' : 'HPE_INVALID_HEADER_TOKEN';
  }
  return undefined;
}

function hexValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 102) return c - 87;
  if (c >= 65 && c <= 70) return c - 55;
  return -1;
}

/** Index just past the first empty line (LF LF or LF CR LF) at or after from, or -1. */
function findBlankLine(buf: Buffer, from: number, end: number): number {
  for (let i = buf.indexOf(10, from); i >= 0 && i < end; i = buf.indexOf(10, i + 1)) {
    if (buf[i + 1] === 10 || (buf[i + 1] === 13 && buf[i + 2] === 10)) return i;
  }
  return -1;
}

const statusLines: string[] = [];
function statusLine(status: number): string {
  return (statusLines[status] ??= `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Unknown'}\r\n`);
}

/** A response field line, or nothing for the fields this module writes itself and for values that would break the framing. */
function fieldLine(name: string, value: string): string {
  const n = name.length;
  if ((n === 14 || n === 10 || n === 17) && /^(content-length|connection|keep-alive|transfer-encoding)$/i.test(name)) return '';
  if (FRAMING_BREAKERS.test(value)) return '';
  return name + ': ' + value + '\r\n';
}

/** Buffer.byteLength(s), without leaving JS for the ASCII answers listen usually sends. */
function utf8Length(s: string): number {
  return NON_ASCII.test(s) ? Buffer.byteLength(s) : s.length;
}
const NON_ASCII = /[^\x00-\x7f]/;
/** CR, LF or NUL: a value holding one would end the field line (or the head) early. */
const FRAMING_BREAKERS = /[\r\n\0]/;

/** Whether a field name is `lower`, in any case (its usual spelling and lower case compared first, without lower-casing). */
function isField(name: string, usual: string, lower: string): boolean {
  return name === usual || name === lower || name.toLowerCase() === lower;
}

function isDate(name: string): boolean {
  return name.length === 4 && name.toLowerCase() === 'date';
}

let dateSecond = -1;
let dateText = '';
/** The Date field, made once a second. */
function httpDate(now: number): string {
  const second = Math.floor(now / 1000);
  if (second !== dateSecond) {
    dateSecond = second;
    dateText = new Date(second * 1000).toUTCString();
  }
  return dateText;
}
