// doctor playing each sender's handshake against small node:http receivers on 127.0.0.1 that answer it
// right and wrong, sent with real undici; and the handshake rows themselves.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createDoctorContext, runDoctor } from '../../src/doctor/run.js';
import { checkHandshake, buildProbe, newChallenge } from '../../src/doctor/check-handshake.js';
import { createDispatcher, deliver } from '../../src/http/deliver.js';
import { findHandshake, handshakes, detectHandshake, handshakeFamily } from '../../src/capture/handshakes.js';
import { judgeHandshakeAnswer, planHandshakeAnswer } from '../../src/capture/handshake-answer.js';
import { createHandshakeHook, isSnsConfirmUrl } from '../../src/capture/handshake-hook.js';
import { getProfile } from '../../src/profiles/index.js';
import type { Capture } from '../../src/capture/capture.js';

const dispatcher = createDispatcher({ env: {} });
after(() => dispatcher.close());

type Handler = (req: IncomingMessage, body: string, url: URL, res: ServerResponse) => void;

async function receiver(handler: Handler): Promise<{ url: URL; close: () => Promise<void> }> {
  const server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8').on('data', (d) => (body += d)).on('end', () => handler(req, body, new URL(req.url ?? '/', 'http://x'), res));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`), close: () => new Promise((r) => server.close(() => r())) };
}

async function play(profile: string, handler: Handler, extra: { secret?: string; verifyToken?: string } = {}) {
  const r = await receiver(handler);
  try {
    const p = getProfile(profile);
    const ctx = createDoctorContext({ url: r.url, profile: p, handshake: findHandshake(p.handshake!)!, deliver: (req) => deliver(req, { dispatcher }), ...extra });
    return await checkHandshake(ctx);
  } finally {
    await r.close();
  }
}

const worst = (fs: { level: string }[]) => (['fail', 'warn', 'info', 'pass'].find((l) => fs.some((f) => f.level === l)) ?? 'pass');
const text = (res: ServerResponse, status: number, type: string, body: string, headers: Record<string, string> = {}) => { res.writeHead(status, { 'content-type': type, ...headers }); res.end(body); };

test('Slack: the plain-text echo passes; the challenge wrapped in HTML fails and says how', async () => {
  const good = await play('slack', (_q, body, _u, res) => text(res, 200, 'text/plain', JSON.parse(body).challenge));
  assert.equal(worst(good), 'pass');
  const json = await play('slack', (_q, body, _u, res) => text(res, 200, 'application/json', JSON.stringify({ challenge: JSON.parse(body).challenge })));
  assert.equal(worst(json), 'pass', 'Slack accepts {"challenge"} JSON too');
  const html = await play('slack', (_q, body, _u, res) => text(res, 200, 'text/html', `<p>${JSON.parse(body).challenge}</p>`));
  assert.equal(worst(html), 'fail');
  assert.ok(html.some((f) => /wrapped in other text/.test(f.title)));
});

test('Zoom: the right encryptedToken passes with --secret; one keyed with another secret fails', async () => {
  const secret = 'zoom-secret';
  const answer = (key: string): Handler => (_q, body, _u, res) => {
    const plainToken = JSON.parse(body).payload.plainToken as string;
    text(res, 200, 'application/json', JSON.stringify({ plainToken, encryptedToken: createHmac('sha256', key).update(plainToken).digest('hex') }));
  };
  assert.equal(worst(await play('zoom', answer(secret), { secret })), 'pass');
  const wrong = await play('zoom', answer('another'), { secret });
  assert.equal(worst(wrong), 'fail');
  assert.ok(wrong.some((f) => /encryptedToken is not the HMAC-SHA256/.test(f.title)));
});

