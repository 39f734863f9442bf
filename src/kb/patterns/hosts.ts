// Where the address itself is the story, whatever the client: localhost on ::1, a container's localhost.
import type { PatternTable } from './row.js';

export const hostPatterns: PatternTable = {
  source: 'hosts',
  rows: [
    {
      id: 'hosts-ipv6-refused', needles: ['::1'], weight: 39, key: 'localhost-ipv6',
      re: /(?:refused|ECONNREFUSED)[^\n]*?(?:\[::1\]|(?<![\w:])::1)[:\s]|(?:\[::1\]|(?<![\w:])::1)(?::| port )\d+[^\n]*?(?:refused|ECONNREFUSED)/i,
      says: 'connection to ::1 refused: localhost resolved to IPv6, the receiver listens on IPv4',
      examples: [{ line: 'dial tcp [::1]:8080: connectex: No connection could be made because the target machine actively refused it.', from: 'Go on Windows (connectex, WSAECONNREFUSED text)' }],
    },
    {
      id: 'hosts-docker-internal', needles: ['host.docker.internal'], weight: 42, key: 'container-localhost',
      re: /host\.docker\.internal[^\n]*?(?:no such host|could not resolve|Name or service not known|ENOTFOUND|EAI_AGAIN|Temporary failure|refused)|(?:ENOTFOUND|EAI_AGAIN|Could not resolve host:?|lookup) host\.docker\.internal/i,
      says: 'host.docker.internal does not resolve or answer here (Linux needs --add-host=host.docker.internal:host-gateway)',
      examples: [
        { line: 'Error: getaddrinfo ENOTFOUND host.docker.internal', from: 'Node.js dns (getaddrinfo ENOTFOUND) in a Linux container without host-gateway' },
        { line: 'curl: (6) Could not resolve host: host.docker.internal', from: 'curl lib/hostip.c in a Linux container without host-gateway' },
      ],
    },
  ],
};
