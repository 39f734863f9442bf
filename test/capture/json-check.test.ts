// Where a JSON body breaks, as line:column, and the likely mistake.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkJson } from '../../src/capture/json-check.js';

const bad = (text: string) => {
  const r = checkJson(text);
  assert.equal(r.ok, false, `expected ${JSON.stringify(text)} to be invalid`);
  return r as Extract<ReturnType<typeof checkJson>, { ok: false }>;
};

test('valid JSON parses', () => {
  assert.deepEqual(checkJson('{"a": [1, 2.5e3, true, null, "x\\u00e9"]}'), { ok: true, value: { a: [1, 2500, true, null, 'xé'] } });
});

test('a trailing comma is found at its line and column', () => {
  const r = bad('{\n  "a": 1,\n}');
  assert.deepEqual([r.line, r.column], [3, 1]);
  assert.match(r.likely!, /trailing comma/);
});

test('a missing comma between items', () => {
  const r = bad('{"a": 1\n "b": 2}');
  assert.deepEqual([r.line, r.column], [2, 2]);
  assert.match(r.likely!, /missing comma/);
});

test('an unescaped quote inside a string', () => {
  const r = bad('{"msg": "he said "hi""}');
  assert.equal(r.column, 19);
  assert.match(r.likely!, /unescaped quote/);
});

test('a truncated body is a missing bracket', () => {
  const r = bad('{"a": [1, 2');
  assert.equal(r.offset, 11);
  assert.match(r.likely!, /missing closing/);
});

test('single quotes, unquoted keys, Python literals, BOM, trailing text', () => {
  assert.match(bad("{'a': 1}").likely!, /single quotes/);
  assert.match(bad('{a: 1}').likely!, /unquoted key/);
  assert.match(bad('{"a": True}').likely!, /Python/);
  assert.match(bad('\ufeff{"a":1}').message, /BOM/);
  assert.match(bad('{"a":1}{"b":2}').message, /after the end/);
  assert.match(bad('{"p": "C:\\data"}').likely!, /backslash/);
  assert.match(bad('').message, /empty body/);
});