test('Meta: an echo after checking the token passes; echoing whatever token came fails', async () => {
  const careful: Handler = (_q, _b, u, res) => (u.searchParams.get('hub.verify_token') === 'vt' ? text(res, 200, 'text/plain', u.searchParams.get('hub.challenge')!) : text(res, 403, 'text/plain', 'no'));
  assert.equal(worst(await play('meta', careful, { verifyToken: 'vt' })), 'pass');
  const careless: Handler = (_q, _b, u, res) => text(res, 200, 'text/plain', u.searchParams.get('hub.challenge')!);
  const f = await play('meta', careless, { verifyToken: 'vt' });
  assert.equal(worst(f), 'fail');
  assert.ok(f.some((x) => /does not check the Verify Token/.test(x.title)));
  const skipped = await play('meta', careful);
  assert.deepEqual(skipped.map((x) => x.level), ['info'], 'without --verify-token the check says what it needs');
});

test('Dropbox: a missing nosniff header warns; the echo in JSON fails', async () => {
  const noSniff = await play('dropbox', (_q, _b, u, res) => text(res, 200, 'text/plain', u.searchParams.get('challenge')!));
  assert.equal(worst(noSniff), 'warn');
  assert.ok(noSniff.some((f) => /X-Content-Type-Options: nosniff/.test(f.title)));
  const json = await play('dropbox', (_q, _b, u, res) => text(res, 200, 'application/json', JSON.stringify({ challenge: u.searchParams.get('challenge') })));
  assert.equal(worst(json), 'fail');
});

test('Microsoft Graph: text/plain is required; a 202 or an answer after 10 s fails', async () => {
  const good = await play('microsoft-graph', (_q, _b, u, res) => text(res, 200, 'text/plain', u.searchParams.get('validationToken')!));
  assert.equal(worst(good), 'pass');
  const wrongType = await play('microsoft-graph', (_q, _b, u, res) => text(res, 200, 'application/json', u.searchParams.get('validationToken')!));
  assert.equal(worst(wrongType), 'fail');
  const accepted = await play('microsoft-graph', (_q, _b, _u, res) => text(res, 202, 'text/plain', ''));
  assert.equal(worst(accepted), 'fail');
  assert.match(accepted[0]!.title, /answered 202; Microsoft Graph requires 200/);
  // Lateness is judged from the measured time, not waited out here.
  const late = judgeHandshakeAnswer(findHandshake('microsoft-graph')!, 'tok', { status: 200, headers: [['Content-Type', 'text/plain']], body: Buffer.from('tok'), ms: 10_400 });
  assert.ok(late.some((f) => f.level === 'fail' && /gives up after 10 s/.test(f.title)));
});

test('Event Grid and Okta: the code under the right JSON field, or a fail naming the field', async () => {
  assert.equal(worst(await play('azure-eventgrid', (_q, body, _u, res) => text(res, 200, 'application/json', JSON.stringify({ validationResponse: JSON.parse(body)[0].data.validationCode })))), 'pass');
  const eg = await play('azure-eventgrid', (_q, body, _u, res) => text(res, 200, 'application/json', JSON.stringify({ validationCode: JSON.parse(body)[0].data.validationCode })));
  assert.ok(eg.some((f) => f.level === 'fail' && /"validationResponse" is missing/.test(f.title)));
  assert.equal(worst(await play('okta', (q, _b, _u, res) => text(res, 200, 'application/json', JSON.stringify({ verification: q.headers['x-okta-verification-challenge'] })))), 'pass');
  const okta = await play('okta', (q, _b, _u, res) => text(res, 200, 'text/plain', String(q.headers['x-okta-verification-challenge'])));
  assert.equal(worst(okta), 'fail');
});

test('a receiver that is down gets a fail with the connection error, not a crash', async () => {
  const r = await receiver(() => {});
  await r.close();
  const p = getProfile('slack');
  const ctx = createDoctorContext({ url: r.url, profile: p, handshake: findHandshake('slack')!, deliver: (req) => deliver(req, { dispatcher }) });
  const f = await checkHandshake(ctx);
  assert.equal(f[0]!.level, 'fail');
  assert.match(f[0]!.title, /got no answer \(ECONNREFUSED\)/);
});

