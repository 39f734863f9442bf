// How replay shows what happened: each answer as send shows one, beside the answer the app gave then
// ("was 500 in 14.2 s, now 200 in 80 ms"); many replays as one line each and a summary table.
import type { Delivery } from '../http/delivery.js';
import type { AnswerChange, ReplayResult } from '../replay/run.js';
import { stylesFor, type Styles } from './delivery.js';
import type { Output } from './output.js';

/** 80 ms, 4.3 ms, 14.2 s: as a person says it. */
const took = (ms: number) => (ms >= 1000 ? `${(ms / 1000).toFixed(1)} s` : ms >= 10 ? `${Math.round(ms)} ms` : `${ms.toFixed(1)} ms`);
const side = (a: { status?: number; ms: number; error?: string }) => `${a.error ?? a.status ?? 'no answer'} in ${took(a.ms)}`;

/** "was 500 in 14.2 s, now 200 in 80 ms", or "now 200 in 80 ms" when the capture holds no earlier answer. */
export function changeText(c: AnswerChange): string {
  return c.was ? `was ${side(c.was)}, now ${side(c.now)}` : `now ${side(c.now)}`;
}

export function outcomeOf(d: Delivery): string {
  return d.response ? String(d.response.status) : d.error?.code ?? 'failed';
}

/** One replay of many: its place (the progress), what was sent, what came back now and then. */
export function resultLine(s: Styles, r: ReplayResult, total: number, change: AnswerChange): string {
  const mark = r.delivery.ok ? s.green('✔') : s.red('✖');
  const { capture, built } = r.item;
  const width = String(total).length;
  return `${mark} ${String(r.index + 1).padStart(width)}/${total}  ${capture.method} ${capture.target}  ${s.dim(r.item.label)}  → ${s.bold(outcomeOf(r.delivery))}  ${s.dim(changeText(change))}${built.resigned ? s.dim(`  (re-signed: ${built.resigned})`) : ''}`;
}

export async function renderReplaySummary(output: Output, results: ReplayResult[], changes: AnswerChange[], elapsedMs: number): Promise<string> {
  const { renderTable } = await import('./table.js');
  const s = await stylesFor(output);
  const counts = new Map<string, { n: number; was: Map<string, number> }>();
  results.forEach((r, i) => {
    const key = outcomeOf(r.delivery);
    let row = counts.get(key);
    if (!row) counts.set(key, (row = { n: 0, was: new Map() }));
    row.n++;
    const was = changes[i]?.was;
    if (was) {
      const w = String(was.error ?? was.status ?? 'no answer');
      row.was.set(w, (row.was.get(w) ?? 0) + 1);
    }
  });
  const ok = results.filter((r) => r.delivery.ok).length;
  const table = await renderTable(output, ['now', 'count', 'was then'], [...counts].map(([k, v]) => [k, v.n, [...v.was].map(([w, n]) => `${w} ×${n}`).join(', ')]));
  const mark = ok === results.length ? s.green('✔') : s.red('✖');
  return `${mark} ${ok}/${results.length} answered 2xx in ${took(elapsedMs)} (${(results.length / Math.max(elapsedMs / 1000, 0.001)).toFixed(1)}/s)\n${table}`;
}
