// How `explain` looks on a terminal: an entry as readable text, the sender's view, the --list rows.
import type { KbEntry } from '../kb/schema.js';
import type { SenderFacts } from '../kb/sender-facts.js';
import { isTerminal, type Output } from './output.js';

type Paint = (text: string) => string;
export interface ExplainStyles {
  heading: Paint;
  title: Paint;
  command: Paint;
  dim: Paint;
  retry: Record<'yes' | 'no' | 'depends', Paint>;
}

const plain: Paint = (t) => t;
const plainStyles: ExplainStyles = { heading: plain, title: plain, command: plain, dim: plain, retry: { yes: plain, no: plain, depends: plain } };

/** Styles for this output; chalk is loaded only when colour is on, so piped output never pays for it. */
export async function explainStyles(output: Output): Promise<ExplainStyles> {
  if (!output.color) return plainStyles;
  const c = await output.style();
  return {
    heading: (t) => c.bold(t),
    title: (t) => c.bold.cyan(t),
    command: (t) => c.green(t),
    dim: (t) => c.dim(t),
    retry: { yes: (t) => c.green(t), no: (t) => c.red(t), depends: (t) => c.yellow(t) },
  };
}

/** Wraps prose to `width`, indenting continuation lines; commands are never wrapped (they are copied). */
function wrap(text: string, width: number, indent: string, firstIndent = indent): string[] {
  const lines: string[] = [];
  let line = firstIndent;
  let empty = true;
  for (const word of text.split(/\s+/)) {
    if (!word) continue;
    if (!empty && line.length + 1 + word.length > width) {
      lines.push(line);
      line = indent + word;
    } else {
      line += (empty ? '' : ' ') + word;
    }
    empty = false;
  }
  lines.push(line);
  return lines;
}

export interface EntryView {
  entry: KbEntry;
  /** Sender facts: one sender with --profile, else every sender the entry names. */
  senders: SenderFacts[];
  /** Where the code was found, when explaining a log. */
  found?: { line: string; lineNumber: number; match: string; says?: string; count?: number; single?: boolean };
}

export function renderEntry(view: EntryView, s: ExplainStyles, width: number): string[] {
  const { entry } = view;
  const out: string[] = [];
  out.push(s.title(entry.title));
  if (view.found?.says) out.push(`  recognised: ${view.found.says}${view.found.count !== undefined ? ` (${view.found.count.toLocaleString('en-US')} line${view.found.count === 1 ? '' : 's'})` : ''}`);
  if (view.found && !view.found.single) {
    const where = view.found.count !== undefined ? `first at line ${view.found.lineNumber}` : `line ${view.found.lineNumber}`;
    const room = width - where.length - 4;
    out.push(s.dim(`  ${where}: ${view.found.line.length > room ? view.found.line.slice(0, Math.max(10, room - 1)) + '…' : view.found.line}`));
  }
  out.push(...wrap(entry.meaning, width, ''));
  out.push('', s.heading('Common causes'));
  for (const cause of entry.causes) out.push(...wrap(cause, width, '    ', '  - '));
  out.push('', s.heading('How to fix and check'));
  entry.fixes.forEach((fix, i) => {
    out.push(...wrap(fix.text, width, '     ', `  ${i + 1}. `));
    if (fix.command) out.push(`     ${s.command('$ ' + fix.command)}`);
  });
  out.push('', `${s.heading('Retry:')} ${s.retry[entry.retry.retry](entry.retry.retry)}`);
  out.push(...wrap(entry.retry.why, width, '  '));
  for (const sender of view.senders) {
    if (sender.facts.length === 0 && !sender.rateLimits) continue;
    out.push('', s.heading(`${sender.displayName}`));
    for (const fact of sender.facts) out.push(...wrap(fact, width, '    ', '  - '));
    if (sender.rateLimits) out.push(...renderPlans(sender.rateLimits, s));
    if (sender.sources.length) out.push(s.dim(`  (${sender.sources.join('; ')})`));
  }
  out.push('', ...wrap(`${s.heading('Sources:')} ${entry.sources.join(', ')}`, width, '  ', ''));
  if (entry.related.length) out.push(`${s.heading('See also:')} ${entry.related.map((k) => `explain ${k}`).join(', ')}`);
  return out;
}

function renderPlans(plans: SenderFacts['rateLimits'] & object, s: ExplainStyles): string[] {
  const rows = plans.map((p) => [p.plan, p.perMinute ? `${p.perMinute.toLocaleString('en-US')}/min` : '', p.perDay ? `${p.perDay.toLocaleString('en-US')}/day` : '', p.note ?? '']);
  const widths = [0, 1, 2].map((i) => Math.max(...rows.map((r) => r[i]!.length), ['Plan', 'Per minute', 'Per day'][i]!.length));
  const line = (cells: string[]) => '  ' + cells.map((c, i) => (i < 3 ? c.padEnd(widths[i]!) : c)).join('  ').trimEnd();
  return [s.dim(line(['Plan', 'Per minute', 'Per day'])), ...rows.map(line)];
}

/** The text for several entries, separated by a rule. */
export function renderEntries(views: EntryView[], s: ExplainStyles, width: number): string {
  const rule = s.dim('─'.repeat(Math.min(width, 60)));
  return views.map((v) => renderEntry(v, s, width).join('\n')).join(`\n\n${rule}\n\n`);
}

/** `explain --list` as a cli-table3 table, one line per entry (no rules between rows). */
export async function renderList(entries: readonly KbEntry[], output: Output): Promise<string> {
  const { default: Table } = await import('cli-table3');
  const table = new Table({
    head: ['key', 'kind', 'title', 'retry'],
    chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' },
    style: { head: output.color ? ['bold'] : [], border: output.color ? ['grey'] : [], compact: true },
  });
  for (const row of listRows(entries)) table.push(row);
  return table.toString();
}

/** Rows of `explain --list`: key, kind, title, whether to retry. */
export function listRows(entries: readonly KbEntry[]): string[][] {
  return entries.map((e) => [e.key, e.kind, e.title.replace(new RegExp(`^${e.key}:?\\s*`), '') || e.title, e.retry.retry]);
}

/** Width to wrap prose at: the terminal's, within reason; 80 when piped. */
export function textWidth(): number {
  const columns = isTerminal(1) ? process.stdout.columns : undefined;
  return Math.max(40, Math.min(columns ?? 80, 100));
}
