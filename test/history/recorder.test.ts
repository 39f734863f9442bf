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
