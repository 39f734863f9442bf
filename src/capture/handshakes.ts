// The senders' endpoint handshakes as data: how each verification request looks, the answer its sender
// requires (status, content type, body), and a sample of it for doctor to send. Each row cites its source.
// listen answers them (capture/handshake-hook.ts); doctor plays the sender (doctor/check-handshake.ts).
import { mayBeNamed, nameLengths } from './capture.js';

/** Where a value travels in the request: a query parameter, a header, or a field of the JSON body (dotted, 0 for an array's first item). */
export interface Place {
  in: 'query' | 'header' | 'json';
  name: string;
}

/** One condition a request must meet: the value at `place` is present, or equal to `equals`. */
export interface Condition extends Place {
  equals?: string | number;
}

/** What the answer's body must be. */
export type AnswerBody =
  /** The challenge exactly as received, nothing around it. */
  | { kind: 'echo' }
  /** A JSON object holding the challenge under `field`. */
  | { kind: 'json'; field: string }
  /** Zoom: {"plainToken": challenge, "encryptedToken": hex HMAC-SHA256 of the challenge keyed with the secret token}. */
  | { kind: 'zoom' }
  /** A fixed JSON value (Discord's PONG). */
  | { kind: 'constant'; value: unknown }
  /** Any body: only the status counts (SNS; confirmation is a separate GET of the SubscribeURL). */
  | { kind: 'any' }
  /** No body: the challenge (the sender's origin) comes back in header `header`, or `*` (CloudEvents abuse protection). */
  | { kind: 'allow-origin'; header: string; rateHeader: string };

export interface HandshakeSource {
  vendor: string;
  document: string;
  url: string;
}

export interface Handshake {
  /** Stable id, used by profiles (`handshake`) and --json. */
  id: string;
  sender: string;
  /** The sender's own name for it: "url_verification", "endpoint.url_validation" … */
  name: string;
  method: 'GET' | 'POST' | 'OPTIONS';
  /** Other handshakes the same sender may run instead (Event Grid's CloudEvents OPTIONS beside its validation event). */
  related?: string[];
  /** Every condition must hold for a request to be this handshake. */
  match: Condition[];
  /** Where the challenge (the value to send back) is. */
  challenge: Place;
  /** Where the verify token the receiver must check is (Meta). */
  verifyToken?: Place;
  /** Where the URL to visit to confirm is (SNS), shown, fetched only when asked. */
  confirmUrl?: Place;
  /** The secret the answer depends on: 'answer' (Zoom signs its reply), 'signature' (Twitch, Discord: verify the request first). */
  secret?: 'answer' | 'signature';
  /**
   * The request is signed with the sender's recipe (id = this row's) and, with --secret, verified before
   * answering even though the answer itself needs the secret: Zoom's encryptedToken is HMAC(secret, plainToken),
   * and answering a forged request would sign any text an attacker chooses (the sender's own sample checks first).
   */
  signed?: boolean;
  /** The status a request whose signature does not verify gets (default 403). */
  badSignatureStatus?: number;
  answer: {
    status: number;
    /** Media type the sender expects; alternatives it also accepts. */
    contentType: string;
    alsoAccepted?: string[];
    /** True when the sender documents the content type as required, not only recommended. */
    contentTypeRequired: boolean;
    /** Headers the sender asks the answer to carry. */
    headers?: Record<string, string>;
    body: AnswerBody;
    /** Seconds the sender waits for the answer; `assumed` when it documents none. */
    withinSeconds?: number;
    withinAssumed?: boolean;
  };
  /** How doctor sends it: {challenge} and {token} are filled in per run. */
  probe: {
    query?: Record<string, string>;
    headers?: Record<string, string>;
    json?: unknown;
  };
  /** What the sender says happens next, and facts a user needs. */
  notes: string[];
  source: HandshakeSource;
}

