// What Python prints: urllib/http.client, requests, urllib3, httpx, ssl and the OS errno wording.
import type { PatternTable } from './row.js';

const REAL = 'real python3 (urllib / requests) against a loopback server (test/kb/real-clients.test.ts)';
const ERRNO = 'glibc strerror wording as Python shows it ("[Errno N] …", CPython Objects/exceptions.c)';

export const pythonPatterns: PatternTable = {
  source: 'python',
  rows: [
    {
      id: 'python-errno-111', needles: ['errno 111', 'connectionrefusederror', 'newconnectionerror'], weight: 30, key: 'ECONNREFUSED',
      re: /\[Errno 111\] Connection refused|ConnectionRefusedError|Failed to establish a new connection: \[Errno 111\]/i,
      says: 'Python: connection refused (errno 111)',
      examples: [
        { line: 'urllib.error.URLError: <urlopen error [Errno 111] Connection refused>', from: REAL },
        { line: "requests.exceptions.ConnectionError: HTTPConnectionPool(host='127.0.0.1', port=9): Max retries exceeded with url: / (Caused by NewConnectionError(\"HTTPConnection(host='127.0.0.1', port=9): Failed to establish a new connection: [Errno 111] Connection refused\"))", from: REAL },
      ],
    },
    {
      id: 'python-localhost-ipv6', needles: ['errno 99', 'cannot assign requested address'], weight: 30, key: 'localhost-ipv6',
      re: /\[Errno 99\] Cannot assign requested address/i,
      says: 'Python: no IPv6 on this machine for the address it tried (localhost → ::1)',
      examples: [{ line: 'OSError: [Errno 99] Cannot assign requested address', from: ERRNO + ' (EADDRNOTAVAIL)' }],
    },
    {
      id: 'python-errno-104', needles: ['errno 104', 'connectionreseterror', 'connection reset by peer'], weight: 30, key: 'ECONNRESET',
      re: /\[Errno 104\] Connection reset by peer|ConnectionResetError|Connection aborted\.', ConnectionResetError/i,
      says: 'Python: connection reset by the server (errno 104)',
      examples: [
        { line: 'ConnectionResetError: [Errno 104] Connection reset by peer', from: REAL },
        { line: "requests.exceptions.ConnectionError: ('Connection aborted.', ConnectionResetError(104, 'Connection reset by peer'))", from: 'requests adapters.py (ConnectionError wrapping urllib3 ProtocolError)' },
      ],
    },
    {
      id: 'python-remote-disconnected', needles: ['remotedisconnected', 'remote end closed connection without response'], weight: 30, key: 'empty-reply',
      re: /RemoteDisconnected|Remote end closed connection without response/i,
      says: 'Python: the server closed the connection without answering',
      examples: [
        { line: 'http.client.RemoteDisconnected: Remote end closed connection without response', from: REAL },
        { line: "requests.exceptions.ConnectionError: ('Connection aborted.', RemoteDisconnected('Remote end closed connection without response'))", from: REAL },
      ],
    },
    {
      id: 'python-errno-32', needles: ['errno 32', 'brokenpipeerror'], weight: 30, key: 'EPIPE',
      re: /\[Errno 32\] Broken pipe|BrokenPipeError/i,
      says: 'Python: broken pipe (the server closed while the request was being sent)',
      examples: [{ line: 'BrokenPipeError: [Errno 32] Broken pipe', from: ERRNO + ' (EPIPE)' }],
    },
    {
      // urllib3 wraps every failed lookup in NameResolutionError; the errno inside (a row of weight 30) says which kind.
      id: 'python-dns-wrapper', needles: ['nameresolutionerror'], weight: 25, key: 'ENOTFOUND',
      re: /\bNameResolutionError\b/,
      says: 'Python (urllib3): the host name did not resolve',
      examples: [{ line: "urllib3.exceptions.NameResolutionError: <urllib3.connection.HTTPSConnection object at 0x7f2b>: Failed to resolve 'hooks.example.com'", from: 'urllib3 2.x src/urllib3/exceptions.py (NameResolutionError, "Failed to resolve")' }],
    },
    {
      id: 'python-dns-noname', needles: ['errno -2', 'name or service not known', 'nodename nor servname', 'errno 8', 'errno 11001', 'getaddrinfo failed'], weight: 30, key: 'ENOTFOUND',
      re: /\[Errno -2\] Name or service not known|\[Errno 8\] nodename nor servname provided|\[Errno 11001\] getaddrinfo failed/i,
      says: 'Python: the host name does not resolve',
      examples: [
        { line: 'urllib.error.URLError: <urlopen error [Errno -2] Name or service not known>', from: 'real python3 urllib, lookup of a .invalid name (RFC 6761)' },
        { line: "socket.gaierror: [Errno 8] nodename nor servname provided, or not known", from: 'CPython socket.gaierror on macOS (EAI_NONAME)' },
      ],
    },
    {
      id: 'python-dns-temporary', needles: ['errno -3', 'temporary failure in name resolution'], weight: 30, key: 'EAI_AGAIN',
      re: /\[Errno -3\] Temporary failure in name resolution|Temporary failure in name resolution/i,
      says: 'Python: DNS lookup failed for now (temporary)',
      examples: [{ line: 'socket.gaierror: [Errno -3] Temporary failure in name resolution', from: 'glibc gai_strerror(EAI_AGAIN) via CPython socket.gaierror' }],
    },
    {
      id: 'python-errno-113', needles: ['errno 113', 'no route to host', 'errno 101', 'network is unreachable'], weight: 30, key: 'EHOSTUNREACH',
      re: /\[Errno 11[3]\] No route to host|\[Errno 101\] Network is unreachable/i,
      says: 'Python: no route to the host',
      examples: [{ line: 'OSError: [Errno 113] No route to host', from: ERRNO + ' (EHOSTUNREACH)' }],
    },
    {
      id: 'python-connect-timeout', needles: ['connecttimeout', 'connect timeout=', 'connection timed out', 'errno 110'], weight: 30, key: 'connect-timeout',
      re: /ConnectTimeout(?:Error)?|\(connect timeout=[\d.]+\)|\[Errno 110\] Connection timed out/i,
      says: 'Python: the connection was not established in time',
      examples: [
        { line: "requests.exceptions.ConnectTimeout: HTTPSConnectionPool(host='hooks.example.com', port=443): Max retries exceeded with url: /hooks (Caused by ConnectTimeoutError(<urllib3.connection.HTTPSConnection object at 0x7f>, 'Connection to hooks.example.com timed out. (connect timeout=5)'))", from: 'requests/urllib3 exceptions (ConnectTimeoutError message in urllib3 connection.py)' },
        { line: 'httpx.ConnectTimeout: timed out', from: 'httpx _exceptions.py (ConnectTimeout)' },
      ],
    },
    {
      id: 'python-read-timeout', needles: ['readtimeout', 'read timed out', 'read timeout='], weight: 31, key: 'read-timeout',
      re: /ReadTimeout(?:Error)?|Read timed out|\(read timeout=[\d.]+\)/i,
      says: 'Python: connected, but no answer in time (read timeout)',
      examples: [
        { line: "requests.exceptions.ReadTimeout: HTTPConnectionPool(host='127.0.0.1', port=8080): Read timed out. (read timeout=1)", from: REAL },
        { line: 'httpx.ReadTimeout: timed out', from: 'httpx _exceptions.py (ReadTimeout)' },
      ],
    },
    {
      id: 'python-timeout', needles: ['timed out', 'timeouterror'], weight: 6, key: 'timeout', generic: true,
      re: /(?:socket\.timeout|TimeoutError): timed out|<urlopen error timed out>/i,
      says: 'Python: the operation timed out',
      examples: [{ line: 'TimeoutError: timed out', from: REAL }],
    },
    {
      id: 'python-ssl-wrong-version', needles: ['wrong_version_number', 'wrong version number'], weight: 40, key: 'https-to-http-port',
      re: /\[SSL: WRONG_VERSION_NUMBER\]|wrong version number/i,
      says: 'Python: TLS handshake got a plain-HTTP answer: https:// to a plain-HTTP port',
      examples: [{ line: 'ssl.SSLError: [SSL: WRONG_VERSION_NUMBER] wrong version number (_ssl.c:1006)', from: REAL }],
    },
    {
      id: 'python-ssl-eof', needles: ['unexpected_eof_while_reading', 'eof occurred in violation of protocol'], weight: 30, key: 'EPROTO',
      re: /UNEXPECTED_EOF_WHILE_READING|EOF occurred in violation of protocol/i,
      says: 'Python: the other side cut the TLS handshake off',
      examples: [{ line: 'ssl.SSLEOFError: [SSL: UNEXPECTED_EOF_WHILE_READING] EOF occurred in violation of protocol (_ssl.c:1006)', from: 'CPython Modules/_ssl.c (SSL_ERROR_EOF)' }],
    },
    {
      id: 'python-ssl-ip-mismatch', needles: ['ip address mismatch', "hostname mismatch", 'certificate is not valid for'], weight: 40, key: 'ERR_TLS_CERT_ALTNAME_INVALID',
      re: /(?:IP address|Hostname) mismatch, certificate is not valid for '(?<host>[^']+)'/i,
      says: 'Python: the certificate is not valid for {host}',
      examples: [{ line: "ssl.SSLCertVerificationError: [SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: IP address mismatch, certificate is not valid for '127.0.0.1'. (_ssl.c:1006)", from: REAL }],
    },
    {
      id: 'python-ssl-verify', needles: ['certificate_verify_failed', 'sslcertverificationerror'], weight: 20, key: 'cert-unknown-authority', generic: true,
      re: /CERTIFICATE_VERIFY_FAILED|SSLCertVerificationError/i,
      says: 'Python: certificate verification failed',
      examples: [{ line: "requests.exceptions.SSLError: HTTPSConnectionPool(host='127.0.0.1', port=8443): Max retries exceeded with url: / (Caused by SSLError(SSLCertVerificationError(1, '[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed')))", from: 'requests adapters.py (SSLError wrapping urllib3 SSLError)' }],
    },
    {
      id: 'python-httperror', needles: ['http error '], weight: 12, key: '{status}',
      re: /HTTP Error (?<status>\d{3})(?::|\b)/,
      says: 'Python urllib: the server answered {status}',
      examples: [{ line: 'urllib.error.HTTPError: HTTP Error 503: Service Unavailable', from: 'CPython Lib/urllib/error.py (HTTPError.__str__ "HTTP Error %s: %s")' }],
    },
    {
      id: 'python-requests-httperror', needles: ['client error:', 'server error:'], weight: 12, key: '{status}',
      re: /(?<status>\d{3}) (?:Client|Server) Error: /,
      says: 'requests raise_for_status: the server answered {status}',
      examples: [{ line: 'requests.exceptions.HTTPError: 429 Client Error: Too Many Requests for url: https://hooks.example.com/hooks', from: 'requests models.py (Response.raise_for_status)' }],
    },
    {
      id: 'python-httpx-status', needles: ["client error '", "server error '"], weight: 12, key: '{status}',
      re: /(?:Client|Server) error '(?<status>\d{3})/,
      says: 'httpx raise_for_status: the server answered {status}',
      examples: [{ line: "httpx.HTTPStatusError: Server error '502 Bad Gateway' for url 'https://hooks.example.com/hooks'", from: 'httpx _models.py (Response.raise_for_status)' }],
    },
    {
      id: 'python-httpx-connect', needles: ['httpx.connecterror', 'all connection attempts failed'], weight: 8, key: 'ECONNREFUSED', generic: true,
      re: /httpx\.ConnectError: All connection attempts failed/i,
      says: 'httpx: could not connect to any address of the host',
      examples: [{ line: 'httpx.ConnectError: All connection attempts failed', from: 'httpcore _async/connection_pool.py via httpx (ConnectError)' }],
    },
    {
      id: 'python-max-retries', needles: ['max retries exceeded'], weight: 4, key: 'retry-policy', generic: true,
      re: /Max retries exceeded with url/i,
      says: 'urllib3 gave up retrying (the cause follows in the message)',
      examples: [{ line: "urllib3.exceptions.MaxRetryError: HTTPConnectionPool(host='127.0.0.1', port=9): Max retries exceeded with url: /", from: 'urllib3 exceptions.py (MaxRetryError)' }],
    },
    {
      id: 'python-hostname-doesnt-match', needles: ["doesn't match either of", "doesn't match '"], weight: 40, key: 'ERR_TLS_CERT_ALTNAME_INVALID',
      re: /hostname '(?<host>[^']*)' doesn't match (?:either of )?'/,
      says: 'Python: the certificate is for another host name than {host}',
      examples: [{ line: "(Caused by SSLError(CertificateError(\"hostname '10.1.2.3' doesn't match either of '*.example.com', 'example.com'\",),))", from: 'https://github.com/s0md3v/Photon/pull/56 (ssl.match_hostname / urllib3 before Python 3.7)' }],
    },
    {
      id: 'python-errno-110-musl', needles: ['errno 110'], weight: 30, key: 'ETIMEDOUT',
      re: /\[Errno 110\] Operation timed out/i,
      says: 'Python: the operation timed out (ETIMEDOUT, musl wording)',
      examples: [{ line: 'TimeoutError: [Errno 110] Operation timed out', from: 'https://github.com/psf/requests/issues/4610 (musl strerror(ETIMEDOUT), raised while reading)' }],
    },
  ],
};
