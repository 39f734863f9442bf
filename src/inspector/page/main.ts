// The inspector page: the live list (loaded once, then Server-Sent Events), the filter (answered by the
// server with history's own filters), the keyboard, the detail of the selected capture, and diffing two
// marked ones. It renders what the server returns.
import './style.css';
import type { CaptureList, CaptureSummary, DiffAnswer, ReplayAnswer } from '../api-types.js';
import { getCapture, getJson, postJson } from './api.js';
import { clear, el, formatBytes } from './dom.js';
import { renderDetail, type DetailActions } from './detail.js';
import { renderDiff } from './diff.js';
import { filterQuery } from './filter.js';
import { createVirtualList } from './list.js';
import { frameSummaries } from '../live-frame.js';

const ROW_HEIGHT = 28;

let all: CaptureSummary[] = []; // oldest first, as they arrived; at most `max` of them (the store keeps no more)
let filtered: CaptureSummary[] | undefined; // the server's answer to the filter, oldest first
let query: URLSearchParams | undefined;
let received = 0;
let max = 10_000;
let selected: string | undefined;
const marked: string[] = [];
let canDiff = false;

const view = () => filtered ?? all;
const shownAt = (row: number) => view()[view().length - 1 - row]!; // newest on top

const count = el('span', { id: 'count', class: 'count' }, '0');
const shown = el('span', { class: 'shown' });
const live = el('span', { class: 'live', title: 'live updates' }, 'connecting…');
const filterInput = el('input', { id: 'filter', type: 'search', placeholder: '/ to filter: status:5xx method:POST path:/hooks header:X-Event since:10m sender:github, or any text', autocomplete: 'off', spellcheck: 'false' });
const filterError = el('span', { class: 'error filter-error' });
const diffButton = el('button', { type: 'button', id: 'diff', disabled: true }, 'Diff 2 marked');
const detailPane = el('main', { id: 'detail', class: 'detail-pane' }, el('p', { class: 'note' }, 'Select a capture (j/k, or click). Mark two with x to diff them.'));

function statusText(c: CaptureSummary): string {
  return c.status !== undefined ? String(c.status) : c.answer === 'timeout' ? 'none' : c.answer;
}

function renderRow(index: number): HTMLElement {
  const c = shownAt(index);
  const mark = el('input', { type: 'checkbox', class: 'mark-box', title: 'mark for diff (x)', 'aria-label': 'mark for diff' });
  mark.checked = marked.includes(c.id);
  mark.addEventListener('click', (ev) => { ev.stopPropagation(); toggleMark(c.id); });
  const status = c.status ?? 0;
  const badge = c.findingCount && (c.level === 'fail' || c.level === 'warn')
    ? el('span', { class: `badge ${c.level}`, title: `${c.findingCount} finding(s), the worst: ${c.level}` }, String(c.findingCount))
    : el('span', { class: 'badge none' });
  return el('div', {
    class: `row${c.id === selected ? ' selected' : ''}${mark.checked ? ' marked' : ''}`,
    role: 'option', 'data-id': c.id, 'data-index': index, 'aria-selected': String(c.id === selected),
    onclick: () => void select(c.id),
  },
    mark,
    el('span', { class: `status st-${status ? `${Math.floor(status / 100)}xx` : 'none'}` }, statusText(c)),
    el('span', { class: 'method' }, c.method),
    el('span', { class: 'target' }, c.target),
    badge,
    el('span', { class: 'sender' }, c.sender ?? ''),
    el('span', { class: 'size' }, formatBytes(c.bodyBytes)),
    el('span', { class: 'time' }, c.receivedAt.slice(11, 19)));
}

const list = createVirtualList({ rowHeight: ROW_HEIGHT, renderRow, empty: 'No captures yet: point a sender at the capture URL.' });

function showCounts(): void {
  count.textContent = String(received);
  shown.textContent = filtered ? `${filtered.length} match` : received > max ? `(the history keeps the newest ${max})` : '';
}

function addCaptures(batch: CaptureSummary[]): void {
  received += batch.length;
  for (const c of batch) all.push(c);
  // Trimmed in steps, not one shift per capture: the store has let the oldest go too.
  if (all.length > max + 1000) all = all.slice(all.length - max);
  showCounts();
  if (query) refilter();
  else list.setCount(all.length, batch.length);
}

