// The inspector page: the live list (loaded once, then Server-Sent Events), the filter, the keyboard,
// the detail of the selected capture, and diffing two marked ones. It renders what the server returns.
import './style.css';
import type { CaptureSummary } from '../api-types.js';
import { getCapture, listCaptures, postJson } from './api.js';
import { clear, el, formatBytes } from './dom.js';
import { renderDetail, type DetailActions } from './detail.js';
import { renderDiff } from './diff.js';
import { parseFilter, type Filter } from './filter.js';
import { createVirtualList } from './list.js';

const ROW_HEIGHT = 28;

const all: CaptureSummary[] = []; // oldest first, as they arrived
let view: CaptureSummary[] = []; // the filtered ones, oldest first too; the list shows them newest first
const shownAt = (row: number) => view[view.length - 1 - row]!;
let filter: Filter | undefined;
let selected: string | undefined;
const marked: string[] = [];
let canReplay = false;
let canDiff = false;

const count = el('span', { id: 'count', class: 'count' }, '0');
const shown = el('span', { class: 'shown' });
const live = el('span', { class: 'live', title: 'live updates' }, 'connecting…');
const filterInput = el('input', { id: 'filter', type: 'search', placeholder: '/ to filter: method:POST status:5xx path:/hooks sender:github has:findings', autocomplete: 'off', spellcheck: 'false' });
const diffButton = el('button', { type: 'button', id: 'diff', disabled: true }, 'Diff 2 marked');
const detailPane = el('main', { id: 'detail', class: 'detail-pane' }, el('p', { class: 'note' }, 'Select a capture (j/k, or click). Mark two with x to diff them.'));

function statusClass(s: CaptureSummary['status']): string {
  if (typeof s !== 'number') return 'st-none';
  return `st-${Math.floor(s / 100)}xx`;
}

function renderRow(index: number): HTMLElement {
  const c = shownAt(index);
  const mark = el('input', { type: 'checkbox', class: 'mark-box', title: 'mark for diff (x)', 'aria-label': 'mark for diff' });
  mark.checked = marked.includes(c.id);
  mark.addEventListener('click', (ev) => { ev.stopPropagation(); toggleMark(c.id); });
  const badge = c.fail ? el('span', { class: 'badge fail', title: `${c.fail} failing finding(s)` }, String(c.fail + c.warn))
    : c.warn ? el('span', { class: 'badge warn', title: `${c.warn} warning(s)` }, String(c.warn)) : el('span', { class: 'badge none' });
  const row = el('div', {
    class: `row${c.id === selected ? ' selected' : ''}${mark.checked ? ' marked' : ''}`,
    role: 'option', 'data-id': c.id, 'data-index': index, 'aria-selected': String(c.id === selected),
    onclick: () => select(c.id),
  },
    mark,
    el('span', { class: `status ${statusClass(c.status)}` }, String(c.status ?? '–')),
    el('span', { class: 'method' }, c.method),
    el('span', { class: 'target' }, c.target),
    badge,
    el('span', { class: 'sender' }, c.sender),
    el('span', { class: 'size' }, formatBytes(c.bytes)),
    el('span', { class: 'time' }, c.at.slice(11, 19)));
  return row;
}

const list = createVirtualList({ rowHeight: ROW_HEIGHT, renderRow, empty: 'No captures yet: point a sender at the capture URL.' });

function rebuildView(): void {
  view = filter ? all.filter(filter) : all.slice();
  shown.textContent = filter ? `${view.length} shown` : '';
  list.setCount(view.length);
}

function addCaptures(batch: CaptureSummary[]): void {
  let added = 0;
  for (const c of batch) {
    all.push(c);
    if (!filter || filter(c)) { view.push(c); added++; }
  }
  count.textContent = String(all.length);
  if (!added) return;
  if (filter) shown.textContent = `${view.length} shown`;
  list.setCount(view.length, added);
}

let loading = 0;
async function select(id: string): Promise<void> {
  selected = id;
  list.refresh();
  const ticket = ++loading;
  try {
    const detail = await getCapture(id);
    if (ticket !== loading) return;
    clear(detailPane);
    detailPane.appendChild(renderDetail(detail, actions));
  } catch (err) {
    if (ticket !== loading) return;
    clear(detailPane);
    detailPane.appendChild(el('p', { class: 'error' }, (err as Error).message));
  }
}

