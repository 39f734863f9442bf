#!/usr/bin/env node
// Launcher: turn on Node's compile cache where it exists (Node 22.1+), then load the built CLI and run it.
// CommonJS (bin/package.json, dist/package.json): on Node 20 an ES-module entry costs its ESM loader,
// about a quarter of Node's own start-up, before any of our code runs.
'use strict';

require('node:module').enableCompileCache?.();
void require('../dist/cli.js').main(process.argv);
