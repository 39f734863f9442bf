// An HTTP status, read only where the words around it make it one: 'HTTP/1.1 503', 'status code 503',
// '503 Service Unavailable', 'returned 503', '(503)', 'code=503', '[503]'. Never a line number ('protocol.rb:227'),
// an IP octet or 'port=443'. A reason phrase goes with its code: '504 Gateway Timeout' is the 504.
import type { PatternRow, PatternTable } from './row.js';

const RFC = 'RFC 9110 section 15 (status codes and reason phrases)';

/** Reason phrases by status: RFC 9110 / 6585, and the edge codes Cloudflare documents. */
export const reasonPhrases: Record<number, string> = {
  200: 'OK', 201: 'Created', 202: 'Accepted', 204: 'No Content',
  301: 'Moved Permanently', 302: 'Found', 303: 'See Other', 304: 'Not Modified', 307: 'Temporary Redirect', 308: 'Permanent Redirect',
  400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed', 406: 'Not Acceptable',
  407: 'Proxy Authentication Required', 408: 'Request Timeout', 409: 'Conflict', 410: 'Gone', 411: 'Length Required',
  413: 'Payload Too Large', 414: 'URI Too Long', 415: 'Unsupported Media Type', 421: 'Misdirected Request',
  422: 'Unprocessable Entity', 425: 'Too Early', 426: 'Upgrade Required', 428: 'Precondition Required', 429: 'Too Many Requests',
  431: 'Request Header Fields Too Large', 451: 'Unavailable For Legal Reasons',
  500: 'Internal Server Error', 501: 'Not Implemented', 502: 'Bad Gateway', 503: 'Service Unavailable', 504: 'Gateway Timeout',
  505: 'HTTP Version Not Supported', 507: 'Insufficient Storage', 508: 'Loop Detected', 511: 'Network Authentication Required',
  520: 'Web server is returning an unknown error', 521: 'Web server is down', 522: 'Connection timed out', 523: 'Origin is unreachable',
  524: 'A timeout occurred', 525: 'SSL handshake failed', 526: 'Invalid SSL certificate', 527: 'Railgun Listener to origin error',
  530: 'Origin DNS error',
};

/** Statuses worth reading as one: the registered ones above, plus any other 2xx–5xx (never 1xx, which no log reports as a result). */
export function plausibleStatus(n: number): boolean {
  return n in reasonPhrases || (n >= 200 && n <= 599);
}

// One row for every reason phrase: the needles are the phrases after their space ('503 Service Unavailable' holds
// ' service unavailable'), and the engine checks that the phrase captured is the one registered for the status.
const phraseNeedles = [...new Set(Object.values(reasonPhrases).map((p) => ` ${p.toLowerCase()}`))];
const phraseRow: PatternRow = {
  id: 'status-phrase',
  needles: phraseNeedles,
  re: /\b(?<status>[1-5]\d\d):? (?<phrase>[A-Za-z][A-Za-z' -]{1,45})/,
  reasonPhrase: true,
  key: '{status}',
  says: 'HTTP {status} {phrase}',
  weight: 12,
  examples: [
    { line: 'HTTP/1.1 504 Gateway Timeout', from: RFC },
    { line: 'upstream answered 429 Too Many Requests', from: RFC },
    { line: 'example.com | 521: Web server is down', from: 'Cloudflare Docs, "Troubleshooting Cloudflare 5XX errors"' },
  ],
};

/** The registered reason phrase at the start of `text` for `status`, as written there, or undefined. */
export function reasonPhraseAt(status: number, text: string): string | undefined {
  const phrase = reasonPhrases[status];
  if (!phrase || text.length < phrase.length) return undefined;
  const head = text.slice(0, phrase.length);
  if (head.toLowerCase() !== phrase.toLowerCase()) return undefined;
  const next = text.charAt(phrase.length);
  return next === '' || !/[A-Za-z]/.test(next) ? head : undefined;
}

export const statusPatterns: PatternTable = {
  source: 'status',
  rows: [
    phraseRow,
    {
      id: 'status-line', needles: ['http/'], weight: 11, key: '{status}',
      re: /\bHTTP\/\d(?:\.\d)?"?\s+(?<status>\d{3})\b/i,
      says: 'HTTP {status}',
      examples: [
        { line: '< HTTP/1.1 503 Service Unavailable', from: 'curl -v output (RFC 9112 status line)' },
        { line: '127.0.0.1 - - [01/Dec/2026:07:00:00 +0000] "POST /hooks HTTP/1.1" 502 157 "-" "GitHub-Hookshot/5f2c1e9"', from: 'nginx combined access log format' },
      ],
    },
    {
      id: 'status-word', needles: ['status', 'statuscode', 'status_code'], weight: 10, key: '{status}',
      re: /\bstatus(?:[ _-]?code)?"?\s*(?:[:=]|is|of)?\s*"?(?<status>\d{3})\b(?![.:]\d)/i,
      says: 'status {status}',
      examples: [
        { line: 'delivery failed: status code 503', from: 'generic sender log' },
        { line: '{"level":"warn","msg":"webhook failed","status":429}', from: 'JSON log line (pino/zap style)' },
      ],
    },
    {
      id: 'status-verb', needles: ['returned', 'responded', 'answered', 'got ', 'received', 'response code', 'http code', 'http '], weight: 10, key: '{status}',
      re: /\b(?:returned|responded(?: with)?|answered(?: with)?|got(?: an?)?|received(?: an?)?|response code|HTTP code|HTTP(?: status)?)\s*:?\s*(?:HTTP |status |code )?(?<status>\d{3})\b(?![.:]\d)/i,
      says: 'the server answered {status}',
      examples: [{ line: 'the endpoint returned 502 after 3.2s', from: 'generic sender log' }],
    },
    {
      id: 'status-code-eq', needles: ['code'], weight: 9, key: '{status}',
      re: /\b(?:http_?)?code\s*[=:]\s*"?(?<status>\d{3})\b(?![.:]\d)/i,
      says: 'code {status}',
      examples: [{ line: 'level=warn code=503 url=https://hooks.example.com/hooks', from: 'logfmt log line' }],
    },
    {
      id: 'status-bracket', needles: ['(2', '(3', '(4', '(5', '[2', '[3', '[4', '[5'], weight: 8, key: '{status}',
      re: /(?:^|\s)[([](?<status>\d{3})[)\]](?:\s|$|[:,.])/,
      says: 'status {status}',
      examples: [
        { line: 'POST https://hooks.example.com/hooks [503]', from: 'generic client log ([status])' },
        { line: 'webhook delivery failed (404)', from: 'generic sender log ((status))' },
      ],
    },
    {
      id: 'status-error-n', needles: ['error ', 'error:'], weight: 9, key: '{status}',
      re: /\berror(?: code)?:? (?<status>\d{3})\b(?![.:]\d)/i,
      says: 'error {status}',
      examples: [{ line: 'Error 502 while delivering webhook', from: 'generic sender log' }],
    },
  ],
};
