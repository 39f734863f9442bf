// Knowledge-base entries for the error codes undici (Node's HTTP client, behind fetch) raises.
import type { KbEntry } from '../schema.js';

const URL = 'https://example.com/hooks';

export const undiciEntries: KbEntry[] = [
  {
    key: 'UND_ERR_CONNECT_TIMEOUT',
    kind: 'undici',
    title: 'UND_ERR_CONNECT_TIMEOUT: connect timeout',
    aliases: ['connect timeout', 'connecttimeouterror', 'connect timeout error'],
    meaning: 'undici could not open the TCP (and TLS) connection within its connect timeout (10 s by default).',
    causes: ['A firewall drops the packets silently', 'The host is down or the address is wrong', 'An IPv6 address tried first without IPv6 connectivity', 'A proxy is required but not configured'],
    fixes: [
      { text: 'See which phase is slow: DNS, connect or TLS.', command: `webhook-doctor send ${URL} -v` },
      { text: 'Test the connection alone.', command: `curl -v --connect-timeout 10 ${URL}` },
      { text: 'Behind a corporate proxy, set it explicitly.', command: `webhook-doctor send ${URL} --proxy http://proxy.internal:3128` },
    ],
    retry: { retry: 'yes', why: 'Nothing was sent, so a retry is always safe; if every attempt times out, fix the network path.' },
    senders: {},
    sources: ['undici', 'Node.js'],
    related: ['ETIMEDOUT', 'EHOSTUNREACH'],
  },
  {
    key: 'UND_ERR_HEADERS_TIMEOUT',
    kind: 'undici',
    title: 'UND_ERR_HEADERS_TIMEOUT: no response headers in time',
    aliases: ['headers timeout', 'headerstimeouterror', 'headers timeout error'],
    meaning: 'The request was sent, but the server did not send the response status and headers within undici\'s headers timeout (300 s by default, often set lower).',
    causes: ['The handler does its work before answering', 'The server is overloaded or stuck', 'A proxy is waiting on an upstream that never answers'],
    fixes: [
      { text: 'Measure time to first byte against the sender\'s budget.', command: `webhook-doctor send ${URL} --profile particle -v` },
      { text: 'Answer 2xx as soon as the body is stored; process in the background.' },
    ],
    retry: { retry: 'yes', why: 'Retry with backoff, but the request may already have been processed: the receiver must deduplicate.' },
    senders: {
      cloudaipilot: ['CloudAIPilot waits 10 seconds for the answer.'],
      particle: ['Particle waits 20 seconds for the answer.'],
      queryai: ['Query.ai waits 30 seconds by default, configurable up to 300.'],
    },
    sources: ['undici', 'CloudAIPilot', 'Particle', 'Query.ai'],
    related: ['timeout', 'ESOCKETTIMEDOUT', 'UND_ERR_BODY_TIMEOUT'],
  },
  {
    key: 'UND_ERR_BODY_TIMEOUT',
    kind: 'undici',
    title: 'UND_ERR_BODY_TIMEOUT: response body stalled',
    aliases: ['body timeout', 'bodytimeouterror', 'body timeout error'],
    meaning: 'The server sent its status and headers, then went silent for longer than undici\'s body timeout (300 s by default) while sending the body.',
    causes: ['The server streams the response and stalls', 'The handler writes headers early, then does slow work', 'A proxy buffering a slow upstream'],
    fixes: [
      { text: 'Watch where the response stalls.', command: `curl -v -N -X POST ${URL} -H 'Content-Type: application/json' -d '{}'` },
      { text: 'Send the whole (small) response at once; a webhook acknowledgement needs no streaming.' },
    ],
    retry: { retry: 'depends', why: 'The status already arrived: if it was a 2xx the delivery counts, do not resend; otherwise retry with backoff.' },
    senders: {},
    sources: ['undici'],
    related: ['UND_ERR_HEADERS_TIMEOUT', 'timeout'],
  },
  {
    key: 'UND_ERR_SOCKET',
    kind: 'undici',
    title: 'UND_ERR_SOCKET: socket error',
    aliases: ['socketerror', 'other side closed', 'socket error'],
    meaning: 'The connection failed underneath undici: typically the server closed it ("other side closed") before a full response arrived.',
    causes: ['The server closed a reused keep-alive connection', 'The server crashed or restarted mid-response', 'A proxy or load balancer cut the connection'],
    fixes: [
      { text: 'Reproduce with the phases shown.', command: `webhook-doctor send ${URL} -v` },
      { text: 'Look at the cause inside the error (err.cause) and the server\'s logs at that time.' },
    ],
    retry: { retry: 'yes', why: 'Usually transient; retry with backoff, and deduplicate on the receiver since the request may have been processed.' },
    senders: {},
    sources: ['undici'],
    related: ['ECONNRESET', 'EPIPE'],
  },
];
