// --profile: the sender's payload schema names each field that is off.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadPayloadCheck } from '../../src/capture/payload-schema.js';
import { getProfile, type Profile } from '../../src/profiles/index.js';

const alerting: Profile = {
  ...getProfile('generic'),
  displayName: 'Query.ai',
  payloadSchema: (z) => z.object({ detection_id: z.number().int(), severity: z.enum(['CRITICAL', 'HIGH', 'MEDIUM', 'LOW']) }),
};

test('missing fields and enum values are named one by one', async () => {
  const check = (await loadPayloadCheck(alerting))!;
  const f = check({ severity: 'high' });
  assert.equal(f.length, 2);
  assert.equal(f[0]!.title, 'field detection_id is missing (Query.ai requires it)');
  assert.match(f[1]!.title, /^field severity: .*CRITICAL.*, got "high"$/);
  assert.ok(f.every((x) => x.level === 'fail'));
});

test('a matching payload passes; a profile without schema has no check', async () => {
  const check = (await loadPayloadCheck(alerting))!;
  assert.deepEqual(check({ detection_id: 7, severity: 'LOW' }).map((f) => f.level), ['pass']);
  assert.equal(await loadPayloadCheck(getProfile('generic')), undefined);
});
