// Every sender profile against the zod schema, and the vendor figures each one must carry.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import { profileSchema } from '../../src/profiles/schema.js';
import { profiles, getProfile, findProfile, sampleBody } from '../../src/profiles/index.js';

test('every profile matches the schema', () => {
  assert.deepEqual(profiles.map((p) => p.name), ['generic', 'parapet', 'cloudaipilot', 'queryai', 'particle', 'braze']);
  for (const profile of profiles) {
    const r = profileSchema.safeParse(profile);
    assert.ok(r.success, `${profile.name}: ${r.success ? '' : r.error.message}`);
    assert.ok(!profile.sources.some((s) => /TODO/.test(s.document)), `${profile.name} still a placeholder`);
  }
});

test('every sample payload serialises to JSON that parses back', () => {
  for (const profile of profiles) assert.deepEqual(JSON.parse(sampleBody(profile).toString('utf8')), profile.samplePayload);
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

