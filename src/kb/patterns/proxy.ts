// What clients print when an HTTP proxy between them and the receiver fails: CONNECT refused, 407, proxy down.
import type { PatternTable } from './row.js';

export const proxyPatterns: PatternTable = {
  source: 'proxy',
  rows: [
    {
      id: 'proxy-tunnel-407', needles: ['tunnel connection failed: 407', 'proxy returns "http/1.1 407', 'proxy response (407)'], weight: 42, key: '407',
      re: /Tunnel connection failed: 407|Proxy returns "HTTP\/1\.[01] 407|Proxy response \(407\)/,
      says: 'the proxy wants credentials (407) before it opens the tunnel',
      examples: [
        { line: 'OSError: Tunnel connection failed: 407 Proxy Authentication Required', from: 'CPython Lib/http/client.py (HTTPConnection._tunnel: "Tunnel connection failed: %d %s")' },
        { line: 'java.io.IOException: Unable to tunnel through proxy. Proxy returns "HTTP/1.1 407 Proxy Authentication Required"', from: 'OpenJDK sun.net.www.protocol.http.HttpURLConnection (doTunneling)' },
        { line: "[cause]: RequestAbortedError: Proxy response (407) !== 200 when HTTP Tunneling", from: 'undici lib/dispatcher/proxy-agent.js ("Proxy response (${statusCode}) !== 200 when HTTP Tunneling")' },
      ],
    },
    {
      id: 'proxy-tunnel-refused', needles: ['tunnel connection failed:', 'unable to tunnel through proxy', '!== 200 when http tunneling', 'tunneling socket could not be established'], weight: 40, key: 'proxy-connect-failed',
      re: /Tunnel connection failed: (?<status>\d{3})|Unable to tunnel through proxy|Proxy response \((?<status2>\d{3})\) !== 200 when HTTP Tunneling|tunneling socket could not be established/,
      says: 'the proxy refused the CONNECT tunnel[ (proxy answered {status})][ (proxy answered {status2})]',
      examples: [
        { line: 'OSError: Tunnel connection failed: 403 Forbidden', from: 'CPython Lib/http/client.py (HTTPConnection._tunnel)' },
        { line: 'Error: tunneling socket could not be established, cause=connect ECONNREFUSED 127.0.0.1:3128', from: 'tunnel-agent (used by the request library) "tunneling socket could not be established"' },
      ],
    },
    {
      id: 'proxy-unreachable', needles: ['cannot connect to proxy', 'proxyconnect tcp', 'unable to connect to proxy'], weight: 41, key: 'proxy-connect-failed',
      re: /Cannot connect to proxy|proxyconnect tcp: (?<why>[^"\n]+)|Unable to connect to proxy/,
      says: 'the proxy itself could not be reached[ ({why})]',
      examples: [
        { line: "requests.exceptions.ProxyError: HTTPSConnectionPool(host='hooks.example.com', port=443): Max retries exceeded with url: /x (Caused by ProxyError('Cannot connect to proxy.', NewConnectionError('Failed to establish a new connection: [Errno 111] Connection refused')))", from: 'urllib3 ProxyError ("Cannot connect to proxy.") via requests' },
        { line: 'Post "https://hooks.example.com/x": proxyconnect tcp: dial tcp 127.0.0.1:3128: connect: connection refused', from: 'Go net/http transport.go ("proxyconnect" op)' },
      ],
    },
    {
      id: 'nginx-upstream-timeout', needles: ['upstream timed out'], weight: 36, key: '504',
      re: /upstream timed out \(110: (?:Connection|Operation) timed out\) while (?<phase>reading response header from|connecting to|reading upstream|sending request to) upstream/,
      says: 'nginx: the application behind it did not answer in time ({phase} upstream), so nginx answered 504',
      examples: [
        { line: '[error] 1046#1046: *2094 upstream timed out (110: Connection timed out) while reading response header from upstream, client: 192.168.17.1, server: localhost, request: "GET /update HTTP/1.1"', from: 'https://github.com/fossar/selfoss/issues/1427 (nginx error.log)' },
        { line: '2017/02/03 16:36:10 [error] 7588#7588: *3345968 upstream timed out (110: Connection timed out) while reading response header from upstream, client: 10.0.0.2', from: 'https://github.com/NodeBB/NodeBB/issues/5295 (nginx error.log)' },
      ],
    },
  ],
};