export const handshakes: readonly Handshake[] = [
  {
    id: 'slack',
    sender: 'Slack',
    name: 'url_verification',
    method: 'POST',
    match: [{ in: 'json', name: 'type', equals: 'url_verification' }],
    challenge: { in: 'json', name: 'challenge' },
    // "verify the request's authenticity and then respond" (the url_verification page): with --secret, checked first.
    signed: true,
    badSignatureStatus: 401,
    answer: {
      status: 200,
      contentType: 'text/plain',
      alsoAccepted: ['application/x-www-form-urlencoded', 'application/json'],
      contentTypeRequired: false,
      body: { kind: 'echo' },
      withinSeconds: 3,
    },
    probe: { json: { token: 'Jhj5dZrVaK7ZwHHjRyZWjbDl', challenge: '{challenge}', type: 'url_verification' } },
    notes: [
      'Slack sends it whenever an Events API Request URL is configured; verify the request, then answer 200 with the challenge (plain text, challenge=… form, or {"challenge":…} JSON).',
      'Slack asks for an answer within 3 seconds to every Events API request.',
    ],
    source: { vendor: 'Slack', document: 'url_verification event; Events API', url: 'https://api.slack.com/events/url_verification' },
  },
  {
    id: 'zoom',
    sender: 'Zoom',
    name: 'endpoint.url_validation',
    method: 'POST',
    match: [{ in: 'json', name: 'event', equals: 'endpoint.url_validation' }],
    challenge: { in: 'json', name: 'payload.plainToken' },
    secret: 'answer',
    // Zoom's sample app (github.com/zoom/webhook-sample, index.js) checks x-zm-signature before it answers.
    signed: true,
    badSignatureStatus: 401,
    answer: {
      status: 200,
      contentType: 'application/json',
      contentTypeRequired: true,
      body: { kind: 'zoom' },
      withinSeconds: 3,
    },
    probe: { json: { payload: { plainToken: '{challenge}' }, event_ts: 1654503849680, event: 'endpoint.url_validation' } },
    notes: [
      'Answer {"plainToken": …, "encryptedToken": …}, the encryptedToken being the hex HMAC-SHA256 of plainToken keyed with the app\'s Secret Token.',
      'Zoom validates a new endpoint before it sends events, and again every 72 hours.',
    ],
    source: { vendor: 'Zoom', document: 'Using webhooks: Validate your webhook endpoint', url: 'https://developers.zoom.us/docs/api/webhooks/#validate-your-webhook-endpoint' },
  },
  {
    id: 'twitch',
    sender: 'Twitch',
    name: 'webhook_callback_verification',
    method: 'POST',
    match: [{ in: 'header', name: 'Twitch-Eventsub-Message-Type', equals: 'webhook_callback_verification' }],
    challenge: { in: 'json', name: 'challenge' },
    secret: 'signature',
    answer: {
      status: 200,
      contentType: 'text/plain',
      contentTypeRequired: false,
      body: { kind: 'echo' },
      // "a few seconds" for notifications; no figure for the challenge itself.
      withinSeconds: 3,
      withinAssumed: true,
    },
    probe: {
      headers: {
        'Twitch-Eventsub-Message-Id': 'e76c6bd4-55c9-4987-8304-da1588d8988b',
        'Twitch-Eventsub-Message-Retry': '0',
        'Twitch-Eventsub-Message-Type': 'webhook_callback_verification',
        'Twitch-Eventsub-Subscription-Type': 'channel.follow',
        'Twitch-Eventsub-Subscription-Version': '2',
      },
      json: {
        challenge: '{challenge}',
        subscription: { id: 'f1c2a387-161a-49f9-a165-0f21d7a4e1c4', status: 'webhook_callback_verification_pending', type: 'channel.follow', version: '2', cost: 1, condition: { broadcaster_user_id: '12826', moderator_user_id: '12826' }, transport: { method: 'webhook', callback: 'https://example.com/webhooks/callback' }, created_at: '2019-11-16T10:11:12.634234626Z' },
      },
    },
    notes: [
      'Verify the Twitch-Eventsub-Message-Signature first, then answer 200 with the raw challenge string as the whole body (not wrapped in JSON).',
      'It is the first request after a subscription is created; events follow only once it is answered.',
    ],
    source: { vendor: 'Twitch', document: 'Handling Webhook Events: Responding to a challenge request', url: 'https://dev.twitch.tv/docs/eventsub/handling-webhook-events/#responding-to-a-challenge-request' },
  },
  {
    id: 'meta',
    sender: 'Meta (Facebook, Instagram, WhatsApp)',
    name: 'verification request (hub.challenge)',
    method: 'GET',
    match: [{ in: 'query', name: 'hub.mode', equals: 'subscribe' }, { in: 'query', name: 'hub.challenge' }],
    challenge: { in: 'query', name: 'hub.challenge' },
    verifyToken: { in: 'query', name: 'hub.verify_token' },
    answer: {
      status: 200,
      contentType: 'text/plain',
      contentTypeRequired: false,
      body: { kind: 'echo' },
      withinAssumed: true,
    },
    probe: { query: { 'hub.mode': 'subscribe', 'hub.challenge': '{challenge}', 'hub.verify_token': '{token}' } },
    notes: [
      'Check that hub.verify_token equals the Verify Token set in the App Dashboard, then answer with the hub.challenge value.',
      'Meta sends it each time the Webhooks product is configured; self-signed certificates are not supported.',
    ],
    source: { vendor: 'Meta', document: 'Graph API Webhooks: Getting Started, Verification Requests', url: 'https://developers.facebook.com/docs/graph-api/webhooks/getting-started' },
  },
  {
    id: 'dropbox',
    sender: 'Dropbox',
    name: 'verification request (?challenge=)',
    method: 'GET',
    match: [{ in: 'query', name: 'challenge' }],
    challenge: { in: 'query', name: 'challenge' },
    answer: {
      status: 200,
      contentType: 'text/plain',
      contentTypeRequired: false,
      headers: { 'X-Content-Type-Options': 'nosniff' },
      body: { kind: 'echo' },
      withinSeconds: 10,
    },
    probe: { query: { challenge: '{challenge}' } },
    notes: [
      'Echo the challenge parameter as the body, with Content-Type: text/plain and X-Content-Type-Options: nosniff (so the echo cannot become a reflected XSS).',
      'Dropbox allows up to ten seconds and does not retry a verification request.',
    ],
    source: { vendor: 'Dropbox', document: 'Webhooks reference and tutorial: The verification request', url: 'https://www.dropbox.com/developers/reference/webhooks' },
  },
  {
    id: 'microsoft-graph',
    sender: 'Microsoft Graph',
    name: 'notification endpoint validation (validationToken)',
    method: 'POST',
    match: [{ in: 'query', name: 'validationToken' }],
    challenge: { in: 'query', name: 'validationToken' },
    answer: {
      status: 200,
      contentType: 'text/plain',
      contentTypeRequired: true,
      body: { kind: 'echo' },
      withinSeconds: 10,
    },
    probe: { query: { validationToken: '{challenge}' }, headers: { 'Content-Type': 'text/plain; charset=utf-8' } },
    notes: [
      'Answer within 10 seconds with 200, Content-Type text/plain, and the URL-decoded validationToken as the body; otherwise creating the subscription fails with 400.',
    ],
    source: { vendor: 'Microsoft', document: 'Receive change notifications through webhooks: notification endpoint validation', url: 'https://learn.microsoft.com/en-us/graph/change-notifications-delivery-webhooks' },
  },
  {
    id: 'azure-eventgrid',
    sender: 'Azure Event Grid',
    name: 'SubscriptionValidationEvent',
    method: 'POST',
    match: [{ in: 'json', name: '0.eventType', equals: 'Microsoft.EventGrid.SubscriptionValidationEvent' }],
    challenge: { in: 'json', name: '0.data.validationCode' },
    confirmUrl: { in: 'json', name: '0.data.validationUrl' },
    related: ['azure-eventgrid-cloudevents'],
    answer: {
      status: 200,
      contentType: 'application/json',
      contentTypeRequired: false,
      body: { kind: 'json', field: 'validationResponse' },
      withinAssumed: true,
    },
    probe: {
      headers: { 'aeg-event-type': 'SubscriptionValidation' },
      json: [{ id: '2d1781af-3a4c-4d7c-bd0c-e34b19da4e66', topic: '/subscriptions/00000000-0000-0000-0000-000000000000', subject: '', data: { validationCode: '{challenge}', validationUrl: 'https://rp-eastus2.eventgrid.azure.net:553/eventsubscriptions/myeventsub/validate?id=0000000000-0000-0000-0000-00000000000000&t=2022-10-28T04:23:35.1981776Z' }, eventType: 'Microsoft.EventGrid.SubscriptionValidationEvent', eventTime: '2022-10-28T04:23:35.1981776Z', metadataVersion: '1', dataVersion: '1' }],
    },
    notes: [
      'Synchronous handshake: answer {"validationResponse": <validationCode>}. Asynchronous alternative: a GET of data.validationUrl within 5 minutes.',
    ],
    source: { vendor: 'Microsoft', document: 'Azure Event Grid: Webhook event delivery, endpoint validation', url: 'https://learn.microsoft.com/en-us/azure/event-grid/webhook-event-delivery' },
  },
  {
    id: 'azure-eventgrid-cloudevents',
    sender: 'Azure Event Grid',
    name: 'CloudEvents v1.0 abuse protection (OPTIONS, WebHook-Request-Origin)',
    method: 'OPTIONS',
    match: [{ in: 'header', name: 'WebHook-Request-Origin' }],
    challenge: { in: 'header', name: 'WebHook-Request-Origin' },
    answer: {
      status: 200,
      contentType: 'text/plain',
      contentTypeRequired: false,
      body: { kind: 'allow-origin', header: 'WebHook-Allowed-Origin', rateHeader: 'WebHook-Allowed-Rate' },
      withinAssumed: true,
    },
    probe: { headers: { 'WebHook-Request-Origin': '{challenge}', 'WebHook-Request-Rate': '120' } },
    notes: [
      'With the CloudEvents 1.0 schema Event Grid sends an HTTP OPTIONS with WebHook-Request-Origin (eventgrid.azure.net) instead of a validation event: answer 200 with WebHook-Allowed-Origin set to that origin (or *), and WebHook-Allowed-Rate.',
    ],
    source: { vendor: 'Microsoft', document: 'Azure Event Grid: Endpoint validation with CloudEvents schema (CloudEvents v1.0 abuse protection)', url: 'https://learn.microsoft.com/en-us/azure/event-grid/end-point-validation-cloud-events-schema' },
  },
  {
    id: 'okta',
    sender: 'Okta',
    name: 'event hook one-time verification',
    method: 'GET',
    match: [{ in: 'header', name: 'X-Okta-Verification-Challenge' }],
    challenge: { in: 'header', name: 'X-Okta-Verification-Challenge' },
    answer: {
      status: 200,
      contentType: 'application/json',
      contentTypeRequired: true,
      body: { kind: 'json', field: 'verification' },
      withinSeconds: 3,
    },
    probe: { headers: { 'User-Agent': 'Okta-Integrations', Accept: 'application/json', 'X-Okta-Verification-Challenge': '{challenge}' } },
    notes: [
      'Answer {"verification": <the X-Okta-Verification-Challenge value>} as JSON; Okta times out after 3 seconds and retries once.',
    ],
    source: { vendor: 'Okta', document: 'Event hooks: One-time verification request; Verify an event hook (API)', url: 'https://developer.okta.com/docs/concepts/event-hooks/#one-time-verification-request' },
  },
  {
    id: 'aws-sns',
    sender: 'Amazon SNS',
    name: 'SubscriptionConfirmation',
    method: 'POST',
    match: [{ in: 'header', name: 'x-amz-sns-message-type', equals: 'SubscriptionConfirmation' }],
    challenge: { in: 'json', name: 'Token' },
    confirmUrl: { in: 'json', name: 'SubscribeURL' },
    answer: {
      status: 200,
      contentType: 'text/plain',
      contentTypeRequired: false,
      body: { kind: 'any' },
      withinAssumed: true,
    },
    probe: {
      headers: { 'x-amz-sns-message-type': 'SubscriptionConfirmation', 'x-amz-sns-message-id': '165545c9-2a5c-472c-8df2-7ff2be2b3b1b', 'x-amz-sns-topic-arn': 'arn:aws:sns:us-west-2:123456789012:MyTopic', 'Content-Type': 'text/plain; charset=UTF-8', 'User-Agent': 'Amazon Simple Notification Service Agent' },
      json: { Type: 'SubscriptionConfirmation', MessageId: '165545c9-2a5c-472c-8df2-7ff2be2b3b1b', Token: '{challenge}', TopicArn: 'arn:aws:sns:us-west-2:123456789012:MyTopic', Message: 'You have chosen to subscribe to the topic arn:aws:sns:us-west-2:123456789012:MyTopic.\nTo confirm the subscription, visit the SubscribeURL included in this message.', SubscribeURL: 'https://sns.us-west-2.amazonaws.com/?Action=ConfirmSubscription&TopicArn=arn:aws:sns:us-west-2:123456789012:MyTopic&Token={challenge}', Timestamp: '2012-04-26T20:45:04.751Z', SignatureVersion: '1', Signature: 'EXAMPLEpH+DcEwjAPg8O9mY8dReBSwksfg2S7WKQcikcNKWLQjwu6A4VbeS0QHVCkhRS7fUQvi2egU3N858fiTDN6bkkOxYDVrY0Ad8L10Hs3zH81mtnPk5uvvolIC1CXGu43obcgFxeL3khZl8IKvO61GWB6jI9b5+gLPoBc1Q=', SigningCertURL: 'https://sns.us-west-2.amazonaws.com/SimpleNotificationService-f3ecfb7224c7233fe7bb5f59f96de52f.pem' },
    },
    notes: [
      'SNS sends no notification until the subscription is confirmed: visit the SubscribeURL (an HTTP GET), or call ConfirmSubscription with the Token.',
      'Check the message signature and that the SubscribeURL is an sns.<region>.amazonaws.com address before visiting it.',
    ],
    source: { vendor: 'Amazon Web Services', document: 'Amazon SNS: HTTP/HTTPS subscription confirmation JSON format; Confirm your subscription', url: 'https://docs.aws.amazon.com/sns/latest/dg/http-subscription-confirmation-json.html' },
  },
  {
    id: 'discord',
    sender: 'Discord',
    name: 'interactions endpoint PING',
    method: 'POST',
    match: [{ in: 'json', name: 'type', equals: 1 }, { in: 'header', name: 'X-Signature-Ed25519' }],
    challenge: { in: 'json', name: 'id' },
    // With --secret (the application's public key), the PING is verified first: Discord expects 401 for a bad signature.
    secret: 'signature',
    badSignatureStatus: 401,
    answer: {
      status: 200,
      contentType: 'application/json',
      contentTypeRequired: true,
      body: { kind: 'constant', value: { type: 1 } },
      withinSeconds: 3,
    },
    probe: {
      headers: { 'X-Signature-Ed25519': '0'.repeat(128), 'X-Signature-Timestamp': '1700000000' },
      json: { id: '{challenge}', application_id: '1000000000000000000', type: 1, token: 'aW50ZXJhY3Rpb246MTAwMDAwMDAwMDAwMDAwMDAwMA', version: 1 },
    },
    notes: [
      'Acknowledge a PING (type 1) with {"type": 1} (PONG), after verifying X-Signature-Ed25519; Discord also sends requests with bad signatures and expects 401 for them.',
      'Interactions must be answered within 3 seconds.',
    ],
    source: { vendor: 'Discord', document: 'Interactions: Receiving and Responding (Receiving an interaction, security and authorization)', url: 'https://discord.com/developers/docs/interactions/receiving-and-responding' },
  },
];

