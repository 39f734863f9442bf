// How flush and queue look on a terminal: event lines, the progress and watch status lines, the summary table,
// the queue listing.
import type { Output } from './output.js';
import { renderTable } from './table.js';
import type { FlushEvent, FlushSummary, ReceiverSummary } from '../spool/engine.js';
import type { EntryDetail, EntryRow } from '../spool/manage.js';
import type { ReceiverState } from '../spool/receiver-state.js';

/** In how long an instant comes, for a person: "in 45 s", "in 3 min", "in 2 h". */
export function inWords(iso: string, now = Date.now()): string {
  const s = Math.max(0, Math.round((Date.parse(iso) - now) / 1000));
  if (s < 1) return 'now';
  if (s < 120) return `in ${s} s`;
  if (s < 7200) return `in ${Math.round(s / 60)} min`;
  return `in ${Math.round(s / 3600)} h`;
}

/**
 * One line per noteworthy event. A one-shot flush counts its deliveries in the progress line and the summary;
 * a watch (`deliveries`) prints each, since it has no summary until it stops.
 */
export function flushEventLine(e: FlushEvent, opts: { deliveries?: boolean } = {}): string | undefined {
  switch (e.event) {
    case 'delivered':
      return opts.deliveries ? `sent    ${e.id}  HTTP ${e.status}  ${e.ms} ms${e.attempts > 1 ? `  attempt ${e.attempts}` : ''}` : undefined;
    case 'retry':
      return `retry   ${e.id}  ${e.status !== undefined ? `HTTP ${e.status}` : e.error}  attempt ${e.attempts}, next at ${e.nextAttempt}${e.requestId ? `  request id ${e.requestId}` : ''}`;
    case 'dead':
      return `dead    ${e.id}  ${e.reason}${e.requestId ? `  request id ${e.requestId}` : ''}`;
    case 'quarantined':
      return `quarantined ${e.file}  ${e.reason}`;
    case 'paused':
      if (e.origin) return `paused  ${e.origin} for ${(e.ms / 1000).toFixed(1)} s: HTTP ${e.status} with Retry-After (entry ${e.id}); its entries wait${e.until ? ` until ${e.until}` : ''}, the others go on`;
      return `paused  ${(e.ms / 1000).toFixed(1)} s: HTTP ${e.status} with Retry-After (entry ${e.id})`;
    case 'receiver': {
      const who = e.origin ? `receiver ${e.origin}` : 'receiver';
      if (e.state === 'up') return `${who} up: ${e.reason}`;
      return `${who} ${e.state}: ${e.reason}${e.until ? `; next attempt at ${e.until} (${inWords(e.until)})` : ''}${e.origin ? '; its entries wait, the others go on' : ''}`;
    }
    case 'waiting':
      return opts.deliveries ? undefined : `waiting until ${e.until} (${inWords(e.until)}) for the next attempt: ${e.left} in the spool`;
    case 'stopped':
      return `stopped ${e.reason}${e.origin ? ` (sending to ${e.origin} only: the other receivers' entries still go out)` : ''}`;
    case 'would-send':
      return `would send ${e.id} (${e.bytes} bytes, ${e.attempts} earlier attempts) to ${e.url}`;
    case 'would-quarantine':
      return `would quarantine ${e.file}: ${e.reason}`;
    case 'error':
      return `error   ${e.id}: ${e.message}`;
    default:
      return undefined;
  }
}

/** What the progress line and a watch's status line show, kept from the events. */
export interface WatchStatus {
  due: number;
  delivered: number;
  retried: number;
  deadLettered: number;
  quarantined: number;
  /** Entries kept for a later attempt, as far as the events tell. */
  waiting: number;
  next?: string;
  receiver: string;
  /** Without --url, each receiver that is paused or down, by origin (what the receiver part of the line shows then). */
  origins: Map<string, string>;
}

export function newWatchStatus(): WatchStatus {
  return { due: 0, delivered: 0, retried: 0, deadLettered: 0, quarantined: 0, waiting: 0, receiver: 'not tried yet', origins: new Map() };
}

export function noteEvent(s: WatchStatus, e: FlushEvent): void {
  if (e.event === 'start') s.due = e.due;
  else if (e.event === 'delivered') {
    s.delivered++;
    if (e.attempts > 1) s.waiting = Math.max(0, s.waiting - 1);
    s.receiver = 'up';
  } else if (e.event === 'retry') {
    s.retried++;
    s.waiting++;
  } else if (e.event === 'dead') s.deadLettered++;
  else if (e.event === 'quarantined') s.quarantined++;
  else if (e.event === 'waiting') {
    s.next = e.until;
    s.waiting = e.left;
  }
  else if (e.event === 'receiver' && e.origin) {
    if (e.state === 'up') s.origins.delete(e.origin);
    else s.origins.set(e.origin, `${e.state} until ${short(e.until)}`);
  } else if (e.event === 'paused' && e.origin) s.origins.set(e.origin, `paused until ${short(e.until)} (Retry-After)`);
  else if (e.event === 'receiver') s.receiver = e.state === 'up' ? 'up' : `${e.state} until ${short(e.until)}`;
  else if (e.event === 'paused') s.receiver = `paused ${(e.ms / 1000).toFixed(0)} s (Retry-After)`;
}

/** The receiver part of a status line: one receiver's state, or each paused or down one's, by origin. */
function receiverText(s: WatchStatus): string {
  if (s.origins.size === 0) return `receiver ${s.receiver}`;
  return `${[...s.origins].map(([origin, state]) => `${origin} ${state}`).join(', ')}; the other receivers ${s.receiver}`;
}

export function progressText(s: Pick<WatchStatus, 'delivered' | 'retried' | 'deadLettered' | 'quarantined'>, due: number): string {
  const done = s.delivered + s.retried + s.deadLettered + s.quarantined;
  return `flushing ${Math.min(done, due)}/${due}: ${s.delivered} delivered, ${s.retried} to retry, ${s.deadLettered} dead-lettered, ${s.quarantined} quarantined`;
}

export function watchStatusText(s: WatchStatus): string {
  const next = s.next && Date.parse(s.next) > Date.now() ? `, next attempt ${short(s.next)}` : '';
  return `watching: ${s.delivered} delivered, ${s.waiting} waiting, ${s.deadLettered} dead-lettered${next}; ${receiverText(s)}`;
}

export async function renderFlushSummary(output: Output, s: FlushSummary): Promise<string> {
  const statuses = Object.entries(s.statuses).sort().map(([k, v]) => `${k}×${v}`);
  const errors = Object.entries(s.errors).sort().map(([k, v]) => `${k}×${v}`);
  const rows: Array<[string, string | number]> = [
    ['delivered', s.delivered],
    ['retried', s.retried],
    ['dead-lettered', s.deadLettered],
    ['quarantined', s.quarantined],
    ['left in spool', s.left],
  ];
  if (s.notDue) rows.push(['not yet due', s.notDue]);
  if (s.nextAttempt) rows.push(['next attempt', `${s.nextAttempt} (${inWords(s.nextAttempt)})`]);
  for (const r of s.receivers ?? (s.receiver ? [s.receiver] : [])) rows.push([r.origin ? `receiver ${r.origin}` : 'receiver', `${r.state} until ${short(r.pausedUntil)}`]);
  if (s.takenByOthers) rows.push(['sent by another flusher', s.takenByOthers]);
  if (s.held) rows.push(['held by another flusher', s.held]);
  if (s.wouldSend) rows.push(['would send (dry run)', s.wouldSend]);
  if (statuses.length) rows.push(['status codes', statuses.join(' ')]);
  if (errors.length) rows.push(['errors', errors.join(' ')]);
  rows.push(['time', `${(s.elapsedMs / 1000).toFixed(2)} s`]);
  const table = await renderTable(output, ['flush', ''], rows);
  if (s.wouldSend || s.left === 0) return table;
  return `${table}\n${s.left} left in the spool; the next attempt is due at ${s.nextAttempt} (${inWords(s.nextAttempt!)})${receiversNote(s)}`;
}

/** Why the next attempt waits: the receiver's pause or backoff; without --url, each paused or down receiver's, by origin. */
function receiversNote(s: FlushSummary): string {
  const ends = (r: ReceiverSummary) => `${r.state === 'down' ? 'backoff' : 'pause'} ends (${r.state === 'down' ? 'down: ' : ''}${r.reason})`;
  const all = s.receivers ?? (s.receiver ? [s.receiver] : []);
  if (all.length === 0) return '';
  if (!all[0]!.origin) return `, when the receiver's ${ends(all[0]!)}`;
  return `; entries for ${all.map((r) => `${r.origin} wait until ${r.pausedUntil}, when its ${ends(r)}`).join('; for ')}`;
}

function short(iso?: string): string {
  return iso ? iso.replace('T', ' ').replace(/\.\d+Z$/, 'Z') : '';
}

/** The file's own name beside the id when they differ by more than .json (a .2 copy next to another of that id): the name queue show takes. */
function nameNote(r: EntryRow): string {
  if (r.state === 'claimed' || r.state === 'quarantined') return '';
  const name = r.file.split(/[/\\]/).pop()!;
  return name === r.id || name === `${r.id}.json` ? '' : ` (${name})`;
}

export async function renderQueueList(output: Output, rows: EntryRow[]): Promise<string> {
  if (rows.length === 0) return 'the spool is empty';
  const table = await renderTable(
    output,
    ['id', 'state', 'attempts', 'next / reason', 'url'],
    rows.map((r) => [
      r.id + nameNote(r),
      r.state,
      r.attempts,
      r.state === 'dead' || r.state === 'quarantined' ? (r.reason ?? '') : r.state === 'claimed' ? `held by ${r.heldBy ?? '?'}` : r.nextAttempt ? `next ${short(r.nextAttempt)}${r.lastError ? ` (${r.lastError})` : ''}` : r.lastError ? `due (last: ${r.lastError})` : 'due',
      r.url ?? (r.state === 'pending' ? '(plain payload: --url)' : ''),
    ]),
  );
  const counts = new Map<string, number>();
  for (const r of rows) counts.set(r.state, (counts.get(r.state) ?? 0) + 1);
  return table + '\n' + [...counts].map(([k, v]) => `${v} ${k}`).join(', ');
}

/** The line under `queue list` for each receiver (by origin) whose pause, kept in the spool, holds flushes back from it. */
export function receiverNote(r: ReceiverState): string {
  const until = new Date(r.pausedUntil).toISOString();
  const who = r.origin ? `receiver ${r.origin}` : 'receiver';
  return `${who} ${r.failures > 0 ? `down (${r.reason})` : `paused (${r.reason})`}: no flush sends to it before ${until} (${inWords(until)}); flush --now sends at once`;
}

export function renderEntryDetail(d: EntryDetail): string {
  const lines = [`id:        ${d.row.id}`, `state:     ${d.row.state}`, `file:      ${d.row.file}`];
  if (d.row.url) lines.push(`url:       ${d.row.url}`);
  if (d.row.created) lines.push(`created:   ${d.row.created}`);
  lines.push(`attempts:  ${d.row.attempts}`);
  if (d.row.nextAttempt) lines.push(`next:      ${d.row.nextAttempt}`);
  if (d.row.lastError) lines.push(`last:      ${d.row.lastError}`);
  if (d.row.reason) lines.push(`reason:    ${d.row.reason}`);
  if (d.row.heldBy) lines.push(`held by:   ${d.row.heldBy}`);
  if (d.meta?.dead?.requestId) lines.push(`request id: ${d.meta.dead.requestId}`);
  if (d.meta?.dead?.excerpt) lines.push(`answer:    ${d.meta.dead.excerpt.replace(/\s+/g, ' ').slice(0, 300)}`);
  if (d.meta?.headers.length) lines.push('headers:', ...d.meta.headers.map(([k, v]) => `  ${k}: ${v}`));
  if (d.meta?.history?.length) {
    lines.push('history:');
    for (const h of d.meta.history) lines.push(`  ${h.at}  ${h.status !== undefined ? `HTTP ${h.status}` : h.error ?? ''}${h.requestId ? `  request id ${h.requestId}` : ''}`);
  }
  if (d.body) {
    const text = d.body.toString('utf8');
    const printable = !text.includes('\uFFFD') && !/[\x00-\x08\x0e-\x1f]/.test(text);
    lines.push(`body (${d.body.length} bytes):`, printable ? text : d.body.subarray(0, 256).toString('hex') + (d.body.length > 256 ? '…' : ''));
  }
  return lines.join('\n');
}
