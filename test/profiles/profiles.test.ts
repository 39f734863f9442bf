// Every sender profile against the zod schema, and the vendor figures each one must carry.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import { factFields, profileSchema } from '../../src/profiles/schema.js';
import { profiles, getProfile, findProfile, sampleBody } from '../../src/profiles/index.js';
import { profileData } from '../../src/profiles/summary.js';
import { findHandshake } from '../../src/capture/handshakes.js';

const seedProfiles = ['generic', 'parapet', 'cloudaipilot', 'queryai', 'particle', 'braze'];

test('every profile matches the schema', () => {
  assert.deepEqual(profiles.map((p) => p.name).slice(0, 6), seedProfiles);
  for (const name of ['github', 'stripe', 'shopify', 'slack', 'twilio', 'zoom', 'pagerduty', 'svix', 'alertmanager', 'grafana', 'discord']) {
    assert.ok(findProfile(name), `${name} is built in`);
  }
  for (const profile of profiles) {
    const r = profileSchema.safeParse({ ...profileData(profile), successCodes: profile.successCodes });
    assert.ok(r.success, `${profile.name}: ${r.success ? '' : r.error.message}`);
    assert.ok(!profile.sources.some((s) => /TODO/.test(s.document)), `${profile.name} still a placeholder`);
  }
});

test('every sample payload serialises to the bytes its content type says (JSON, or Twilio\'s form as written)', () => {
  for (const profile of profiles) {
    if (/json/.test(profile.contentType) || typeof profile.samplePayload !== 'string') {
      assert.deepEqual(JSON.parse(sampleBody(profile).toString('utf8')), profile.samplePayload, profile.name);
    } else {
      assert.equal(sampleBody(profile).toString('utf8'), profile.samplePayload, profile.name);
    }
  }
  assert.equal(new URLSearchParams(sampleBody(getProfile('twilio')).toString()).get('Body'), 'Hello');
});

test('every fact of a new sender has a source that covers it, or is marked assumed', () => {
  for (const profile of profiles.filter((p) => !seedProfiles.includes(p.name))) {
    const covered = new Set(profile.sources.flatMap((s) => s.covers ?? []));
    const assumed = new Set(profile.assumed ?? []);
    for (const field of factFields) {
      const value = (profile as unknown as Record<string, unknown>)[field];
      const present = value !== undefined && value !== null && !(Array.isArray(value) && value.length === 0);
      if (!present) continue;
      assert.ok(covered.has(field) || assumed.has(field), `${profile.name}.${field} has no source and is not marked assumed`);
    }
    assert.ok(profile.sources.every((s) => s.url?.startsWith('https://')), `${profile.name}: every source has its public URL`);
    // The older flag and the list say the same.
    assert.equal(Boolean(profile.timeBudgetAssumed), assumed.has('timeBudgetSeconds'), `${profile.name}: timeBudgetAssumed and assumed[] agree`);
  }
});

test('every profile handshake is a known handshake, and the senders that need one name it', () => {
  for (const profile of profiles) if (profile.handshake) assert.ok(findHandshake(profile.handshake), `${profile.name}: ${profile.handshake}`);
  for (const [name, id] of [['slack', 'slack'], ['zoom', 'zoom'], ['twitch', 'twitch'], ['meta', 'meta'], ['dropbox', 'dropbox'], ['microsoft-graph', 'microsoft-graph'], ['azure-eventgrid', 'azure-eventgrid'], ['okta', 'okta'], ['aws-sns', 'aws-sns'], ['discord', 'discord']]) {
    assert.equal(getProfile(name!).handshake, id);
  }
});

