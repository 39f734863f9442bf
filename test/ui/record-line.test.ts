import { test } from 'node:test';
import assert from 'node:assert/strict';
import { jsonLine, recordJson, recordLine } from '../../src/ui/listen.js';
import type { CaptureRecord } from '../../src/capture/pipeline.js';
import type { Capture } from '../../src/capture/capture.js';

// listen writes a request's NDJSON line straight from its parts; it must be the very text of
// jsonLine(recordJson(record)), whatever a sender put in the target, the headers, the body and the findings.
function record(over: Partial<Capture> = {}, extra: Partial<CaptureRecord> = {}): CaptureRecord {
  const body = over.body ?? Buffer.from('{"id":"evt_1","note":"a \\"quoted\\" word"}');
  const capture: Capture = {
    seq: 7, id: '2026-12-01T10-00-00.000Z-7', receivedAt: '2026-12-01T10:00:00.000Z', remoteAddress: '127.0.0.1', remotePort: 50123,
    method: 'POST', target: '/hooks?x=1', httpVersion: '1.1',
    rawHeaders: [['Host', '127.0.0.1:8080'], ['Content-Type', 'application/json'], ['Authorization', 'Bearer pst_live_abcdefghijklmnop']],
    body, bodyBytes: body.length,
    findings: [{ level: 'pass', title: 'Content-Type is application/json' }, { level: 'warn', title: 'x', detail: 'y', kb: '400', data: { n: 1, s: 'q"\u009b' } }],
    ...over,
  };
  return { capture, answer: { kind: 'respond', ms: 1.5, status: 200 }, ...extra };
}

const cases: Array<[string, CaptureRecord]> = [
  ['a JSON body with quotes', record()],
  ['an empty body and no findings', record({ body: Buffer.alloc(0), bodyBytes: 0, findings: [] })],
  ['terminal controls in target, header and body', record({
    target: '/a\u001b[31m?token=abcdefghijklmnop&b=\u009b\u202e', rawHeaders: [['X-Note', 'tab\tesc\u001b del\u007f c1\u0085 ls\u2028 bidi\u2066'], ['Cookie', 'sid=abcdefghijklmnop']],
    body: Buffer.from('line\r\n\u0000 \u007f \u009b \u2029 \u202a é ✓ "\\'),
  })],
  // Each string holds one terminal-unsafe character and nothing else JSON must escape: the fast path sees it.
  ['one terminal control alone in each string', record({
    target: '/x\u009b', rawHeaders: [['X-A', 'del\u007f'], ['X-B', 'ls\u2028'], ['X-C', 'bidi\u202e'], ['X-D', 'lone \ud800 surrogate']],
    body: Buffer.from('plain \u0085 text'), findings: [{ level: 'info', title: 'seen \u2066' }],
  })],
  ['a body that is not UTF-8 (base64)', record({ body: Buffer.from([0xff, 0xfe, 0x00, 0x80]), bodyBytes: 4 })],
  ['a refused body and an unread one', record({ body: Buffer.alloc(0), bodyBytes: 99_000_000, bodyRefused: true, bodyUnread: true })],
  ['a decoded body', record({ decodedBody: Buffer.from('{"a":"\u2028"}') })],
  ['a latin-1 header value', record({ rawHeaders: [['X-Name', 'Jos\u00e9 \u00ff']] })],
  ['a chaos answer, not answered', record({}, { answer: { kind: 'timeout', ms: 0, chaos: true } })],
  ['a relayed answer with an error', record({}, { answer: { kind: 'relay', ms: 12.3, status: 502 }, forward: { url: 'http://127.0.0.1:3000/x?api_key=abcdefghijklmnop', ms: 11.7, error: { code: 'ECONNREFUSED', message: 'refused \u001b' } } as CaptureRecord['forward'] })],
  ['a relayed answer with a body', record({}, { answer: { kind: 'relay', ms: 2, status: 201 }, forward: { url: 'http://127.0.0.1:3000/', ms: 1.2, status: 201, headers: [], body: Buffer.from('created \u009b') } as unknown as CaptureRecord['forward'] })],
];

for (const [name, r] of cases) {
  for (const showSecrets of [false, true]) {
    test(`the NDJSON line is jsonLine(recordJson()) exactly: ${name}${showSecrets ? ' (--show-secrets)' : ''}`, () => {
      const line = recordLine(r, { showSecrets });
      assert.equal(line, jsonLine(recordJson(r, { showSecrets })));
      assert.doesNotMatch(line, /[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]/);
    });
  }
}

test('a finding added after the line was written is in the next text of the same array', () => {
  const r = record();
  const first = recordLine(r, { showSecrets: false });
  r.capture.findings.push({ level: 'fail', title: 'added later' });
  const second = recordLine(r, { showSecrets: false });
  assert.notEqual(first, second);
  assert.equal(second, jsonLine(recordJson(r, { showSecrets: false })));
});
