// How `history` shows what the store holds: a table on a terminal, one tab-separated line per capture for a
// pipe, NDJSON with --json; and the one-line results of rm and import.
import type { CaptureSummary } from '../history/store.js';
import { formatBytes } from '../capture/inspect.js';
import { isTerminal, type Output } from './output.js';
import { renderTable } from './table.js';

const marks: Record<CaptureSummary['level'], string> = { pass: '', info: 'i', warn: '!', fail: '✗' };

/** The answer in a few characters: 200, 503 (chaos), timeout, reset; with the app's status when relayed. */
export function answerText(s: CaptureSummary): string {
  if (s.answer === 'timeout') return 'no answer';
  if (s.answer === 'reset') return 'reset';
  if (s.forward) return s.forward.error ? `502 (${s.forward.error})` : `${s.status ?? '-'} app`;
  return String(s.status ?? '-');
}

function findingsText(s: CaptureSummary): string {
  return s.findingCount ? `${marks[s.level]} ${s.findingCount}`.trim() : '';
}

function row(s: CaptureSummary): string[] {
  return [s.id, s.method, s.target.length > 48 ? s.target.slice(0, 47) + '…' : s.target, answerText(s), formatBytes(s.bodyBytes), s.sender ?? '', findingsText(s)];
}

export async function renderHistory(output: Output, list: CaptureSummary[], dir: string): Promise<string> {
  if (list.length === 0) return `no captures in ${dir} match`;
  if (!isTerminal(1)) return list.map((s) => row(s).join('\t')).join('\n');
  return await renderTable(output, ['id', 'method', 'path', 'answer', 'body', 'sender', 'findings'], list.map(row), { wordWrap: false });
}
