// `explain -` as a stream: the same summary whatever the chunking, successes counted, failures grouped with
// their first/last line and time, and an over-long line read without being kept.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { triageLog } from '../../src/kb/triage.js';

const log = [
  '2026-12-01T07:00:00Z POST /hooks -> HTTP/1.1 200 OK',
  "2026-12-01T07:00:01Z curl: (7) Failed to connect to 127.0.0.1 port 9 after 0 ms: Couldn't connect to server",
  '2026-12-01T07:00:02Z status=429 retry in 30s',
  '2026-12-01T07:00:03Z /usr/lib/ruby/3.2.0/net/protocol.rb:227 connected to 10.0.0.201 port=443',
  "2026-12-01T07:00:04Z curl: (7) Failed to connect to 127.0.0.1 port 9 after 0 ms: Couldn't connect to server",
  '2026-12-01T07:00:05Z hook-error/my-hook/0 Sleeping, too many errors, please wait and try again',
  '2026-12-01T07:00:06Z "POST /hooks HTTP/1.1" 204 0',
  "2026-12-01T07:00:07Z curl: (7) Failed to connect to 127.0.0.1 port 9 after 0 ms: Couldn't connect to server",
].join('\n') + '\n';

function chunked(text: string, size: number): Readable {
  const buf = Buffer.from(text);
  const parts: Buffer[] = [];
  for (let i = 0; i < buf.length; i += size) parts.push(buf.subarray(i, i + size));
  return Readable.from(parts);
}

test('the summary: failures most frequent first, with first/last line and time; successes only counted', async () => {
  const s = await triageLog(chunked(log, 64 * 1024));
  assert.equal(s.lines, 8);
  assert.equal(s.successes, 2);
  assert.equal(s.failures, 5);
  assert.deepEqual(s.groups.map((g) => [g.key, g.count]), [['ECONNREFUSED', 3], ['429', 1], ['throttled', 1]]);
  const refused = s.groups[0]!;
  assert.deepEqual([refused.firstLine, refused.lastLine, refused.firstTime, refused.lastTime], [2, 8, '2026-12-01T07:00:01Z', '2026-12-01T07:00:07Z']);
  assert.equal(refused.says, 'curl exit 7: could not connect to 127.0.0.1 port 9');
});

test('chunk boundaries anywhere (even inside a multi-byte character) give the same summary', async () => {
  const text = log.replace('retry in 30s', 'retry in 30s — später');
  const whole = await triageLog(chunked(text, 1 << 20));
  for (const size of [1, 3, 7, 50]) assert.deepEqual(await triageLog(chunked(text, size)), whole, `chunks of ${size}`);
});

test('a last line without a newline is read; a 2 MB line is matched on its head and not kept', async () => {
  const noNewline = await triageLog(chunked('HTTP/1.1 503 Service Unavailable', 5));
  assert.deepEqual([noNewline.lines, noNewline.groups[0]?.key], [1, '503']);
  const huge = 'HTTP/1.1 502 Bad Gateway ' + 'x'.repeat(2 * 1024 * 1024) + '\nread ECONNRESET\n';
  const s = await triageLog(chunked(huge, 64 * 1024));
  assert.deepEqual(s.groups.map((g) => [g.key, g.firstLine]), [['502', 1], ['ECONNRESET', 2]]);
  assert.ok(s.groups[0]!.example.length <= 300);
  assert.equal(s.lines, 2);
});

test('a Python traceback in a log counts its exception, not the source lines it quotes', async () => {
  const trace = [
    'Traceback (most recent call last):',
    '  File "/usr/lib/python3.11/http/client.py", line 287, in _read_status',
    '    raise RemoteDisconnected("Remote end closed connection without"',
    'http.client.RemoteDisconnected: Remote end closed connection without response',
  ].join('\n') + '\n';
  const s = await triageLog(chunked(trace, 64 * 1024));
  assert.deepEqual(s.groups.map((g) => [g.key, g.count, g.firstLine]), [['empty-reply', 1, 4]]);
});

