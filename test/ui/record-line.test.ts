import { test } from 'node:test';
import assert from 'node:assert/strict';
import { jsonLine, recordJson, recordLine } from '../../src/ui/listen.js';
import type { CaptureRecord } from '../../src/capture/pipeline.js';
import type { Capture } from '../../src/capture/capture.js';
import { Ring, noRepeats, readRecord, requestRecordBytes, roomAt, writeRequestRecord } from '../../src/ui/line-ring.js';
import { requestLine } from '../../src/ui/request-line.js';
import { findingsJson, jsonString } from '../../src/capture/json-text.js';

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
  ['an ASCII body with nothing to escape, and one with a DEL', record({ body: Buffer.from('plain text, no quotes'), rawHeaders: [['X-Del', 'a\u007f']] })],
  ['an ASCII body holding DEL and controls', record({ body: Buffer.from('del \u007f tab\t nul\u0000 "q" \\') })],
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
      // ASCII, printable: whatever a sender sent is an escape in it (a terminal cannot act on it, and it is written a byte a character).
      assert.match(line, /^[\x20-\x7e]*$/);
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

/** The head a sender sent for this capture (its fields as one latin1 text), or undefined when no bytes make them. */
function headOf(c: Capture): Buffer | undefined {
  const text = `${c.method} ${c.target} HTTP/${c.httpVersion}\r\n${c.rawHeaders.map(([n, v]) => `${n}: ${v}\r\n`).join('')}\r\n`;
  return /^[\x00-\xff]*$/.test(text) ? Buffer.from(text, 'latin1') : undefined;
}

test('a request read back from the line thread\'s ring makes the line listen\'s own thread makes', () => {
  const ring = Ring.create(4096);
  let w = 0;
  let r = 0;
  let tried = 0;
  const written = noRepeats();
  const read = noRepeats();
  for (const [name, rec] of cases) {
    const head = headOf(rec.capture);
    if (!head || rec.forward) continue; // --forward's lines are made on listen's thread
    tried++;
    const capture = { ...rec.capture, head };
    const findingsText = findingsJson(capture.findings);
    const need = requestRecordBytes(capture, findingsText, written);
    const at = roomAt(ring.size, w, r, need);
    assert.ok(at >= 0, name);
    if (at === 0 && w !== 0) ring.words[w >> 2] = -1;
    w = writeRequestRecord(ring, at, capture, findingsText, rec.answer, need, written) % ring.size;
    let back = readRecord(ring, r, read);
    if (back === 'wrap') { r = 0; back = readRecord(ring, 0, read); }
    assert.ok(back !== 'wrap' && back.kind === 'request');
    for (const showSecrets of [false, true]) {
      assert.equal(requestLine(back.request.fields, back.request.findingsText, back.request.answer, undefined, showSecrets), recordLine({ ...rec, capture }, { showSecrets }), name);
    }
    r = w; // read up to where it was written
  }
  assert.ok(tried >= 6, `only ${tried} cases have a head`);
});

test('the ring never lets the writer close up on the reader: a full ring waits, an empty one wraps', () => {
  assert.equal(roomAt(1024, 0, 0, 1024), -1); // would make w === r: it would read as empty
  assert.equal(roomAt(1024, 0, 0, 1016), 0);
  assert.equal(roomAt(1024, 1000, 1000, 100), 0); // not enough before the end: wrap to 0, the reader is past it
  assert.equal(roomAt(1024, 1000, 50, 100), -1); // wrapping would overrun the reader at 50
  assert.equal(roomAt(1024, 1000, 104, 100), 0);
  assert.equal(roomAt(1024, 100, 300, 200), -1); // behind the reader: 200 would meet it
  assert.equal(roomAt(1024, 100, 300, 192), 100);
  assert.equal(roomAt(1024, 824, 0, 200), -1); // to the end exactly would wrap w onto the reader at 0
  assert.equal(roomAt(1024, 824, 8, 200), 824);
});

test('findings: the same objects in a new array have the same text; one other object has its own', () => {
  const pass = { level: 'pass' as const, title: 'body is valid JSON (7 bytes)' };
  const warn = { level: 'warn' as const, title: 'no Content-Type header', kb: '415' };
  const first = findingsJson([pass, warn]);
  assert.equal(findingsJson([pass, warn]), first);
  // Equal content, another object: serialized again, and the same text (no stale text either way).
  assert.equal(findingsJson([pass, { ...warn }]), first);
  assert.equal(findingsJson([pass, { ...warn, title: 'other' }]), JSON.stringify([pass, { ...warn, title: 'other' }]));
  assert.equal(findingsJson([warn, pass]), JSON.stringify([warn, pass]));
  assert.equal(findingsJson([pass]), JSON.stringify([pass]));
});

test('jsonString: strings that need escaping, one after another, each get their own text', () => {
  const a = 'Bearer pst_\u2026(20 chars)';
  const b = 'Bearer abcd\u2026(30 chars)';
  for (const s of [a, b, a, 'tab\there', a, b]) assert.equal(jsonString(s), JSON.stringify(s).replace(/[\x7f-\uffff]/g, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0')));
});
