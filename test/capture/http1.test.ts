// listen's HTTP/1.1 framer on a real socket: bytes in as a sender writes them, answers out in order.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { createHttp1Server, type Http1Connection, type Http1ProblemCode, type Http1Request, type ShedReport } from '../../src/capture/http1.js';
import { createCaptureServer } from '../../src/capture/server.js';

interface Started {
  port: number;
  problems: Array<{ code: Http1ProblemCode; raw?: string; detail?: string }>;
  refused: Http1Request[];
  shed: ShedReport[];
  onShed?: () => void;
}

/** The answer to every request: what the framer made of it, as JSON. */
function echo(conn: Http1Connection, req: Http1Request): void {
  const { method, target, httpVersion, rawHeaders, chunked, bareLf, lenient, hostFields } = req;
  conn.respond(200, { 'content-type': 'application/json' }, JSON.stringify({ method, target, httpVersion, rawHeaders, body: req.body.toString('latin1'), chunked, bareLf, lenient, hostFields }));
}

async function start(t: TestContext, opts: { request?: (conn: Http1Connection, req: Http1Request) => void; maxBodyBytes?: number; requestTimeoutMs?: number; keepAliveMs?: number; firstByteMs?: number; maxConnections?: number } = {}): Promise<Started> {
  const started: Started = { port: 0, problems: [], refused: [], shed: [] };
  const server = createHttp1Server({
    maxBodyBytes: opts.maxBodyBytes ?? 1024 * 1024,
    requestTimeoutMs: opts.requestTimeoutMs ?? 5000,
    keepAliveMs: opts.keepAliveMs ?? 5000,
    ...(opts.firstByteMs ? { firstByteMs: opts.firstByteMs } : {}),
    ...(opts.maxConnections ? { maxConnections: opts.maxConnections } : {}),
    handlers: {
      shed(report) {
        started.shed.push(report);
        started.onShed?.();
      },
      request: opts.request ?? echo,
      tooLarge(conn, req) {
        started.refused.push(req);
        conn.respond(413, { 'content-type': 'text/plain' }, 'too large\n');
      },
      problem(_conn, code, raw, cutOff) {
        started.problems.push({ code, ...(raw ? { raw: raw.toString('latin1') } : {}), ...(cutOff ? { detail: cutOff.reason } : {}) });
      },
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => {
    server.closeAllConnections();
    server.close();
  });
  started.port = (server.address() as { port: number }).port;
  return started;
}

interface Response {
  status: number;
  head: string;
  headers: Record<string, string>;
  body: string;
}

/** Split what a server sent into responses (Content-Length framed; a HEAD answer's body named by the caller). */
function responses(text: string, bodiless: number[] = []): Response[] {
  const out: Response[] = [];
  let rest = text;
  while (rest.length) {
    const end = rest.indexOf('\r\n\r\n');
    if (end < 0) break;
    const head = rest.slice(0, end);
    const [statusLine, ...lines] = head.split('\r\n');
    const headers: Record<string, string> = {};
    for (const l of lines) headers[l.slice(0, l.indexOf(':')).toLowerCase()] = l.slice(l.indexOf(':') + 1).trim();
    const status = Number(statusLine!.split(' ')[1]);
    const length = bodiless.includes(out.length) || status < 200 ? 0 : Number(headers['content-length'] ?? 0);
    out.push({ status, head, headers, body: rest.slice(end + 4, end + 4 + length) });
    rest = rest.slice(end + 4 + length);
  }
  return out;
}

/**
 * Write chunks on a fresh connection (gapMs apart); resolve with all that came back once `done` says
 * enough arrived, the server closed, or 3 s passed.
 */
function exchange(port: number, chunks: Array<string | Buffer>, opts: { gapMs?: number; done?: (got: string) => boolean } = {}): Promise<{ got: string; closed: boolean }> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.setNoDelay(true);
    let got = '';
    let closed = false;
    const finish = () => {
      clearTimeout(timer);
      socket.destroy();
      resolve({ got, closed });
    };
    const timer = setTimeout(finish, 3000);
    socket.setEncoding('latin1');
    socket.on('data', (d: string) => {
      got += d;
      if (opts.done?.(got)) finish();
    });
    socket.on('error', () => {});
    socket.on('close', () => {
      closed = true;
      finish();
    });
    socket.on('connect', async () => {
      for (const c of chunks) {
        if (socket.destroyed) return;
        socket.write(c);
        if (opts.gapMs) await new Promise((r) => setTimeout(r, opts.gapMs));
      }
    });
  });
}