test('a Python frame at the end of one chunk still hides the source line that starts the next', async () => {
  const frame = '  File "/usr/lib/python3.11/http/client.py", line 287, in _read_status\n';
  const trace = 'Traceback (most recent call last):\n' + frame +
    '    raise RemoteDisconnected("Remote end closed connection without"\n' +
    'http.client.RemoteDisconnected: Remote end closed connection without response\n';
  const cut = Buffer.byteLength('Traceback (most recent call last):\n' + frame);
  const buf = Buffer.from(trace);
  const s = await triageLog(Readable.from([buf.subarray(0, cut), buf.subarray(cut)]));
  assert.deepEqual(s.groups.map((g) => [g.key, g.count, g.firstLine]), [['empty-reply', 1, 4]]);
});

test('colour codes in a log are not read: the words between them are', async () => {
  const log = '\x1b[31mERROR\x1b[0m curl: (7) Failed to connect to 127.0.0.1 port \x1b[1m9\x1b[0m after 0 ms: Couldn\'t connect to server\n' +
    '\x1b[32mINFO\x1b[0m status=\x1b[1m204\x1b[0m\n';
  const s = await triageLog(chunked(log, 7));
  assert.deepEqual([s.successes, s.groups.map((g) => [g.key, g.says])], [1, [['ECONNREFUSED', 'curl exit 7: could not connect to 127.0.0.1 port 9']]]);
  assert.ok(!s.groups[0]!.example.includes('\x1b'), s.groups[0]!.example);
});

test('a log with CRLF line ends gives the summary its LF twin gives, in chunks of any size', async () => {
  const lf = await triageLog(chunked(log, 1 << 20));
  const crlf = log.replace(/\n/g, '\r\n');
  for (const size of [1, 7, 64 * 1024]) assert.deepEqual(await triageLog(chunked(crlf, size)), lf, `chunks of ${size}`);
});

test('a chunk bigger than a stretch is read in stretches: a Python frame ending one still hides the line that starts the next', async () => {
  // One chunk of ~70 KB whose first stretch (32 KB) ends with the frame line that straddles its 32 KB mark.
  const filler = '2026-12-01T07:00:00Z INFO nothing to see here\n';
  const frame = '  File "/usr/lib/python3.11/http/client.py", line 287, in _read_status\n';
  let text = '';
  while (Buffer.byteLength(text) + filler.length < 32 * 1024 - 10) text += filler;
  text += frame + '    raise RemoteDisconnected("Remote end closed connection without"\n';
  while (Buffer.byteLength(text) < 70 * 1024) text += filler;
  text += 'http.client.RemoteDisconnected: Remote end closed connection without response\n';
  const frameAt = Buffer.byteLength(text.slice(0, text.indexOf(frame)));
  assert.ok(frameAt < 32 * 1024 && frameAt + frame.length > 32 * 1024, 'the frame straddles the stretch mark');
  const s = await triageLog(Readable.from([Buffer.from(text)]));
  assert.deepEqual(s.groups.map((g) => [g.key, g.count]), [['empty-reply', 1]]);
});

test('a chunk with a line longer than two stretches reads that line on its head and the lines around it as usual', async () => {
  const long = 'HTTP/1.1 502 Bad Gateway ' + 'x'.repeat(100 * 1024);
  const text = "curl: (7) Failed to connect to 127.0.0.1 port 9 after 0 ms: Couldn't connect to server\n" + long + '\nread ECONNRESET\n';
  const whole = await triageLog(Readable.from([Buffer.from(text)]));
  assert.deepEqual(whole.groups.map((g) => [g.key, g.firstLine]), [['ECONNREFUSED', 1], ['502', 2], ['ECONNRESET', 3]]);
  assert.equal(whole.lines, 3);
  assert.deepEqual(await triageLog(chunked(text, 64 * 1024)), whole);
});
