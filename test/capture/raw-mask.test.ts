import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RawStreamMasker } from '../../src/capture/raw-mask.js';

const head = 'POST /hooks HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer pst_live_abcdef\r\nX-Api-Key:k3y\r\n'
  + 'Cookie : sid=xyz\r\nX-Long: a\r\n folded-not-secret\r\nProxy-Authorization: Basic dXNlcjpwYXNz\r\n\tfolded-secret\r\n'
  + 'X-Hub-Signature-256: sha256=abc\r\n\r\n{"Authorization":"in a body, not a header line"}';
const expected = 'POST /hooks HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: ' + '*'.repeat('Bearer pst_live_abcdef'.length) + '\r\n'
  + 'X-Api-Key:***\r\nCookie : *******\r\nX-Long: a\r\n folded-not-secret\r\nProxy-Authorization: ' + '*'.repeat('Basic dXNlcjpwYXNz'.length) + '\r\n\t' + '*'.repeat('folded-secret'.length) + '\r\n'
  + 'X-Hub-Signature-256: sha256=abc\r\n\r\n{"Authorization":"in a body, not a header line"}';

function run(chunks: Buffer[]): { text: string; masked: boolean } {
  const m = new RawStreamMasker();
  let masked = false;
  const out = chunks.map((c) => { const r = m.mask(c); masked ||= r.masked; return r.bytes; });
  return { text: Buffer.concat(out).toString('latin1'), masked };
}

test('credential values are masked byte for byte (lengths and offsets kept), names, signatures and other lines as sent', () => {
  const r = run([Buffer.from(head, 'latin1')]);
  assert.equal(r.text, expected);
  assert.equal(r.text.length, head.length);
  assert.ok(r.masked);
});

test('the same, whatever the chunk boundaries: cut at every byte, and one byte at a time', () => {
  const bytes = Buffer.from(head, 'latin1');
  for (let cut = 1; cut < bytes.length; cut++) {
    assert.equal(run([bytes.subarray(0, cut), bytes.subarray(cut)]).text, expected, `cut at ${cut}`);
  }
  assert.equal(run([...bytes].map((b) => Buffer.from([b]))).text, expected);
});

test('a stream with no credential header comes back as the same buffer, unmasked', () => {
  const chunk = Buffer.from('GET / HTTP/1.1\r\nHost: x\r\n\r\n');
  const m = new RawStreamMasker().mask(chunk);
  assert.equal(m.bytes, chunk);
  assert.equal(m.masked, false);
});

test('a pipelined second request on the connection is masked too, and bare-LF lines are lines', () => {
  const two = 'GET /a HTTP/1.1\nAuthorization: one\n\nGET /b HTTP/1.1\r\nauthorization: two\r\n\r\n';
  assert.equal(run([Buffer.from(two)]).text, 'GET /a HTTP/1.1\nAuthorization: ***\n\nGET /b HTTP/1.1\r\nauthorization: ***\r\n\r\n');
});

test('a credential name longer than 128 bytes is masked: listen\'s HTTP parser takes names up to its head limit', () => {
  const name = 'X-' + 'a'.repeat(200) + '-Token';
  const head = `POST / HTTP/1.1\r\n${name}: secret-value\r\n\r\n`;
  const want = `POST / HTTP/1.1\r\n${name}: ${'*'.repeat('secret-value'.length)}\r\n\r\n`;
  assert.equal(run([Buffer.from(head)]).text, want);
  const bytes = Buffer.from(head);
  for (let cut = 1; cut < bytes.length; cut++) assert.equal(run([bytes.subarray(0, cut), bytes.subarray(cut)]).text, want, `cut at ${cut}`);
});

test('a credential line indented by mistake (spaces or tabs before the name) is masked, as maskRawHead masks it', () => {
  const head = 'POST / HTTP/1.1\r\nX-A: b\r\n Authorization: one\r\nX-B: c\r\n\t X-Api-Key: two\r\n\r\n';
  const want = 'POST / HTTP/1.1\r\nX-A: b\r\n Authorization: ***\r\nX-B: c\r\n\t X-Api-Key: ***\r\n\r\n';
  assert.equal(run([Buffer.from(head)]).text, want);
  assert.equal(run([...Buffer.from(head)].map((b) => Buffer.from([b]))).text, want);
});

test('a request line is no header line, whatever its target holds', () => {
  const line = 'POST /token:rotate HTTP/1.1\r\nHost: x\r\n\r\n';
  assert.equal(run([Buffer.from(line)]).masked, false);
});