const answers = (n: number) => (got: string) => responses(got).length >= n;

test('a request sent byte by byte is framed as one, header case, order and values as sent', { timeout: 10_000 }, async (t) => {
  const s = await start(t);
  const request = 'POST /hooks?x=1 HTTP/1.1\r\nHost: here\r\nX-CaSe: a  b \r\nx-case: 2\r\nContent-Length: 7\r\n\r\n{"a":1}';
  const { got } = await exchange(s.port, [...request].map((c) => Buffer.from(c, 'latin1')), { gapMs: 1, done: answers(1) });
  const [res] = responses(got);
  assert.equal(res!.status, 200);
  const seen = JSON.parse(res!.body);
  assert.equal(seen.method, 'POST');
  assert.equal(seen.target, '/hooks?x=1');
  assert.equal(seen.httpVersion, '1.1');
  assert.deepEqual(seen.rawHeaders, [['Host', 'here'], ['X-CaSe', 'a  b'], ['x-case', '2'], ['Content-Length', '7']]);
  assert.equal(seen.body, '{"a":1}');
  assert.equal(seen.bareLf, false);
  assert.deepEqual(s.problems, []);
});

test('two pipelined requests in one write are answered in order, the first holding the second', async (t) => {
  const s = await start(t, {
    request(conn, req) {
      if (req.target === '/slow') setTimeout(() => echo(conn, req), 100);
      else echo(conn, req);
    },
  });
  const { got, closed } = await exchange(s.port, ['GET /slow HTTP/1.1\r\nHost: x\r\n\r\nPOST /fast HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\nok'], { done: answers(2) });
  const [first, second] = responses(got);
  assert.equal(JSON.parse(first!.body).target, '/slow');
  assert.equal(JSON.parse(second!.body).target, '/fast');
  assert.equal(JSON.parse(second!.body).body, 'ok');
  assert.equal(first!.headers.connection, 'keep-alive');
  assert.equal(closed, false, 'HTTP/1.1 stays open');
});

test('a chunked body with extensions and trailers is de-chunked, and the connection stays usable', async (t) => {
  const s = await start(t);
  const { got } = await exchange(s.port, [
    'POST /c HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n',
    '5;name=value\r\nhello\r\n',
    '1A ; another\r\n, chunked world of letters\r\n',
    '0\r\nX-Trailer: yes\r\nX-Other: 1\r\n\r\n',
    'GET /next HTTP/1.1\r\nHost: x\r\n\r\n',
  ], { gapMs: 10, done: answers(2) });
  const [first, second] = responses(got);
  const seen = JSON.parse(first!.body);
  assert.equal(seen.body, 'hello, chunked world of letters');
  assert.equal(seen.chunked, true);
  assert.equal(JSON.parse(second!.body).target, '/next');
  assert.deepEqual(s.problems, []);
});

test('Content-Length together with Transfer-Encoding: chunked is refused as smuggling', async (t) => {
  const s = await start(t);
  const { got, closed } = await exchange(s.port, ['POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n']);
  assert.match(got, /^HTTP\/1\.1 400 Bad Request\r\n/);
  assert.match(got, /Connection: close/);
  assert.equal(closed, true);
  assert.equal(s.problems[0]!.code, 'HPE_UNEXPECTED_CONTENT_LENGTH');
  assert.match(s.problems[0]!.raw!, /^POST \/ HTTP\/1\.1\r\n/);
});

