#!/usr/bin/env node
// Launcher: turn on Node's compile cache where it exists (Node 22.1+), then load the built CLI.
// CommonJS on purpose (bin/package.json): an ES-module entry point costs Node its ESM loader before any
// code runs, and `explain` must start about as fast as `node -e 0`. So `explain` with plain arguments
// runs from one self-contained CommonJS file and skips commander; everything else imports the CLI.
'use strict';

require('node:module').enableCompileCache?.();
const argv = process.argv.slice(2);
// `send` likewise: it is what a user types again and again while wiring a webhook.
const fastPaths = { explain: '../dist/explain-fast.cjs', send: '../dist/send-fast.cjs' };
const fast = Object.hasOwn(fastPaths, argv[0] ?? '') ? require(fastPaths[argv[0]]) : undefined;
const input = fast?.parseFastArgv(argv);
if (fast && input) {
  fast.runFast(input).then((code) => {
    process.exitCode = code;
  });
} else {
  import('../dist/cli.js');
}
