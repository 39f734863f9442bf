// What wget and HTTPie print (HTTPie is built on requests, so its tracebacks are also read by python.ts).
import type { PatternTable } from './row.js';

const REAL = 'real GNU Wget 1.21 against a loopback server';
const WGET = 'GNU Wget src/http.c, src/connect.c, src/openssl.c';

export const wgetPatterns: PatternTable = {
  source: 'wget',
  rows: [
    {
      id: 'wget-refused', needles: ['failed: connection refused'], weight: 30, key: 'ECONNREFUSED',
      re: /Connecting to (?<host>[^\s:|]+)(?:\|[^|]*\|)?:(?<port>\d+)\.\.\. failed: Connection refused/,
      says: 'wget: connection refused by {host} port {port}',
      examples: [{ line: 'Connecting to 127.0.0.1:18800... failed: Connection refused.', from: REAL }],
    },
    {
      id: 'wget-read-error', needles: ['read error ('], weight: 30, key: '{code}',
      re: /Read error \((?<code>Connection reset by peer|Connection timed out|Success)\) in headers/,
      says: 'wget: read error ({code}) while waiting for the answer',
      examples: [{ line: 'HTTP request sent, awaiting response... Read error (Connection reset by peer) in headers.', from: REAL }],
    },
    {
      id: 'wget-no-data', needles: ['no data received'], weight: 30, key: 'empty-reply',
      re: /No data received/,
      says: 'wget: the server closed the connection without answering',
      examples: [{ line: 'HTTP request sent, awaiting response... No data received.', from: WGET + ' ("No data received.")' }],
    },
    {
      id: 'wget-timeout', needles: ['read error (connection timed out)', 'awaiting response... read error'], weight: 31, key: 'read-timeout',
      re: /awaiting response\.\.\. Read error \(Connection timed out\)/,
      says: 'wget: no answer in time (read timeout)',
      examples: [{ line: 'HTTP request sent, awaiting response... Read error (Connection timed out) in headers.', from: WGET }],
    },
    {
      id: 'wget-not-trusted', needles: ['is not trusted', "doesn't have a known issuer"], weight: 38, key: 'cert-unknown-authority',
      re: /The certificate of .(?<host>[^’']+). (?:is not trusted|doesn't have a known issuer)/,
      says: 'wget: the certificate of {host} is not trusted',
      examples: [{ line: 'ERROR: The certificate of ‘127.0.0.1’ is not trusted.', from: REAL }],
    },
    {
      id: 'wget-expired', needles: ['has expired'], weight: 40, key: 'CERT_HAS_EXPIRED',
      re: /The certificate of .[^’']+. has expired/,
      says: 'wget: the certificate has expired',
      examples: [{ line: 'ERROR: The certificate of ‘hooks.example.com’ has expired.', from: WGET + ' (ssl_check_certificate "has expired")' }],
    },
    {
      id: 'wget-name', needles: ["doesn't match requested host name", 'no certificate subject alternative name matches'], weight: 40, key: 'ERR_TLS_CERT_ALTNAME_INVALID',
      re: /certificate owner does not match hostname|no certificate subject alternative name matches\s+requested host name|doesn't match requested host name/,
      says: 'wget: the certificate is for another host name',
      examples: [{ line: "ERROR: no certificate subject alternative name matches requested host name ‘127.0.0.1’.", from: WGET + ' (ssl_check_certificate)' }],
    },
    {
      id: 'wget-ssl', needles: ['unable to establish ssl connection'], weight: 25, key: 'https-to-http-port',
      re: /Unable to establish SSL connection/,
      says: 'wget: the TLS handshake failed (often https:// to a plain-HTTP port)',
      examples: [{ line: 'Unable to establish SSL connection.', from: REAL + ' (https:// to a plain-HTTP port)' }],
    },
    {
      id: 'wget-dns', needles: ['unable to resolve host address', 'failed: name or service not known'], weight: 30, key: 'ENOTFOUND',
      re: /unable to resolve host address .(?<host>[^’']+).|failed: Name or service not known/,
      says: 'wget: [{host} ]does not resolve',
      examples: [{ line: 'wget: unable to resolve host address ‘hooks.example.invalid’', from: WGET + ' (src/host.c)' }],
    },
    {
      id: 'wget-dns-temporary', needles: ['failed: temporary failure in name resolution'], weight: 31, key: 'EAI_AGAIN',
      re: /failed: Temporary failure in name resolution/,
      says: 'wget: DNS lookup failed for now (temporary)',
      examples: [{ line: 'Resolving hooks.example.com (hooks.example.com)... failed: Temporary failure in name resolution.', from: WGET + ' (src/host.c, gai_strerror)' }],
    },
    {
      id: 'wget-error-status', needles: ['error '], weight: 13, key: '{status}',
      re: /\bERROR (?<status>\d{3}): /,
      says: 'wget: the server answered {status}',
      examples: [{ line: '2026-12-01 07:40:52 ERROR 503: Service Unavailable.', from: REAL }],
    },
    {
      id: 'httpie-timeout', needles: ['http: error: request timed out'], weight: 30, key: 'read-timeout',
      re: /http: error: Request timed out \((?<s>[\d.]+)s\)/,
      says: 'HTTPie: no answer within {s} s',
      examples: [{ line: 'http: error: Request timed out (1.0s).', from: 'HTTPie httpie/core.py ("Request timed out (%ss).")' }],
    },
    {
      id: 'gnutls-pull-error', needles: ['error in the pull function'], weight: 28, key: 'ECONNRESET',
      re: /GnuTLS(?: recv error \(-54\))?: Error in the pull function/,
      says: 'GnuTLS (wget, curl): reading from the connection failed (usually a reset)',
      examples: [
        { line: 'GnuTLS: Error in the pull function.', from: 'https://github.com/openresty/lua-nginx-module/issues/1895 (wget)' },
        { line: '== Info: GnuTLS recv error (-54): Error in the pull function.', from: 'https://github.com/curl/curl/issues/4409 (curl built with GnuTLS, where OpenSSL said errno 104)' },
      ],
    },
  ],
};