test('a Content-Length that is not a number, or two that differ, is refused; the same one twice is not', async (t) => {
  const s = await start(t);
  for (const fields of ['Content-Length: abc', 'Content-Length: 3, 4', 'Content-Length: 3\r\nContent-Length: 4', 'Content-Length: -1']) {
    const { got } = await exchange(s.port, [`POST / HTTP/1.1\r\nHost: x\r\n${fields}\r\n\r\nabc`]);
    assert.match(got, /^HTTP\/1\.1 400 /, fields);
  }
  assert.deepEqual(s.problems.map((p) => p.code), Array(4).fill('HPE_INVALID_CONTENT_LENGTH'));
  const same = await exchange(s.port, ['POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nContent-Length: 3\r\n\r\nabc'], { done: answers(1) });
  assert.equal(JSON.parse(responses(same.got)[0]!.body).body, 'abc');
});

test('Expect: 100-continue gets 100 Continue before the body; over the limit it gets 413 at once', async (t) => {
  const s = await start(t, { maxBodyBytes: 100 });
  const body = 'x'.repeat(50);
  const got = await new Promise<string>((resolve) => {
    const socket = connect(s.port, '127.0.0.1');
    let text = '';
    socket.setEncoding('latin1');
    socket.on('connect', () => socket.write(`POST / HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: ${body.length}\r\n\r\n`));
    socket.on('data', (d: string) => {
      text += d;
      if (text === 'HTTP/1.1 100 Continue\r\n\r\n') socket.write(body);
      if (responses(text).length === 2) {
        socket.destroy();
        resolve(text);
      }
    });
  });
  const [cont, ok] = responses(got);
  assert.equal(cont!.status, 100);
  assert.equal(JSON.parse(ok!.body).body, body);

  const refused = await exchange(s.port, ['POST / HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 101\r\n\r\n']);
  assert.match(refused.got, /^HTTP\/1\.1 413 Payload Too Large\r\n/);
  assert.match(refused.got, /Connection: close/);
  assert.equal(refused.closed, true);
  assert.equal(s.refused[0]!.bodyBytes, 101);
});

test('HTTP/1.0 is closed after the answer unless it asks for keep-alive', async (t) => {
  const s = await start(t);
  const plain = await exchange(s.port, ['GET /a HTTP/1.0\r\n\r\n']);
  assert.equal(plain.closed, true);
  const [res] = responses(plain.got);
  assert.equal(res!.headers.connection, 'close');
  assert.equal(JSON.parse(res!.body).httpVersion, '1.0');
  const kept = await exchange(s.port, ['GET /a HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n'], { done: answers(1) });
  assert.equal(responses(kept.got)[0]!.headers.connection, 'keep-alive');
  assert.equal(kept.closed, false);
});

test('Connection: close is answered with Connection: close, then the connection closes and later bytes are not read', async (t) => {
  const s = await start(t);
  const { got, closed } = await exchange(s.port, ['GET /a HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\nGET /b HTTP/1.1\r\nHost: x\r\n\r\n']);
  const all = responses(got);
  assert.equal(all.length, 1);
  assert.equal(all[0]!.headers.connection, 'close');
  assert.equal(closed, true);
});

test('headers over 16 KB get 431 and are reported', async (t) => {
  const s = await start(t);
  const { got, closed } = await exchange(s.port, [`GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(17 * 1024)}\r\n\r\n`]);
  assert.match(got, /^HTTP\/1\.1 431 Request Header Fields Too Large\r\n/);
  assert.equal(closed, true);
  assert.equal(s.problems[0]!.code, 'HPE_HEADER_OVERFLOW');
});

test('HEAD gets the headers with Content-Length and no body; the next answer on the connection is intact', async (t) => {
  const s = await start(t);
  const { got } = await exchange(s.port, ['HEAD /h HTTP/1.1\r\nHost: x\r\n\r\nGET /g HTTP/1.1\r\nHost: x\r\n\r\n'], { done: (g) => responses(g, [0]).length >= 2 });
  const [head, get] = responses(got, [0]);
  assert.equal(head!.status, 200);
  assert.ok(Number(head!.headers['content-length']) > 0);
  assert.match(head!.headers.date!, /GMT$/);
  assert.equal(JSON.parse(get!.body).target, '/g');
});

