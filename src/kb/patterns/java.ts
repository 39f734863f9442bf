// What Java prints: java.net exceptions, JSSE (javax.net.ssl) messages, HttpURLConnection and java.net.http.
import type { PatternTable } from './row.js';

const JDK = 'OpenJDK java.base sources';

export const javaPatterns: PatternTable = {
  source: 'java',
  rows: [
    {
      id: 'java-connect-refused', needles: ['connectexception', 'connection refused'], weight: 30, key: 'ECONNREFUSED',
      re: /java\.net\.ConnectException(?:: Connection refused)?|Connection refused: connect/,
      says: 'Java: connection refused',
      examples: [
        { line: 'java.net.ConnectException: Connection refused', from: JDK + ' (sun.nio.ch.Net / NioSocketImpl, errno text)' },
        { line: 'java.net.ConnectException: Connection refused: connect', from: JDK + ' on Windows (DualStackPlainSocketImpl)' },
      ],
    },
    {
      id: 'java-read-timeout', needles: ['read timed out', 'sockettimeoutexception: read'], weight: 31, key: 'read-timeout',
      re: /SocketTimeoutException: Read timed out|Read timed out/,
      says: 'Java: connected, but no answer in time (read timeout)',
      examples: [
        { line: 'java.net.SocketTimeoutException: Read timed out', from: JDK + ' (NioSocketImpl.timedRead)' },
        { line: "d.a.s.p.hook.HttpGetPostReceiveHook Some IO exception occured java.net.SocketTimeoutException: Read timed out - Read timed out", from: 'Bitbucket Data Center log, quoted in bitbucket.org/a-v-r/bitbucket-http-request-hook issue #40' },
      ],
    },
    {
      id: 'java-connect-timeout', needles: ['connect timed out', 'httpconnecttimeoutexception'], weight: 31, key: 'connect-timeout',
      re: /SocketTimeoutException: [Cc]onnect timed out|HttpConnectTimeoutException/,
      says: 'Java: the connection was not established in time',
      examples: [
        { line: 'java.net.SocketTimeoutException: Connect timed out', from: JDK + ' (NioSocketImpl.timedFinishConnect)' },
        { line: 'java.net.http.HttpConnectTimeoutException: HTTP connect timed out', from: JDK + ' java.net.http (HttpConnectTimeoutException)' },
      ],
    },
    {
      id: 'java-http-timeout', needles: ['httptimeoutexception', 'request timed out'], weight: 30, key: 'read-timeout',
      re: /HttpTimeoutException: request timed out/,
      says: 'Java HttpClient: no answer within the request timeout',
      examples: [{ line: 'java.net.http.HttpTimeoutException: request timed out', from: JDK + ' java.net.http (ResponseTimerEvent)' }],
    },
    {
      id: 'java-reset', needles: ['socketexception: connection reset'], weight: 30, key: 'ECONNRESET',
      re: /SocketException: Connection reset(?: by peer)?/,
      says: 'Java: connection reset by the server',
      examples: [{ line: 'java.net.SocketException: Connection reset', from: JDK + ' (NioSocketImpl "Connection reset")' }],
    },
    {
      id: 'java-broken-pipe', needles: ['broken pipe'], weight: 30, key: 'EPIPE',
      re: /SocketException: Broken pipe/,
      says: 'Java: broken pipe (the server closed while the request was being sent)',
      examples: [{ line: 'java.net.SocketException: Broken pipe (Write failed)', from: JDK + ' (SocketOutputStream, errno text)' }],
    },
    {
      id: 'java-empty-reply', needles: ['unexpected end of file from server', 'header parser received no bytes'], weight: 30, key: 'empty-reply',
      re: /Unexpected end of file from server|HTTP\/1\.1 header parser received no bytes/,
      says: 'Java: the server closed the connection without answering',
      examples: [
        { line: 'java.net.SocketException: Unexpected end of file from server', from: JDK + ' sun.net.www.http.HttpClient (parseHTTPHeader)' },
        { line: 'java.io.IOException: HTTP/1.1 header parser received no bytes', from: JDK + ' java.net.http Http1HeaderParser' },
      ],
    },
    {
      id: 'java-unknown-host', needles: ['unknownhostexception'], weight: 30, key: 'ENOTFOUND',
      re: /UnknownHostException(?:: (?<host>[\w.-]+))?/,
      says: 'Java: [{host} ]does not resolve',
      examples: [{ line: 'java.net.UnknownHostException: hooks.example.invalid', from: JDK + ' (InetAddress.getAllByName0)' }],
    },
    {
      id: 'java-no-route', needles: ['noroutetohostexception'], weight: 30, key: 'EHOSTUNREACH',
      re: /NoRouteToHostException/,
      says: 'Java: no route to the host',
      examples: [{ line: 'java.net.NoRouteToHostException: No route to host', from: JDK + ' (NoRouteToHostException)' }],
    },
    {
      id: 'java-pkix', needles: ['pkix path building failed', 'unable to find valid certification path'], weight: 40, key: 'cert-unknown-authority',
      re: /PKIX path building failed|unable to find valid certification path to requested target/,
      says: 'Java: the certificate does not chain to a CA in the trust store',
      examples: [{ line: 'javax.net.ssl.SSLHandshakeException: PKIX path building failed: sun.security.provider.certpath.SunCertPathBuilderException: unable to find valid certification path to requested target', from: JDK + ' sun.security.validator.PKIXValidator' }],
    },
    {
      id: 'java-expired', needles: ['certificateexpiredexception', 'validity check failed'], weight: 40, key: 'CERT_HAS_EXPIRED',
      re: /CertificateExpiredException|validity check failed/,
      says: 'Java: the certificate has expired',
      examples: [{ line: 'javax.net.ssl.SSLHandshakeException: PKIX path validation failed: java.security.cert.CertPathValidatorException: validity check failed', from: JDK + ' sun.security.provider.certpath.BasicChecker' }],
    },
    {
      id: 'java-name', needles: ['no subject alternative', 'no name matching'], weight: 40, key: 'ERR_TLS_CERT_ALTNAME_INVALID',
      re: /No subject alternative (?:DNS name|names) matching (?:IP address )?(?<host>\S+) found|No name matching (?<host2>\S+) found/,
      says: 'Java: the certificate is for another host name[ than {host}][ than {host2}]',
      examples: [{ line: 'javax.net.ssl.SSLHandshakeException: No subject alternative names matching IP address 127.0.0.1 found', from: JDK + ' sun.security.util.HostnameChecker' }],
    },
    {
      id: 'java-plain-port', needles: ['unsupported or unrecognized ssl message', 'plaintext connection?'], weight: 40, key: 'https-to-http-port',
      re: /Unsupported or unrecognized SSL message|Unrecognized SSL message, plaintext connection\?/,
      says: 'Java: https:// to a port that answered in plain HTTP',
      examples: [{ line: 'javax.net.ssl.SSLException: Unsupported or unrecognized SSL message', from: JDK + ' sun.security.ssl.SSLSocketInputRecord' }],
    },
    {
      id: 'java-handshake-closed', needles: ['remote host terminated the handshake'], weight: 30, key: 'EPROTO',
      re: /Remote host terminated the handshake/,
      says: 'Java: the server closed during the TLS handshake',
      examples: [{ line: 'javax.net.ssl.SSLHandshakeException: Remote host terminated the handshake', from: JDK + ' sun.security.ssl.SSLSocketImpl' }],
    },
    {
      id: 'java-response-code', needles: ['server returned http response code'], weight: 14, key: '{status}',
      re: /Server returned HTTP response code: (?<status>\d{3})/,
      says: 'Java HttpURLConnection: the server answered {status}',
      examples: [{ line: 'java.io.IOException: Server returned HTTP response code: 503 for URL: https://hooks.example.com/hooks', from: JDK + ' sun.net.www.protocol.http.HttpURLConnection' }],
    },
    {
      id: 'java-file-not-found', needles: ['filenotfoundexception: http'], weight: 20, key: '404',
      re: /java\.io\.FileNotFoundException: (?<url>https?:\/\/\S+)/,
      says: 'Java HttpURLConnection: 404 for {url} (it reports a 404 as FileNotFoundException)',
      examples: [{ line: 'java.io.FileNotFoundException: https://hooks.example.com/hooks', from: JDK + ' sun.net.www.protocol.http.HttpURLConnection.getInputStream0 (404/410 → FileNotFoundException)' }],
    },
    {
      id: 'java-connect-exception-timeout', needles: ['connectexception: http connect timed out', 'connection timed out: connect', 'connectexception: connection timed out'], weight: 32, key: 'connect-timeout',
      re: /ConnectException: (?:HTTP connect timed out|Connection timed out)/,
      says: 'Java: the connection was not established in time (a ConnectException that timed out, not a refusal)',
      examples: [
        { line: 'Caused by: java.net.ConnectException: HTTP connect timed out', from: 'https://github.com/eclipse-tycho/tycho/issues/5608 (java.net.http, the cause of HttpConnectTimeoutException)' },
        { line: 'Exception in thread "main" java.net.ConnectException: Connection timed out: connect', from: 'https://github.com/microsoft/malmo/issues/891 (Windows, PlainSocketImpl)' },
      ],
    },
    {
      id: 'java-fatal-alert', needles: ['received fatal alert:'], weight: 36, key: 'EPROTO',
      re: /Received fatal alert: (?<alert>\w+)/,
      says: 'Java: the other side refused the TLS handshake (alert: {alert})',
      examples: [
        { line: 'Caused by: javax.net.ssl.SSLHandshakeException: Received fatal alert: handshake_failure', from: 'https://github.com/PlexPt/chatgpt-java/issues/24 (JSSE Alerts.getSSLException)' },
        { line: 'Wrapped by: java.net.ConnectException: Received fatal alert: handshake_failure to https://whereever.no/service', from: 'https://github.com/gatling/gatling/issues/1220 (async-http-client over Netty)' },
      ],
    },
  ],
};
