// One capture in full: the request line, headers as sent, the body (raw, JSON tree, hex), findings with
// their explanation, the signature verdict, both answers against the sender's budget, and the actions.
import type { CaptureDetail, DetailFinding, ReplayAnswer } from '../api-types.js';
import { harUrl, rawUrl } from './api.js';
import { asText, base64Bytes, clear, el, formatBytes } from './dom.js';
import { hexDump } from './hex.js';
import { jsonTree } from './json-tree.js';

export interface DetailActions {
  replay?(id: string, url: string, resign: { secret: string; scheme: string } | undefined): Promise<ReplayAnswer>;
  copy(text: string): Promise<boolean>;
}

const marks: Record<string, string> = { pass: '✓', info: 'i', warn: '!', fail: '✗' };

/** A header value as it would be read: control characters shown as \xNN, edge whitespace quoted. */
function visible(value: string): string {
  const v = value.replace(/[\x00-\x1f\x7f]/g, (c) => '\\x' + c.charCodeAt(0).toString(16).padStart(2, '0'));
  return /^\s|\s$/.test(v) ? JSON.stringify(v) : v;
}

function seconds(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(2)} s`;
}

function section(title: string, ...body: Array<Node | string | null | false | undefined>): HTMLElement {
  return el('section', { class: 'd-section' }, el('h3', {}, title), ...body);
}

function findingItem(f: DetailFinding): HTMLElement {
  const e = f.explanation;
  return el('li', { class: `finding lvl-${f.level}` },
    el('span', { class: 'mark' }, marks[f.level] ?? '·'), ' ',
    el('span', { class: 'f-title' }, f.title),
    f.detail ? el('div', { class: 'f-detail' }, f.detail) : null,
    e ? el('details', { class: 'f-kb' },
      el('summary', {}, `${e.title} — `, el('code', {}, e.command)),
      el('p', {}, e.meaning),
      el('ul', {}, ...e.fixes.map((x) => el('li', {}, x.text, x.command ? el('code', { class: 'cmd' }, x.command) : null)))) : null,
    !e && f.kb ? el('div', { class: 'f-detail' }, el('code', {}, `webhook-doctor explain ${f.kb}`)) : null);
}

function bodyView(d: CaptureDetail): HTMLElement {
  if (d.bodyRefused) return el('p', { class: 'note' }, `${formatBytes(d.summary.bodyBytes)} refused as over --max-body: not kept`);
  const wire = base64Bytes(d.body);
  if (wire.length === 0) return el('p', { class: 'note' }, 'no body');
  const decoded = d.decoded ? base64Bytes(d.decoded.body) : undefined;
  const shown = decoded ?? wire;
  const text = asText(shown);
  let json: { value: unknown } | undefined;
  if (text !== undefined) { try { json = { value: JSON.parse(text) }; } catch { /* not JSON: raw and hex only */ } }

  const pane = el('div', { class: 'body-pane' });
  const views: Record<string, () => Node> = {
    raw: () => text !== undefined ? el('pre', { class: 'raw' }, text) : el('p', { class: 'note' }, 'not UTF-8 text: see hex'),
    ...(json ? { json: () => jsonTree(json!.value) } : {}),
    hex: () => el('pre', { class: 'hex' }, hexDump(wire)),
  };
  const tabs = el('div', { class: 'tabs', role: 'tablist' });
  const show = (name: string) => {
    for (const b of tabs.querySelectorAll('button')) b.setAttribute('aria-selected', String(b.dataset.view === name));
    clear(pane);
    pane.appendChild(views[name]!());
  };
  for (const name of Object.keys(views)) {
    tabs.appendChild(el('button', { type: 'button', role: 'tab', 'data-view': name, class: `tab tab-${name}`, onclick: () => show(name) }, name === 'json' ? 'JSON tree' : name));
  }
  show(json ? 'json' : 'raw');
  return el('div', {},
    d.decoded ? el('p', { class: 'note decoded-note' }, `sent ${d.decoded.encoding}-encoded (${formatBytes(wire.length)} on the wire), decoded to ${formatBytes(d.decoded.bytes)}: raw and JSON show the decoded body, hex the bytes as sent`) : null,
    tabs, pane);
}

function answers(d: CaptureDetail): HTMLElement {
  const a = d.answered;
  const listen = a.kind === 'timeout' ? 'not answered (--chaos timeout)'
    : a.kind === 'reset' ? 'connection reset (--chaos reset)'
    : `${a.status}${a.chaos ? ' (--chaos)' : ''} in ${seconds(a.ms)}${a.kind === 'relay' ? ' (the app\'s answer, relayed)' : ''}`;
  const f = d.forward;
  const budgetMs = d.budget.seconds * 1000;
  let app: HTMLElement | null = null;
  if (f) {
    // Through the CSSOM, not a style attribute: the CSP allows no inline style.
    const fill = el('div', { class: 'budget-fill' });
    fill.style.width = `${(Math.min(1, f.ms / budgetMs) * 100).toFixed(1)}%`;
    app = el('div', { class: 'forward' },
      el('div', {}, el('b', {}, 'forwarded app: '), f.error ? `${f.error.code}: ${f.error.message}` : `${f.status} in ${seconds(f.ms)}`, ` from ${f.url}`),
      el('div', { class: `budget ${f.ms > budgetMs ? 'over' : f.ms > budgetMs / 2 ? 'near' : 'ok'}` },
        el('div', { class: 'budget-bar' }, fill),
        `${seconds(f.ms)} of ${d.budget.sender}'s ${d.budget.seconds} s budget${d.budget.assumed ? ' (assumed: the sender documents none)' : ''}`),
      f.body ? el('details', {}, el('summary', {}, `app's body${f.bodyTruncated ? ' (cut at 64 KB)' : ''}`), el('pre', { class: 'raw' }, asText(base64Bytes(f.body)) ?? '(binary)')) : null);
  }
  return section('Answers', el('div', { class: 'listen-answer' }, el('b', {}, 'listen answered: '), listen), app);
}

