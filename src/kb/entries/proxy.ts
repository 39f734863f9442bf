// Knowledge-base entries for failures of an HTTP proxy between the sender and the receiver.
import type { KbEntry } from '../schema.js';

export const proxyEntries: KbEntry[] = [
  {
    key: '407',
    kind: 'http-status',
    title: '407 Proxy Authentication Required',
    aliases: ['proxy authentication required'],
    meaning: 'A forward proxy between the client and the receiver wants credentials before it passes the request on; the receiver never saw it.',
    causes: ['The network requires an authenticated proxy and the client sends no Proxy-Authorization', 'Proxy credentials expired or are wrong', 'HTTPS_PROXY set without user:password'],
    fixes: [
      { text: 'Send through the proxy with its credentials in the URL (user:password@).', command: 'webhook-doctor send https://example.com/hooks --proxy http://user:password@127.0.0.1:3128' },
      { text: 'See the proxy\'s answer to the CONNECT.', command: 'curl -v --proxy http://127.0.0.1:3128 https://example.com/hooks' },
    ],
    retry: { retry: 'no', why: 'The proxy will refuse again until credentials are sent.' },
    senders: {},
    sources: ['RFC 9110 section 15.5.8 (407 Proxy Authentication Required)'],
    related: ['proxy-connect-failed', '401'],
  },
  {
    key: 'proxy-connect-failed',
    kind: 'network',
    title: 'The proxy refused the CONNECT tunnel (or could not be reached)',
    aliases: ['connect tunnel failed', 'proxy connect aborted', 'could not resolve proxy', 'tunneling socket could not be established'],
    meaning:
      'For an https:// URL the client asks the proxy to open a tunnel (CONNECT host:443). The proxy answered that with an error (403: not allowed to that host or ' +
      'port, 407: wants credentials, 502: could not reach the host), or the proxy itself could not be resolved or reached.',
    causes: [
      'The proxy only allows CONNECT to port 443, or blocks the receiver\'s host',
      'The proxy needs credentials (407)',
      'HTTPS_PROXY / HTTP_PROXY points at a proxy that does not exist here, or NO_PROXY misses a local host',
    ],
    fixes: [
      { text: 'Watch the CONNECT and the proxy\'s answer.', command: 'curl -v --proxy http://127.0.0.1:3128 https://example.com/hooks' },
      { text: 'Compare with a direct send: unset HTTPS_PROXY and HTTP_PROXY in the shell first.', command: 'webhook-doctor send https://example.com/hooks -v' },
    ],
    retry: { retry: 'no', why: 'The proxy\'s policy or configuration will refuse the same tunnel again.' },
    senders: {},
    sources: ['curl (lib/http_proxy.c: "CONNECT tunnel failed, response N"; CURLE_COULDNT_RESOLVE_PROXY)', 'RFC 9110 section 9.3.6 (CONNECT)'],
    related: ['407', 'ECONNREFUSED'],
  },
];
