// The byte automaton finds, for every line, exactly the needles a plain search finds (ASCII case folded), with
// the right line numbers, wherever the bytes sit in memory and however long the stretch (one walk, two, by words).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileNeedles, findNeedleLines, needleAutomaton, NeedleLines } from '../../src/kb/needle-automaton.js';
import { patternTables } from '../../src/kb/patterns/index.js';

const needles = [...new Set(patternTables.flatMap((t) => t.rows.flatMap((r) => r.needles)))];
const asciiLower = (s: string) => s.replace(/[A-Z]/g, (c) => c.toLowerCase());

/** Lines holding needles, side by side with lines holding none, in mixed case, with a non-ASCII line now and then. */
function sampleLines(): string[] {
  const lines: string[] = [];
  let seed = 11;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
  for (const [i, needle] of needles.entries()) {
    const cased = needle.replace(/[a-z]/g, (c) => (next() % 2 ? c.toUpperCase() : c));
    lines.push(`2026-12-01T07:00:${String(i % 60).padStart(2, '0')}Z x${cased}y ${needles[next() % needles.length]}`);
    lines.push(next() % 5 ? 'level=debug depth=3 worker=1 port=443' : 'café — 日本語 İstanbul ſ K');
    if (i % 7 === 0) lines.push('');
  }
  return lines;
}

/** What a plain search says: for each line holding a needle, its number and the needles in it. */
function reference(lines: string[]) {
  return lines.flatMap((line, n) => {
    const inLine = needles.filter((needle) => asciiLower(line).includes(needle)).sort();
    return inLine.length ? [{ n, inLine }] : [];
  });
}

function viaAutomaton(bytes: Uint8Array, start: number, end: number) {
  const out = new NeedleLines();
  findNeedleLines(bytes, start, end, out);
  const lines = [];
  for (let i = 0; i < out.length; i++) {
    const inLine = new Set<string>();
    for (let k = out.stateFrom[i]!; k < out.stateFrom[i + 1]!; k++) for (const needle of needleAutomaton.found.get(out.states[k]!)!) inLine.add(needle);
    lines.push({ n: out.numbers[i]!, inLine: [...inLine].sort(), start: out.starts[i]!, end: out.ends[i]! });
  }
  return { lines, newlines: out.lines };
}

test('every line gets exactly the needles in it, at any alignment and any length', () => {
  const lines = sampleLines();
  const want = reference(lines);
  const text = Buffer.from(lines.join('\n') + '\n');
  assert.ok(text.length > 3 * 4096, 'long enough for two walks by words');
  for (const length of [text.length, 5000, 300]) {
    const part = text.subarray(0, text.lastIndexOf(10, length - 1) + 1);
    const partLines = part.toString().split('\n').slice(0, -1);
    for (let offset = 0; offset < 8; offset++) {
      // A view that starts inside its memory (byteOffset 0..3) and the stretch at `offset` in it.
      const padded = Buffer.alloc(part.length + offset + 8, 0x2e).subarray(offset % 4);
      part.copy(padded, offset);
      const got = viaAutomaton(padded, offset, offset + part.length);
      assert.equal(got.newlines, partLines.length, `newlines, length ${length}, offset ${offset}`);
      assert.deepEqual(got.lines.map(({ n, inLine }) => ({ n, inLine })), want.filter((w) => w.n < partLines.length), `length ${length}, offset ${offset}`);
      for (const line of got.lines) assert.equal(padded.subarray(line.start, line.end).toString(), partLines[line.n], `line ${line.n} bounds`);
    }
  }
});

test('a stretch that does not end with a newline still reports its last line', () => {
  const out = new NeedleLines();
  const bytes = Buffer.from('nothing\nread ECONNRESET');
  findNeedleLines(bytes, 0, bytes.length, out);
  assert.deepEqual([out.length, out.numbers[0], out.starts[0], out.ends[0], out.lines], [1, 1, 8, bytes.length, 1]);
});

test('a needle must be lower-case ASCII without a newline', () => {
  for (const bad of ['Timeout', 'café', 'two\nlines', '']) assert.throws(() => compileNeedles([bad]), /needle/);
});
