// The live stream sends each summary after the first as its difference from the one before: the page must
// rebuild every summary exactly, fields that come and go included.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { frameSummaries, frameText } from '../../src/inspector/live-frame.js';
import type { CaptureSummary } from '../../src/history/store.js';

function summary(n: number, over: Partial<CaptureSummary> = {}): CaptureSummary {
  return {
    receivedAt: `2026-12-01T10:00:00.${String(Math.floor(n / 3)).padStart(3, '0')}Z`, id: `2026-12-01T10-00-00.000Z-${n}`, v: 1,
    method: 'POST', target: '/hooks', status: 200, answer: 'respond', ms: n % 4 === 0 ? 0.1 : 0, bodyBytes: 199,
    remoteAddress: '127.0.0.1', level: 'pass', findingCount: 1, contentType: 'application/json', ...over,
  };
}

test('every summary of a frame comes back as it was: fields that change, appear and disappear, a forward answer', () => {
  const batch: CaptureSummary[] = [
    summary(1), summary(2), summary(3, { sender: 'stripe', level: 'fail', findingCount: 3 }), summary(4, { sender: 'stripe' }),
    summary(5, { status: undefined, answer: 'timeout' }), summary(6),
    summary(7, { forward: { url: 'http://127.0.0.1:3000/', status: 201, ms: 2.5 } }),
    summary(8, { forward: { url: 'http://127.0.0.1:3000/', status: 201, ms: 2.5 } }),
    summary(9, { forward: { url: 'http://127.0.0.1:3000/', ms: 30000, error: 'UND_ERR_HEADERS_TIMEOUT' } }),
    summary(10, { contentType: undefined, target: '/other?x="1"', method: 'PUT', source: 'import:a.ndjson' }),
    summary(11),
  ];
  // A summary's absent optional field is not there at all (JSON has no undefined): compare what JSON keeps.
  const asJson = (s: CaptureSummary[]) => JSON.parse(JSON.stringify(s));
  assert.deepEqual(frameSummaries(JSON.parse(frameText(batch))), asJson(batch));
  assert.deepEqual(frameSummaries(JSON.parse(frameText([summary(1)]))), asJson([summary(1)]));
  assert.deepEqual(frameSummaries(JSON.parse(frameText([]))), []);
});

test('a frame of captures from one busy sender is a fraction of the summaries\' JSON', () => {
  const batch = Array.from({ length: 1000 }, (_, i) => summary(i));
  const text = frameText(batch);
  assert.ok(text.length * 3 < JSON.stringify(batch).length, `${text.length} bytes against ${JSON.stringify(batch).length}`);
  assert.deepEqual(frameSummaries(JSON.parse(text)), JSON.parse(JSON.stringify(batch)));
});
