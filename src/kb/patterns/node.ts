// What Node.js prints without (or around) a code: node:http, fetch (undici) with its [cause], axios, TLS wording.
import type { PatternTable } from './row.js';

const REAL = 'real Node.js 20 fetch / node:http against a loopback server';

export const nodePatterns: PatternTable = {
  source: 'node',
  rows: [
    {
      id: 'node-refused-ipv6', needles: ['::1:'], weight: 40, key: 'localhost-ipv6',
      re: /ECONNREFUSED (?:\[?::1\]?):(?<port>\d+)/,
      says: 'Node: nothing listens on ::1 port {port} (localhost resolved to IPv6)',
      examples: [{ line: 'Error: connect ECONNREFUSED ::1:3000', from: 'Node.js lib/net.js (afterConnect → "connect ECONNREFUSED <address>:<port>"), Node 17+ resolves localhost to ::1 first' }],
    },
    {
      id: 'node-connect-code', needles: ['connect e', 'read e', 'write e', 'getaddrinfo e'], weight: 25, key: '{code}',
      re: /\b(?<op>connect|read|write|getaddrinfo|queryA|querySrv) (?<code>E[A-Z_]{3,})(?: (?<addr>[^\s,)]+))?/,
      says: 'Node: {op} {code}[ {addr}]',
      examples: [
        { line: 'Error: connect ECONNREFUSED 127.0.0.1:9', from: REAL },
        { line: 'Error: read ECONNRESET', from: 'Node.js lib/internal/stream_base_commons.js (errnoException "read")' },
        { line: 'Error: getaddrinfo ENOTFOUND hooks.example.invalid', from: 'Node.js lib/dns.js (dnsException "getaddrinfo")' },
        { line: 'Error: write EPIPE', from: 'Node.js lib/internal/stream_base_commons.js (errnoException "write")' },
      ],
    },
    {
      id: 'node-socket-hang-up', needles: ['socket hang up'], weight: 30, key: 'empty-reply',
      re: /socket hang up/i,
      says: 'Node: the server closed the connection before answering ("socket hang up")',
      examples: [{ line: 'Error: socket hang up', from: 'Node.js lib/_http_client.js (connResetException("socket hang up"))' }],
    },
    {
      id: 'node-other-side-closed', needles: ['other side closed'], weight: 30, key: 'empty-reply',
      re: /other side closed/i,
      says: 'undici: the server closed the connection before a complete answer ("other side closed")',
      examples: [{ line: "[cause]: SocketError: other side closed", from: 'undici lib/dispatcher/client-h1.js (onHttpSocketEnd → SocketError("other side closed"))' }],
    },
    {
      id: 'node-fetch-failed', needles: ['fetch failed'], weight: 5, key: 'UND_ERR_SOCKET', generic: true,
      re: /TypeError: fetch failed|\bfetch failed\b/,
      says: 'fetch failed (the real reason is in its [cause])',
      examples: [{ line: 'TypeError: fetch failed', from: 'undici lib/web/fetch/index.js (new TypeError("fetch failed", { cause }))' }],
    },
    {
      id: 'node-altname', needles: ["hostname/ip does not match certificate's altnames", 'does not match certificate'], weight: 40, key: 'ERR_TLS_CERT_ALTNAME_INVALID',
      re: /Hostname\/IP does not match certificate's altnames: (?:Host|IP): (?<host>[^\s.]+(?:\.[^\s.]+)*)/i,
      says: 'Node: the certificate is not for {host}',
      examples: [{ line: "Error [ERR_TLS_CERT_ALTNAME_INVALID]: Hostname/IP does not match certificate's altnames: IP: 127.0.0.1 is not in the cert's list: ", from: 'Node.js lib/tls.js (checkServerIdentity)' }],
    },
    {
      id: 'node-axios-status', needles: ['request failed with status code'], weight: 12, key: '{status}',
      re: /Request failed with status code (?<status>\d{3})/i,
      says: 'axios: the server answered {status}',
      examples: [{ line: 'AxiosError: Request failed with status code 502', from: 'axios lib/core/settle.js ("Request failed with status code " + status)' }],
    },
    {
      id: 'node-axios-timeout', needles: ['timeout of', 'ms exceeded'], weight: 30, key: 'read-timeout',
      re: /timeout of (?<ms>\d+)ms exceeded/i,
      says: 'axios: no answer within {ms} ms',
      examples: [{ line: 'AxiosError: timeout of 5000ms exceeded', from: 'axios lib/adapters/http.js ("timeout of " + timeout + "ms exceeded")' }],
    },
    {
      id: 'node-abort-timeout', needles: ['the operation was aborted due to timeout'], weight: 25, key: 'timeout',
      re: /The operation was aborted due to timeout/i,
      says: 'fetch with AbortSignal.timeout(): the answer took too long',
      examples: [{ line: 'DOMException [TimeoutError]: The operation was aborted due to timeout', from: 'Node.js lib/internal/abort_controller.js (AbortSignal.timeout)' }],
    },
    {
      id: 'node-headers-timeout', needles: ['headers timeout error'], weight: 30, key: 'UND_ERR_HEADERS_TIMEOUT',
      re: /Headers Timeout Error/,
      says: 'undici: no response headers in time',
      examples: [{ line: '[cause]: HeadersTimeoutError: Headers Timeout Error', from: 'undici lib/core/errors.js (HeadersTimeoutError)' }],
    },
    {
      id: 'node-connect-timeout', needles: ['connect timeout error'], weight: 32, key: 'UND_ERR_CONNECT_TIMEOUT',
      re: /Connect Timeout Error/,
      says: 'undici: the connection was not established in time',
      examples: [{ line: '[cause]: ConnectTimeoutError: Connect Timeout Error (attempted address: hooks.example.com:443, timeout: 10000ms)', from: 'undici lib/core/connect.js (ConnectTimeoutError with attempted address)' }],
    },
    {
      id: 'node-body-timeout', needles: ['body timeout error'], weight: 30, key: 'UND_ERR_BODY_TIMEOUT',
      re: /Body Timeout Error/,
      says: 'undici: the response body stalled',
      examples: [{ line: '[cause]: BodyTimeoutError: Body Timeout Error', from: 'undici lib/core/errors.js (BodyTimeoutError)' }],
    },
  ],
};
