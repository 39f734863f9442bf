import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkJson } from '../../src/http/json-check.js';

test('valid JSON passes, whatever its shape', () => {
  for (const t of ['{}', '[]', '0', '"x"', 'null', ' {"a":[1,2,{"b":"c\\"d\\u00e9"}],"e":-1.5e3,"f":true}\n', '[[[]]]']) {
    assert.equal(checkJson(t), undefined, t);
    JSON.parse(t);
  }
});

test('a trailing comma is named at its line and column', () => {
  const p = checkJson('{\n  "a": 1,\n  "b": 2,\n}');
  assert.equal(p?.line, 3);
  assert.equal(p?.column, 9);
  assert.match(p!.mistake, /trailing comma/);
  assert.match(checkJson('[1, 2,]')!.mistake, /trailing comma/);
});

test('an unescaped quote inside a string is named, pointing at the string', () => {
  const p = checkJson('{"msg": "say "hi" now"}');
  assert.match(p!.mistake, /escape the double quote.*line 1, column 9/);
});

test('a missing closing bracket names the bracket and where it opened', () => {
  const p = checkJson('{\n  "a": [1, 2\n}');
  assert.match(p!.mistake, /missing \]/);
  assert.match(p!.mistake, /line 2, column 8/);
  const q = checkJson('{"a": {"b": 1}');
  assert.match(q!.mistake, /missing }.*line 1, column 1/);
  assert.equal(q!.message, 'unexpected end of input');
});

test('other common slips get their own advice', () => {
  assert.match(checkJson("{'a': 1}")!.mistake, /double quotes/);
  assert.match(checkJson('{a: 1}')!.mistake, /property name in double quotes/);
  assert.match(checkJson('{"a": True}')!.mistake, /true in lower case/);
  assert.match(checkJson('{"a": 1 "b": 2}')!.mistake, /add a comma/);
  assert.match(checkJson('{"a": 1} // note')!.mistake, /comment/);
  assert.match(checkJson('{"a": "line\nbreak"}')!.mistake, /\\n/);
  assert.match(checkJson('')!.mistake, /empty/);
  assert.match(checkJson('{"a":1}}')!.mistake, /extra }/);
});
