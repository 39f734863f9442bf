// Printing the sender profiles: a table on a terminal, plain columns in a pipe.
import type { Output } from './output.js';
import type { ProfileRow } from '../profiles/summary.js';

function limitText(bytes: number | null): string {
  if (bytes === null) return '—';
  if (bytes % 1_000_000 === 0) return `${bytes / 1_000_000} MB`;
  if (bytes % 1024 === 0) return `${bytes / 1024} KiB`;
  return `${bytes} B`;
}

function cells(r: ProfileRow): string[] {
  return [r.name, r.sender, `${r.budgetSeconds} s${r.budgetAssumed ? ' (assumed)' : ''}`, r.signature ?? '—', r.handshake ?? '—', r.success, limitText(r.payloadLimitBytes)];
}

const head = ['name', 'sender', 'time budget', 'signature', 'handshake', 'success', 'payload limit'];

export async function renderProfileList(output: Output, rows: ProfileRow[], onTerminal: boolean): Promise<string> {
  const body = rows.map(cells);
  if (onTerminal) {
    const { renderTable } = await import('./table.js');
    return renderTable(output, head, body, { wordWrap: false });
  }
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((row) => row[i]!.length)));
  return [head, ...body].map((row) => row.map((c, i) => (i === row.length - 1 ? c : c.padEnd(widths[i]!))).join('  ')).join('\n');
}
