// Knowledge-base entries for how a connection ends badly, as clients other than Node word it: empty reply,
// connect vs. read timeout, and the localhost / ::1 / container mix-ups.
import type { KbEntry } from '../schema.js';

export const transportEntries: KbEntry[] = [
  {
    key: 'empty-reply',
    kind: 'network',
    title: 'Empty reply: the server closed the connection without answering',
    aliases: ['empty reply from server', 'remote end closed connection without response', 'server returned nothing', 'response ended prematurely'],
    meaning:
      'The connection was accepted and the request sent, then the server closed it before any status line arrived (or before the answer was complete). ' +
      'curl says "(52) Empty reply from server", Python "RemoteDisconnected", Node "socket hang up" or undici "other side closed", Go "EOF", .NET "The response ended prematurely".',
    causes: [
      'The handler crashed or the process was killed mid-request',
      'The server closes idle keep-alive connections and the client reused one just then',
      'Plain HTTP sent to a TLS port: the TLS server drops what it cannot read',
      'A proxy or load balancer in front gave up on the backend and closed',
    ],
    fixes: [
      { text: 'See where the exchange stops: the request goes out and nothing comes back.', command: 'curl -v -X POST http://127.0.0.1:8080/hooks -H "Content-Type: application/json" -d "{}"' },
      { text: 'Send through webhook-doctor to see connect, first byte and close separately.', command: 'webhook-doctor send http://127.0.0.1:8080/hooks -v' },
      { text: 'If the port is a TLS port, use https:// instead.', command: 'webhook-doctor explain http-to-https-port' },
    ],
    retry: { retry: 'yes', why: 'Often a restart or a stale keep-alive connection; retry with backoff, and deduplicate on the receiver since the request may have been processed.' },
    senders: {},
    sources: ['curl (lib/strerror.c: CURLE_GOT_NOTHING)', 'CPython (Lib/http/client.py: RemoteDisconnected)', 'Node.js (lib/_http_client.js: "socket hang up")', 'undici (SocketError "other side closed")'],
    related: ['ECONNRESET', 'http-to-https-port', 'UND_ERR_SOCKET'],
  },
  {
    key: 'connect-timeout',
    kind: 'network',
    title: 'Connect timeout: the connection was never established',
    aliases: ['connection timed out', 'connect timed out', 'connecttimeout', 'open timeout', 'dial timeout'],
    meaning:
      'The client gave up before the TCP (or TLS) connection was up: no answer at all to its connection attempt. Nothing reached the receiver\'s application.',
    causes: [
      'A firewall or security group silently drops the packets (a refusal would be immediate)',
      'The address is wrong or private and unreachable from the sender',
      'The host is down, or the port is filtered',
      'A proxy is required on this network but not configured',
    ],
    fixes: [
      { text: 'Test only the connection, with a short limit.', command: 'curl -v --connect-timeout 5 https://example.com/hooks' },
      { text: 'The check-up separates DNS, TCP and TLS and says which one hangs.', command: 'webhook-doctor doctor https://example.com/hooks' },
      { text: 'Behind a corporate proxy, send through it.', command: 'webhook-doctor send https://example.com/hooks --proxy http://127.0.0.1:3128' },
    ],
    retry: { retry: 'yes', why: 'Nothing was sent, so retrying is always safe; if every attempt times out, the network path is wrong and retries will not fix it.' },
    senders: {},
    sources: ['curl (lib/connect.c: "Connection timed out after N milliseconds")', 'urllib3 (ConnectTimeoutError)', 'Java (SocketTimeoutException: Connect timed out)', 'Go (net: dial tcp … i/o timeout)'],
    related: ['read-timeout', 'UND_ERR_CONNECT_TIMEOUT', 'ETIMEDOUT'],
  },
  {
    key: 'read-timeout',
    kind: 'network',
    title: 'Read timeout: connected, but the answer did not come in time',
    aliases: ['read timed out', 'readtimeout', 'net::readtimeout', 'awaiting headers', 'operation timed out'],
    meaning:
      'The connection was up and the request sent, but the server did not send its answer (or all of it) within the client\'s limit. ' +
      'The receiver may well have processed the request.',
    causes: [
      'The handler does its work (database, downstream calls) before answering',
      'The server is overloaded or stuck',
      'A proxy is waiting on a backend that never answers',
    ],
    fixes: [
      { text: 'Measure time to first byte against the sender\'s budget.', command: 'webhook-doctor send https://example.com/hooks -v --timeout 10' },
      { text: 'Watch the raw exchange with a hard limit.', command: 'curl -v --max-time 10 -X POST https://example.com/hooks -H "Content-Type: application/json" -d "{}"' },
      { text: 'Answer 2xx as soon as the body is stored and process it in the background; the check-up times the answer.', command: 'webhook-doctor doctor https://example.com/hooks' },
    ],
    retry: { retry: 'yes', why: 'Retry with backoff, but the first attempt may have landed: the receiver must deduplicate by event id.' },
    senders: {
      cloudaipilot: ['CloudAIPilot gives an endpoint 10 seconds to answer.'],
      particle: ['Particle waits 20 seconds for the answer.'],
      queryai: ['Query.ai waits 30 seconds by default, configurable up to 300.'],
    },
    sources: ['curl (CURLE_OPERATION_TIMEDOUT: "Operation timed out after N milliseconds with 0 bytes received")', 'requests (ReadTimeout)', 'Go net/http (Client.Timeout exceeded while awaiting headers)', 'Java (SocketTimeoutException: Read timed out)', 'Ruby (Net::ReadTimeout)'],
    related: ['connect-timeout', 'timeout', 'UND_ERR_HEADERS_TIMEOUT'],
  },
  {
    key: 'localhost-ipv6',
    kind: 'network',
    title: 'localhost resolved to ::1, but the receiver listens on 127.0.0.1',
    aliases: ['econnrefused ::1', 'localhost ipv6', '::1 refused', 'connect econnrefused ::1'],
    meaning:
      '"localhost" has two addresses, 127.0.0.1 (IPv4) and ::1 (IPv6). The sender tried ::1 (Node 17+ and many resolvers prefer it) while the receiver ' +
      'listens only on 127.0.0.1, so the connection is refused even though the receiver is running.',
    causes: [
      'The sender uses http://localhost:PORT and the server binds 127.0.0.1 only (webhook-doctor listen does by default)',
      'Node 17+ no longer reorders DNS answers to put IPv4 first',
      'Or the reverse: the server binds ::1 only and the sender uses 127.0.0.1',
    ],
    fixes: [
      { text: 'Point the sender at the IPv4 address explicitly.', command: 'webhook-doctor send http://127.0.0.1:8080/hooks' },
      { text: 'Check which address answers.', command: 'curl -v http://127.0.0.1:8080/' },
      { text: 'Or make the receiver listen on IPv6 too.', command: 'webhook-doctor listen 8080 --host ::1' },
    ],
    retry: { retry: 'no', why: 'The same address is refused every time; change the URL or the bind address.' },
    senders: {},
    sources: ['Node.js 17 release notes (dns.lookup verbatim order by default)', 'curl ("Failed to connect to ::1 port …")'],
    related: ['ECONNREFUSED', 'container-localhost'],
  },
  {
    key: 'container-localhost',
    kind: 'network',
    title: 'localhost inside a container is the container itself',
    aliases: ['host.docker.internal', 'docker localhost', 'container localhost', 'localhost in docker'],
    meaning:
      'A sender running in a container (Docker, a CI job, a VM) that calls http://localhost reaches its own network namespace, not the machine where the ' +
      'receiver runs; the receiver, bound to 127.0.0.1 on the host, is not reachable from the container at all.',
    causes: [
      'The sender runs in Docker and the receiver on the host (or the other way round)',
      'host.docker.internal does not exist on Linux unless added (--add-host=host.docker.internal:host-gateway)',
      'The receiver binds 127.0.0.1, which other network namespaces cannot reach',
    ],
    fixes: [
      { text: 'Bind the receiver to all interfaces so the container can reach it (only on a trusted network).', command: 'webhook-doctor listen 8080 --host 0.0.0.0' },
      { text: 'From the container, address the host, not localhost (on Linux start the container with --add-host=host.docker.internal:host-gateway).', command: 'curl -v http://host.docker.internal:8080/' },
    ],
    retry: { retry: 'no', why: 'The address points at the wrong machine; fix the URL or the bind address.' },
    senders: {},
    sources: ['Docker Docs, "Networking" (host.docker.internal, host-gateway)'],
    related: ['localhost-ipv6', 'ECONNREFUSED', 'local-address-blocked'],
  },
  {
    key: 'local-address-blocked',
    kind: 'concept',
    title: 'The sender refuses local or private URLs',
    aliases: ['url host localhost is not supported', 'requests to the local network are not allowed', 'url is blocked'],
    meaning:
      'Hosted senders do not deliver to localhost, 127.0.0.1 or private networks: GitHub rejects the URL ("URL host localhost is not supported"), GitLab blocks it ' +
      '("Requests to the local network are not allowed"). A cloud sender could not reach your machine anyway.',
    causes: ['The webhook URL is http://localhost:… or a private address (10.x, 192.168.x)', 'Testing a receiver on a laptop without a tunnel'],
    fixes: [
      { text: 'Put a tunnel (ngrok, cloudflared, smee.io) in front of the local receiver and give the sender its public https:// URL; check it end to end.', command: 'webhook-doctor doctor https://example.com/hooks' },
      { text: 'Meanwhile, replay the sender\'s payload locally.', command: 'webhook-doctor send http://127.0.0.1:8080/hooks --profile generic' },
    ],
    retry: { retry: 'no', why: 'The sender will refuse the same URL every time.' },
    senders: {},
    sources: ['GitHub Docs, "Troubleshooting webhooks" (URL host localhost is not supported)', 'GitLab Docs, "Webhooks" (local network requests blocked by default)'],
    related: ['container-localhost', 'tunnel-offline'],
  },
];