test('garbage (a TLS ClientHello) gets 400 and is reported with its bytes; a new connection is served', async (t) => {
  const s = await start(t);
  const hello = Buffer.from([0x16, 0x03, 0x01, 0x00, 0xa5, 0x01, 0x00, 0x00, 0xa1, 0x03, 0x03]);
  const bad = await exchange(s.port, [hello]);
  assert.match(bad.got, /^HTTP\/1\.1 400 Bad Request\r\n[^]*malformed HTTP: HPE_INVALID_METHOD\n$/);
  assert.equal(bad.closed, true);
  assert.equal(s.problems[0]!.code, 'HPE_INVALID_METHOD');
  assert.equal(s.problems[0]!.raw, hello.toString('latin1'));
  const good = await exchange(s.port, ['GET /after HTTP/1.1\r\nHost: x\r\n\r\n'], { done: answers(1) });
  assert.equal(JSON.parse(responses(good.got)[0]!.body).target, '/after');
});

test('a malformed request line or header name is refused with the code that says which', async (t) => {
  const s = await start(t);
  const cases: Array<[string, Http1ProblemCode]> = [
    ['hello\r\n\r\n', 'HPE_INVALID_METHOD'],
    ['GET /\r\n\r\n', 'HPE_INVALID_CONSTANT'],
    ['GET / HTTP/2.0\r\n\r\n', 'HPE_INVALID_VERSION'],
    ['GET /a\x01b HTTP/1.1\r\n\r\n', 'HPE_INVALID_URL'],
    ['GET / HTTP/1.1\r\nBad Name: x\r\n\r\n', 'HPE_INVALID_HEADER_TOKEN'],
    ['GET / HTTP/1.1\r\nHost: x\r\n folded\r\n\r\n', 'HPE_INVALID_HEADER_TOKEN'],
    ['GET / HTTP/1.1\r\nX: a\x00b\r\n\r\n', 'HPE_INVALID_HEADER_TOKEN'],
    ['GET / HTTP/1.1\r\nX: a\rb\r\n\r\n', 'HPE_LF_EXPECTED'],
    ['POST / HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n', 'HPE_INVALID_TRANSFER_ENCODING'],
    ['POST / HTTP/1.1\r\nTransfer-Encoding: chunked, chunked\r\n\r\n0\r\n\r\n', 'HPE_INVALID_TRANSFER_ENCODING'],
    ['POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n', 'HPE_INVALID_TRANSFER_ENCODING'],
    ['POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n', 'HPE_INVALID_TRANSFER_ENCODING'],
    ['POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n', 'HPE_INVALID_CHUNK_SIZE'],
    ['POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabc\r\n0\r\n\r\n', 'HPE_INVALID_CHUNK_SIZE'],
  ];
  for (const [request] of cases) {
    const { got } = await exchange(s.port, [request]);
    assert.match(got, /^HTTP\/1\.1 400 /, JSON.stringify(request));
  }
  assert.deepEqual(s.problems.map((p) => p.code), cases.map(([, code]) => code));
});

test('bare LF line endings are accepted and flagged', async (t) => {
  const s = await start(t);
  const { got } = await exchange(s.port, ['POST /lf HTTP/1.1\nHost: x\nContent-Length: 2\n\nhi'], { done: answers(1) });
  const seen = JSON.parse(responses(got)[0]!.body);
  assert.equal(seen.bareLf, true);
  assert.deepEqual(seen.rawHeaders, [['Host', 'x'], ['Content-Length', '2']]);
  assert.equal(seen.body, 'hi');
});

test('a chunked body growing past the limit is refused with 413 and the connection closed', async (t) => {
  const s = await start(t, { maxBodyBytes: 100 });
  const chunk = '40\r\n' + 'y'.repeat(64) + '\r\n';
  const { got, closed } = await exchange(s.port, ['POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n', chunk, chunk, chunk], { gapMs: 10 });
  assert.match(got, /^HTTP\/1\.1 413 /);
  assert.equal(closed, true);
  assert.equal(s.refused.length, 1);
  assert.ok(s.refused[0]!.bodyBytes > 100);
});

