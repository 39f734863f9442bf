// What Ruby prints: Net::HTTP timeouts, Errno:: exceptions, OpenSSL::SSL::SSLError (GitLab's hooks are Ruby).
import type { PatternTable } from './row.js';

const RUBY = 'Ruby lib/net/http.rb and lib/net/protocol.rb';

export const rubyPatterns: PatternTable = {
  source: 'ruby',
  rows: [
    {
      id: 'ruby-refused', needles: ['econnrefused', 'connection refused - connect(2)'], weight: 30, key: 'ECONNREFUSED',
      re: /Connection refused - connect\(2\) for "?(?<host>[^"\s]+)"? port (?<port>\d+)|Errno::ECONNREFUSED/,
      says: 'Ruby: connection refused[ by {host} port {port}]',
      examples: [{ line: 'Failed to open TCP connection to 127.0.0.1:9 (Connection refused - connect(2) for "127.0.0.1" port 9) (Errno::ECONNREFUSED)', from: RUBY + ' (Net::HTTP#connect "Failed to open TCP connection to %s:%s (%s)")' }],
    },
    {
      id: 'ruby-refused-ipv6', needles: ['for "::1"'], weight: 40, key: 'localhost-ipv6',
      re: /Connection refused - connect\(2\) for "::1" port (?<port>\d+)/,
      says: 'Ruby: nothing listens on ::1 port {port} (localhost resolved to IPv6)',
      examples: [{ line: 'Failed to open TCP connection to localhost:3000 (Connection refused - connect(2) for "::1" port 3000) (Errno::ECONNREFUSED)', from: RUBY }],
    },
    {
      id: 'ruby-read-timeout', needles: ['net::readtimeout', 'net::writetimeout'], weight: 30, key: 'read-timeout',
      re: /Net::ReadTimeout|Net::WriteTimeout/,
      says: 'Ruby Net::HTTP: connected, but no answer in time',
      examples: [{ line: 'Net::ReadTimeout with #<TCPSocket:(closed)>', from: RUBY + ' (Net::ReadTimeout#message "with #{io}")' }],
    },
    {
      id: 'ruby-open-timeout', needles: ['net::opentimeout', 'execution expired'], weight: 30, key: 'connect-timeout',
      re: /Net::OpenTimeout|Failed to open TCP connection to \S+ \(execution expired\)/,
      says: 'Ruby Net::HTTP: the connection was not established in time',
      examples: [{ line: 'Net::OpenTimeout: Failed to open TCP connection to hooks.example.com:443 (execution expired)', from: RUBY + ' (Net::HTTP#connect, Timeout.timeout → Net::OpenTimeout)' }],
    },
    {
      id: 'ruby-reset', needles: ['errno::econnreset'], weight: 30, key: 'ECONNRESET',
      re: /Errno::ECONNRESET/,
      says: 'Ruby: connection reset by the server',
      examples: [{ line: 'Errno::ECONNRESET: Connection reset by peer', from: 'Ruby Errno::ECONNRESET (errno text)' }],
    },
    {
      id: 'ruby-eof', needles: ['end of file reached', 'eoferror'], weight: 30, key: 'empty-reply',
      re: /\bEOFError(?:: end of file reached)?|end of file reached \(EOFError\)/,
      says: 'Ruby: the server closed the connection without an answer',
      examples: [{ line: 'EOFError: end of file reached', from: RUBY + ' (Net::BufferedIO#rbuf_fill raises EOFError)' }],
    },
    {
      id: 'ruby-dns', needles: ['getaddrinfo: name or service not known', 'getaddrinfo: nodename nor servname', 'getaddrinfo: no address associated'], weight: 30, key: 'ENOTFOUND',
      re: /getaddrinfo: (?:Name or service not known|nodename nor servname provided, or not known|No address associated with hostname)/,
      says: 'Ruby: the host name does not resolve',
      examples: [{ line: 'Failed to open TCP connection to hooks.example.invalid:443 (getaddrinfo: Name or service not known) (SocketError)', from: RUBY + ' (SocketError from Addrinfo.getaddrinfo)' }],
    },
    {
      id: 'ruby-dns-temporary', needles: ['getaddrinfo: temporary failure'], weight: 31, key: 'EAI_AGAIN',
      re: /getaddrinfo: Temporary failure in name resolution/,
      says: 'Ruby: DNS lookup failed for now (temporary)',
      examples: [{ line: 'Failed to open TCP connection to hooks.example.com:443 (getaddrinfo: Temporary failure in name resolution)', from: RUBY + ' (SocketError, EAI_AGAIN)' }],
    },
    {
      id: 'ruby-ssl-verify', needles: ['ssl_connect returned='], weight: 20, key: 'cert-unknown-authority',
      re: /SSL_connect returned=\d+ errno=\d+ (?:peeraddr=(?<peer>\S+) )?state=error: certificate verify failed/,
      says: 'Ruby OpenSSL: certificate verify failed[ for {peer}]',
      examples: [{ line: 'OpenSSL::SSL::SSLError: SSL_connect returned=1 errno=0 peeraddr=93.184.216.34:443 state=error: certificate verify failed', from: 'Ruby ext/openssl ossl_ssl.c ("SSL_connect returned=%d errno=%d peeraddr=%s state=%s")' }],
    },
  ],
};
