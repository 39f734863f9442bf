// Knowledge-base entries for the plain-HTTP / TLS mix-up: one side speaks TLS, the other plain HTTP.
import type { KbEntry } from '../schema.js';

export const protocolEntries: KbEntry[] = [
  {
    key: 'http-to-https-port',
    kind: 'tls',
    title: 'Plain HTTP sent to a port that speaks TLS',
    aliases: [
      'plain http request was sent to https port',
      'client sent an http request to an https server',
      'http request to an https server',
      'http to https port',
    ],
    meaning:
      'The client spoke plain HTTP (an http:// URL) to a port where the server expects a TLS handshake. The server either ' +
      'answers with a 400 in plain text ("The plain HTTP request was sent to HTTPS port", "Client sent an HTTP request to an ' +
      'HTTPS server") or just closes the connection, which the client reports as an empty reply or a reset.',
    causes: [
      'The URL says http:// but the port (443, 8443, a TLS listener) serves HTTPS',
      'A reverse proxy or load balancer terminates TLS on that port and the sender was configured without the s',
      'A health check or tunnel forwards plain HTTP to a TLS backend',
    ],
    fixes: [
      { text: 'Change the URL to https:// and check that the handshake works.', command: 'curl -v https://example.com:443/' },
      { text: 'Confirm the port speaks TLS: a certificate in the output means it does.', command: 'openssl s_client -connect example.com:443 -servername example.com </dev/null' },
      { text: 'Send a test payload over the corrected URL.', command: 'webhook-doctor send https://example.com/hooks' },
    ],
    retry: { retry: 'no', why: 'Every attempt speaks the wrong protocol; fix the URL\'s scheme first.' },
    senders: {},
    sources: [
      'nginx (ngx_http_ssl_module: "400 The plain HTTP request was sent to HTTPS port")',
      'Go net/http (server.go: "Client sent an HTTP request to an HTTPS server.")',
      'curl (libcurl error codes: CURLE_GOT_NOTHING "Empty reply from server")',
    ],
    related: ['https-to-http-port', 'EPROTO', 'ECONNRESET'],
  },
  {
    key: 'https-to-http-port',
    kind: 'tls',
    title: 'TLS (https://) sent to a port that speaks plain HTTP',
    aliases: [
      'wrong version number',
      'server gave http response to https client',
      'http response to https client',
      'unsupported or unrecognized ssl message',
      'https to http port',
    ],
    meaning:
      'The client opened a TLS handshake (an https:// URL) on a port that speaks plain HTTP. The server reads the handshake ' +
      'as garbage and answers in plain text (often a 400) or closes; the client sees bytes that are not TLS and fails with ' +
      '"wrong version number" (OpenSSL: curl, Python, Node), "server gave HTTP response to HTTPS client" (Go) or ' +
      '"Unsupported or unrecognized SSL message" (Java).',
    causes: [
      'The URL says https:// but the receiver listens on plain HTTP (a dev server, `webhook-doctor listen`, an app port behind the TLS proxy)',
      'The sender was pointed at the backend port instead of the proxy that terminates TLS',
      'A port mapping sends the TLS port to the application\'s plain port',
    ],
    fixes: [
      { text: 'Check that the port answers plain HTTP: a status line in the output means it does.', command: 'curl -v http://127.0.0.1:8080/' },
      { text: 'Either use http:// for a local receiver, or put TLS in front of it (a reverse proxy or a tunnel) and give the sender that https:// URL.', command: 'webhook-doctor send http://127.0.0.1:8080/hooks' },
      { text: 'Look at the handshake itself: "wrong version number" or "no peer certificate available" confirms the port is not TLS.', command: 'openssl s_client -connect 127.0.0.1:8080 </dev/null' },
    ],
    retry: { retry: 'no', why: 'The port keeps speaking plain HTTP; fix the URL or add TLS in front of the receiver.' },
    senders: {},
    sources: [
      'OpenSSL (SSL_R_WRONG_VERSION_NUMBER "wrong version number")',
      'Go net/http (transport.go: "http: server gave HTTP response to HTTPS client")',
      'Java JSSE ("Unsupported or unrecognized SSL message")',
    ],
    related: ['http-to-https-port', 'EPROTO'],
  },
];
