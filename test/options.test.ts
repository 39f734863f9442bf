// Options validated by a command's zod schema become one readable usage line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import { parseOptions } from '../src/options.js';

test('a flag that is not a number names the flag and the value given, not zod\'s "received NaN"', () => {
  const schema = z.object({ maxAttempts: z.coerce.number().int().min(1).default(8) });
  assert.throws(() => parseOptions(schema, { maxAttempts: 'abc' }), (err: Error & { code?: string }) => {
    assert.equal(err.message, '--max-attempts: expected a number, got "abc"');
    assert.equal(err.code, 'USAGE');
    return true;
  });
});

test('zod\'s default wording reads like the light rules: at least, more than, at most, not empty, one of', () => {
  const { z: zod } = { z };
  const schema = zod.object({ count: zod.coerce.number().min(1).max(9).optional(), name: zod.string().min(1).optional(), mode: zod.enum(['a', 'b']).optional() });
  const message = (opts: Record<string, unknown>) => {
    try {
      parseOptions(schema, opts);
    } catch (e) {
      return (e as Error).message;
    }
    return 'no error';
  };
  assert.equal(message({ count: '0' }), '--count: must be at least 1');
  assert.equal(message({ count: '10' }), '--count: at most 9');
  assert.equal(message({ name: '' }), '--name: must not be empty');
  assert.equal(message({ mode: 'c' }), '--mode: expected one of a, b; got "c"');
});

test('the light rules: the same words for the same mistake', async () => {
  const { numberOption, choiceOption, urlOption, textOption } = await import('../src/options.js');
  const rule = { min: 0, minExclusive: true, max: 300, unit: 'seconds' };
  assert.throws(() => numberOption('timeout', 'soon', 30, rule), /^WdError: --timeout: expected a number of seconds, got "soon"$/);
  assert.throws(() => numberOption('timeout', '0', 30, rule), /--timeout: must be more than 0 seconds/);
  assert.throws(() => numberOption('timeout', '301', 30, rule), /--timeout: at most 300 seconds/);
  assert.throws(() => numberOption('retries', '1.5', 0, { int: true, min: 0 }), /--retries: expected a whole number, got "1\.5"/);
  assert.equal(numberOption('retries', undefined, 0, { int: true, min: 0 }), 0);
  assert.throws(() => choiceOption('scheme', 'nope', ['github', 'stripe']), /--scheme: expected one of github, stripe; got "nope"/);
  assert.throws(() => urlOption('url', 'ftp://x/h'), /--url: expected an http:\/\/ or https:\/\/ URL/);
  assert.throws(() => textOption('token', '', { nonEmpty: true }), /--token: must not be empty/);
});

test('a long list of choices is named in part, so the error stays one line', async () => {
  const { choiceOption } = await import('../src/options.js');
  const many = Array.from({ length: 42 }, (_, i) => `recipe${i}`);
  assert.throws(() => choiceOption('scheme', 'nope', many), /^WdError: --scheme: expected one of recipe0, recipe1, recipe2, recipe3, recipe4, recipe5, recipe6, recipe7, … \(42 in all\); got "nope"$/);
});
