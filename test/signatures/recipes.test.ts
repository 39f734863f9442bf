// One row per recipe: the recipe passes its schema; a request signed the way the provider's document
// describes (computed here with node:crypto, independently of the engine) verifies and is recognised
// without --scheme; what webhook-doctor signs verifies; a tampered one is rejected with its diagnosis.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac, generateKeyPairSync, sign as asymSign } from 'node:crypto';
import { recipes, signBody, signBodyFields, verifySignature, type HeaderList, type SchemeName } from '../../src/signatures/index.js';
import { recipeSchema } from '../../src/signatures/recipe-schema.js';
import { RECIPE_IDS } from '../../src/signatures/recipes/ids.js';

const T = Math.floor(Date.now() / 1000);
const SENT = '{"event": "test.created", "n": 1, "note": "caf\u00e9"}';
const URL_ = 'https://hooks.example.com/in?src=1';

const mac = (hash: string, key: string | Buffer, msg: string, enc: 'hex' | 'base64') => createHmac(hash, key).update(msg, 'utf8').digest(enc);
const ed = generateKeyPairSync('ed25519');
const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const edPublicHex = ed.publicKey.export({ type: 'spki', format: 'der' }).subarray(12).toString('hex');
const ecPublicB64 = ec.publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
const iso = new Date(T * 1000).toISOString();

interface Row {
  /** What verifies (the secret, or the public key). */
  secret: string;
  /** What signs with signBody (the secret, or the private key). */
  signWith?: string;
  /** The body the sender signs. */
  body?: string;
  /** The request a provider sends, per its document, computed without the engine. */
  sent: (body: string) => HeaderList;
  url?: string;
  /** What auto-detection names (default: the recipe); `among` when the headers fit several senders. */
  detected?: SchemeName;
  among?: boolean;
  /** Tampering and the diagnosis it must get (default: the body re-serialized → reserialized-json). */
  tamper?: (headers: HeaderList) => { headers: HeaderList; body?: string; url?: string; secret?: string; cause: string };
}

const hex = (h: string, k: string, m: string) => mac(h, k, m, 'hex');
const b64 = (h: string, k: string, m: string) => mac(h, k, m, 'base64');
const whsec = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const svixKey = Buffer.from(whsec.slice(6), 'base64');
const svix = (body: string): HeaderList => [['svix-id', 'msg_1'], ['svix-timestamp', String(T)], ['svix-signature', `v1,${createHmac('sha256', svixKey).update(`msg_1.${T}.${body}`).digest('base64')}`]];
const mailgunBody = (secret: string, token = 'tok_0123456789abcdef') => JSON.stringify({ signature: { timestamp: String(T), token, signature: hex('sha256', secret, `${T}${token}`) }, 'event-data': { event: 'delivered' } });

