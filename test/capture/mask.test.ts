// mask.ts: credentials in the raw bytes of a refused request head are masked like a capture's headers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { maskRawHead } from '../../src/capture/mask.js';

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