test('the main senders\' documented figures', () => {
  const figures: Array<[string, number, boolean, string | null]> = [
    // name, time budget, assumed, signature recipe
    ['github', 10, false, 'github'],
    ['stripe', 10, true, 'stripe'],
    ['shopify', 5, false, 'shopify'],
    ['slack', 3, false, 'slack'],
    ['twilio', 15, false, 'twilio'],
    ['zoom', 3, false, 'zoom'],
    ['pagerduty', 10, true, 'pagerduty'],
    ['svix', 15, false, 'standard'],
    ['alertmanager', 30, true, null],
    ['grafana', 30, true, 'grafana'],
    ['discord', 3, false, 'discord'],
    // Both documented in the cited Microsoft pages: Graph's 10 s (HTTP codes and retry logic), Event Grid's 30 s wait.
    ['microsoft-graph', 10, false, null],
    ['azure-eventgrid', 30, false, null],
  ];
  for (const [name, budget, assumed, recipe] of figures) {
    const p = getProfile(name);
    assert.equal(p.timeBudgetSeconds, budget, `${name} budget`);
    assert.equal(Boolean(p.timeBudgetAssumed), assumed, `${name} assumed`);
    assert.equal(p.signature?.scheme ?? null, recipe, `${name} recipe`);
  }
  assert.equal(getProfile('github').payloadLimitBytes, 25_000_000);
  assert.deepEqual(getProfile('github').eventHeaders?.map(([k]) => k).slice(0, 2), ['X-GitHub-Event', 'X-GitHub-Delivery']);
  assert.match(getProfile('github').userAgent!, /^GitHub-Hookshot\//);
  assert.deepEqual(getProfile('zoom').successCodes, [200, 204]);
  assert.match(getProfile('shopify').retry, /8 times over the next 4 hours/);
  assert.match(getProfile('svix').retry, /immediately, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h and 10 h/);
  assert.match(getProfile('zoom').retry, /5 minutes .* 20 minutes .* 60 minutes/);
  assert.equal(getProfile('twilio').contentType, 'application/x-www-form-urlencoded');
  assert.match(getProfile('microsoft-graph').retry, /up to 4 hours/);
  assert.match(getProfile('azure-eventgrid').retry, /10 s, 30 s, 1 min, 5 min, 10 min, 30 min, 1 h, 3 h, 6 h, then every 12 h/);
  for (const name of ['microsoft-graph', 'azure-eventgrid']) assert.ok(!getProfile(name).assumed?.includes('retry'), `${name}: its retry is documented`);
});

test('Parapet: Bearer auth, 1 MB, the three plans', () => {
  const p = getProfile('parapet');
  assert.equal(p.auth.style, 'bearer');
  assert.equal(p.payloadLimitBytes, 1_000_000);
  assert.deepEqual(p.rateLimits.map((r) => [r.plan, r.perMinute, r.perDay]), [
    ['Starter', 50, 1000], ['Professional', 200, 5000], ['Team', 500, 20000],
  ]);
  for (const code of [429, 500, 502, 503]) assert.ok(p.retryableCodes.includes(code));
  for (const code of [400, 401, 403, 404]) assert.ok(!p.retryableCodes.includes(code));
});

test('CloudAIPilot: 10 s, X-CloudAIPilot-Signature with hmac-sha256, 200', () => {
  const p = getProfile('cloudaipilot');
  assert.equal(p.timeBudgetSeconds, 10);
  assert.deepEqual(p.signature && { scheme: p.signature.scheme, header: p.signature.header }, { scheme: 'hmac-sha256', header: 'X-CloudAIPilot-Signature' });
  assert.deepEqual(p.successCodes, [200]);
});

test('Query.ai: 30 s default, 300 s max, any 2xx', () => {
  const p = getProfile('queryai');
  assert.equal(p.timeBudgetSeconds, 30);
  assert.equal(p.maxTimeBudgetSeconds, 300);
  assert.ok(p.successCodes.includes(200) && p.successCodes.includes(204));
});

test('Query.ai payload schema accepts its sample and names what is wrong otherwise', () => {
  const schema = getProfile('queryai').payloadSchema!(z);
  assert.ok(schema.safeParse(getProfile('queryai').samplePayload).success);
  const sample = getProfile('queryai').samplePayload as Record<string, unknown>;
  const badSeverity = schema.safeParse({ ...sample, severity: 'SEV1' });
  assert.ok(!badSeverity.success);
  assert.deepEqual(badSeverity.error.issues[0]!.path, ['severity']);
  const { detection_name: _, ...missing } = sample;
  const r = schema.safeParse(missing);
  assert.ok(!r.success);
  assert.deepEqual(r.error.issues[0]!.path, ['detection_name']);
  assert.ok(!schema.safeParse({ ...sample, run_type: 'CRON' }).success);
  assert.ok(!schema.safeParse({ ...sample, outcome: 'matched' }).success);
  assert.ok(schema.safeParse({ ...sample, match_exhaustiveness: null, extra_field: 1 }).success);
});

test('Particle: 20 s budget and adaptive skipping in its retry rule', () => {
  const p = getProfile('particle');
  assert.equal(p.timeBudgetSeconds, 20);
  assert.match(p.retry, /30 s and 1 min/);
  assert.ok(p.successCodes.includes(204));
});

test('Braze: cited, and its guide\'s 408/409 mistake noted', () => {
  const p = getProfile('braze');
  assert.equal(p.sources[0]!.vendor, 'Braze');
  assert.ok(p.facts.some((f) => /408 and 409/.test(f)));
});

test('findProfile is forgiving about case and punctuation; getProfile rejects unknown names', () => {
  assert.equal(findProfile('Query.ai')?.name, 'queryai');
  assert.equal(findProfile('CloudAIPilot')?.name, 'cloudaipilot');
  assert.throws(() => getProfile('nope'), /unknown profile/);
});


test('the light name list explain starts with names every built-in, with its display name', async () => {
  const { displayNames } = await import('../../src/profiles/names.js');
  assert.deepEqual(Object.entries(displayNames), profiles.map((p) => [p.name, p.displayName]));
});