test('a request that stalls gets 408 and a timeout report; an idle kept-alive connection is closed quietly', async (t) => {
  const s = await start(t, { requestTimeoutMs: 300, keepAliveMs: 300 });
  const startedAt = Date.now();
  const stalled = await exchange(s.port, ['POST / HTTP/1.1\r\nHost: x\r\n']);
  assert.match(stalled.got, /^HTTP\/1\.1 408 Request Timeout\r\n/);
  assert.equal(stalled.closed, true);
  assert.ok(Date.now() - startedAt < 2000);
  assert.deepEqual(s.problems, [{ code: 'ERR_HTTP_REQUEST_TIMEOUT', raw: 'POST / HTTP/1.1\r\nHost: x\r\n' }]);
  const idle = await exchange(s.port, ['GET / HTTP/1.1\r\nHost: x\r\n\r\n']);
  assert.equal(responses(idle.got).length, 1);
  assert.equal(idle.closed, true, 'closed after the keep-alive time');
  assert.equal(s.problems.length, 1, 'an idle connection is no problem');
});

test('a client that goes away in the middle of a body (FIN or reset) is reported with how much arrived; nothing is answered', async (t) => {
  let requests = 0;
  const s = await start(t, { request: (conn, req) => { requests++; echo(conn, req); } });
  await new Promise<void>((resolve) => {
    const socket = connect(s.port, '127.0.0.1', () => socket.end('POST /cut HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nonly some'));
    socket.on('close', () => resolve());
    socket.resume();
  });
  await new Promise<void>((resolve) => {
    const socket = connect(s.port, '127.0.0.1', () => {
      socket.write('POST /reset HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n');
      setTimeout(() => socket.resetAndDestroy(), 50);
    });
    socket.on('close', () => resolve());
    socket.on('error', () => {});
  });
  await new Promise((r) => setTimeout(r, 100));
  assert.equal(requests, 0);
  assert.deepEqual(s.problems.map((p) => p.code), ['HPE_INVALID_EOF_STATE', 'HPE_INVALID_EOF_STATE']);
  assert.match(s.problems[0]!.detail!, /middle of the body of POST \/cut: 9 of 100 bytes arrived/);
  assert.match(s.problems[1]!.detail!, /middle of the body of POST \/reset: 5 bytes of a chunked body arrived/);
});

test('a client that half-closes after its request still gets the answer', async (t) => {
  const s = await start(t, { request: (conn, req) => setTimeout(() => echo(conn, req), 50) });
  const got = await new Promise<string>((resolve) => {
    const socket = connect(s.port, '127.0.0.1', () => socket.end('GET /half HTTP/1.1\r\nHost: x\r\n\r\n'));
    let text = '';
    socket.setEncoding('latin1');
    socket.on('data', (d: string) => (text += d));
    socket.on('close', () => resolve(text));
  });
  const [res] = responses(got);
  assert.equal(JSON.parse(res!.body).target, '/half');
  assert.equal(res!.headers.connection, 'close');
});