export function findHandshake(id: string): Handshake | undefined {
  return handshakes.find((h) => h.id === id);
}

/** A profile's handshake and the ones its sender may run instead (what listen --profile answers). */
export function handshakeFamily(id: string): Handshake[] {
  const own = findHandshake(id);
  if (!own) return [];
  return [own, ...(own.related ?? []).map(findHandshake).filter((h): h is Handshake => h !== undefined)];
}

/** The parts of a request a handshake is recognised by. */
export interface RequestShape {
  method: string;
  /** Path and query as sent. */
  target: string;
  headers: ReadonlyArray<readonly [string, string]>;
  body: Buffer;
}

/** A request recognised as a handshake, with the values pulled out of it. */
export interface HandshakeMatch {
  handshake: Handshake;
  challenge: string;
  verifyToken?: string;
  confirmUrl?: string;
}

/** The request's query and JSON body, each worked out only when a condition needs it. */
class ParsedRequest {
  private q?: URLSearchParams;
  private j?: { value: unknown };
  constructor(private readonly req: RequestShape) {}

  get query(): URLSearchParams {
    if (!this.q) {
      const at = this.req.target.indexOf('?');
      this.q = new URLSearchParams(at >= 0 ? this.req.target.slice(at + 1) : '');
    }
    return this.q;
  }

