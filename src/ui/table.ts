// Tables for terminals (cli-table3), loaded only by the commands that print one.
import type { Output } from './output.js';

/** Renders rows as a cli-table3 table; borders in plain ASCII-compatible box characters, no colour codes when colour is off. */
export async function renderTable(
  output: Output,
  head: string[],
  rows: Array<Array<string | number>>,
  opts: { colWidths?: number[]; wordWrap?: boolean } = {},
): Promise<string> {
  const { default: Table } = await import('cli-table3');
  const table = new Table({
    head,
    style: { head: output.color ? ['bold'] : [], border: output.color ? ['grey'] : [] },
    wordWrap: opts.wordWrap ?? true,
    ...(opts.colWidths ? { colWidths: opts.colWidths } : {}),
  });
  for (const row of rows) table.push(row.map(String));
  return table.toString();
}