test('a request listen never answers (--chaos timeout) is closed once the client gives up, not held open for ever', async (t) => {
  const server = createCaptureServer({
    maxBodyBytes: 1024,
    timeouts: { requestMs: 5000, keepAliveMs: 5000 },
    handlers: { reply: () => ({ kind: 'timeout', delayMs: 0 }), answered() {}, problem() {} },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => {
    server.closeAllConnections();
    server.close();
  });
  const { port } = server.address() as { port: number };
  // A sender that gives up and closes its side: the server must close too, or each such request holds a socket.
  const closed = await new Promise<boolean>((resolve) => {
    const socket = connect(port, '127.0.0.1', () => socket.write('POST /x HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}'));
    const timer = setTimeout(() => { socket.destroy(); resolve(false); }, 2000);
    socket.on('error', () => {});
    socket.on('close', () => { clearTimeout(timer); resolve(true); });
    socket.resume();
    setTimeout(() => socket.end(), 100);
  });
  assert.ok(closed, 'the server kept the connection after the client closed its side');
});

const CHUNKED = 'POST /c HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n';

test('chunk framing llhttp refuses is refused with its code: junk after the size, NUL or a bare CR in an extension, a junk trailer line', async (t) => {
  const s = await start(t);
  const cases: Array<[string, Http1ProblemCode]> = [
    ['5 zz\r\nhello\r\n0\r\n\r\n', 'HPE_INVALID_CHUNK_SIZE'],
    ['5 \r\nhello\r\n0\r\n\r\n', 'HPE_INVALID_CHUNK_SIZE'],
    ['5zz\r\nhello\r\n0\r\n\r\n', 'HPE_INVALID_CHUNK_SIZE'],
    ['5;a\0b\r\nhello\r\n0\r\n\r\n', 'HPE_STRICT'],
    ['5;a\rb\r\nhello\r\n0\r\n\r\n', 'HPE_STRICT'],
    ['5;\r\nhello\r\n0\r\n\r\n', 'HPE_STRICT'],
    ['5;a="open\r\nhello\r\n0\r\n\r\n', 'HPE_STRICT'],
    ['5\r\nhelloX\r\n0\r\n\r\n', 'HPE_INVALID_CHUNK_SIZE'],
    ['5\r\nhello\rX0\r\n\r\n', 'HPE_LF_EXPECTED'],
    ['5\r\nhello\r\n0\r\njunk\r\n\r\n', 'HPE_INVALID_HEADER_TOKEN'],
    ['5\r\nhello\r\n0\r\n X: folded\r\n\r\n', 'HPE_INVALID_HEADER_TOKEN'],
    ['5\r\nhello\r\n0\r\nX-T: a\0b\r\n\r\n', 'HPE_INVALID_HEADER_TOKEN'],
  ];
  for (const [body] of cases) {
    const { got, closed } = await exchange(s.port, [CHUNKED + body]);
    assert.match(got, /^HTTP\/1\.1 400 /, JSON.stringify(body));
    assert.equal(closed, true);
  }
  assert.deepEqual(s.problems.map((p) => p.code), cases.map(([, code]) => code));
});

test('chunk framing listen accepts on purpose (bare LF, whitespace before ";") is kept, each liberty named once with llhttp\'s code', async (t) => {
  const s = await start(t);
  const { got } = await exchange(s.port, [CHUNKED + '5 ;a=b\nhello\n1;q="x y";z\r\n!\r\n1\n?\n0\nX-T: 1\n\n'], { done: answers(1) });
  const seen = JSON.parse(responses(got)[0]!.body);
  assert.equal(seen.body, 'hello!?');
  assert.deepEqual(seen.lenient, [
    { code: 'HPE_CR_EXPECTED', what: 'a chunk-size line ends with a bare LF, not CRLF' },
    { code: 'HPE_INVALID_CHUNK_SIZE', what: 'whitespace between a chunk size and its ";" extension' },
    { code: 'HPE_CR_EXPECTED', what: 'chunk data ends with a bare LF, not CRLF' },
    { code: 'HPE_CR_EXPECTED', what: 'a line after the last chunk ends with a bare LF, not CRLF' },
  ]);
  const strict = await exchange(s.port, [CHUNKED + '5;a=b;c="q \\" b"\r\nhello\r\n0\r\nX-T: 1\r\n\r\n'], { done: answers(1) });
  const clean = JSON.parse(responses(strict.got)[0]!.body);
  assert.equal(clean.body, 'hello');
  assert.equal(clean.lenient, undefined, 'well-formed framing has nothing to name');
  assert.deepEqual(s.problems, []);
});

test('a body of one-byte chunks is gathered whole and exact (one growing buffer, not a Buffer per chunk)', async (t) => {
  const s = await start(t, { maxBodyBytes: 1024 * 1024 });
  const n = 200_000; // 1.2 MB on the wire: past the point where listen asks V8 to collect the read buffers
  const bytes = Buffer.alloc(n);
  for (let i = 0; i < n; i++) bytes[i] = 97 + (i % 26);
  const wire: string[] = [CHUNKED];
  for (let i = 0; i < n; i += 5000) wire.push([...bytes.subarray(i, i + 5000).toString('latin1')].map((c) => `1\r\n${c}\r\n`).join(''));
  wire.push('0\r\n\r\n');
  const whole = (got: string) => { const r = responses(got)[0]; return r !== undefined && r.body.length === Number(r.headers['content-length']); };
  const { got } = await exchange(s.port, wire, { done: whole });
  assert.equal(JSON.parse(responses(got)[0]!.body).body, bytes.toString('latin1'));
});

test('a request without Host (or with two) goes to the handler at once, its body unread, and its answer closes the connection', async (t) => {
  const s = await start(t);
  const { got, closed } = await exchange(s.port, ['POST /nohost HTTP/1.1\r\nContent-Length: 10\r\n\r\nabc']);
  const [res] = responses(got);
  const seen = JSON.parse(res!.body);
  assert.equal(seen.hostFields, 0);
  assert.equal(seen.body, '');
  assert.equal(res!.headers.connection, 'close');
  assert.equal(closed, true);
  const two = await exchange(s.port, ['GET /two HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n']);
  assert.equal(JSON.parse(responses(two.got)[0]!.body).hostFields, 2);
  assert.deepEqual(s.problems, []);
});

test('past maxConnections the least recently active idle connection is closed for a new one, which is served; the shedding is reported', async (t) => {
  const s = await start(t, { maxConnections: 3 });
  const idle = await Promise.all([0, 1, 2].map(() => new Promise<import('node:net').Socket>((resolve) => {
    const socket = connect(s.port, '127.0.0.1', () => resolve(socket));
    socket.on('error', () => {});
  })));
  const closedAt: number[] = [];
  idle.forEach((socket, i) => socket.on('close', () => closedAt.push(i)));
  // The oldest becomes the most recently active: a request on it moves it to the back of the line.
  idle[0]!.write('GET /keep HTTP/1.1\r\nHost: x\r\n\r\n');
  await new Promise((r) => idle[0]!.once('data', r));
  const shed = new Promise<void>((resolve) => (s.onShed = resolve));
  const { got } = await exchange(s.port, ['GET /new HTTP/1.1\r\nHost: x\r\n\r\n'], { done: answers(1) });
  assert.equal(JSON.parse(responses(got)[0]!.body).target, '/new');
  await shed;
  assert.deepEqual(closedAt, [1], 'the idle one that never sent a byte went first');
  assert.deepEqual({ ...s.shed[0], open: undefined }, { open: undefined, limit: 3, idle: 1, incomplete: 0, refused: 0 });
  for (const socket of idle) socket.destroy();
});

test('a connection that sends nothing is closed after the first-byte deadline, quietly', async (t) => {
  const s = await start(t, { firstByteMs: 150, requestTimeoutMs: 5000 });
  const startedAt = Date.now();
  const { got, closed } = await exchange(s.port, []);
  assert.equal(closed, true);
  assert.equal(got, '');
  assert.ok(Date.now() - startedAt < 2500, 'well before the request timeout');
  assert.deepEqual(s.problems, []);
});

test('framing fields are matched in any case; an answer drops a field whose value would break its framing and counts a UTF-8 body in bytes', async (t) => {
  const s = await start(t, {
    request(conn, req) {
      if (req.target === '/answer') {
        conn.respond(200, [['X-Ok', 'fine'], ['X-Cr', 'a\rb'], ['X-Lf', 'a\nInjected: 1'], ['X-Nul', 'a\0b']], 'café ✓');
        return;
      }
      echo(conn, req);
    },
  });
  // HOST and CONTENT-LENGTH, neither spelling the usual one: still the Host and the body's length.
  const { got } = await exchange(s.port, ['POST /x HTTP/1.1\r\nHOST: here\r\nCONTENT-LENGTH: 2\r\n\r\nokGET /answer HTTP/1.1\r\nhost: here\r\n\r\n'], { done: answers(2) });
  const [echoed, answer] = responses(got);
  const seen = JSON.parse(echoed!.body);
  assert.equal(seen.hostFields, 1);
  assert.equal(seen.body, 'ok');
  assert.equal(answer!.headers['x-ok'], 'fine');
  for (const name of ['x-cr', 'x-lf', 'x-nul', 'injected']) assert.equal(answer!.headers[name], undefined, name);
  assert.equal(answer!.headers['content-length'], String(Buffer.byteLength('café ✓')));
  assert.ok(!Number.isNaN(Date.parse(answer!.headers.date!)), answer!.headers.date);
});
