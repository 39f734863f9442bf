// `listen` shows what a hostile sender sent without letting it drive the terminal: escape sequences,
// bells, carriage returns, C1 controls and bidi overrides come out as visible escapes, in text and --json.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rawExchange, startListen } from '../helpers/listen.js';

// ESC, BEL, CR, C1 (U+0080–U+009F: U+009B is CSI, U+009D OSC) and the bidi overrides, as text.
const TERMINAL_CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/;

/** Four requests that each try to reach the terminal: past the body's first 2 KB, through a JSON escape, in the target and a header. */
function hostileRequests(): Buffer[] {
  const osc52 = Buffer.concat([Buffer.from('a'.repeat(2100)), Buffer.from('\x1b]52;c;SGVsbG8=\x07\x1b[2J\rspoofed line\n')]);
  const json = Buffer.from('{"a":"\\u001b[31m\\u009b2J\\u0007\\u202eevil"}');
  const close = 'Connection: close\r\n';
  return [
    Buffer.concat([Buffer.from(`POST /osc HTTP/1.1\r\nHost: a\r\nContent-Type: text/plain\r\nContent-Length: ${osc52.length}\r\n${close}\r\n`), osc52]),
    Buffer.concat([Buffer.from(`POST /json HTTP/1.1\r\nHost: a\r\nContent-Type: application/json\r\nContent-Length: ${json.length}\r\n${close}\r\n`), json]),
    Buffer.concat([Buffer.from('POST /t'), Buffer.from([0x9b, 0x32, 0x4a]), Buffer.from(` HTTP/1.1\r\nHost: a\r\nX-Note: b`), Buffer.from([0x9d]), Buffer.from(`52;c;x\r\nContent-Length: 0\r\n${close}\r\n`)]),
    Buffer.concat([Buffer.from('GET @127.0.0.1:1'), Buffer.from([0x9b]), Buffer.from(`/ HTTP/1.1\r\nHost: a\r\n${close}\r\n`)]),
  ];
}

test('terminal escapes in a body, a JSON string, the target or a header are shown escaped, never written raw', async () => {
  const l = await startListen(['--count', '4']);
  for (const r of hostileRequests()) await rawExchange(l.port, [r]);
  const { code, stdout } = await l.done;
  assert.equal(code, 0);
  const raw = TERMINAL_CONTROL.exec(stdout);
  assert.equal(raw, null, `raw control U+${raw?.[0].charCodeAt(0).toString(16)} near ${JSON.stringify(stdout.slice(Math.max(0, (raw?.index ?? 0) - 40), (raw?.index ?? 0) + 20))}`);
  assert.ok(stdout.includes('\\x1b]52;c;SGVsbG8=\\x07\\x1b[2J\\rspoofed line'), 'the OSC 52 body past 2 KB is shown escaped');
  assert.ok(stdout.includes('\\x9b2J'), 'the C1 CSI from the JSON string and the target is shown escaped');
  assert.ok(stdout.includes('\\u{202e}evil'), 'the bidi override is shown escaped');
  assert.ok(stdout.includes('X-Note: b\\x9d52;c;x'), 'the C1 OSC in a header value is shown escaped');
});

test('--json writes the same controls as \\u escapes: the line parses back to the bytes sent', async () => {
  const l = await startListen(['--json', '--count', '4']);
  for (const r of hostileRequests()) await rawExchange(l.port, [r]);
  const { stdout } = await l.done;
  const raw = TERMINAL_CONTROL.exec(stdout.replace(/\n/g, ''));
  assert.equal(raw, null, `raw control U+${raw?.[0].charCodeAt(0).toString(16)} in --json output`);
  const records = stdout.trim().split('\n').map((line) => JSON.parse(line)).filter((r) => r.event === 'request');
  assert.equal(records.length, 4);
  assert.match(records[0].body, /\x1b\]52;c;SGVsbG8=\x07/);
  assert.equal(records[2].target, '/t\x9b2J');
  assert.deepEqual(records[2].rawHeaders[1], ['X-Note', 'b\x9d52;c;x']);
});
