// What PHP's stream wrappers print (file_get_contents, fopen on http://); curl_error() lines are in curl.ts.
import type { PatternTable } from './row.js';

const PHP = 'php-src main/streams/xp_socket.c and ext/standard/http_fopen_wrapper.c';

export const phpPatterns: PatternTable = {
  source: 'php',
  rows: [
    {
      id: 'php-stream-status', needles: ['http request failed!'], weight: 15, key: '{status}',
      re: /HTTP request failed! HTTP\/\d(?:\.\d)? (?<status>\d{3})/i,
      says: 'PHP stream: the server answered {status}',
      examples: [{ line: 'PHP Warning:  file_get_contents(https://hooks.example.com/hooks): Failed to open stream: HTTP request failed! HTTP/1.1 503 Service Unavailable', from: PHP + ' ("HTTP request failed! %s")' }],
    },
    {
      id: 'php-stream-refused', needles: ['failed to open stream: connection refused', 'unable to connect to'], weight: 30, key: 'ECONNREFUSED',
      re: /[Ff]ailed to open stream: Connection refused|Unable to connect to \S+ \(Connection refused\)/,
      says: 'PHP stream: connection refused',
      examples: [{ line: 'PHP Warning:  file_get_contents(http://127.0.0.1:9/): Failed to open stream: Connection refused', from: PHP }],
    },
    {
      id: 'php-stream-dns', needles: ['php_network_getaddresses'], weight: 30, key: 'ENOTFOUND',
      re: /php_network_getaddresses: getaddrinfo(?: for (?<host>\S+))? failed: (?:Name or service not known|No address associated with hostname|nodename nor servname)/,
      says: 'PHP: [{host} ]does not resolve',
      examples: [{ line: 'PHP Warning:  file_get_contents(): php_network_getaddresses: getaddrinfo for hooks.example.invalid failed: Name or service not known', from: PHP + ' main/network.c' }],
    },
    {
      id: 'php-stream-dns-temporary', needles: ['php_network_getaddresses'], weight: 31, key: 'EAI_AGAIN',
      re: /php_network_getaddresses: getaddrinfo(?: for \S+)? failed: Temporary failure in name resolution/,
      says: 'PHP: DNS lookup failed for now (temporary)',
      examples: [{ line: 'PHP Warning:  file_get_contents(): php_network_getaddresses: getaddrinfo for hooks.example.com failed: Temporary failure in name resolution', from: PHP + ' main/network.c' }],
    },
    {
      id: 'php-stream-timeout', needles: ['connection timed out', 'failed to open stream: operation timed out'], weight: 25, key: 'connect-timeout',
      re: /[Ff]ailed to open stream: (?:Connection|Operation) timed out/,
      says: 'PHP stream: the connection was not established in time',
      examples: [{ line: 'PHP Warning:  file_get_contents(https://203.0.113.10/hooks): Failed to open stream: Connection timed out', from: PHP }],
    },
    {
      id: 'php-ssl-verify', needles: ['certificate verify failed', 'ssl operation failed'], weight: 22, key: 'cert-unknown-authority',
      re: /SSL operation failed with code 1\. OpenSSL Error messages:\s*error:0A000086:SSL routines::certificate verify failed|routines:tls_process_server_certificate:certificate verify failed/,
      says: 'PHP OpenSSL: the certificate could not be verified',
      examples: [{ line: 'PHP Warning:  file_get_contents(): SSL operation failed with code 1. OpenSSL Error messages: error:0A000086:SSL routines::certificate verify failed', from: 'php-src ext/openssl/xp_ssl.c (php_openssl_handle_ssl_error)' }],
    },
    {
      id: 'php-peer-name', needles: ['did not match expected cn', 'peer certificate cn='], weight: 40, key: 'ERR_TLS_CERT_ALTNAME_INVALID',
      re: /Peer certificate CN=`(?<cn>[^`']+)[`'] did not match expected CN=`(?<host>[^`']+)/,
      says: 'PHP: the certificate is for {cn}, not {host}',
      examples: [{ line: "PHP Warning:  file_get_contents(): Peer certificate CN=`example.test' did not match expected CN=`127.0.0.1'", from: 'php-src ext/openssl/xp_ssl.c (php_openssl_matches_common_name)' }],
    },
  ],
};
