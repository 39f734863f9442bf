// `webhook-doctor history [filters]`, `history show <id>`, `history rm <id…>|--all`, `history import <file…>`:
// the captures listen kept, listed, shown as listen printed them, removed, or brought in from files.
import { WdError } from '../errors.js';
import type { CommandInput } from '../options.js';
import { createOutput, writeStdout } from '../ui/output.js';
import { defaultHistoryDir, openStore, type HistoryStore } from '../history/store.js';
import { filterFromWords, type FilterWords, type HistoryFilter } from '../history/filter.js';

interface Options extends FilterWords {
  history?: string;
  raw?: boolean;
  all?: boolean;
  json?: boolean;
  /** --ui [port]: true for a free port. */
  ui?: true | number;
}

// Checked by hand, not with zod: `history --grep` is timed against grep itself, and loading zod costs
// more than searching a store. Messages follow parseOptions' shape: "--flag: what was wrong".
function parseHistoryOptions(opts: Record<string, unknown>): Options {
  const text = (flag: string, v: unknown): string | undefined => {
    if (v === undefined) return undefined;
    if (typeof v !== 'string' || v === '') throw new WdError('USAGE', `--${flag}: expected some text`, { hint: 'see --help for the accepted values' });
    return v;
  };
  const o: Options = {};
  for (const key of ['history', 'since', 'until', 'status', 'method', 'path', 'grep', 'sender'] as const) {
    const v = text(key, opts[key]);
    if (v !== undefined) o[key] = v;
  }
  if (o.method && !/^[A-Za-z]+$/.test(o.method)) throw new WdError('USAGE', `--method: expected an HTTP method such as POST, got "${o.method}"`);
  if (opts.header !== undefined) o.header = (Array.isArray(opts.header) ? opts.header : [opts.header]).map(String);
  if (opts.limit !== undefined) {
    const n = Number(opts.limit);
    if (!Number.isInteger(n) || n < 1) throw new WdError('USAGE', `--limit: expected a positive whole number, got "${String(opts.limit)}"`);
    o.limit = n;
  }
  for (const key of ['raw', 'all', 'json'] as const) if (opts[key] !== undefined) o[key] = Boolean(opts[key]);
  if (opts.ui !== undefined) {
    const port = opts.ui === true ? true : Number(opts.ui);
    if (port !== true && !(Number.isInteger(port) && port >= 0 && port <= 65535)) throw new WdError('USAGE', `--ui: expected a port number from 0 to 65535 for --ui, got "${String(opts.ui)}"`, { hint: 'see --help for the accepted values' });
    o.ui = port;
  }
  return o;
}

export async function run(input: CommandInput): Promise<number> {
  const [sub, ...rest] = input.args as [string, ...unknown[]];
  const o = parseHistoryOptions(input.opts);
  const dir = o.history ?? defaultHistoryDir();
  switch (sub) {
    case 'show': return show(dir, String(rest[0]), o);
    case 'rm': return remove(dir, (rest[0] as string[] | undefined) ?? [], o);
    case 'import': return importFiles(dir, (rest[0] as string[] | undefined) ?? [], o);
    default: return list(dir, o);
  }
}

export function filterFrom(o: Options): HistoryFilter {
  return filterFromWords(o);
}

async function list(dir: string, o: Options): Promise<number> {
  if (o.ui !== undefined) return inspect(dir, o);
  const output = createOutput({ json: o.json });
  const store = openStore(dir);
  const found = await store.list(filterFrom(o));
  if (o.sender && found.length === 0) {
    // Nothing matched: say so when the name is no sender at all (a typo lists nothing, silently, otherwise).
    const { findProfile, profileNames } = await import('../profiles/index.js');
    if (!findProfile(o.sender)) throw new WdError('USAGE', `--sender: no sender profile is called "${o.sender}"`, { hint: `one of ${profileNames.join(', ')}` });
  }
  if (output.json) {
    writeStdout(found.map((s) => JSON.stringify(s) + '\n').join(''));
  } else {
    const { renderHistory } = await import('../ui/history.js');
    output.out(await renderHistory(output, found, dir));
  }
  return 0;
}

