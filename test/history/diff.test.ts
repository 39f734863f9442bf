import { test } from 'node:test';
import assert from 'node:assert/strict';
import { byteDiff, diffBody, diffHeaders, jsonStyle } from '../../src/history/diff.js';

test('headers: added, removed, changed, name case and order are each called out', () => {
  const { changes, order } = diffHeaders(
    [['Host', 'a'], ['Content-Type', 'application/json'], ['X-Old', '1'], ['X-Sig', 'v1']],
    [['host', 'a'], ['X-Sig', 'v2'], ['Content-Type', 'application/json'], ['X-New', '2']],
  );
  assert.deepEqual(changes, [
    { kind: 'case', name: 'Host', bName: 'host' },
    { kind: 'removed', name: 'X-Old', a: ['1'] },
    { kind: 'changed', name: 'X-Sig', a: ['v1'], b: ['v2'] },
    { kind: 'added', name: 'X-New', b: ['2'] },
  ]);
  assert.deepEqual(order, { a: ['host', 'content-type', 'x-sig'], b: ['host', 'x-sig', 'content-type'] });
});

test('JSON bodies: values by path, with the old and new value', () => {
  const d = diffBody(Buffer.from('{"a":1,"b":{"c":[1,2]},"gone":true}'), Buffer.from('{"a":2,"b":{"c":[1]},"new":"x"}'));
  assert.equal(d.kind, 'json');
  if (d.kind !== 'json') return;
  assert.deepEqual(d.changes, [
    { kind: 'changed', path: '$.a', a: 1, b: 2 },
    { kind: 'removed', path: '$.b.c[1]', a: 2 },
    { kind: 'removed', path: '$.gone', a: true },
    { kind: 'added', path: '$.new', b: 'x' },
  ]);
  assert.equal(d.whitespace, undefined);
});

test('JSON bodies: the same values laid out otherwise are a whitespace difference, and \\u escapes are named', () => {
  const d = diffBody(Buffer.from('{"name":"Zoë","n":1}'), Buffer.from('{"name": "Zo\\u00eb", "n": 1}'));
  assert.ok(d.kind === 'json');
  if (d.kind !== 'json') return;
  assert.deepEqual(d.changes, []);
  assert.deepEqual(d.keyOrder, []);
  assert.deepEqual(d.whitespace, { a: 'compact', b: 'spaced' });
  assert.equal(d.unicodeEscaped, 'b');
});

test('JSON layout styles', () => {
  assert.equal(jsonStyle('{"a":1,"b":[1,2]}'), 'compact');
  assert.equal(jsonStyle('{"a": 1, "b": [1, 2]}'), 'spaced');
  assert.equal(jsonStyle('{\n  "a": 1\n}'), 'pretty');
  assert.equal(jsonStyle('{"a":1, "b" :2}'), 'mixed');
  assert.equal(jsonStyle('{"text":"a, b: c"}'), 'compact', 'what is inside strings is not layout');
});

test('other bodies: the first differing offset and each differing stretch', () => {
  const d = byteDiff(Buffer.from('hello world'), Buffer.from('hellO worlD'));
  assert.deepEqual(d, { kind: 'bytes', aBytes: 11, bBytes: 11, firstDifference: 4, ranges: [{ offset: 4, a: 'o', b: 'O' }, { offset: 10, a: 'd', b: 'D' }] });
  const grown = byteDiff(Buffer.from('a=1&b=2'), Buffer.from('a=1&x=9&b=2'));
  assert.equal(grown.kind === 'bytes' && grown.firstDifference, 4);
  assert.deepEqual(grown.kind === 'bytes' && grown.ranges, [{ offset: 4, a: '', b: 'x=9&' }]);
});
