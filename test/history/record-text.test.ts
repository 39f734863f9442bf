import { test } from 'node:test';
import assert from 'node:assert/strict';
import { detailText, summaryText } from '../../src/history/record-text.js';
import type { CaptureSummary, StoredCapture } from '../../src/history/store.js';

// The history record's JSON is written straight from its fields: it must read back as the same object,
// and the summary must begin with receivedAt and id, where a listing reads them without parsing.
const summary: CaptureSummary = {
  receivedAt: '2026-12-01T10:00:00.000Z', id: '2026-12-01T10-00-00.000Z-7', v: 1, method: 'POST', target: '/a?b="c"\u009b',
  status: 200, answer: 'respond', ms: 1.5, bodyBytes: 42, remoteAddress: '::1', level: 'warn', findingCount: 2,
  contentType: 'application/json; charset=\u2028', sender: 'stripe', source: 'import:x.har',
  forward: { url: 'http://127.0.0.1:3000/', ms: 3.2, status: 502, error: 'ECONNREFUSED' },
};
type Detail = Parameters<typeof detailText>[0];
const detail: Detail = {
  seq: 7, httpVersion: '1.1', rawHeaders: [['Host', '127.0.0.1'], ['X-Odd', 'q"\u001b\u007f\u202e\ud800']], maskedHeaders: [1],
  findings: [{ level: 'warn', title: 'a "title"', detail: 'd\u0085', kb: '400', data: { n: 1 } }], answered: { kind: 'respond', ms: 1.5, status: 200 },
  remotePort: 5000, bodyRefused: true, bareLf: true, listenUrl: 'http://127.0.0.1:8080', forwardAnswer: { url: 'http://x/', ms: 1, body: 'YQ==' },
} as Detail & Pick<StoredCapture, never>;

test('a summary reads back whole, receivedAt and id first', () => {
  const text = summaryText(summary);
  assert.deepEqual(JSON.parse(text), summary);
  assert.ok(text.startsWith(`{"receivedAt":"${summary.receivedAt}","id":"${summary.id}",`));
  assert.doesNotMatch(text, /[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]/);
});

test('a summary with only the required fields is JSON.stringify of it, text for text', () => {
  const { status: _s, contentType: _c, sender: _n, source: _o, forward: _f, ...bare } = summary;
  const plain = { ...bare, target: '/plain' };
  assert.equal(summaryText(plain), JSON.stringify(plain));
});

test('a detail reads back whole, whatever the headers and findings hold', () => {
  assert.deepEqual(JSON.parse(detailText(detail)), detail);
  const { remotePort: _p, bodyRefused: _r, bareLf: _b, listenUrl: _l, forwardAnswer: _f, ...bare } = detail;
  assert.deepEqual(JSON.parse(detailText(bare)), bare);
});

// history import takes a `listen --json` file as it is: its answer and findings are whatever the file says.
test('an imported answer and findings read back as the file gave them, whatever they hold', () => {
  const odd = {
    ...detail,
    answered: { kind: 'respond","status":999,"x":"\u001b[2J', ms: 1.5, status: 200 },
    findings: ['warn: a string', ['an', 'array'], 7, { level: 'pass', title: 'ok' }],
  } as unknown as Detail;
  const text = detailText(odd);
  assert.deepEqual(JSON.parse(text), odd);
  assert.doesNotMatch(text, /[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]/);
});
