// Knowledge-base entries for what sits in front of a receiver: Cloudflare's 52x/530 and the tunnels (ngrok,
// localtunnel, cloudflared) that answer for it when the receiver behind them is not there.
import type { KbEntry } from '../schema.js';

const CF = 'Cloudflare Docs, "Troubleshooting Cloudflare 5XX errors"';
const originCheck = { text: 'Check the origin directly, without Cloudflare in front (its own address or host name).', command: 'webhook-doctor doctor https://origin.example.com/hooks' };

function cloudflare(code: string, title: string, meaning: string, causes: string[], retry: 'yes' | 'no' | 'depends', why: string): KbEntry {
  return {
    key: code,
    kind: 'http-status',
    title: `${code} ${title} (Cloudflare)`,
    aliases: [`cloudflare ${code}`, `error ${code}`, title.toLowerCase()],
    meaning: `Cloudflare's edge answered for your origin: ${meaning}`,
    causes,
    fixes: [originCheck, { text: 'See what the edge returns, and its cf-ray id for Cloudflare support.', command: 'curl -sv -o /dev/null https://example.com/hooks' }],
    retry: { retry, why },
    senders: {},
    sources: [CF],
    related: ['5xx', '502', '504'],
  };
}

export const edgeEntries: KbEntry[] = [
  cloudflare('520', 'Web server is returning an unknown error', 'the origin sent an empty, unknown or unexpected response.', ['The origin closed the connection or crashed mid-request', 'Response headers over Cloudflare\'s limit', 'An empty reply from the origin'], 'yes', 'Often a crash or restart on the origin; retry with backoff and read the origin\'s logs.'),
  cloudflare('521', 'Web server is down', 'the origin refused the connection from Cloudflare.', ['The origin web server is not running', 'A firewall on the origin blocks Cloudflare\'s IP ranges'], 'depends', 'Worth retrying during a restart; if the origin blocks Cloudflare it will not recover by itself.'),
  cloudflare('522', 'Connection timed out', 'the TCP connection from Cloudflare to the origin was not established in time.', ['The origin is overloaded or down', 'A firewall drops Cloudflare\'s packets', 'Wrong origin IP in the DNS record'], 'yes', 'Retry with backoff; persistent 522s mean the origin is unreachable.'),
  cloudflare('523', 'Origin is unreachable', 'Cloudflare could not route to the origin address.', ['The DNS record points at a wrong or changed IP', 'A routing problem at the origin\'s network'], 'depends', 'A routing blip recovers; a wrong DNS record does not.'),
  cloudflare('524', 'A timeout occurred', 'Cloudflare connected to the origin, but the origin did not answer within Cloudflare\'s limit (100 seconds by default).', ['The handler does slow work before answering', 'The origin is overloaded'], 'yes', 'Retry with backoff; answer 2xx first and process in the background so the origin answers quickly.'),
  cloudflare('525', 'SSL handshake failed', 'the TLS handshake between Cloudflare and the origin failed.', ['The origin has no certificate on 443 or speaks plain HTTP there (SSL mode Full with an HTTP-only origin)', 'No cipher or protocol in common'], 'no', 'The handshake fails the same way until the origin\'s TLS or the SSL mode changes.'),
  cloudflare('526', 'Invalid SSL certificate', 'Cloudflare (SSL mode Full strict) could not validate the origin\'s certificate.', ['Expired, self-signed or wrong-host certificate on the origin'], 'no', 'Nothing changes until the origin certificate is fixed.'),
  cloudflare('527', 'Railgun Listener to origin error', 'the (retired) Railgun connection to the origin failed.', ['A Railgun listener problem on the origin side'], 'depends', 'Retry; if it persists, the listener needs fixing.'),
  cloudflare('530', 'Origin DNS error or tunnel not connected', 'it could not reach the origin; the 1xxx code on the page says why (1016: origin DNS error, 1033: the Cloudflare Tunnel is not connected).', ['cloudflared is not running or lost its connection (1033)', 'The origin\'s DNS name does not resolve (1016)'], 'depends', 'A restarting tunnel recovers; a missing DNS record does not.'),
  {
    key: 'tunnel-offline',
    kind: 'network',
    title: 'Tunnel offline: the public URL has nothing behind it',
    aliases: ['err_ngrok_3200', 'endpoint is offline', 'tunnel unavailable', 'tunnel not found', 'no backend is available'],
    meaning:
      'The sender reached the tunnel service (ngrok, localtunnel, cloudflared), but no agent is connected for that URL, so the service answers itself ' +
      '(ngrok ERR_NGROK_3200 "The endpoint is offline", localtunnel 503 "Tunnel Unavailable"). Your receiver never saw the request.',
    causes: [
      'The tunnel agent (ngrok, lt, cloudflared) is not running or crashed',
      'A free tunnel URL changed when the agent restarted, and the sender still has the old one',
      'The agent serves another URL or domain than the one configured at the sender',
    ],
    fixes: [
      { text: 'Start the receiver locally, then start the tunnel agent pointing at it (for example: ngrok http 8080).', command: 'webhook-doctor listen 8080' },
      { text: 'Check the public URL end to end once the agent is up, and update the sender if the URL changed.', command: 'webhook-doctor doctor https://example.com/hooks' },
    ],
    retry: { retry: 'depends', why: 'Deliveries succeed again once the agent reconnects on the same URL; a changed free URL never comes back.' },
    senders: {},
    sources: ['ngrok Docs, "ERR_NGROK_3200" and "ERR_NGROK_724"', 'localtunnel server ("503 - Tunnel Unavailable")'],
    related: ['tunnel-upstream-refused', 'local-address-blocked'],
  },
  {
    key: 'tunnel-upstream-refused',
    kind: 'network',
    title: 'Tunnel up, receiver down: the agent cannot reach the local port',
    aliases: ['err_ngrok_8012', 'failed to establish a connection to the upstream', 'unable to reach the origin service'],
    meaning:
      'The tunnel agent is connected, but when it forwards a request to the local address it was given, nothing accepts the connection ' +
      '(ngrok ERR_NGROK_8012, cloudflared "Unable to reach the origin service"). The tunnel answers with a 502 for your receiver.',
    causes: ['The local receiver is not running', 'The agent forwards to another port than the receiver listens on', 'The agent forwards to localhost (::1) while the receiver listens on 127.0.0.1'],
    fixes: [
      { text: 'Start the receiver on the port the agent forwards to.', command: 'webhook-doctor listen 8080' },
      { text: 'Check the local port answers before blaming the tunnel.', command: 'curl -v http://127.0.0.1:8080/' },
    ],
    retry: { retry: 'depends', why: 'Deliveries succeed once the receiver is up on that port; the sender\'s own retries may cover a short gap.' },
    senders: {},
    sources: ['ngrok Docs, "ERR_NGROK_8012"', 'Cloudflare Docs, "Cloudflare Tunnel troubleshooting"'],
    related: ['tunnel-offline', 'ECONNREFUSED', 'localhost-ipv6'],
  },
  {
    key: 'tunnel-browser-warning',
    kind: 'network',
    title: 'The tunnel\'s warning page answered instead of the receiver',
    aliases: ['err_ngrok_6024', 'ngrok-skip-browser-warning', 'bypass-tunnel-reminder', 'localtunnel reminder'],
    meaning:
      'Free tunnels show an interstitial page to browser-like requests (ngrok ERR_NGROK_6024, localtunnel\'s "Friendly Reminder"). The sender gets that HTML page ' +
      '(often with a 200) instead of your receiver\'s answer.',
    causes: ['ngrok free plan: requests that look like a browser get the warning page', 'localtunnel: requests without a Bypass-Tunnel-Reminder header get the reminder page'],
    fixes: [
      { text: 'Send the header that skips the page and see your receiver answer (ngrok).', command: 'webhook-doctor send https://example.com/hooks -H "ngrok-skip-browser-warning: 1"' },
      { text: 'For localtunnel, the header is Bypass-Tunnel-Reminder.', command: 'webhook-doctor send https://example.com/hooks -H "Bypass-Tunnel-Reminder: 1"' },
    ],
    retry: { retry: 'no', why: 'The page comes back every time until the header is sent or the plan changes.' },
    senders: {},
    sources: ['ngrok Docs, "ERR_NGROK_6024"', 'localtunnel (loca.lt reminder page, Bypass-Tunnel-Reminder header)'],
    related: ['tunnel-offline'],
  },
];
