// --ui's flags as a user meets them on the command line: combinations that cannot work are one clear line, exit 2.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli } from '../helpers/cli.js';

test('listen --ui with --no-history or --raw, and a --ui port out of range, are usage errors (exit 2, one line and a hint)', async () => {
  const cases: Array<[string[], RegExp]> = [
    [['listen', '0', '--ui', '--no-history'], /--ui shows the captures the history keeps; --no-history keeps none/],
    [['listen', '0', '--ui', '--raw'], /--ui shows HTTP captures; it cannot be combined with --raw/],
    [['listen', '0', '--ui', '70000'], /port number from 0 to 65535/],
    [['history', '--ui', 'abc'], /expected a port number from 0 to 65535/],
  ];
  for (const [args, message] of cases) {
    const r = await runCli(args, { timeoutMs: 10_000 });
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, message);
    assert.match(r.stderr, /^hint: |\(add --help/m);
    assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
  }
});
