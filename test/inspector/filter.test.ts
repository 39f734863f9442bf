// The inspector's filter box: its words become /api/captures' query, which history's own parsers read.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { filterQuery } from '../../src/inspector/page/filter.js';
import { filterFromQuery } from '../../src/inspector/server.js';

test('filter words become history\'s filter: named words by their flag, other words a grep', () => {
  const q = filterQuery('status:5xx method:post  path:/hooks header:X-Event:push invoice.paid since:10m sender:github')!;
  assert.equal(q.toString(), 'status=5xx&method=post&path=%2Fhooks&header=X-Event%3Apush&since=10m&sender=github&grep=invoice.paid');
  const f = filterFromQuery(q);
  assert.deepEqual(f.status, [{ min: 500, max: 599 }]);
  assert.equal(f.method, 'post');
  assert.equal(f.path, '/hooks');
  assert.deepEqual(f.headers, [{ name: 'X-Event', value: 'push' }]);
  assert.equal(f.grep, 'invoice.paid');
  assert.equal(f.sender, 'github');
  assert.ok(f.since instanceof Date && Date.now() - f.since.getTime() >= 600_000 - 1000);
  assert.equal(filterQuery('   '), undefined);
  assert.equal(filterQuery('status:')!.get('grep'), 'status:', 'a key with no value is text to look for');
});

test('a value history cannot read is refused with its own message', () => {
  assert.throws(() => filterFromQuery(new URLSearchParams('status=abc')), { code: 'INPUT', message: /--status: "abc" is not a status/ });
  assert.throws(() => filterFromQuery(new URLSearchParams('limit=0')), { code: 'INPUT' });
});
