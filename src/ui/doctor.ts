// Rendering a doctor report: the terminal report card, Markdown for a support ticket, JSON for scripts.
import type { FindingLevel } from '../findings.js';
import type { DoctorReport } from '../doctor/report.js';
import type { Output } from './output.js';
import { renderTable } from './table.js';

declare const __VERSION__: string;
const version = () => (typeof __VERSION__ === 'string' ? __VERSION__ : '0.0.0-dev');

function verdict(report: DoctorReport): string {
  const { pass, info, warn, fail } = report.counts;
  const head = fail ? `FAILED: ${fail} failed` : warn ? `passed with ${warn} warning${warn > 1 ? 's' : ''}` : 'all checks passed';
  return `${head} (${pass} pass, ${info} info, ${warn} warn, ${fail} fail)`;
}

export async function renderReportCard(output: Output, report: DoctorReport): Promise<string> {
  const c = await output.style();
  const paint: Record<FindingLevel, (s: string) => string> = { pass: c.green, info: c.cyan, warn: c.yellow, fail: c.red.bold };
  const lines: string[] = [];
  lines.push(c.bold(`webhook-doctor doctor ${report.target}`));
  lines.push(`profile ${report.profile}, time budget ${report.budgetSeconds} s${report.scheme ? `, signatures ${report.scheme}` : ''}, ${report.startedAt}`);
  for (const note of report.notes) lines.push(c.cyan(note));
  const rows: string[][] = [];
  for (const check of report.checks) {
    check.findings.forEach((f, i) => rows.push([i === 0 ? check.label : '', paint[f.level](f.level), f.title, f.kb ?? '']));
  }
  const width = Math.max(80, Math.min(process.stdout.columns || 120, 160));
  const kbWidth = Math.max(4, ...rows.map((r) => r[3]!.length)) + 2;
  const reasonWidth = width - 16 - 8 - kbWidth - 5;
  lines.push(await renderTable(output, ['check', 'result', 'reason', 'kb'], rows, { colWidths: [16, 8, reasonWidth, kbWidth] }));
  const advice = [...new Set(report.checks.flatMap((ch) => ch.findings.filter((f) => (f.level === 'fail' || f.level === 'warn') && f.detail).map((f) => `  ${paint[f.level]('•')} ${ch.label}: ${f.detail}`)))];
  if (advice.length) lines.push('What to do:', ...advice);
  lines.push(paint[report.level === 'info' ? 'pass' : report.level](verdict(report)));
  const keys = [...new Set(report.checks.flatMap((ch) => ch.findings.filter((f) => f.level === 'fail' || f.level === 'warn').map((f) => f.kb).filter(Boolean)))];
  if (keys.length) lines.push(`More on each kb key: webhook-doctor explain ${keys[0]}${keys.length > 1 ? `   (also: ${keys.slice(1).join(', ')})` : ''}`);
  return lines.join('\n');
}

const cell = (s: string | number | undefined) => (s === undefined || s === '' ? ' ' : String(s).replace(/\|/g, '\\|').replace(/\n/g, ' '));

export function renderMarkdown(report: DoctorReport): string {
  const lines: string[] = [];
  lines.push('## Webhook endpoint check (webhook-doctor)', '');
  lines.push(`- **Time (UTC):** ${report.startedAt} to ${report.finishedAt}`);
  lines.push(`- **Target:** \`${report.target}\`${report.builtin ? ' (the built-in receiver)' : ''}`);
  lines.push(`- **Sender profile:** ${report.profile} (time budget ${report.budgetSeconds} s)${report.scheme ? `, signature scheme ${report.scheme}` : ''}`);
  lines.push(`- **Result:** ${verdict(report)}`);
  lines.push(`- **Tool:** webhook-doctor ${version()}, Node.js ${process.version}`);
  for (const note of report.notes) lines.push(`- ${note}`);
  lines.push('');
  lines.push('| Check | Result | Finding | KB key |', '| --- | --- | --- | --- |');
  for (const ch of report.checks) {
    for (const f of ch.findings) lines.push(`| ${cell(ch.label)} | ${f.level.toUpperCase()} | ${cell(f.title + (f.detail && f.level !== 'pass' ? ` — ${f.detail}` : ''))} | ${cell(f.kb)} |`);
  }
  if (report.exchanges.length) {
    lines.push('', '### Requests sent', '', '| # | Check | Method | Bytes | Status | Request id | Time (ms) |', '| --- | --- | --- | --- | --- | --- | --- |');
    report.exchanges.forEach((x, i) => lines.push(`| ${i + 1} | ${x.check} | ${x.method} | ${x.bytes} | ${cell(x.status ?? x.error)} | ${cell(x.requestId)} | ${x.ms} |`));
  }
  return lines.join('\n') + '\n';
}

export function reportJson(report: DoctorReport): unknown {
  return { tool: `webhook-doctor ${version()}`, ...report };
}
