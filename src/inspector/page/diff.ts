// Two captures side by side as history's diff sees them: the request line, what differs in the headers
// as sent (values, case, order), the body (JSON paths, key order, whitespace, escaping, or byte offsets),
// the signature verdicts and the app's answers.
import type { DiffAnswer } from '../api-types.js';
import type { BodyDiff } from '../../history/diff.js';
import { el } from './dom.js';

const show = (v: unknown) => {
  const t = JSON.stringify(v);
  return t === undefined ? 'undefined' : t.length > 120 ? t.slice(0, 117) + '…' : t;
};

function row(kind: string, what: string, a: string, b: string): HTMLElement {
  return el('tr', { class: `diff-row diff-${kind}` }, el('td', { class: 'diff-kind' }, kind), el('th', {}, what), el('td', { class: 'diff-a' }, a), el('td', { class: 'diff-b' }, b));
}

function bodyRows(body: BodyDiff): HTMLElement[] {
  if (body.kind === 'same') return [row('same', 'body', `${body.bytes} bytes`, 'the same bytes')];
  if (body.kind === 'bytes') {
    return [
      row('bytes', 'body', `${body.aBytes} bytes`, `${body.bBytes} bytes; first difference at offset ${body.firstDifference}`),
      ...body.ranges.map((r) => row('bytes', `at ${r.offset}`, JSON.stringify(r.a), JSON.stringify(r.b))),
    ];
  }
  const rows = [row('json', 'body', `${body.aBytes} bytes`, `${body.bBytes} bytes`)];
  for (const c of body.changes) rows.push(row(c.kind, c.path, c.kind === 'added' ? '' : show(c.a), c.kind === 'removed' ? '' : show(c.b)));
  for (const k of body.keyOrder) rows.push(row('key order', k.path || '(top)', k.a.join(', '), k.b.join(', ')));
  if (body.whitespace) rows.push(row('whitespace', 'layout', body.whitespace.a, body.whitespace.b));
  if (body.escaping) rows.push(row('escaping', 'strings or numbers', 'written one way', body.unicodeEscaped ? `${body.unicodeEscaped} writes non-ASCII as \\u escapes` : 'written another'));
  if (!body.changes.length) rows.push(row('note', 'data', 'the same values', 'the bytes differ, not the data: a signature over the bytes still breaks'));
  return rows;
}

export function renderDiff(result: DiffAnswer): HTMLElement {
  const d = result.diff;
  const rows: HTMLElement[] = [];
  rows.push(row(d.requestLine.same ? 'same' : 'changed', 'request line', d.requestLine.a, d.requestLine.b));
  for (const h of d.headers) {
    if (h.kind === 'case') rows.push(row('case', h.name, h.name, h.bName ?? ''));
    else rows.push(row(h.kind, h.name, (h.a ?? []).join(', '), (h.b ?? []).join(', ')));
  }
  if (d.headerOrder) rows.push(row('order', 'headers', d.headerOrder.a.join(', '), d.headerOrder.b.join(', ')));
  rows.push(...bodyRows(d.body));
  rows.push(row(result.signatures.a === result.signatures.b ? 'same' : 'changed', 'signature', result.signatures.a, result.signatures.b));
  const answer = (s: typeof d.answers.a) => (s ? `${s.error ?? s.status} in ${Math.round(s.ms)} ms (${s.by})` : '—');
  if (d.answers.a || d.answers.b) rows.push(row('answer', 'the app answered', answer(d.answers.a), answer(d.answers.b)));
  return el('article', { class: 'diff' },
    el('h2', {}, d.same ? 'The same request' : 'What differs'),
    el('table', { class: 'diff-table' },
      el('thead', {}, el('tr', {}, el('th', {}), el('th', {}), el('th', {}, `a: ${result.a}`), el('th', {}, `b: ${result.b}`))),
      el('tbody', {}, ...rows)));
}
