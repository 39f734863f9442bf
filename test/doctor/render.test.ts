// Rendering a report: the card's verdict and advice, Markdown cells that cannot break the table.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderMarkdown, renderReportCard } from '../../src/ui/doctor.js';
import { summarize, type CheckReport, type DoctorReport } from '../../src/doctor/report.js';
import { createOutput } from '../../src/ui/output.js';

function report(checks: CheckReport[]): DoctorReport {
  return {
    target: 'https://example.com/hooks', builtin: false, profile: 'cloudaipilot', budgetSeconds: 10, notes: [],
    startedAt: '2026-11-22T10:00:00.000Z', finishedAt: '2026-11-22T10:00:02.000Z',
    checks, exchanges: [{ check: 'post', method: 'POST', bytes: 120, status: 503, requestId: 'req_42', ms: 80 }],
    ...summarize(checks),
  };
}

const failing: CheckReport[] = [
  { id: 'url', label: 'URL', level: 'pass', ms: 0, findings: [{ level: 'pass', title: 'uses HTTPS' }] },
  { id: 'post', label: 'POST sample', level: 'fail', ms: 80, findings: [{ level: 'fail', title: 'answered 503 | upstream down', detail: 'Retry later.', kb: '503' }] },
];

test('one failed finding makes the report not ok; warnings alone do not', () => {
  assert.equal(report(failing).ok, false);
  assert.equal(report([{ id: 'dns', label: 'DNS', level: 'warn', ms: 0, findings: [{ level: 'warn', title: 'private' }] }]).ok, true);
});

test('markdown: time, target, each finding with its kb key, the requests with status and request id; pipes escaped', () => {
  const md = renderMarkdown(report(failing));
  assert.match(md, /\*\*Time \(UTC\):\*\* 2026-11-22T10:00:00\.000Z/);
  assert.match(md, /\*\*Target:\*\* `https:\/\/example\.com\/hooks`/);
  assert.match(md, /\| POST sample \| FAIL \| answered 503 \\\| upstream down — Retry later\. \| 503 \|/);
  assert.match(md, /\| 1 \| post \| POST \| 120 \| 503 \| req_42 \| 80 \|/);
});

test('the report card shows the verdict, the advice and the explain command for the failing key', async () => {
  const card = await renderReportCard(createOutput(), report(failing));
  assert.match(card, /FAILED: 1 failed/);
  assert.match(card, /• POST sample: Retry later\./);
  assert.match(card, /webhook-doctor explain 503/);
});
