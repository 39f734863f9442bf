// What `explain --profile` adds: the sender's facts for an entry and the profile figures that bear on it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getEntry } from '../../src/kb/index.js';
import { senderFactsFor } from '../../src/kb/sender-facts.js';
import { getProfile } from '../../src/profiles/index.js';

const factsFor = (key: string, profile: string) => senderFactsFor(getEntry(key)!, getProfile(profile));

test('429 with Parapet carries its three plans', () => {
  const f = factsFor('429', 'parapet');
  assert.deepEqual(f.rateLimits?.map((p) => p.plan), ['Starter', 'Professional', 'Team']);
  assert.deepEqual(f.sources, ['Parapet Security: Webhook Errors']);
});

test('413 with Parapet states the 1 MB limit in bytes; with Particle, that none is documented', () => {
  assert.ok(factsFor('413', 'parapet').facts.includes('Largest payload Parapet Security accepts: 1 MB (1,000,000 bytes).'));
  assert.ok(factsFor('413', 'particle').facts.includes('Particle documents no payload size limit.'));
});

test('timeouts show the documented budget, or say it is assumed', () => {
  assert.ok(factsFor('timeout', 'queryai').facts.includes('Query.ai waits 30 s for an answer (configurable up to 300 s).'));
  assert.ok(factsFor('ETIMEDOUT', 'particle').facts.includes('Particle waits 20 s for an answer.'));
  assert.ok(factsFor('UND_ERR_HEADERS_TIMEOUT', 'cloudaipilot').facts.includes('CloudAIPilot waits 10 s for an answer.'));
  assert.ok(factsFor('timeout', 'braze').facts.includes('Braze documents no response deadline; webhook-doctor assumes 30 s.'));
});

test('401 with CloudAIPilot names its signature header; 2xx names what counts as delivered', () => {
  assert.ok(factsFor('401', 'cloudaipilot').facts.some((f) => f.startsWith('Signature: hmac-sha256 in X-CloudAIPilot-Signature')));
  assert.ok(factsFor('2xx', 'cloudaipilot').facts.includes('CloudAIPilot counts as delivered: 200.'));
});

test('an entry the sender says nothing about gets no facts and no plans', () => {
  const f = factsFor('EAI_AGAIN', 'parapet');
  assert.deepEqual(f.facts, []);
  assert.equal(f.rateLimits, undefined);
});
