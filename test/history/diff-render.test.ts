import { test } from 'node:test';
import assert from 'node:assert/strict';
import { byteDiff, diffCaptures } from '../../src/history/diff.js';
import { renderDiff } from '../../src/ui/diff.js';
import type { StoredCapture } from '../../src/history/store.js';

const plain = (t: string) => t;
const styles = { green: plain, red: plain, yellow: plain, dim: plain, bold: plain, cyan: plain };

test('a byte diff shows each stretch with its escapes once: \\x1f, not \\\\x1f; a quote and a backslash stay readable', () => {
  const a = Buffer.from([0x7b, 0x22, 0x5c, 0x7d]);
  const b = Buffer.from([0x1f, 0x8b, 0x08, 0x00]);
  assert.equal(byteDiff(a, b).kind, 'bytes');
  const base = { v: 1, seq: 1, receivedAt: '2026-11-22T10:00:00.000Z', method: 'POST', target: '/', answer: 'respond', ms: 0, remoteAddress: '127.0.0.1', level: 'pass', findingCount: 0, httpVersion: '1.1', rawHeaders: [], maskedHeaders: [], findings: [], answered: { kind: 'respond', ms: 0 } } as const;
  const ca = { ...base, id: 'a', bodyBytes: a.length, body: a } as unknown as StoredCapture;
  const cb = { ...base, id: 'b', bodyBytes: b.length, body: b } as unknown as StoredCapture;
  const text = renderDiff(diffCaptures(ca, cb), { a: 'a', b: 'b' }, styles);
  const line = text.split('\n').find((l) => l.includes('at 0:'));
  assert.ok(line, text);
  assert.ok(line.includes('b "\\x1f\\x8b\\x08\\x00"'), line);
  assert.ok(line.includes('a "{\\"\\\\}"'), line);
});