test('the Handshake row appears only for a profile with a handshake', async () => {
  const r = await receiver((_q, _b, u, res) => text(res, 200, 'text/plain', u.searchParams.get('challenge') ?? ''));
  try {
    const run = async (profile: string) => {
      const p = getProfile(profile);
      const ctx = createDoctorContext({ url: r.url, profile: p, burstSize: 0, ...(p.handshake ? { handshake: findHandshake(p.handshake)! } : {}), deliver: (req) => deliver(req, { dispatcher }) });
      return (await runDoctor(ctx)).checks.map((c) => c.id);
    };
    assert.ok((await run('dropbox')).includes('handshake'));
    assert.ok(!(await run('generic')).includes('handshake'));
  } finally {
    await r.close();
  }
});

test('every handshake row: its own probe is recognised as itself, and the answer listen plans passes doctor\'s verdict', () => {
  for (const h of handshakes) {
    const challenge = newChallenge(h);
    const probe = buildProbe(h, new URL('http://127.0.0.1:1/hooks?keep=1'), { challenge, token: 'vt' });
    assert.ok(new URL(probe.url).searchParams.get('keep') === '1', `${h.id}: the receiver's own query is kept`);
    const target = probe.url.slice(probe.url.indexOf('/hooks'));
    const match = detectHandshake({ method: probe.method, target, headers: probe.headers, body: probe.body ?? Buffer.alloc(0) });
    assert.equal(match?.handshake.id, h.id, `${h.id} is recognised as itself`);
    if (h.id !== 'discord') assert.equal(match!.challenge, challenge, `${h.id}: the challenge is read from ${h.challenge.in} ${h.challenge.name}`);
    const planned = planHandshakeAnswer(match!, { secret: 's', verifyToken: 'vt' }).answer;
    const verdict = judgeHandshakeAnswer(h, match!.challenge, { status: planned.status, headers: Object.entries(planned.headers), body: planned.body, ms: 5 }, 's');
    assert.ok(!verdict.some((f) => f.level === 'fail' || f.level === 'warn'), `${h.id}: ${JSON.stringify(verdict)}`);
    assert.ok(h.source.url.startsWith('https://'), `${h.id} cites its source`);
  }
});

test('a handshake whose body is large (padded past 16 KB) is recognised as one that is not', () => {
  for (const h of handshakes) {
    const probe = buildProbe(h, new URL('http://127.0.0.1:1/hooks'), { challenge: newChallenge(h), token: 'vt' });
    if (!probe.body || probe.body[0] !== 0x7b) continue; // a JSON body: pad it with a field of its own
    const body = Buffer.concat([Buffer.from('{"padding":"' + 'p'.repeat(40_000) + '",'), probe.body.subarray(1)]);
    const target = probe.url.slice(probe.url.indexOf('/hooks'));
    assert.equal(detectHandshake({ method: probe.method, target, headers: probe.headers, body })?.handshake.id, h.id, h.id);
  }
});

test('ordinary requests are no handshake: an event with a challenge field, a POST with ?challenge=, a GET without one', () => {
  const none = [
    { method: 'POST', target: '/hooks', headers: [['Content-Type', 'application/json']] as [string, string][], body: Buffer.from('{"type":"event_callback","challenge":"x"}') },
    { method: 'POST', target: '/hooks?challenge=abc', headers: [], body: Buffer.from('{}') },
    { method: 'GET', target: '/hooks?x=1', headers: [], body: Buffer.alloc(0) },
    { method: 'POST', target: '/hooks', headers: [], body: Buffer.from('{"type":1}') }, // Discord's shape without its signature header
  ];
  for (const req of none) assert.equal(detectHandshake(req), undefined, JSON.stringify(req.target));
});

