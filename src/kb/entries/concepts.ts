// Knowledge-base entries for ideas rather than codes: signature mismatch, throttling, payload size, retries, timeouts.
import type { KbEntry } from '../schema.js';

const URL = 'https://example.com/hooks';

export const conceptEntries: KbEntry[] = [
  {
    key: 'signature-mismatch',
    kind: 'concept',
    title: 'Signature mismatch',
    aliases: ['signature mismatch', 'invalid signature', 'bad signature', 'hmac mismatch', 'signature verification failed'],
    meaning: 'The receiver computed an HMAC over the body and it did not equal the signature the sender attached. The body, the secret or the method differ between the two sides.',
    causes: [
      'The handler parsed the JSON and re-serialised it before verifying: key order, spaces and escapes change the bytes',
      'A framework or proxy changed the body (re-encoding, trimming a trailing newline, decompressing)',
      'The wrong secret, or a whsec_ secret used without base64-decoding it',
      'Hex compared with base64, or the "sha256=" prefix not stripped',
      'A timestamped scheme with a stale timestamp (replay window exceeded)',
    ],
    fixes: [
      { text: 'Save one real delivery as it arrived, then verify its raw bytes and let webhook-doctor say which of the causes it is.', command: 'webhook-doctor listen 8080 --count 1 --save ./captures && webhook-doctor verify --capture ./captures/*.json --secret "$SECRET"' },
      { text: 'Capture a real delivery and verify it live.', command: 'webhook-doctor listen 8080 --secret "$SECRET"' },
      { text: 'Print what the correct signature for a body is.', command: 'printf \'%s\' \'{"test":true}\' | webhook-doctor sign --secret "$SECRET" --scheme hmac-sha256 --body -' },
    ],
    retry: { retry: 'no', why: 'The same bytes and secret give the same result; fix the verification code or the secret.' },
    senders: { cloudaipilot: ['CloudAIPilot signs with HMAC-SHA256 and sends X-CloudAIPilot-Signature: sha256=<hex>. The usual mistake is verifying json.dumps(request.get_json()) instead of the raw request body.'] },
    sources: ['CloudAIPilot', 'Standard Webhooks'],
    related: ['401'],
  },
  {
    key: 'throttled',
    kind: 'concept',
    title: 'Skipped or throttled deliveries',
    aliases: ['skipped', 'skipped events', 'adaptive skipping', 'sleeping too many errors', 'hook error', 'hook-error'],
    meaning: 'The sender stopped attempting some deliveries on its own because the endpoint failed too often, to give it room to recover. The events were never sent, so the receiver logs nothing.',
    causes: ['The endpoint returned more errors (4xx/5xx) than successes for a while', 'Answers slower than the sender\'s time budget, which count as failures', 'A rate limit on the receiver answering 429 to a burst'],
    fixes: [
      { text: 'Find why the endpoint fails: check it end to end, including a short burst.', command: `webhook-doctor doctor ${URL} --profile particle` },
      { text: 'Make sure it answers 2xx within the budget.', command: `webhook-doctor send ${URL} --profile particle -v` },
    ],
    retry: { retry: 'depends', why: 'The sender retries skipped events itself for a short while; fix the endpoint so that its successes outnumber its errors again.' },
    senders: {
      particle: [
        'Particle skips webhook attempts when the endpoint returns more 4xx/5xx than 2xx; after a cooldown of a few seconds without errors it sends again.',
        'Skipped events are retried after 30 seconds and after 1 minute, then dropped.',
        'A response slower than 20 seconds counts as a failure too.',
        'Signs: a hook-error event reading "Sleeping, too many errors, please wait and try again", and grey bars in the integration\'s History graph.',
      ],
    },
    sources: ['Particle'],
    related: ['429', 'timeout', '5xx'],
  },
  {
    key: 'payload-too-large',
    kind: 'concept',
    title: 'Payload too large',
    aliases: ['payload size', 'too large', 'body size limit', 'size limit'],
    meaning: 'The body is over the size the receiver (or a proxy) accepts; it is refused with 413, or the connection is cut while uploading (EPIPE/ECONNRESET).',
    causes: ['Raw logs or whole events embedded in an alert', 'Attachments or base64-encoded binaries', 'Batching too many events together'],
    fixes: [
      { text: 'Check the size against the sender\'s limit before sending.', command: `webhook-doctor send ${URL} --profile parapet` },
      { text: 'Find the limit the receiver actually enforces.', command: `webhook-doctor doctor ${URL}` },
      { text: 'Remove raw data, summarise large fields, and link to large objects instead of embedding them.' },
    ],
    retry: { retry: 'no', why: 'The size does not change between attempts.' },
    senders: {
      parapet: ['Parapet Security accepts alerts up to 1 MB; contact its support for larger payloads.'],
      particle: ['Particle delivers webhook responses to devices in 512-byte chunks, each a data operation: a 5 KB response costs 10.'],
    },
    sources: ['Parapet Security', 'Particle'],
    related: ['413', 'EPIPE'],
  },
  {
    key: 'retry-policy',
    kind: 'concept',
    title: 'Retry policy and backoff',
    aliases: ['retry', 'retries', 'backoff', 'exponential backoff', 'retry after', 'retry-after', 'when to retry'],
    meaning: 'Which failures to retry and how: retry only what can succeed unchanged (timeouts, connection resets, 408, 425, 429, 5xx), wait longer each time with random jitter, honour Retry-After, and spool what still fails.',
    causes: ['Retrying a 400/401/403/404 only repeats the failure and burns quota', 'Retrying without backoff turns an outage into a flood', 'Retrying without idempotency creates duplicates when the first attempt did land'],
    fixes: [
      { text: 'Send with full-jitter exponential backoff on retryable outcomes only, honouring Retry-After.', command: `webhook-doctor send ${URL} --retries 5` },
      { text: 'Spool what still fails and drain it at a safe rate (send exits 1 once it queued the payload, so flush runs only then).', command: `webhook-doctor send ${URL} --retries 3 --spool ./spool || webhook-doctor flush ./spool --rate 50/min` },
      { text: 'On the receiver, deduplicate by event ID so a retried delivery is harmless.' },
    ],
    retry: { retry: 'depends', why: 'Yes for 408, 425, 429, 5xx and network timeouts/resets; no for other 4xx, redirects, TLS and DNS-name errors.' },
    senders: {
      parapet: ['Parapet Security: retry 429, 500, 502 and 503 with exponential backoff; do not retry 400, 401, 403 or 404. Queue alerts locally when retries run out.'],
      cloudaipilot: ['CloudAIPilot retries deliveries that do not get a 200; answer 200 before processing to avoid duplicate retries.'],
      particle: ['Particle retries skipped events after 30 s and 1 min, then drops them.'],
    },
    sources: ['Parapet Security', 'CloudAIPilot', 'Particle', 'RFC 9110'],
    related: ['429', '503', '5xx', 'throttled'],
  },
  {
    key: 'timeout',
    kind: 'concept',
    title: 'Delivery timed out',
    aliases: ['timeout', 'time budget', 'slow endpoint', 'request timed out', 'aborted'],
    meaning: 'The receiver did not answer within the time the sender allows. The sender counts it as a failure even if the receiver later processed the request.',
    causes: ['The handler processes the event before answering', 'The server is overloaded', 'A slow dependency (database, downstream API) in the request path', 'The network path drops packets'],
    fixes: [
      { text: 'Measure the answer time against the sender\'s budget.', command: `webhook-doctor send ${URL} --profile cloudaipilot -v` },
      { text: 'Answer 2xx as soon as the body is stored; do the work in a background job.' },
      { text: 'Where the sender allows it, raise its timeout.', command: `webhook-doctor send ${URL} --timeout 60` },
    ],
    retry: { retry: 'yes', why: 'Retry with backoff, and deduplicate on the receiver: a timed-out request may have been processed.' },
    senders: {
      cloudaipilot: ['CloudAIPilot allows 10 seconds: move processing to a background task and return 200 immediately.'],
      particle: ['Particle allows 20 seconds; slower answers count as failures and can make it skip events.'],
      queryai: ['Query.ai allows 30 seconds by default; an administrator can raise it up to 300 seconds.'],
    },
    sources: ['CloudAIPilot', 'Particle', 'Query.ai'],
    related: ['ETIMEDOUT', 'UND_ERR_HEADERS_TIMEOUT', '504', '408'],
  },
];