function replayForm(d: CaptureDetail, actions: DetailActions): HTMLElement {
  if (!actions.replay) return el('p', { class: 'note' }, 'replay is not available in this build');
  // A relayed capture goes back to the app it was relayed to, unless the user says otherwise.
  const url = el('input', { type: 'url', name: 'url', placeholder: 'http://127.0.0.1:3000/hooks', required: true, class: 'replay-url', value: d.forward?.url });
  const resign = el('input', { type: 'checkbox', name: 'resign', class: 'replay-resign' });
  const secret = el('input', { type: 'password', name: 'secret', placeholder: 'signing secret', class: 'replay-secret', autocomplete: 'off' });
  const scheme = el('input', { type: 'text', name: 'scheme', placeholder: 'scheme (auto)', class: 'replay-scheme' });
  const result = el('div', { class: 'replay-result', 'aria-live': 'polite' });
  const form = el('form', { class: 'replay' },
    url, el('label', {}, resign, ' re-sign'), secret, scheme, el('button', { type: 'submit' }, 'Replay'), result);
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    clear(result);
    result.appendChild(el('span', { class: 'note' }, 'sending…'));
    const sign = resign.checked && secret.value ? { secret: secret.value, scheme: scheme.value || 'auto' } : undefined;
    actions.replay!(d.summary.id, url.value, sign).then(
      (r) => { clear(result); result.appendChild(replayResult(r)); },
      (err: Error) => { clear(result); result.appendChild(el('span', { class: 'error' }, err.message)); },
    );
  });
  return form;
}

/** The replay's outcome: the receiver's status, time and body, notes, and the app's answer then beside it. */
function replayResult(r: ReplayAnswer): HTMLElement {
  const was = r.change.was;
  return el('div', { class: 'replay-answer' },
    r.error
      ? el('div', { class: 'error replay-status' }, `${r.error.code}: ${r.error.message}`, r.kb ? el('code', { class: 'cmd' }, `webhook-doctor explain ${r.kb}`) : null)
      : el('div', { class: 'replay-status' }, `${r.url} answered ${r.status} ${r.statusText ?? ''} in ${seconds(r.ms)}${r.resigned ? ` (re-signed: ${r.resigned})` : ''}`),
    was ? el('div', { class: 'note' }, `then: ${was.error ?? was.status} in ${seconds(was.ms)}`) : null,
    ...r.notes.map((n) => el('div', { class: 'note' }, `note: ${n}`)),
    r.body !== undefined && r.body !== '' ? el('pre', { class: 'raw replay-body' }, r.body + (r.bodyTruncated ? '\n… (cut)' : '')) : null);
}

export function renderDetail(d: CaptureDetail, actions: DetailActions): HTMLElement {
  const { id, remoteAddress, receivedAt, bodyBytes, sender } = d.summary;
  const masked = new Set(d.maskedHeaders);
  const copied = el('span', { class: 'note copied' });
  const curl = el('pre', { class: 'raw curl' }, d.curl);
  // Signature findings have their own section.
  const others = d.findings.filter((f) => !d.signature.findings.some((s) => s.title === f.title && s.level === f.level));
  return el('article', { class: 'detail', 'data-id': id },
    el('pre', { class: 'request-line' }, d.requestLine),
    el('div', { class: 'meta' }, `from ${remoteAddress} at ${receivedAt.replace('T', ' ').replace('Z', ' UTC')} · ${formatBytes(bodyBytes)}${sender ? ` · ${sender}` : ''} · ${id}`),
    section('Headers, as sent',
      el('table', { class: 'headers' }, el('tbody', {}, ...d.rawHeaders.map(([n, v], i) =>
        el('tr', {}, el('th', {}, n), el('td', {}, visible(v), masked.has(i) ? el('span', { class: 'masked', title: 'masked in the history; --show-secrets keeps it' }, ' masked') : null)))))),
    section('Body', bodyView(d)),
    section(`Findings (${others.length})`, others.length ? el('ul', { class: 'findings' }, ...others.map(findingItem)) : el('p', { class: 'note' }, 'nothing to report')),
    section('Signature', el('div', { class: `sig-verdict sig-${d.signature.verdict.replace(' ', '-')}` }, d.signature.verdict === 'not checked' ? 'not checked (start listen with --secret to verify each signature)' : d.signature.verdict),
      d.signature.findings.length ? el('ul', { class: 'findings' }, ...d.signature.findings.map(findingItem)) : null),
    answers(d),
    section('Actions',
      replayForm(d, actions),
      el('div', { class: 'buttons' },
        el('button', { type: 'button', class: 'copy-curl', onclick: () => void actions.copy(d.curl).then((ok) => { copied.textContent = ok ? 'copied' : 'select the command below and copy it'; }) }, 'Copy as curl'),
        el('a', { href: rawUrl(id), download: `${id}.body`, class: 'button download-raw' }, 'Download raw bytes'),
        el('a', { href: harUrl(id), download: `${id}.har`, class: 'button download-har' }, 'Download HAR'),
        copied),
      el('details', { class: 'curl-box' }, el('summary', {}, 'curl'), curl)));
}
