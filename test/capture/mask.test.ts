// mask.ts: credentials in request targets (query parameters) and in the raw bytes of a refused head are masked.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { maskRawHead, maskTarget } from '../../src/capture/mask.js';

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


test('a malformed head keeps its shape, and its Authorization, Cookie and API key (folded or not) lose their secrets', () => {
  const raw = Buffer.from('GET /c HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer sk_live_SUPERSECRET123\r\nCookie: s=SUPERSECRETCOOKIE\r\nX-Api-Key:SUPERSECRETKEY\r\n  SUPERSECRETFOLD\r\nBad Header: 1\r\n\r\nbody');
  const masked = maskRawHead(raw).toString('latin1');
  assert.doesNotMatch(masked, /SUPERSECRET/);
  assert.match(masked, /^GET \/c HTTP\/1\.1\r\nHost: x\r\nAuthorization: Bearer sk_l\.\.\.\(22 chars\)\r\nCookie: s=SU\.\.\.\(19 chars\)\r\n/);
  assert.match(masked, /\r\nBad Header: 1\r\n\r\nbody$/, 'the line that made it malformed and what follows the head stay as sent');
});

test('a head with no credential comes back as the same buffer', () => {
  const raw = Buffer.from('GET http://a:b@x/ HTTP/1.1\r\nHost: x\r\n\r\n');
  assert.equal(maskRawHead(raw), raw);
});