function move(step: number): void {
  if (!view.length) return;
  let at = -1;
  for (let row = 0; row < view.length; row++) if (shownAt(row).id === selected) { at = row; break; }
  const next = Math.max(0, Math.min(view.length - 1, at < 0 ? 0 : at + step));
  list.reveal(next);
  void select(shownAt(next).id);
}

function toggleMark(id: string): void {
  const at = marked.indexOf(id);
  if (at >= 0) marked.splice(at, 1);
  else {
    marked.push(id);
    if (marked.length > 2) marked.shift();
  }
  diffButton.disabled = !canDiff || marked.length !== 2;
  list.refresh();
}

async function diffMarked(): Promise<void> {
  if (marked.length !== 2) return;
  const [a, b] = marked as [string, string];
  clear(detailPane);
  detailPane.appendChild(el('p', { class: 'note' }, 'diffing…'));
  try {
    const result = await postJson<unknown>('/api/diff', { a, b });
    clear(detailPane);
    detailPane.appendChild(renderDiff(a, b, result));
  } catch (err) {
    clear(detailPane);
    detailPane.appendChild(el('p', { class: 'error' }, (err as Error).message));
  }
}

const actions: DetailActions = {
  copy: async (text) => {
    try { await navigator.clipboard.writeText(text); return true; } catch { return false; }
  },
};

/** Open the live stream; resolves once the server has it (so nothing arriving after the list load is missed). */
function connect(): Promise<void> {
  const events = new EventSource('/api/events');
  const opened = new Promise<void>((resolve) => events.addEventListener('open', () => resolve(), { once: true }));
  events.addEventListener('open', () => { live.textContent = 'live'; live.className = 'live on'; });
  events.addEventListener('error', () => { live.textContent = 'reconnecting…'; live.className = 'live off'; });
  events.addEventListener('captures', (ev) => addCaptures(JSON.parse((ev as MessageEvent<string>).data) as CaptureSummary[]));
  return opened;
}

document.addEventListener('keydown', (ev) => {
  const typing = ev.target instanceof HTMLInputElement || ev.target instanceof HTMLTextAreaElement;
  if (ev.key === 'Escape' && ev.target === filterInput) { filterInput.blur(); return; }
  if (typing || ev.ctrlKey || ev.metaKey || ev.altKey) return;
  if (ev.key === 'j' || ev.key === 'ArrowDown') { ev.preventDefault(); move(1); }
  else if (ev.key === 'k' || ev.key === 'ArrowUp') { ev.preventDefault(); move(-1); }
  else if (ev.key === '/') { ev.preventDefault(); filterInput.focus(); filterInput.select(); }
  else if (ev.key === 'x' && selected) toggleMark(selected);
  else if (ev.key === 'd' && !diffButton.disabled) void diffMarked();
});

filterInput.addEventListener('input', () => { filter = parseFilter(filterInput.value); rebuildView(); });
diffButton.addEventListener('click', () => void diffMarked());

async function boot(): Promise<void> {
  const title = el('span', { class: 'title' }, 'webhook-doctor inspector');
  document.body.appendChild(el('div', { class: 'app' },
    el('header', {}, title, el('span', { class: 'counts' }, count, ' captures ', shown), live, filterInput, diffButton,
      el('span', { class: 'keys' }, 'j/k move · / filter · x mark · d diff')),
    el('div', { class: 'panes' }, el('nav', { class: 'list-pane' }, list.element), detailPane)));
  // Subscribe first, then load: a capture arriving in between is in the list or in the stream (and
  // one in both is dropped by id below).
  await connect();
  const data = await listCaptures();
  title.textContent = `webhook-doctor inspector — ${data.title}`;
  canReplay = data.actions.replay;
  canDiff = data.actions.diff;
  if (canReplay) actions.replay = (id, url, resign) => postJson('/api/replay', { id, url, ...(resign ?? {}) });
  const early = all.splice(0);
  const known = new Set(data.captures.map((c) => c.id));
  all.push(...data.captures, ...early.filter((c) => !known.has(c.id)));
  count.textContent = String(all.length);
  rebuildView();
  document.body.dataset.ready = 'true';
}

void boot();