// While filtered, new captures are matched by the server: at most one question at a time, a few a second.
let filtering: Promise<void> | undefined;
let filterAgain = false;
function refilter(): void {
  if (filtering) { filterAgain = true; return; }
  const asked = query;
  filtering = (async () => {
    try {
      const data = asked ? await getJson<CaptureList>(`/api/captures?${asked}`) : undefined;
      if (asked !== query) return;
      filterError.textContent = '';
      filtered = data ? data.captures.reverse() : undefined;
    } catch (err) {
      filterError.textContent = (err as Error).message;
    }
    showCounts();
    list.setCount(view().length);
    await new Promise((r) => setTimeout(r, 250));
  })().finally(() => {
    filtering = undefined;
    if (filterAgain) { filterAgain = false; refilter(); }
  });
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
  const rows = view();
  if (!rows.length) return;
  let at = -1;
  for (let row = 0; row < rows.length; row++) if (shownAt(row).id === selected) { at = row; break; }
  const next = Math.max(0, Math.min(rows.length - 1, at < 0 ? 0 : at + step));
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
  selected = undefined;
  list.refresh();
  clear(detailPane);
  detailPane.appendChild(el('p', { class: 'note' }, 'diffing…'));
  try {
    const result = await postJson<DiffAnswer>('/api/diff', { a, b });
    clear(detailPane);
    detailPane.appendChild(renderDiff(result));
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
  let opens = 0;
  events.addEventListener('open', () => {
    live.textContent = 'live'; live.className = 'live on';
    // Back after a break (the server lets a page go that stopped reading): what arrived meanwhile is in the history.
    if (opens++ > 0) void catchUp();
  });
  events.addEventListener('error', () => { live.textContent = 'reconnecting…'; live.className = 'live off'; });
  events.addEventListener('captures', (ev) => addCaptures(frameSummaries(JSON.parse((ev as MessageEvent<string>).data) as Array<Record<string, unknown>>)));
  return opened;
}

/** The captures the stream missed while it was away, from the list (newest first there), added as if they had streamed. */
async function catchUp(): Promise<void> {
  const data = await getJson<CaptureList>('/api/captures').catch(() => undefined);
  if (!data) return;
  const known = new Set(all.map((c) => c.id));
  const missed = data.captures.filter((c) => !known.has(c.id)).reverse();
  if (missed.length) addCaptures(missed);
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

let typingTimer: ReturnType<typeof setTimeout> | undefined;
filterInput.addEventListener('input', () => {
  clearTimeout(typingTimer);
  typingTimer = setTimeout(() => {
    query = filterQuery(filterInput.value);
    if (!query) { filtered = undefined; filterError.textContent = ''; showCounts(); list.setCount(all.length); } else refilter();
  }, 150);
});
diffButton.addEventListener('click', () => void diffMarked());

async function boot(): Promise<void> {
  const title = el('span', { class: 'title' }, 'webhook-doctor inspector');
  document.body.appendChild(el('div', { class: 'app' },
    el('header', {}, title, el('span', { class: 'counts' }, count, ' captures ', shown), live, filterInput, filterError, diffButton,
      el('span', { class: 'keys' }, 'j/k move · / filter · x mark · d diff')),
    el('div', { class: 'panes' }, el('nav', { class: 'list-pane' }, list.element), detailPane)));
  // Subscribe first, then load: a capture arriving in between is in the list or in the stream (and
  // one in both is dropped by id below).
  await connect();
  const data = await getJson<CaptureList>('/api/captures');
  title.textContent = `webhook-doctor inspector — ${data.title}`;
  max = data.max;
  canDiff = data.actions.diff;
  if (data.actions.replay) actions.replay = (id, url, resign) => postJson<ReplayAnswer>('/api/replay', { id, url, ...(resign ?? {}) });
  const early = all;
  const known = new Set(data.captures.map((c) => c.id));
  all = data.captures.reverse().concat(early.filter((c) => !known.has(c.id)));
  received = data.total + early.filter((c) => !known.has(c.id)).length;
  showCounts();
  list.setCount(all.length);
  document.body.dataset.ready = 'true';
}

void boot();