  get json(): unknown {
    if (!this.j) {
      this.j = { value: undefined };
      const body = this.req.body;
      // Only bodies that could be a handshake are parsed: small, and starting like JSON.
      if (body.length > 0 && body.length <= 64 * 1024) {
        const first = body.subarray(0, 16).toString('utf8').trimStart()[0];
        if (first === '{' || first === '[') {
          try {
            this.j.value = JSON.parse(body.toString('utf8'));
          } catch { /* not JSON: no JSON condition can hold */ }
        }
      }
    }
    return this.j.value;
  }

  get headers(): RequestShape['headers'] {
    return this.req.headers;
  }

  /** A cheap test before parsing: a JSON condition's string value must appear in the raw body. */
  mayHold(c: Condition): boolean {
    if (c.in === 'query') return this.req.target.includes('?');
    if (c.in === 'json' && typeof c.equals === 'string') return this.req.body.indexOf(c.equals) >= 0;
    return true;
  }
}

function jsonAt(value: unknown, path: string): unknown {
  let at: unknown = value;
  for (const key of path.split('.')) {
    if (at === null || typeof at !== 'object') return undefined;
    at = Array.isArray(at) ? at[Number(key)] : (at as Record<string, unknown>)[key];
  }
  return at;
}

function valueAt(req: ParsedRequest, place: Place): string | number | undefined {
  if (place.in === 'query') return req.query.get(place.name) ?? undefined;
  if (place.in === 'header') {
    const lower = place.name.toLowerCase();
    for (const [n, v] of req.headers) if (n.length === lower.length && n.toLowerCase() === lower) return v;
    return undefined;
  }
  const v = jsonAt(req.json, place.name);
  return typeof v === 'string' || typeof v === 'number' ? v : undefined;
}

