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
