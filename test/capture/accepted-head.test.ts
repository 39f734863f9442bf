// The line thread reads each request's head again from its bytes: it must make of them what http1.ts made.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { createHttp1Server, type Http1Request } from '../../src/capture/http1.js';
import { readAcceptedHead } from '../../src/capture/accepted-head.js';
import { trickyRequests } from './tricky-requests.js';

const H = 'Host: x\r\n';
// Heads whose reading is easy to get wrong, beside the differential table's framing cases.
const heads: Array<{ name: string; bytes: string }> = [
  { name: 'empty lines before the request line', bytes: `\r\n\r\nGET /after-blank HTTP/1.1\r\n${H}\r\n` },
  { name: 'bare LF line ends', bytes: `GET /lf HTTP/1.1\n${H.replace('\r\n', '\n')}X-A: 1\n\n` },
  { name: 'a bare LF only on the blank line', bytes: `GET /mixed HTTP/1.1\r\n${H}X-A: 1\r\n\n` },
  { name: 'tabs and spaces around values, none inside kept', bytes: `GET /ows HTTP/1.1\r\n${H}X-Tab:\t a \t b\t \r\nX-Empty:\r\nX-Spaces:    \r\n\r\n` },
  { name: 'a colon in a value and none after the name', bytes: `GET /colon HTTP/1.1\r\n${H}X-Url: http://a:1/b\r\nX-Tight:v\r\n\r\n` },
  { name: 'obs-text bytes in a value and the target', bytes: `GET /caf\xe9?q=\xff HTTP/1.1\r\n${H}X-Latin: caf\xe9 \xff\xfe\r\n\r\n` },
  { name: 'a later HTTP/1.x', bytes: `GET /v HTTP/1.7\r\n${H}\r\n` },
  { name: 'HTTP/1.0 without Host', bytes: 'GET /ten HTTP/1.0\r\n\r\n' },
  { name: 'an absolute-form target', bytes: `GET http://example.com/x?y=1 HTTP/1.1\r\n${H}\r\n` },
  { name: 'names in odd case, repeated, with every tchar', bytes: `GET /names HTTP/1.1\r\n${H}x-a: 1\r\nX-A: 2\r\n!#$%&'*+-.^_\`|~09az: t\r\n\r\n` },
  { name: 'a lower-case method', bytes: `post /m HTTP/1.1\r\n${H}Content-Length: 2\r\n\r\nok` },
  { name: 'two Host fields (refused on its head, still read)', bytes: `GET /two HTTP/1.1\r\n${H}${H}\r\n` },
];

test('the line thread reads every head http1.ts accepted as http1.ts did', async (t) => {
  const seen: Http1Request[] = [];
  const server = createHttp1Server({
    maxBodyBytes: 1024 * 1024,
    requestTimeoutMs: 5000,
    keepAliveMs: 5000,
    handlers: {
      request(conn, req) {
        seen.push(req);
        conn.respond(200, {}, 'ok');
      },
      tooLarge(conn, req) {
        seen.push(req);
        conn.respond(413, {}, '');
      },
      problem() {},
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => { server.closeAllConnections(); server.close(); });
  const port = (server.address() as { port: number }).port;
  const all = [...trickyRequests, ...heads];
  for (const r of all) {
    await new Promise<void>((resolve) => {
      const s = connect(port, '127.0.0.1', () => s.end(Buffer.from(r.bytes, 'latin1')));
      s.on('data', () => {});
      s.on('error', () => resolve());
      s.on('close', () => resolve());
    });
  }
  // Most of the table is accepted; the rest is refused before a request is made of it.
  assert.ok(seen.length >= heads.length + 20, `only ${seen.length} requests were accepted`);
  for (const req of seen) {
    const again = readAcceptedHead(req.head);
    assert.deepEqual(again, { method: req.method, target: req.target, httpVersion: req.httpVersion, rawHeaders: req.rawHeaders }, `${req.method} ${req.target}`);
  }
  for (const h of heads) {
    const target = h.bytes.slice(h.bytes.indexOf(' ') + 1, h.bytes.indexOf(' ', h.bytes.indexOf(' ') + 1));
    assert.ok(seen.some((r) => r.target === target), `${h.name}: not accepted`);
  }
});
