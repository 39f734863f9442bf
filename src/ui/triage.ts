// How `explain -` shows a triaged log: the summary table first, then each failure's explanation, most frequent first.
import type { TriageSummary } from '../kb/triage.js';
import { renderEntries, type EntryView, type ExplainStyles } from './explain.js';

function plural(n: number, word: string, many = `${word}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? word : many}`;
}

function table(rows: string[][], s: ExplainStyles): string[] {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r, n) => {
    const line = '  ' + r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!))).join('  ').trimEnd();
    return n === 0 ? s.dim(line) : line;
  });
}

/** The summary: one row per entry found (lines, first/last line and time), then the counts. */
export function renderTriageSummary(summary: TriageSummary, s: ExplainStyles): string[] {
  const out: string[] = [];
  out.push(s.heading(`${plural(summary.lines, 'line')} read: ${plural(summary.failures, 'failure')} of ${plural(summary.groups.length, 'kind')}, ${plural(summary.successes, 'success', 'successes')} (2xx, counted, not explained)`));
  if (summary.groups.length === 0) return out;
  const withTime = summary.groups.some((g) => g.firstTime);
  const head = ['entry', 'lines', 'first', 'last', ...(withTime ? ['first time', 'last time'] : []), 'recognised'];
  const rows = summary.groups.map((g) => [
    g.key,
    g.count.toLocaleString('en-US'),
    String(g.firstLine),
    String(g.lastLine),
    ...(withTime ? [g.firstTime ?? '', g.lastTime ?? ''] : []),
    g.says,
  ]);
  out.push('', ...table([head, ...rows], s));
  return out;
}

/** The whole report: summary, then the explanations (views are in the summary's order). */
export function renderTriage(summary: TriageSummary, views: EntryView[], s: ExplainStyles, width: number): string {
  const parts = [renderTriageSummary(summary, s).join('\n')];
  if (views.length) parts.push(renderEntries(views, s, width));
  const rule = s.dim('─'.repeat(Math.min(width, 60)));
  return parts.join(`\n\n${rule}\n\n`);
}
