#!/usr/bin/env node
// Launcher: turn on Node's compile cache where it exists (Node 22.1+), then load the built CLI.
// `explain` with plain arguments skips the command table (commander): it must start about as fast as node.
import module from 'node:module';

module.enableCompileCache?.();
const argv = process.argv.slice(2);
if (argv[0] === 'explain') {
  const explain = await import('../dist/commands/explain.js');
  const input = explain.parseFastArgv(argv);
  if (input) process.exitCode = await explain.runFast(input);
  else await import('../dist/cli.js');
} else {
  await import('../dist/cli.js');
}
