// read-buffers.ts: the young-generation collection after each MB of chunked body, and nothing left behind by reaching it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PerformanceObserver, constants } from 'node:perf_hooks';
import { runInNewContext } from 'node:vm';
import { bodyBytesRead } from '../../src/capture/read-buffers.js';

test('a MB of chunked body read asks V8 for a minor collection, and leaves --expose-gc off for every later context', async () => {
  const minor = new Promise<void>((resolve) => {
    const observer = new PerformanceObserver((list) => {
      if (list.getEntries().some((e) => (e as unknown as { detail?: { kind?: number } }).detail?.kind === constants.NODE_PERFORMANCE_GC_MINOR)) {
        observer.disconnect();
        resolve();
      }
    });
    observer.observe({ entryTypes: ['gc'] });
  });
  bodyBytesRead(1024 * 1024);
  await minor;
  assert.equal(runInNewContext('typeof gc'), 'undefined', 'a vm context made afterwards has no gc global');
});
