// What Go's net/http, net and crypto/x509 print (Alertmanager, Grafana and many senders are Go programs).
import type { PatternTable } from './row.js';

const NET = 'Go net/net.go and syscall errno text ("dial tcp …: connect: connection refused")';

export const goPatterns: PatternTable = {
  source: 'go',
  rows: [
    {
      id: 'go-refused-ipv6', needles: ['[::1]:'], weight: 40, key: 'localhost-ipv6',
      re: /dial tcp \[::1\]:(?<port>\d+): connect: connection refused/,
      says: 'Go: nothing listens on [::1] port {port} (localhost resolved to IPv6)',
      examples: [{ line: 'Post "http://localhost:8080/hooks": dial tcp [::1]:8080: connect: connection refused', from: NET }],
    },
    {
      id: 'go-refused', needles: ['connect: connection refused'], weight: 30, key: 'ECONNREFUSED',
      re: /dial tcp (?<addr>\S+): connect: connection refused/,
      says: 'Go: connection refused by {addr}',
      examples: [{ line: 'Post "http://127.0.0.1:9/hooks": dial tcp 127.0.0.1:9: connect: connection refused', from: NET }],
    },
    {
      id: 'go-reset', needles: ['connection reset by peer'], weight: 30, key: 'ECONNRESET',
      re: /(?:read|write) tcp \S+->(?<addr>\S+): (?:read|write): connection reset by peer/,
      says: 'Go: connection reset by {addr}',
      examples: [{ line: 'Post "https://hooks.example.com/hooks": read tcp 10.0.0.5:51234->93.184.216.34:443: read: connection reset by peer', from: NET }],
    },
    {
      id: 'go-broken-pipe', needles: ['broken pipe'], weight: 30, key: 'EPIPE',
      re: /write tcp \S+->\S+: write: broken pipe/,
      says: 'Go: broken pipe (the server closed while the request was being sent)',
      examples: [{ line: 'Post "http://127.0.0.1:8080/hooks": write tcp 127.0.0.1:50312->127.0.0.1:8080: write: broken pipe', from: NET }],
    },
    {
      id: 'go-eof', needles: ['": eof', 'eof'], weight: 28, key: 'empty-reply',
      re: /^(?:.*\s)?(?:Post|Get|Put|Patch|Delete|Head) "[^"]+": (?:unexpected )?EOF\b/,
      says: 'Go: the server closed the connection without an answer (EOF)',
      examples: [{ line: 'Post "http://127.0.0.1:8080/hooks": EOF', from: 'Go net/http transport.go (errServerClosedIdle / io.EOF surfaced as url.Error)' }],
    },
    {
      id: 'go-http-to-https', needles: ['server gave http response to https client'], weight: 40, key: 'https-to-http-port',
      re: /http: server gave HTTP response to HTTPS client/,
      says: 'Go: https:// URL, but the port answered in plain HTTP',
      examples: [{ line: 'Post "https://127.0.0.1:8080/hooks": http: server gave HTTP response to HTTPS client', from: 'Go net/http transport.go ("http: server gave HTTP response to HTTPS client")' }],
    },
    {
      id: 'go-tls-first-record', needles: ['first record does not look like a tls handshake'], weight: 40, key: 'https-to-http-port',
      re: /tls: first record does not look like a TLS handshake/,
      says: 'Go: the port did not answer with TLS',
      examples: [{ line: 'Get "https://127.0.0.1:8080/": tls: first record does not look like a TLS handshake', from: 'Go crypto/tls conn.go ("tls: first record does not look like a TLS handshake")' }],
    },
    {
      id: 'go-unknown-authority', needles: ['certificate signed by unknown authority'], weight: 40, key: 'cert-unknown-authority',
      re: /x509: certificate signed by unknown authority/,
      says: 'Go: the certificate is not signed by a CA the sender trusts',
      examples: [{ line: 'Post "https://127.0.0.1:8443/hooks": tls: failed to verify certificate: x509: certificate signed by unknown authority', from: 'Go crypto/x509 verify.go (UnknownAuthorityError.Error)' }],
    },
    {
      id: 'go-expired', needles: ['certificate has expired or is not yet valid'], weight: 40, key: 'CERT_HAS_EXPIRED',
      re: /x509: certificate has expired or is not yet valid/,
      says: 'Go: the certificate has expired (or is not valid yet)',
      examples: [{ line: 'Post "https://hooks.example.com/hooks": tls: failed to verify certificate: x509: certificate has expired or is not yet valid: current time 2026-12-01T07:00:00Z is after 2026-11-30T07:12:05Z', from: 'Go crypto/x509 verify.go (CertificateInvalidError, Expired)' }],
    },
    {
      id: 'go-name', needles: ['x509: certificate is valid for', "doesn't contain any ip sans", 'certificate is not valid for any names'], weight: 40, key: 'ERR_TLS_CERT_ALTNAME_INVALID',
      re: /x509: certificate is valid for .+?, not (?<host>\S+)|x509: cannot validate certificate for (?<ip>\S+) because it doesn't contain any IP SANs|certificate is not valid for any names/,
      says: 'Go: the certificate is for another host name[ than {host}][ than {ip}]',
      examples: [{ line: 'Post "https://127.0.0.1:8443/hooks": tls: failed to verify certificate: x509: certificate is valid for example.test, not 127.0.0.1', from: 'Go crypto/x509 verify.go (HostnameError.Error)' }],
    },
    {
      id: 'go-no-such-host', needles: ['no such host'], weight: 30, key: 'ENOTFOUND',
      re: /lookup (?<host>\S+)(?: on \S+)?: no such host/,
      says: 'Go: {host} does not resolve (no such host)',
      examples: [{ line: 'Post "https://hooks.example.invalid/x": dial tcp: lookup hooks.example.invalid on 127.0.0.53:53: no such host', from: 'Go net/dnsclient_unix.go (errNoSuchHost "no such host")' }],
    },
    {
      id: 'go-dns-temporary', needles: ['server misbehaving', 'i/o timeout'], weight: 30, key: 'EAI_AGAIN',
      re: /lookup (?<host>\S+) on \S+: (?:server misbehaving|read udp \S+: i\/o timeout)/,
      says: 'Go: the DNS server did not answer for {host} (temporary)',
      examples: [{ line: 'dial tcp: lookup hooks.example.com on 127.0.0.53:53: server misbehaving', from: 'Go net/dnsclient_unix.go (errServerMisbehaving)' }],
    },
    {
      id: 'go-awaiting-headers', needles: ['awaiting headers', 'timeout awaiting response headers'], weight: 35, key: 'read-timeout',
      re: /Client\.Timeout exceeded while awaiting headers|timeout awaiting response headers/,
      says: 'Go: connected, but no response headers before the client timeout',
      examples: [{ line: 'Post "https://hooks.example.com/hooks": context deadline exceeded (Client.Timeout exceeded while awaiting headers)', from: 'Go net/http client.go ("Client.Timeout exceeded while awaiting headers")' }],
    },
    {
      id: 'go-dial-timeout', needles: ['dial tcp', 'i/o timeout'], weight: 32, key: 'connect-timeout',
      re: /dial tcp [\d.:[\]a-f]+: (?:i\/o timeout|connect: connection timed out)/i,
      says: 'Go: the connection was not established in time',
      examples: [{ line: 'Post "https://203.0.113.10/hooks": dial tcp 203.0.113.10:443: i/o timeout', from: 'Go net/net.go (timeoutError "i/o timeout")' }],
    },
    {
      id: 'go-deadline', needles: ['context deadline exceeded'], weight: 8, key: 'timeout', generic: true,
      re: /context deadline exceeded/,
      says: 'Go: the request ran past its deadline',
      examples: [{ line: 'level=error component=dispatcher msg="Notify for alerts failed" err="webhook/webhook[0]: notify retry canceled after 4 attempts: context deadline exceeded"', from: 'Prometheus Alertmanager notify/notify.go (RetryStage: "notify retry canceled after %d attempts: %w")' }],
    },
    {
      id: 'go-unexpected-status', needles: ['unexpected status code'], weight: 14, key: '{status}',
      re: /unexpected status code (?<status>\d{3})/,
      says: 'the server answered {status}',
      examples: [{ line: 'err="webhook/webhook[0]: notify retry canceled due to unrecoverable error after 1 attempts: unexpected status code 429: http://127.0.0.1:8080/alerts"', from: 'Prometheus Alertmanager notify/util.go (RetrierFunc / "unexpected status code %v")' }],
    },
    {
      id: 'go-server-tls-plain-client', needles: ['http: tls handshake error from'], weight: 41, key: 'http-to-https-port',
      re: /http: TLS handshake error from \S+: tls: first record does not look like a TLS handshake/,
      says: 'Go server: a client spoke plain HTTP to this TLS port',
      examples: [{ line: '2019/03/16 23:01:30 http: TLS handshake error from 127.0.0.1:35874: tls: first record does not look like a TLS handshake', from: 'https://github.com/drk1wi/Modlishka/issues/99 (net/http server log)' }],
    },
  ],
};
