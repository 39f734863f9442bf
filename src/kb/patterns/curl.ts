// What curl (the tool, libcurl's error buffer, and PHP's curl_error()/Guzzle "cURL error N") prints on failure.
import type { PatternTable } from './row.js';

// libcurl's wording: lib/strerror.c (curl_easy_strerror) and the detailed error buffer
// (lib/connect.c "Failed to connect to %s port %u after %ld ms", lib/vtls/openssl.c "SSL certificate problem: %s").
const STRERROR = 'curl lib/strerror.c (curl_easy_strerror)';
const REAL = 'real curl 7.88.1 against a loopback server (test/kb/real-clients.test.ts)';
// The exit code as curl prints it ('curl: (7) ') or PHP/Guzzle do ('cURL error 7: ').
const exit = (n: number) => String.raw`(?:curl: \(${n}\)|curl error ${n}:|curle_\w+ \(${n}\))`;

export const curlPatterns: PatternTable = {
  source: 'curl',
  rows: [
    {
      id: 'curl-7-localhost-ipv6', needles: ['::1'], weight: 40, key: 'localhost-ipv6',
      re: new RegExp(String.raw`${exit(7)}.*?(?:to|connect to) (?:\[?::1\]?|localhost \(::1\)) port (?<port>\d+)`, 'i'),
      says: 'curl exit 7: nothing listens on ::1 port {port} (localhost resolved to IPv6)',
      examples: [{ line: "curl: (7) Failed to connect to ::1 port 9 after 0 ms: Couldn't connect to server", from: REAL }],
    },
    {
      id: 'curl-7', needles: ['(7)', 'error 7:', "couldn't connect to server", 'failed to connect to'], weight: 30, key: 'ECONNREFUSED',
      re: /(?:curl: \(7\)|curl error 7:|^|\s)\s*(?:Failed to connect to (?<host>\S+) port (?<port>\d+)|Couldn't connect to server)/i,
      says: 'curl exit 7: could not connect[ to {host} port {port}]',
      examples: [
        { line: "curl: (7) Failed to connect to 127.0.0.1 port 9 after 0 ms: Couldn't connect to server", from: REAL },
        { line: 'cURL error 7: Failed to connect to 127.0.0.1 port 8080 after 0 ms: Connection refused (see https://curl.haxx.se/libcurl/c/libcurl-errors.html)', from: 'Guzzle CurlFactory (PHP curl_error() with the libcurl error buffer)' },
      ],
    },
    {
      id: 'curl-6', needles: ['(6)', 'error 6:', 'could not resolve host', "couldn't resolve host"], weight: 30, key: 'ENOTFOUND',
      re: /(?:curl: \(6\)|curl error 6:)?\s*(?:Could not|Couldn't) resolve host(?: name)?:?\s*(?<host>[\w.-]+)?/i,
      says: 'curl exit 6: could not resolve host[ {host}]',
      examples: [
        { line: 'curl: (6) Could not resolve host: hooks.example.invalid', from: STRERROR + ' CURLE_COULDNT_RESOLVE_HOST; lib/hostip.c "Could not resolve host: %s"' },
        { line: "cURL error 6: Couldn't resolve host name", from: STRERROR + ' CURLE_COULDNT_RESOLVE_HOST' },
      ],
    },
    {
      id: 'curl-5', needles: ['(5)', 'resolve proxy'], weight: 30, key: 'proxy-connect-failed',
      re: /(?:Could not|Couldn't) resolve proxy(?: name)?:?\s*(?<host>[\w.-]+)?/i,
      says: 'curl exit 5: could not resolve the proxy[ {host}]',
      examples: [{ line: 'curl: (5) Could not resolve proxy: proxy.internal', from: STRERROR + ' CURLE_COULDNT_RESOLVE_PROXY' }],
    },
    {
      id: 'curl-52', needles: ['(52)', 'error 52:', 'empty reply from server', 'server returned nothing'], weight: 30, key: 'empty-reply',
      re: /Empty reply from server|Server returned nothing \(no headers, no data\)/i,
      says: 'curl exit 52: the server closed the connection without answering',
      examples: [
        { line: 'curl: (52) Empty reply from server', from: REAL },
        { line: 'cURL error 52: Server returned nothing (no headers, no data)', from: STRERROR + ' CURLE_GOT_NOTHING' },
      ],
    },
    {
      id: 'curl-56-reset', needles: ['recv failure', 'connection reset by peer', 'failure when receiving data'], weight: 30, key: 'ECONNRESET',
      re: /Recv failure: Connection reset by peer|Failure when receiving data from the peer/i,
      says: 'curl exit 56: the connection was reset while reading the answer',
      examples: [
        { line: 'curl: (56) Recv failure: Connection reset by peer', from: REAL },
        { line: 'cURL error 56: Failure when receiving data from the peer', from: STRERROR + ' CURLE_RECV_ERROR' },
      ],
    },
    {
      id: 'curl-56-ssl-read-reset', needles: ['errno 104', 'errno 54'], weight: 31, key: 'ECONNRESET',
      re: /SSL[_ ]read: .*errno (?<errno>104|54)\b/i,
      says: 'curl: the connection was reset while reading the TLS answer (errno {errno})',
      examples: [
        { line: 'curl: (56) OpenSSL SSL_read: SSL_ERROR_SYSCALL, errno 104', from: 'https://github.com/curl/curl/issues/4409 (errno 104 is ECONNRESET on Linux)' },
        { line: 'SSL read: error:00000000:lib(0):func(0):reason(0), errno 104', from: 'https://github.com/curl/curl/issues/1689 (libcurl 7.52)' },
      ],
    },
    {
      id: 'curl-56-proxy', needles: ['connect tunnel failed', 'from proxy after connect', 'proxy connect aborted'], weight: 40, key: 'proxy-connect-failed',
      re: /CONNECT tunnel failed, response (?<status>\d{3})|Received HTTP code (?<status2>\d{3}) from proxy after CONNECT|Proxy CONNECT aborted/i,
      says: 'curl: the proxy refused the CONNECT tunnel[ (proxy answered {status})][ (proxy answered {status2})]',
      examples: [
        { line: 'curl: (56) CONNECT tunnel failed, response 403', from: 'curl lib/http_proxy.c / cf-h1-proxy.c ("CONNECT tunnel failed, response %d")' },
        { line: 'curl: (56) Received HTTP code 407 from proxy after CONNECT', from: 'curl lib/http_proxy.c, curl < 7.70 ("Received HTTP code %d from proxy after CONNECT")' },
      ],
    },
    {
      id: 'curl-55', needles: ['send failure', 'failed sending data'], weight: 30, key: 'EPIPE',
      re: /Send failure: (?:Broken pipe|Connection reset by peer)|Failed sending data to the peer/i,
      says: 'curl exit 55: the server closed the connection while the request was being sent',
      examples: [{ line: 'curl: (55) Send failure: Broken pipe', from: STRERROR + ' CURLE_SEND_ERROR; lib/sendf.c "Send failure: %s"' }],
    },
    {
      // curl 7.8x words a connect that timed out like a refused one, up to the reason: the reason decides.
      id: 'curl-28-failed-connect', needles: ['failed to connect to'], weight: 32, key: 'connect-timeout',
      re: /Failed to connect to (?<host>\S+) port (?<port>\d+) after (?<ms>\d+) ms: (?:Operation|Connection) timed out/i,
      says: 'curl exit 28: no connection to {host} port {port} within {ms} ms',
      examples: [{ line: 'curl: (28) Failed to connect to mydomain.com port 443 after 130061 ms: Operation timed out', from: 'quoted in distributhor/workflow-webhook issue #30 (curl lib/connect.c "Failed to connect to %s port %u after %ld ms: %s")' }],
    },
    {
      id: 'curl-28-connect', needles: ['connection timed out after', 'connection timeout after', 'resolving timed out', '(28)', 'error 28:'], weight: 30, key: 'connect-timeout',
      re: /(?:Connection|Connect) timed out after (?<ms>\d+) milli|Connection timeout after (?<ms2>\d+) ms|Resolving timed out after (?<ms3>\d+)|(?:curl: \(28\)|curl error 28:)\s*(?:Connection|Connect) timed out/i,
      says: 'curl exit 28: the connection was not established in time[ ({ms} ms)][ ({ms2} ms)]',
      examples: [
        { line: 'curl: (28) Connection timed out after 5001 milliseconds', from: 'curl lib/connect.c ("Connection timed out after %ld milliseconds")' },
        { line: 'cURL error 28: Connection timed out after 10000 milliseconds (see https://curl.haxx.se/libcurl/c/libcurl-errors.html)', from: 'Guzzle CurlFactory (PHP curl_error())' },
      ],
    },
    {
      id: 'curl-28-read', needles: ['operation timed out after'], weight: 30, key: 'read-timeout',
      re: /Operation timed out after (?<ms>\d+) milliseconds with (?<bytes>\d+)(?: out of -?\d+)? bytes received/i,
      says: 'curl exit 28: no complete answer in time ({ms} ms, {bytes} bytes received)',
      examples: [{ line: 'curl: (28) Operation timed out after 1001 milliseconds with 0 bytes received', from: REAL }],
    },
    {
      // The bare strerror text does not say which phase ran out of time, so the general entry.
      id: 'curl-28', needles: ['timeout was reached'], weight: 29, key: 'timeout',
      re: /Timeout was reached/i,
      says: 'curl exit 28: the transfer ran out of time',
      examples: [{ line: 'cURL error 28: Timeout was reached', from: STRERROR + ' CURLE_OPERATION_TIMEDOUT' }],
    },
    {
      id: 'curl-35-wrong-version', needles: ['wrong version number'], weight: 40, key: 'https-to-http-port',
      re: /wrong version number/i,
      says: 'TLS handshake got a plain-HTTP answer ("wrong version number"): https:// to a plain-HTTP port',
      examples: [
        { line: 'curl: (35) error:0A00010B:SSL routines::wrong version number', from: REAL },
        { line: 'curl: (35) OpenSSL/3.0.13: error:0A00010B:SSL routines::wrong version number', from: 'curl lib/vtls/openssl.c (ossl_connect_step2: "OpenSSL/%s: %s"), newer curl' },
      ],
    },
    {
      id: 'curl-35-eof', needles: ['unexpected eof while reading', 'ssl_error_syscall', 'unexpected eof'], weight: 30, key: 'EPROTO',
      re: /(?:SSL_connect|OpenSSL SSL_connect): SSL_ERROR_SYSCALL|unexpected eof while reading/i,
      says: 'the TLS handshake was cut off by the other side (a firewall, a proxy, or a server that drops the handshake)',
      examples: [{ line: 'curl: (35) OpenSSL SSL_connect: SSL_ERROR_SYSCALL in connection to 127.0.0.1:8443', from: 'curl lib/vtls/openssl.c ("OpenSSL SSL_connect: %s in connection to %s:%d")' }],
    },
    {
      id: 'curl-60-self-signed', needles: ['self-signed certificate', 'self signed certificate'], weight: 40, key: 'DEPTH_ZERO_SELF_SIGNED_CERT',
      re: /self[- ]signed certificate(?! in certificate chain)/i,
      says: 'the server\'s certificate is self-signed',
      examples: [
        { line: 'curl: (60) SSL certificate problem: self-signed certificate', from: REAL },
        { line: '[cause]: Error: self-signed certificate', from: 'OpenSSL X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT text via Node.js fetch (code DEPTH_ZERO_SELF_SIGNED_CERT)' },
      ],
    },
    {
      id: 'curl-60-chain', needles: ['self-signed certificate in certificate chain', 'self signed certificate in certificate chain'], weight: 41, key: 'SELF_SIGNED_CERT_IN_CHAIN',
      re: /self[- ]signed certificate in certificate chain/i,
      says: 'the chain ends in a root the client does not trust',
      examples: [{ line: 'curl: (60) SSL certificate problem: self-signed certificate in certificate chain', from: 'OpenSSL crypto/x509/x509_txt.c (X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN) via curl lib/vtls/openssl.c' }],
    },
    {
      id: 'curl-60-expired', needles: ['certificate has expired'], weight: 40, key: 'CERT_HAS_EXPIRED',
      re: /certificate has expired/i,
      says: 'the server\'s certificate has expired',
      examples: [{ line: 'curl: (60) SSL certificate problem: certificate has expired', from: REAL }],
    },
    {
      id: 'curl-60-issuer', needles: ['unable to get local issuer certificate', 'unable to verify the first certificate', 'unable to get issuer certificate'], weight: 40, key: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
      re: /unable to (?:get local issuer certificate|verify the first certificate|get issuer certificate)/i,
      says: 'no chain from the server\'s certificate to a trusted root (missing intermediate or private CA)',
      examples: [
        { line: 'curl: (60) SSL certificate problem: unable to get local issuer certificate', from: 'OpenSSL crypto/x509/x509_txt.c (X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY) via curl' },
        { line: 'curl: (60) SSL certificate problem: unable to verify the first certificate', from: 'OpenSSL crypto/x509/x509_txt.c (X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE) via curl' },
      ],
    },
    {
      id: 'curl-60-name', needles: ['no alternative certificate subject name matches', 'does not match target host name', "certificate subject name"], weight: 40, key: 'ERR_TLS_CERT_ALTNAME_INVALID',
      re: /no alternative certificate subject name matches target host name '(?<host>[^']+)'|certificate subject name '[^']*' does not match target host name '(?<host2>[^']+)'/i,
      says: 'the certificate is for another host name[ than {host}][ than {host2}]',
      examples: [{ line: "curl: (60) SSL: no alternative certificate subject name matches target host name '127.0.0.1'", from: REAL }],
    },
    {
      id: 'curl-60-issuer-nss', needles: ["peer's certificate issuer is not recognized", 'peer certificate cannot be authenticated'], weight: 40, key: 'cert-unknown-authority',
      re: /Peer's Certificate issuer is not recognized|Peer certificate cannot be authenticated with given CA certificates/i,
      says: 'curl exit 60: the certificate is not signed by a CA curl trusts',
      examples: [{ line: 'curl: (60) Peer certificate cannot be authenticated with given CA certificates', from: 'curl lib/strerror.c, curl < 7.62 (CURLE_SSL_CACERT "Peer certificate cannot be authenticated with given CA certificates")' }],
    },
    {
      id: 'curl-22', needles: ['returned error:', 'the requested url returned error'], weight: 12, key: '{status}',
      re: /The requested URL returned error: (?<status>\d{3})/i,
      says: 'curl --fail: the server answered {status}',
      examples: [{ line: 'curl: (22) The requested URL returned error: 503', from: 'curl lib/http.c ("The requested URL returned error: %d")' }],
    },
  ],
};