function holds(req: ParsedRequest, c: Condition): boolean {
  const v = valueAt(req, c);
  if (v === undefined) return false;
  return c.equals === undefined || v === c.equals;
}

// Header and query conditions first: they are cheap, and rule out most requests before any JSON is parsed.
const cost = (c: Condition) => (c.in === 'json' ? 1 : 0);
const ordered = new WeakMap<Handshake, Condition[]>();
const conditionsOf = (h: Handshake) => {
  let list = ordered.get(h);
  if (!list) ordered.set(h, (list = [...h.match].sort((a, b) => cost(a) - cost(b))));
  return list;
};

/** What any of a list of handshakes needs to be present at all: a header, a query, a string in the body. */
interface Gate {
  methods: Set<string>;
  headers: Set<string>;
  /** 1 at the lengths of those header names: a name of another length is not lower-cased to be looked up. */
  headerLengths: Uint8Array;
  query: boolean;
  /** The body strings as latin1 text of their bytes, looked for in the body's latin1 text. */
  body: string[];
  /** The same strings as one pattern (one pass over a small body, not one search each). */
  bodyPattern: RegExp;
}
const gates = new WeakMap<readonly Handshake[], Gate>();
function gateFor(list: readonly Handshake[]): Gate {
  let gate = gates.get(list);
  if (!gate) {
    gate = { methods: new Set(list.map((h) => h.method)), headers: new Set(), headerLengths: new Uint8Array(256), query: false, body: [], bodyPattern: /$^/ };
    for (const h of list) {
      for (const c of h.match) {
        if (c.in === 'header') gate.headers.add(c.name.toLowerCase());
        else if (c.in === 'query') gate.query = true;
        else if (typeof c.equals === 'string') gate.body.push(Buffer.from(c.equals).toString('latin1'));
      }
    }
    gate.headerLengths = nameLengths(gate.headers);
    if (gate.body.length) gate.bodyPattern = new RegExp(gate.body.map((m) => m.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'));
    gates.set(list, gate);
  }
  return gate;
}

const SMALL_BODY = 16 * 1024;

/** False when no handshake of the list can match: the common case, decided without parsing anything. */
function mayBeHandshake(req: RequestShape, gate: Gate): boolean {
  if (!gate.methods.has(req.method)) return false;
  if (gate.query && req.target.includes('?')) return true;
  for (const [name] of req.headers) if (mayBeNamed(gate.headerLengths, name) && gate.headers.has(name.toLowerCase())) return true;
  const body = req.body;
  if (gate.body.length === 0 || body.length === 0) return false;
  // A small body: one latin1 text of it (a byte a character) and one pattern of every marker, cheaper than
  // a Buffer search each. A large one is searched where it is, not copied (handshakes are small).
  if (body.length > SMALL_BODY) {
    for (const marker of gate.body) if (body.indexOf(marker, 0, 'latin1') >= 0) return true;
    return false;
  }
  return gate.bodyPattern.test(body.toString('latin1'));
}

/**
 * The handshake `req` is, if any: among `only` when given (the --profile's handshake), else among all.
 * The method must match too, so a POST with ?challenge= is no Dropbox verification.
 */
export function detectHandshake(req: RequestShape, only?: readonly Handshake[]): HandshakeMatch | undefined {
  const list = only ?? handshakes;
  // Every row has a header, a query or a body string it cannot do without (a test keeps it so).
  if (!mayBeHandshake(req, gateFor(list))) return undefined;
  const parsed = new ParsedRequest(req);
  for (const h of list) {
    if (req.method !== h.method && req.method.toUpperCase() !== h.method) continue;
    const conditions = conditionsOf(h);
    if (!conditions.every((c) => parsed.mayHold(c))) continue;
    if (!conditions.every((c) => holds(parsed, c))) continue;
    const challenge = valueAt(parsed, h.challenge);
    if (challenge === undefined) continue;
    const match: HandshakeMatch = { handshake: h, challenge: String(challenge) };
    const token = h.verifyToken && valueAt(parsed, h.verifyToken);
    if (token !== undefined && token !== '') match.verifyToken = String(token);
    const confirm = h.confirmUrl && valueAt(parsed, h.confirmUrl);
    if (typeof confirm === 'string') match.confirmUrl = confirm;
    return match;
  }
  return undefined;
}