test('SNS: only https://sns.<region>.amazonaws.com/?Action=ConfirmSubscription is visited, and only with --confirm-subscription', async () => {
  assert.ok(isSnsConfirmUrl('https://sns.us-west-2.amazonaws.com/?Action=ConfirmSubscription&TopicArn=x&Token=t'));
  assert.ok(isSnsConfirmUrl('https://sns.us-gov-west-1.amazonaws.com/?Action=ConfirmSubscription&Token=t'));
  assert.ok(isSnsConfirmUrl('https://SNS.EU-CENTRAL-1.amazonaws.com:443/?Action=ConfirmSubscription&Token=t'), 'host case and the default port written out are the same URL');
  for (const bad of ['http://sns.us-west-2.amazonaws.com/?Action=ConfirmSubscription', 'https://sns.us-west-2.amazonaws.com.evil.example/?Action=ConfirmSubscription', 'https://127.0.0.1/?Action=ConfirmSubscription', 'https://sns.us-west-2.amazonaws.com/?Action=Unsubscribe',
    // Strictly sns.<region>.amazonaws.com: no other port, no credentials, no other path, a region-shaped label, not the .cn partition.
    'https://sns.us-west-2.amazonaws.com:8443/?Action=ConfirmSubscription', 'https://user:pw@sns.us-west-2.amazonaws.com/?Action=ConfirmSubscription', 'https://sns.us-west-2.amazonaws.com/admin?Action=ConfirmSubscription',
    'https://sns.evil.amazonaws.com/?Action=ConfirmSubscription', 'https://sns.us-west-2.amazonaws.com./?Action=ConfirmSubscription', 'https://sns.cn-north-1.amazonaws.com.cn/?Action=ConfirmSubscription', 'not a url']) {
    assert.ok(!isSnsConfirmUrl(bad), bad);
  }
  // The visit itself, against a loopback stand-in for SNS (the address rule is what is relaxed here).
  const r = await receiver((_q, _b, u, res) => text(res, u.searchParams.get('Token') === 't1' ? 200 : 400, 'text/xml', '<ConfirmSubscriptionResponse/>'));
  try {
    const capture = (url: string): Capture => ({ seq: 1, id: 'c1', receivedAt: new Date().toISOString(), remoteAddress: '127.0.0.1', method: 'POST', target: '/sns', httpVersion: '1.1', rawHeaders: [['x-amz-sns-message-type', 'SubscriptionConfirmation']], body: Buffer.from(JSON.stringify({ Type: 'SubscriptionConfirmation', Token: 't1', SubscribeURL: url })), bodyBytes: 0, findings: [] });
    const hook = createHandshakeHook({
      secrets: {},
      confirm: true,
      mayVisit: (url) => url.startsWith(r.url.origin),
      visit: async (url) => { const d = await deliver({ url, method: 'GET', headers: [], timeoutMs: 5000 }, { dispatcher }); return d.response ? { status: d.response.status } : { error: d.error!.code }; },
    });
    const c = capture(`${r.url.origin}/?Action=ConfirmSubscription&Token=t1`);
    const reply = await hook.reply(c)!;
    assert.equal(reply.kind === 'respond' && reply.status, 200);
    assert.ok(hook.findings(c).some((f) => f.level === 'pass' && /subscription confirmed: GET .* answered 200/.test(f.title)));
    const off = createHandshakeHook({ secrets: {}, confirm: false, visit: async () => assert.fail('must not visit') });
    const c2 = { ...capture('https://sns.us-west-2.amazonaws.com/?Action=ConfirmSubscription&Token=t1'), seq: 2 };
    await off.reply(c2);
    assert.ok(off.findings(c2).some((f) => f.level === 'warn' && /to confirm the subscription, visit the SubscribeURL/.test(f.title)));
    // Without the flag too, a SubscribeURL that is no SNS address is called what it is, not recommended for a visit.
    const c3 = { ...capture(`${r.url.origin}/?Action=ConfirmSubscription&Token=t1`), seq: 3 };
    await off.reply(c3);
    const said = off.findings(c3);
    assert.ok(said.some((f) => f.level === 'fail' && /do not visit the SubscribeURL: .* is no https:\/\/sns/.test(f.title)), JSON.stringify(said));
    assert.ok(!said.some((f) => /to confirm the subscription, visit/.test(f.title)));
  } finally {
    await r.close();
  }
});

test('every handshake row has a header, a query or a body string to be recognised by, so ordinary requests are turned away unparsed', () => {
  for (const h of handshakes) {
    assert.ok(h.match.some((c) => c.in === 'header' || c.in === 'query' || (c.in === 'json' && typeof c.equals === 'string')), h.id);
  }
});

