// A JSON value as a collapsible tree of <details>: keys and values as text, the first levels open.
import { el } from './dom.js';

const OPEN_DEPTH = 1;
const MAX_CHILDREN = 2000;

function scalar(value: unknown): HTMLElement {
  if (value === null) return el('span', { class: 'j-null' }, 'null');
  if (typeof value === 'string') return el('span', { class: 'j-str' }, JSON.stringify(value));
  if (typeof value === 'number') return el('span', { class: 'j-num' }, String(value));
  return el('span', { class: 'j-bool' }, String(value));
}

function node(key: string | undefined, value: unknown, depth: number): HTMLElement {
  const label = key === undefined ? null : el('span', { class: 'j-key' }, JSON.stringify(key), ': ');
  if (value === null || typeof value !== 'object') return el('div', { class: 'j-leaf' }, label, scalar(value));
  const isArray = Array.isArray(value);
  const entries: Array<[string, unknown]> = isArray ? (value as unknown[]).map((v, i) => [String(i), v]) : Object.entries(value as object);
  const summary = el('summary', {}, label, el('span', { class: 'j-shape' }, isArray ? `[${entries.length}]` : `{${entries.length}}`));
  const details = el('details', { class: 'j-node', ...(depth < OPEN_DEPTH ? { open: true } : {}) }, summary);
  // Children are built when first opened: a 40 KB alert opens at once, a 5 MB one does not freeze the page.
  let built = false;
  const build = () => {
    if (built) return;
    built = true;
    const children = el('div', { class: 'j-children' });
    for (const [k, v] of entries.slice(0, MAX_CHILDREN)) children.appendChild(node(isArray ? undefined : k, v, depth + 1));
    if (entries.length > MAX_CHILDREN) children.appendChild(el('div', { class: 'j-more' }, `… ${entries.length - MAX_CHILDREN} more`));
    details.appendChild(children);
  };
  if (details.open) build();
  details.addEventListener('toggle', build);
  return details;
}

export function jsonTree(value: unknown): HTMLElement {
  return el('div', { class: 'json-tree' }, node(undefined, value, 0));
}
