// The triage's fast verdict (RegExp#test, the status read where the match ended) names the same row, key and
// status as the whole match, on every line any test knows, with every row a candidate.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { patternTables } from '../../src/kb/patterns/index.js';
import { bestAmong, patternRows, trialFor, verdictAmong, type Verdict } from '../../src/kb/recognise.js';
import { heldOut } from './fixtures/held-out.js';
import { reviewLines } from './fixtures/review-lines.js';

const quoted = [
  ...patternTables.flatMap((t) => t.rows.flatMap((r) => r.examples.map((e) => e.line))),
  ...heldOut.map((h) => h.line),
  ...reviewLines.map((h) => h.line),
];
// Where a shortcut could go wrong: a status no log reports, a status that is not the match's end, a number after it.
const edges = [
  'status=999 retry later', 'HTTP/1.1 099 odd', 'level=warn status=204.5 took', 'got 200 OK then 503',
  'POST /hooks [503] after 3 tries', 'error 502: upstream', 'status code 204', 'answered 4290 bytes', 'code=503x',
  'Received HTTP code 407 from proxy after CONNECT', 'webhook status="429"', '  status: 200', 'HTTP/2 301',
];
const every = Array.from({ length: patternRows.length }, (_, i) => i);

test('the verdict agrees with the whole match on every known line, in any case', () => {
  const into: Verdict = { row: undefined, key: '', entry: undefined, status: undefined };
  let hits = 0;
  for (const line of [...quoted, ...edges].flatMap((l) => [l, l.toUpperCase(), l.toLowerCase()])) {
    const whole = bestAmong(line, every);
    const found = verdictAmong(line, every, into);
    assert.equal(found, whole !== undefined, line);
    if (!whole) continue;
    hits++;
    assert.deepEqual([into.row?.id, into.key, into.status], [whole.row.id, whole.key, whole.status], line);
  }
  assert.ok(hits > quoted.length, `${hits} hits`);
});

test('a status is read from where the match ended only when the regex ends with the status and has no other way to match', () => {
  const status = (re: RegExp) => trialFor({ key: '{status}', re });
  assert.equal(status(/\bHTTP\/\d(?:\.\d)?"?\s+(?<status>\d{3})\b/i), 'status');
  assert.equal(status(/\bstatus\s*(?<status>\d{3})\b(?![.:]\d)/i), 'status');
  assert.equal(status(/offline|answered (?<status>\d{3})/), 'full');
  assert.equal(status(/(?:offline|answered) (?<status>\d{3})/), 'status');
  assert.equal(status(/[|]answered (?<status>\d{3})/), 'status');
  assert.equal(status(/\|answered (?<status>\d{3})/), 'status');
  assert.equal(status(/\[(?<status>\d{3})\]/), 'full');
  assert.equal(status(/answered (?<status>\d{3})?/), 'full');
  assert.equal(trialFor({ key: '{code}', re: /(?<code>E[A-Z]+)/ }), 'full');
  assert.equal(trialFor({ key: '{status}', re: /(?<status>\d{3}) (?<phrase>\w+)/, reasonPhrase: true }), 'full');
  assert.equal(trialFor({ key: 'ECONNREFUSED', re: /connection refused/i }), 'test');
});