test('values a request chose reach findings with control characters escaped, and a wrong verify token masked', async () => {
  const capture = (seq: number, target: string, headers: [string, string][], body: string): Capture => ({ seq, id: `c${seq}`, receivedAt: new Date().toISOString(), remoteAddress: '127.0.0.1', method: target.startsWith('/meta') ? 'GET' : 'POST', target, httpVersion: '1.1', rawHeaders: headers, body: Buffer.from(body), bodyBytes: body.length, findings: [] });
  const hook = createHandshakeHook({ secrets: { verifyToken: 'the-right-token' }, confirm: false, visit: async () => assert.fail('must not visit') });
  // A forged SubscriptionConfirmation whose SubscribeURL clears the screen and retitles the terminal.
  const sns = capture(1, '/sns', [['x-amz-sns-message-type', 'SubscriptionConfirmation']], JSON.stringify({ Type: 'SubscriptionConfirmation', Token: 't', SubscribeURL: 'https://evil\u001b[2J\u001b]0;pwned\u0007.example/\u009b31m' }));
  await hook.reply(sns);
  const wrong = 'a-guessed-token-close-to-the-right-one\u001b[31m';
  const meta = capture(2, `/meta?hub.mode=subscribe&hub.challenge=42&hub.verify_token=${encodeURIComponent(wrong)}`, [], '');
  await hook.reply(meta);
  const titles = [...hook.findings(sns), ...hook.findings(meta)].map((f) => f.title);
  assert.ok(titles.some((t) => /SubscribeURL: https:\/\/evil\\x1b\[2J/.test(t)), titles.join('\n'));
  assert.ok(titles.some((t) => /hub\.verify_token "a-gu…\(\d+ chars\)" is not/.test(t)), titles.join('\n'));
  for (const t of titles) {
    assert.doesNotMatch(t, /[\x00-\x1f\x7f-\x9f]/, t);
    assert.ok(!t.includes('a-guessed-token'), t);
  }
});

test('every handshake answer listen plans carries X-Content-Type-Options: nosniff and a non-HTML type, whatever the challenge holds', () => {
  const challenge = '<script>alert(document.domain)</script>';
  for (const h of handshakes) {
    const planned = planHandshakeAnswer({ handshake: h, challenge, ...(h.verifyToken ? { verifyToken: 'vt' } : {}) }, { secret: 's', verifyToken: 'vt' });
    const refused = planHandshakeAnswer({ handshake: h, challenge, verifyToken: 'wrong' }, { verifyToken: 'vt' });
    for (const { answer } of [planned, refused]) {
      assert.equal(answer.headers['x-content-type-options'], 'nosniff', h.id);
      assert.match(answer.headers['content-type'] ?? '', /^(text\/plain|application\/json)\b/, h.id);
    }
  }
});

test('Event Grid\'s CloudEvents OPTIONS: an answer without WebHook-Allowed-Origin fails, the origin or * passes, a header-unsafe origin gets *', () => {
  const h = findHandshake('azure-eventgrid-cloudevents')!;
  const judge = (headers: [string, string][], status = 200) => judgeHandshakeAnswer(h, 'eventgrid.azure.net', { status, headers, body: Buffer.alloc(0), ms: 5 });
  assert.ok(judge([]).some((f) => f.level === 'fail' && /WebHook-Allowed-Origin is missing/.test(f.title)));
  assert.ok(!judge([['WebHook-Allowed-Origin', 'eventgrid.azure.net']], 204).some((f) => f.level === 'fail'));
  assert.ok(!judge([['webhook-allowed-origin', '*']]).some((f) => f.level === 'fail'));
  assert.ok(judge([['WebHook-Allowed-Origin', 'example.com']]).some((f) => f.level === 'fail'));
  assert.equal(planHandshakeAnswer({ handshake: h, challenge: 'evil\u0001origin' }, {}).answer.headers['webhook-allowed-origin'], '*');
  assert.deepEqual(handshakeFamily('azure-eventgrid').map((x) => x.id), ['azure-eventgrid', 'azure-eventgrid-cloudevents']);
});
