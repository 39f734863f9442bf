// What tunnels and edges in front of a receiver answer with: ngrok's ERR_NGROK_* pages, Cloudflare's 52x and 530,
// localtunnel's reminder page and its 503 "Tunnel Unavailable".
import type { PatternTable } from './row.js';

const CF = 'Cloudflare Docs, "Troubleshooting Cloudflare 5XX errors"';

export const tunnelPatterns: PatternTable = {
  source: 'tunnels',
  rows: [
    {
      id: 'ngrok-3200', needles: ['err_ngrok_3200'], weight: 45, key: 'tunnel-offline',
      re: /ERR_NGROK_3200/,
      says: 'ngrok ERR_NGROK_3200: the endpoint is offline (no agent serving it)',
      examples: [{ line: 'The endpoint abc123.ngrok-free.app is offline. ERR_NGROK_3200', from: 'ngrok Docs, "ERR_NGROK_3200" (https://ngrok.com/docs/errors/err_ngrok_3200): "The endpoint is offline."' }],
    },
    {
      id: 'ngrok-8012', needles: ['err_ngrok_8012'], weight: 45, key: 'tunnel-upstream-refused',
      re: /ERR_NGROK_8012/,
      says: 'ngrok ERR_NGROK_8012: the agent is up, but nothing listens on the local port it forwards to',
      examples: [{ line: 'Traffic successfully made it to the ngrok agent, but the agent failed to establish a connection to the upstream web service at localhost:8080. ERR_NGROK_8012', from: 'ngrok Docs, "ERR_NGROK_8012" (upstream connection refused)' }],
    },
    {
      id: 'ngrok-724', needles: ['err_ngrok_724'], weight: 45, key: 'tunnel-offline',
      re: /ERR_NGROK_724/,
      says: 'ngrok ERR_NGROK_724: no backend is available to serve the endpoint',
      examples: [{ line: 'ERR_NGROK_724: No backend is available to serve requests for endpoint https://abc123.ngrok.app.', from: 'ngrok Docs, "ERR_NGROK_724"' }],
    },
    {
      id: 'ngrok-6024', needles: ['err_ngrok_6024', 'ngrok-skip-browser-warning'], weight: 45, key: 'tunnel-browser-warning',
      re: /ERR_NGROK_6024|ngrok-skip-browser-warning/,
      says: 'ngrok\'s browser-warning page answered instead of your receiver',
      examples: [{ line: 'You are about to visit abc123.ngrok-free.app ... ERR_NGROK_6024', from: 'ngrok Docs, "ERR_NGROK_6024" (free-plan browser warning, skipped with the ngrok-skip-browser-warning header)' }],
    },
    {
      id: 'ngrok-other', needles: ['err_ngrok_'], weight: 25, key: 'tunnel-offline',
      re: /ERR_NGROK_(?<n>\d+)/,
      says: 'ngrok error ERR_NGROK_{n}: see https://ngrok.com/docs/errors/err_ngrok_{n}',
      examples: [{ line: 'ERR_NGROK_3004: ngrok gateway error. The server returned an invalid or incomplete HTTP response.', from: 'ngrok Docs, "Errors Reference"' }],
    },
    {
      id: 'localtunnel-unavailable', needles: ['tunnel unavailable'], weight: 45, key: 'tunnel-offline',
      re: /503 - Tunnel Unavailable|Tunnel Unavailable/i,
      says: 'localtunnel: no client is connected for this subdomain',
      examples: [{ line: '503 - Tunnel Unavailable', from: 'localtunnel server (responds 503 "503 - Tunnel Unavailable" when the client is gone)' }],
    },
    {
      id: 'localtunnel-reminder', needles: ['bypass-tunnel-reminder', 'friendly reminder', 'localtunnel'], weight: 44, key: 'tunnel-browser-warning',
      re: /Bypass-Tunnel-Reminder|Friendly Reminder[^\n]*(?:localtunnel|loca\.lt)|loca\.lt[^\n]*reminder/i,
      says: 'localtunnel\'s reminder page answered instead of your receiver',
      examples: [{ line: 'Friendly Reminder: this website is served for free via a localtunnel (loca.lt); send a Bypass-Tunnel-Reminder header to skip this page', from: 'localtunnel (loca.lt) reminder page: set the Bypass-Tunnel-Reminder request header' }],
    },
    {
      id: 'cloudflare-tunnel-1033', needles: ['error 1033', 'argo tunnel error', 'cloudflare tunnel error'], weight: 45, key: '530',
      re: /Error 1033|Argo Tunnel error|Cloudflare Tunnel error/i,
      says: 'Cloudflare 530 / 1033: the Cloudflare Tunnel (cloudflared) for this host is not connected',
      examples: [{ line: 'Error 1033 Ray ID: 8e2f3a1b2c3d4e5f • Cloudflare Tunnel error', from: 'Cloudflare Docs, "Troubleshooting Cloudflare 1XXX errors" (Error 1033: Argo Tunnel error)' }],
    },
    {
      id: 'cloudflare-5xx', needles: ['cloudflare', 'error code 52', 'error 52', ' | 52'], weight: 42, key: '{status}',
      re: /(?:Error(?: code)?|\|) (?<status>52[0-7]|530)\b/i,
      says: 'Cloudflare {status}: the edge could not get an answer from your origin',
      examples: [
        { line: 'example.com | 521: Web server is down', from: CF + ' (Error 521)' },
        { line: 'Error 524 Ray ID: 6e38aaae2b924b8c • 2022-02-26 11:01:34 UTC A timeout occurred', from: CF + ' (Error 524: A timeout occurred)' },
      ],
    },
  ],
};