async function getOrFail(store: HistoryStore, id: string) {
  const capture = await store.get(id);
  if (!capture) throw new WdError('NOT_FOUND', `no capture ${id} in history ${store.dir}`, { hint: 'see the ids with `webhook-doctor history`' });
  return capture;
}

async function show(dir: string, id: string, o: Options): Promise<number> {
  const output = createOutput({ json: o.json });
  const capture = await getOrFail(openStore(dir), id);
  if (o.raw) {
    // The body exactly as received: pipe it into `verify --body -` or a file.
    await new Promise<void>((resolve) => process.stdout.write(capture.body, () => resolve()));
    return 0;
  }
  const { recordFromStored } = await import('../history/as-listen.js');
  const { recordJson, renderRecord } = await import('../ui/listen.js');
  const record = recordFromStored(capture);
  // The headers on disk are masked already: show them as they are stored.
  if (output.json) output.emitJson({ ...recordJson(record, { showSecrets: true }), ...(capture.sender ? { sender: capture.sender } : {}), ...(capture.source ? { source: capture.source } : {}) });
  else writeStdout(renderRecord(record, await output.style(), { showSecrets: true }));
  return 0;
}

async function remove(dir: string, ids: string[], o: Options): Promise<number> {
  const output = createOutput({ json: o.json });
  if (!o.all && ids.length === 0) throw new WdError('USAGE', 'history rm needs ids or --all', { hint: 'webhook-doctor history rm <id>… or webhook-doctor history rm --all' });
  if (o.all && ids.length) throw new WdError('USAGE', 'give ids or --all, not both');
  const store = openStore(dir);
  const removed = await store.remove(o.all ? 'all' : ids);
  if (output.json) output.emitJson({ removed });
  else output.out(`removed ${removed} capture${removed === 1 ? '' : 's'} from ${dir}`);
  return 0;
}

async function importFiles(dir: string, files: string[], o: Options): Promise<number> {
  const output = createOutput({ json: o.json });
  if (files.length === 0) throw new WdError('USAGE', 'history import needs a file', { hint: 'webhook-doctor history import capture.har (or a listen --save .json, or listen --json output)' });
  const { capturesFromFile } = await import('../history/sources.js');
  const store = openStore(dir, { write: true, onError: (err) => { throw err; } });
  const known = new Set((await store.list()).map((s) => s.id));
  let added = 0;
  let skipped = 0;
  for (const file of files) {
    for (const { input } of await capturesFromFile(file)) {
      if (known.has(input.capture.id)) { skipped++; continue; }
      known.add(input.capture.id);
      // Imported like a capture listen took: credentials masked on the way to disk.
      store.append({ ...input, keepSecrets: false });
      added++;
    }
  }
  store.close();
  if (output.json) output.emitJson({ imported: added, alreadyThere: skipped, history: dir });
  else output.out(`imported ${added} capture${added === 1 ? '' : 's'} into ${dir}${skipped ? ` (${skipped} already there)` : ''}`);
  return 0;
}

declare const __VERSION__: string;

/** `history --ui [port]`: the inspector over this history, live as any listen appends to it, until Ctrl-C. */
async function inspect(dir: string, o: Options): Promise<number> {
  const output = createOutput({ json: o.json });
  const { serveInspector } = await import('../inspector/serve.js');
  const ui = await serveInspector({ store: openStore(dir), port: o.ui === true ? 0 : o.ui!, title: `history in ${dir}`, version: typeof __VERSION__ === 'string' ? __VERSION__ : '0.0.0-dev' });
  if (output.json) output.emitJson({ event: 'inspector', ui: ui.url, history: dir }, { ndjson: true });
  else output.out(`inspector on ${ui.url}`);
  if (!output.json) output.err(`showing the history in ${dir}; captures any listen keeps there appear as they arrive; Ctrl-C to stop`);
  return new Promise<number>(() => { /* serves until Ctrl-C (exit 130) */ });
}
