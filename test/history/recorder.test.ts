import { test } from 'node:test';
import assert from 'node:assert/strict';
import { recogniseSender } from '../../src/history/recorder.js';

test('a capture is recognised by a header only one sender profile names', () => {
  assert.equal(recogniseSender([['Content-Type', 'application/json'], ['X-GitHub-Event', 'push'], ['X-Hub-Signature-256', 'sha256=…']]), 'github');
  assert.equal(recogniseSender([['stripe-signature', 't=1,v1=…']]), 'stripe');
  assert.equal(recogniseSender([['svix-signature', 'v1,…']]), 'svix');
  assert.equal(recogniseSender([['X-Hub-Signature-256', 'sha256=…']]), undefined, 'GitHub and Meta both send it');
  assert.equal(recogniseSender([['X-Signature', 'sha256=…']]), undefined, 'the generic profile claims nothing');
});

test('a capture that was a sender\'s handshake (Meta\'s hub.challenge GET, no header of Meta\'s own) is that sender\'s', async () => {
  const { recogniseHandshakeSender } = await import('../../src/history/recorder.js');
  assert.equal(recogniseHandshakeSender([{ level: 'pass', title: 'answered Meta…', data: { handshake: 'meta', challenge: '42', status: 200 } }]), 'meta');
  assert.equal(recogniseHandshakeSender([{ level: 'pass', title: 'body is valid JSON' }]), undefined);
  assert.equal(recogniseHandshakeSender([{ level: 'pass', title: 'x', data: { handshake: 'no-such-handshake' } }]), undefined);
});
