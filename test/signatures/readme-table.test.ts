// The README's table of providers is the registry's: every recipe id has a row, and no row names one that is not there.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { RECIPE_IDS } from '../../src/signatures/recipes/ids.js';

test('README lists every recipe in the verify/sign table, and nothing else', () => {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const section = readme.slice(readme.indexOf('<!-- section:signatures -->'), readme.indexOf('<!-- /section:signatures -->'));
  const rows = [...section.matchAll(/^\| `([a-z0-9-]+)`/gm)].map((m) => m[1]);
  assert.deepEqual([...rows].sort(), [...RECIPE_IDS].sort());
});
