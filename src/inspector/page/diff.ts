// Two captures side by side as the diff command sees them: what differs in the headers as sent, the body
// (JSON-aware, with byte offsets), the signature verdicts and the answers.
import { el } from './dom.js';

export function renderDiff(a: string, b: string, result: unknown): HTMLElement {
  return el('article', { class: 'diff' },
    el('h2', {}, 'Diff'),
    el('div', { class: 'meta' }, `${a} → ${b}`),
    el('pre', { class: 'raw diff-text' }, typeof result === 'string' ? result : JSON.stringify(result, null, 2)));
}
