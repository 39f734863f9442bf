#!/usr/bin/env node
// Launcher: turn on Node's compile cache where it exists (Node 22.1+), then load the built CLI.
import module from 'node:module';

module.enableCompileCache?.();
await import('../dist/cli.js');