const rows: Record<SchemeName, Row> = {
  'hmac-sha256': { secret: 's', sent: (b) => [['X-Signature', `sha256=${hex('sha256', 's', b)}`]] },
  github: { secret: 's', sent: (b) => [['X-GitHub-Event', 'push'], ['X-Hub-Signature-256', `sha256=${hex('sha256', 's', b)}`]] },
  stripe: { secret: 'whsec_abc', sent: (b) => [['Stripe-Signature', `t=${T},v1=${hex('sha256', 'whsec_abc', `${T}.${b}`)}`]] },
  slack: { secret: 's', sent: (b) => [['X-Slack-Request-Timestamp', String(T)], ['X-Slack-Signature', `v0=${hex('sha256', 's', `v0:${T}:${b}`)}`]] },
  shopify: { secret: 's', sent: (b) => [['X-Shopify-Topic', 'orders/create'], ['X-Shopify-Hmac-Sha256', b64('sha256', 's', b)]] },
  standard: { secret: whsec, sent: (b) => [['webhook-id', 'msg_1'], ['webhook-timestamp', String(T)], ['webhook-signature', `v1,${createHmac('sha256', svixKey).update(`msg_1.${T}.${b}`).digest('base64')}`]] },
  clerk: { secret: whsec, sent: svix, detected: 'standard' },
  resend: { secret: whsec, sent: svix, detected: 'standard' },
  gitlab: {
    secret: 'glt-secret', sent: () => [['X-Gitlab-Event', 'Push Hook'], ['X-Gitlab-Token', 'glt-secret']],
    tamper: () => ({ headers: [['X-Gitlab-Event', 'Push Hook'], ['X-Gitlab-Token', 'Bearer glt-secret']], cause: 'pasted-prefix' }),
  },
  bitbucket: { secret: 's', sent: (b) => [['X-Event-Key', 'repo:push'], ['X-Hub-Signature', `sha256=${hex('sha256', 's', b)}`]] },
  gitea: { secret: 's', sent: (b) => [['X-Gitea-Event', 'push'], ['X-Gitea-Signature', hex('sha256', 's', b)]] },
  circleci: { secret: 's', sent: (b) => [['circleci-event-type', 'workflow-completed'], ['circleci-signature', `v1=${hex('sha256', 's', b)}`]] },
  vercel: { secret: 's', sent: (b) => [['x-vercel-signature', hex('sha1', 's', b)]] },
  twilio: {
    secret: 'twilio-auth-token', url: URL_, body: 'Body=hello&From=%2B15005550006&To=%2B15005550001&MessageSid=SM1',
    sent: (b) => {
      const sorted = [...new URLSearchParams(b)].sort(([x], [y]) => (x < y ? -1 : 1)).map(([k, v]) => k + v).join('');
      return [['X-Twilio-Signature', b64('sha1', 'twilio-auth-token', URL_ + sorted)]];
    },
    tamper: (h) => ({ headers: h, url: URL_.replace('https:', 'http:'), cause: 'different-url' }),
  },
  sendgrid: {
    secret: ecPublicB64, signWith: ec.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    sent: (b) => [['X-Twilio-Email-Event-Webhook-Timestamp', String(T)], ['X-Twilio-Email-Event-Webhook-Signature', asymSign('sha256', Buffer.from(`${T}${b}`), { key: ec.privateKey, dsaEncoding: 'der' }).toString('base64')]],
  },
  discord: {
    secret: edPublicHex, signWith: ed.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    sent: (b) => [['X-Signature-Ed25519', asymSign(null, Buffer.from(`${T}${b}`), ed.privateKey).toString('hex')], ['X-Signature-Timestamp', String(T)]],
  },
  zoom: { secret: 's', sent: (b) => [['x-zm-request-timestamp', String(T)], ['x-zm-signature', `v0=${hex('sha256', 's', `v0:${T}:${b}`)}`]] },
  mailgun: {
    secret: 'key-mailgun', body: mailgunBody('key-mailgun'), sent: () => [['Content-Type', 'application/json']],
    tamper: (h) => ({ headers: h, body: mailgunBody('key-other'), cause: 'different-secret' }),
  },
  intercom: { secret: 's', sent: (b) => [['X-Hub-Signature', `sha1=${hex('sha1', 's', b)}`]], among: true },
  meta: { secret: 's', sent: (b) => [['X-Hub-Signature-256', `sha256=${hex('sha256', 's', b)}`]], among: true },
  twitch: {
    secret: 'twitch-secret-123',
    sent: (b) => [['Twitch-Eventsub-Message-Id', 'e76c6bd4'], ['Twitch-Eventsub-Message-Timestamp', iso], ['Twitch-Eventsub-Message-Type', 'notification'],
      ['Twitch-Eventsub-Message-Signature', `sha256=${hex('sha256', 'twitch-secret-123', `e76c6bd4${iso}${b}`)}`]],
  },
  pagerduty: { secret: 's', sent: (b) => [['X-PagerDuty-Signature', `v1=${hex('sha256', 'old', b)},v1=${hex('sha256', 's', b)}`]] },
  grafana: { secret: 's', sent: (b) => [['X-Grafana-Alerting-Timestamp', String(T)], ['X-Grafana-Alerting-Signature', hex('sha256', 's', `${T}:${b}`)]] },
  sentry: { secret: 's', sent: (b) => [['Sentry-Hook-Resource', 'issue'], ['Sentry-Hook-Signature', hex('sha256', 's', b)]] },
  square: {
    secret: 'sq-key', url: URL_, sent: (b) => [['square-environment', 'Sandbox'], ['x-square-hmacsha256-signature', b64('sha256', 'sq-key', URL_ + b)]],
    tamper: (h) => ({ headers: h, url: 'https://hooks.example.com/in/?src=1', cause: 'different-url' }),
  },
  paddle: { secret: 'pdl_ntfset_1', sent: (b) => [['Paddle-Signature', `ts=${T};h1=${hex('sha256', 'pdl_ntfset_1', `${T}:${b}`)}`]] },
  coinbase: { secret: 's', sent: (b) => [['X-CC-Webhook-Signature', hex('sha256', 's', b)]] },
  lemonsqueezy: { secret: 's', sent: (b) => [['X-Event-Name', 'order_created'], ['X-Signature', hex('sha256', 's', b)]] },
  razorpay: { secret: 's', sent: (b) => [['X-Razorpay-Signature', hex('sha256', 's', b)]] },
  hubspot: {
    secret: 'hs-client-secret', url: URL_,
    sent: (b) => [['X-HubSpot-Request-Timestamp', String(T * 1000)], ['X-HubSpot-Signature-v3', b64('sha256', 'hs-client-secret', `POST${URL_}${b}${T * 1000}`)]],
    tamper: (h) => ({ headers: h, url: 'https://hooks.example.com:443/in?src=1', cause: 'different-url' }),
  },
  linear: { secret: 's', body: `{"action": "create", "webhookTimestamp": ${T * 1000}}`, sent: (b) => [['Linear-Delivery', 'd1'], ['Linear-Signature', hex('sha256', 's', b)]] },
  dropbox: { secret: 's', sent: (b) => [['X-Dropbox-Signature', hex('sha256', 's', b)]] },
  box: {
    secret: 'box-secondary',
    sent: (b) => [['BOX-DELIVERY-ID', 'd1'], ['BOX-DELIVERY-TIMESTAMP', iso], ['BOX-SIGNATURE-PRIMARY', b64('sha256', 'box-primary', b + iso)], ['BOX-SIGNATURE-SECONDARY', b64('sha256', 'box-secondary', b + iso)]],
  },
  typeform: { secret: 's', sent: (b) => [['Typeform-Signature', `sha256=${b64('sha256', 's', b)}`]] },
  calendly: { secret: 's', sent: (b) => [['Calendly-Webhook-Signature', `t=${T},v1=${hex('sha256', 's', `${T}.${b}`)}`]] },
  zendesk: { secret: 's', sent: (b) => [['X-Zendesk-Webhook-Signature-Timestamp', iso], ['X-Zendesk-Webhook-Signature', b64('sha256', 's', iso + b)]] },
  asana: { secret: 's', sent: (b) => [['X-Hook-Signature', hex('sha256', 's', b)]] },
  mux: { secret: 's', sent: (b) => [['Mux-Signature', `t=${T},v1=${hex('sha256', 's', `${T}.${b}`)}`]] },
  trello: {
    secret: 'trello-app-secret', url: URL_, sent: (b) => [['X-Trello-Webhook', b64('sha1', 'trello-app-secret', b + URL_)]],
    tamper: (h) => ({ headers: [...h, ['X-Forwarded-Proto', 'https']], url: URL_.replace('https:', 'http:'), cause: 'different-url' }),
  },
  workos: { secret: 's', sent: (b) => [['WorkOS-Signature', `t=${T * 1000}, v1=${hex('sha256', 's', `${T * 1000}.${b}`)}`]] },
  notion: { secret: 'secret_notion', sent: (b) => [['X-Notion-Signature', `sha256=${hex('sha256', 'secret_notion', b)}`]] },
  docusign: { secret: 's', sent: (b) => [['X-DocuSign-Signature-1', b64('sha256', 's', b)]] },
};

