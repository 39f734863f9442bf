// Masking credentials in a request target: the credential parameters only, everything else as sent.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { maskTarget } from '../../src/capture/mask.js';

test('maskTarget masks credential query parameters and leaves challenges, paths and other parameters as sent', () => {
  const rows: Array<[string, string]> = [
    ['/meta?hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token=meatyhamhock', '/meta?hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token=meat…(12 chars)'],
    ['/cb?access_token=abc&x=1', '/cb?access_token=…(3 chars)&x=1'],
    ['/g?validationToken=Validation%3A%20Testing', '/g?validationToken=Validation%3A%20Testing'],
    ['/db?challenge=abc123', '/db?challenge=abc123'],
    ['/token=abc', '/token=abc'],
    ['/x?api_key=sk_live_0123456789#frag', '/x?api_key=sk_l…(18 chars)#frag'],
    ['/plain', '/plain'],
  ];
  for (const [target, masked] of rows) assert.equal(maskTarget(target), masked, target);
});
