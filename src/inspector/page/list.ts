// A virtual list: only the rows in view (and a few around) exist in the DOM, so 10,000 captures scroll
// as lightly as ten. Rows have one fixed height; the spacer gives the scrollbar its full length.
import { clear, el } from './dom.js';

export interface VirtualList {
  /** How many rows there are now; keeps the scroll position stable when rows were added on top. */
  setCount(count: number, addedOnTop?: number): void;
  /** Bring an index into view. */
  reveal(index: number): void;
  /** Draw the visible rows again (selection or marks changed). */
  refresh(): void;
  element: HTMLElement;
}

export function createVirtualList(opts: { rowHeight: number; renderRow(index: number): HTMLElement; empty: string }): VirtualList {
  const { rowHeight } = opts;
  const overscan = 8;
  let count = 0;
  const spacer = el('div', { class: 'vl-spacer' });
  const rows = el('div', { class: 'vl-rows' });
  const emptyNote = el('div', { class: 'vl-empty' }, opts.empty);
  const element = el('div', { class: 'vl', role: 'listbox', tabindex: '-1' }, spacer, rows, emptyNote);
  let drawn = { first: -1, last: -1, total: -1 };
  let frame = 0;

  const draw = (force: boolean) => {
    frame = 0;
    const height = element.clientHeight || 600;
    const first = Math.max(0, Math.floor(element.scrollTop / rowHeight) - overscan);
    const last = Math.min(count, Math.ceil((element.scrollTop + height) / rowHeight) + overscan);
    if (!force && first === drawn.first && last === drawn.last && count === drawn.total) return;
    drawn = { first, last, total: count };
    spacer.style.height = `${count * rowHeight}px`;
    emptyNote.hidden = count > 0;
    clear(rows);
    rows.style.transform = `translateY(${first * rowHeight}px)`;
    for (let i = first; i < last; i++) rows.appendChild(opts.renderRow(i));
  };
  const schedule = () => { if (!frame) frame = requestAnimationFrame(() => draw(false)); };
  element.addEventListener('scroll', schedule, { passive: true });
  window.addEventListener('resize', schedule);

  return {
    element,
    setCount(next, addedOnTop = 0) {
      count = next;
      // Someone reading further down keeps their place while new captures arrive at the top.
      if (addedOnTop && element.scrollTop > 0) element.scrollTop += addedOnTop * rowHeight;
      draw(true);
    },
    reveal(index) {
      const top = index * rowHeight;
      const height = element.clientHeight || 600;
      if (top < element.scrollTop) element.scrollTop = top;
      else if (top + rowHeight > element.scrollTop + height) element.scrollTop = top + rowHeight - height;
      draw(true);
    },
    refresh: () => draw(true),
  };
}