test('every recipe id has a recipe file and a row here; there are at least 40 providers', () => {
  assert.deepEqual(Object.keys(recipes).sort(), [...RECIPE_IDS].sort());
  assert.deepEqual(Object.keys(rows).sort(), [...RECIPE_IDS].sort());
  assert.ok(RECIPE_IDS.length >= 40, `${RECIPE_IDS.length} recipes`);
});

for (const id of RECIPE_IDS) {
  const row = rows[id];
  const recipe = recipes[id];
  const body = row.body ?? SENT;
  const url = row.url ? { url: row.url } : {};

  test(`${id}: the recipe passes its schema and cites its source`, () => {
    const parsed = recipeSchema.safeParse(recipe);
    assert.ok(parsed.success, parsed.success ? '' : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
    assert.equal(recipe.id, id);
    assert.match(recipe.source, /https:\/\/|seeds/, 'the source names its document');
  });

  test(`${id}: a request signed as the provider documents verifies and is recognised without --scheme`, () => {
    const headers = row.sent(body);
    const v = verifySignature({ scheme: 'auto', secret: row.secret, headers, body: Buffer.from(body), now: T, ...url });
    assert.equal(v.valid, true, `${v.reason} ${v.diagnosis?.detail ?? ''}`);
    if (row.among) assert.ok(v.candidates?.includes(id), `candidates ${v.candidates?.join(',')}`);
    else assert.equal(v.scheme, row.detected ?? id);
    const named = verifySignature({ scheme: id, secret: row.secret, headers, body: Buffer.from(body), now: T, ...url });
    assert.equal(named.valid, true, named.reason);
  });

  test(`${id}: a tampered request is rejected with the right diagnosis`, () => {
    const headers = row.sent(body);
    const t = row.tamper?.(headers) ?? { headers, body: JSON.stringify(JSON.parse(body)), cause: 'reserialized-json' };
    const v = verifySignature({ scheme: id, secret: t.secret ?? row.secret, headers: t.headers, body: Buffer.from(t.body ?? body), now: T, ...(t.url ? { url: t.url } : url) });
    assert.equal(v.valid, false);
    assert.equal(v.diagnosis?.cause, t.cause, v.diagnosis?.detail);
  });

  if (recipe.signature.bodyPath) {
    test(`${id}: the body fields webhook-doctor signs verify, and a changed token does not`, () => {
      const fields = Object.fromEntries(signBodyFields({ scheme: id, secret: row.secret, timestamp: T }));
      const event = { signature: { timestamp: fields['signature.timestamp'], token: fields['signature.token'], signature: fields['signature.signature'] }, 'event-data': { event: 'opened' } };
      const ok = verifySignature({ scheme: 'auto', secret: row.secret, headers: [], body: Buffer.from(JSON.stringify(event)), now: T });
      assert.equal(ok.valid, true, ok.reason);
      assert.equal(ok.scheme, id);
      const forged = { ...event, signature: { ...event.signature, token: 'other-token' } };
      assert.equal(verifySignature({ scheme: id, secret: row.secret, headers: [], body: Buffer.from(JSON.stringify(forged)), now: T }).valid, false);
    });
  } else {
    test(`${id}: what webhook-doctor signs verifies, and a changed body does not`, () => {
      const headers = signBody({ scheme: id, secret: row.signWith ?? row.secret, body: Buffer.from(body), timestamp: T, ...url });
      const ok = verifySignature({ scheme: id, secret: row.secret, headers, body: Buffer.from(body), now: T, ...url });
      assert.equal(ok.valid, true, ok.reason);
      if (recipe.kind !== 'token') {
        const bad = verifySignature({ scheme: id, secret: row.secret, headers, body: Buffer.from(body + ' '), now: T, ...url });
        assert.equal(bad.valid, false);
      }
    });
  }
}

test('a custom recipe (as a profile file carries one) passes the schema, signs and verifies, and is diagnosed', () => {
  const custom = recipeSchema.parse({
    id: 'my-siem', name: 'My SIEM', kind: 'hmac', hash: 'sha512', encoding: 'base64', signed: '{timestamp}|{body}',
    signature: { headers: [{ name: 'X-Siem-Sig', prefix: 'v2=' }] },
    timestamp: { headers: ['X-Siem-Time'], format: 'unix', check: 'both', tolerance: 120, signedAs: 'received' },
    secret: 'text', source: 'our SIEM admin guide, "Outbound webhooks"', vector: 'none: our own sender',
  });
  const headers = signBody({ scheme: 'hmac-sha256', recipe: custom, secret: 'k', body: Buffer.from(SENT), timestamp: T });
  assert.match(headers.find(([n]) => n === 'X-Siem-Sig')![1], /^v2=/);
  const ok = verifySignature({ scheme: 'auto', recipe: custom, secret: 'k', headers, body: Buffer.from(SENT), now: T });
  assert.equal(ok.valid, true, ok.reason);
  assert.equal(ok.scheme, 'my-siem');
  const late = verifySignature({ scheme: 'auto', recipe: custom, secret: 'k', headers, body: Buffer.from(SENT), now: T + 200 });
  assert.equal(late.status, 'timestamp');
  const bad = verifySignature({ scheme: 'auto', recipe: custom, secret: 'k', headers, body: Buffer.from(JSON.stringify(JSON.parse(SENT))), now: T });
  assert.equal(bad.diagnosis?.cause, 'reserialized-json');
  assert.equal(recipeSchema.safeParse({ ...custom, signed: '{body}{nonce}' }).success, false);
});
