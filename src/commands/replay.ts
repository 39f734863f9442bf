// `webhook-doctor replay <id|capture file|HAR> [url]` and `replay --since 10m [url]`: send captured requests
// again, byte for byte (or re-signed), in their original order, and show each answer beside the one then.
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { WdError } from '../errors.js';
import { choiceOption, parseOptions, unreadableFile, type CommandInput } from '../options.js';
import { createOutput, type Output } from '../ui/output.js';
import { parseHeaderArg } from '../http/outgoing.js';
import { parseRate } from '../http/rate.js';
import { defaultHistoryDir, openStore, type StoredCapture } from '../history/store.js';
import { filterFromWords, type HistoryFilter } from '../history/filter.js';
import { buildReplay, type ReplayOptions } from '../replay/request.js';
import type { ReplayItem, ReplayResult } from '../replay/run.js';

const schema = z.object({
  history: z.string().min(1).optional(),
  since: z.string().optional(),
  until: z.string().optional(),
  status: z.string().optional(),
  method: z.string().optional(),
  path: z.string().optional(),
  grep: z.string().min(1).optional(),
  sender: z.string().optional(),
  limit: z.coerce.number().int().positive('expected a positive number').optional(),
  header: z.array(z.string()).default([]),
  data: z.string().optional(),
  token: z.string().min(1, 'the token is empty').optional(),
  resign: z.boolean().default(false),
  secret: z.string().min(1, 'the secret is empty').optional(),
  scheme: z.string().optional(),
  signatureHeader: z.string().min(1).optional(),
  timeout: z.coerce.number({ error: 'expected seconds' }).positive('expected seconds above 0').max(300, 'at most 300 seconds').default(30),
  concurrency: z.coerce.number({ error: 'expected a number' }).int('expected a whole number').min(1, 'at least 1').max(256, 'at most 256').default(1),
  rate: z.string().refine((r) => parseRate(r) !== undefined, 'expected a rate like 10/s or 50/min').optional(),
  dryRun: z.boolean().default(false),
  json: z.boolean().default(false),
});
type Options = z.output<typeof schema>;

async function readData(data: string): Promise<Buffer> {
  if (data === '@-') {
    const chunks: Buffer[] = [];
    for await (const c of process.stdin) chunks.push(c as Buffer);
    return Buffer.concat(chunks);
  }
  if (!data.startsWith('@')) return Buffer.from(data);
  try {
    return await readFile(data.slice(1));
  } catch (err) {
    throw unreadableFile('-d', data.slice(1), err, '-d @file reads a file, -d @- stdin; anything else is sent as written');
  }
}

/** The history filters given (the same words as `history`), or undefined when none was. */
function filterOf(o: Options): HistoryFilter | undefined {
  // replay's -H/--header adds a header to the request; it is no filter here.
  const f = filterFromWords({ ...o, header: undefined });
  return Object.keys(f).length ? f : undefined;
}

/** The captures named: an id or file (a HAR may hold many), or those of history a filter picks; oldest first. */
async function captures(source: string | undefined, o: Options): Promise<Array<{ label: string; capture: StoredCapture }>> {
  const dir = o.history ?? defaultHistoryDir();
  const filter = filterOf(o);
  if (source !== undefined) {
    if (filter) throw new WdError('USAGE', 'give a capture (id, file, HAR) or filters (--since, --status…), not both');
    const { loadCaptures } = await import('../history/sources.js');
    return loadCaptures(source, () => openStore(dir));
  }
  if (!filter) throw new WdError('USAGE', 'replay what? give a capture id, a capture file or HAR, or filters such as --since 10m', { hint: 'webhook-doctor replay last http://127.0.0.1:3000/hooks' });
  const found = await openStore(dir).load(filter);
  if (found.length === 0) throw new WdError('NOT_FOUND', `no captures in history ${dir} match`, { hint: 'see them with `webhook-doctor history` and the same filters' });
  return found.reverse().map((capture) => ({ label: capture.id, capture }));
}

export async function run(input: CommandInput): Promise<number> {
  const o = parseOptions(schema, input.opts);
  const output = createOutput({ json: o.json });
  let [source, url] = input.args as [string | undefined, string | undefined];
  // `replay --since 10m http://…`: the one argument is the URL.
  if (url === undefined && source !== undefined && /^https?:\/\//i.test(source) && filterOf(o)) [source, url] = [undefined, source];

  const extra: Array<[string, string]> = o.header.map((line) => {
    const pair = parseHeaderArg(line);
    if (!pair) throw new WdError('USAGE', `-H "${line}" is not a header`, { hint: 'write it as -H "Name: value"' });
    return pair;
  });
  const secret = o.secret ?? (process.env.WEBHOOK_DOCTOR_SECRET || undefined);
  if (o.resign && !secret) throw new WdError('INPUT', '--resign needs the secret to sign with', { hint: 'add --secret <secret> or set WEBHOOK_DOCTOR_SECRET' });
  if (!o.resign && o.secret) throw new WdError('USAGE', '--secret is for --resign: add --resign to sign the replay again', { hint: 'webhook-doctor replay last --resign --secret $SECRET' });
  const base: ReplayOptions = {
    timeoutMs: Math.round(o.timeout * 1000),
    headers: extra,
    ...(url ? { url } : {}),
    ...(o.data !== undefined ? { body: await readData(o.data) } : {}),
    ...((o.token ?? process.env.WEBHOOK_DOCTOR_TOKEN) ? { token: o.token ?? process.env.WEBHOOK_DOCTOR_TOKEN } : {}),
  };
  if (o.resign) {
    const sig = await import('../signatures/index.js');
    if (o.scheme) choiceOption('scheme', o.scheme, ['auto', ...sig.SCHEME_NAMES]);
    base.resign = {
      secret: secret!,
      ...(o.scheme ? { scheme: o.scheme } : {}),
      ...(o.signatureHeader ? { signatureHeader: o.signatureHeader } : {}),
      sign: (opts) => sig.signBody(opts as Parameters<typeof sig.signBody>[0]),
      detect: (headers, header) => sig.detectScheme(headers, header),
    };
  }

  const chosen = await captures(source, o);
  const items: ReplayItem[] = chosen.map(({ label, capture }) => ({ label, capture, built: buildReplay(capture, base) }));
  for (const item of items) for (const note of item.built.notes) output.err(`note: ${items.length > 1 ? `${item.label}: ` : ''}${note}`);

  if (o.dryRun) return dryRun(output, items);
  const { createDispatcher } = await import('../http/deliver.js');
  const dispatcher = createDispatcher({});
  try {
    return items.length === 1 && !o.rate ? await replayOne(output, items[0]!, dispatcher) : await replayMany(output, items, o, dispatcher);
  } finally {
    void dispatcher.destroy().catch(() => {});
  }
}

async function dryRun(output: Output, items: ReplayItem[]): Promise<number> {
  const { maskHeaders } = await import('../capture/mask.js');
  for (const { label, built } of items) {
    // Shown, not sent: a credential given with --token or -H stays masked on the screen.
    const r = { ...built.request, headers: maskHeaders(built.request.headers) };
    if (output.json) output.emitJson({ replayOf: label, method: r.method, url: r.url, headers: r.headers, bodyBytes: r.body?.length ?? 0, ...(built.resigned ? { resigned: built.resigned } : {}) }, { ndjson: true });
    else output.out([`${r.method} ${r.url}  (replay of ${label}, ${r.body?.length ?? 0} bytes, not sent)`, ...r.headers.map(([n, v]) => `  ${n}: ${v}`)].join('\n'));
  }
  return 0;
}

async function replayOne(output: Output, item: ReplayItem, dispatcher: import('../http/deliver.js').Dispatcher): Promise<number> {
  const { deliver } = await import('../http/deliver.js');
  const { answerChange } = await import('../replay/run.js');
  const { changeText } = await import('../ui/replay.js');
  const { deliveryJson, renderDelivery, stylesFor } = await import('../ui/delivery.js');
  const { startProgress } = await import('../ui/spinner.js');
  const r = item.built.request;
  const show = { secretHeaders: new Set(['authorization', 'proxy-authorization', 'cookie', 'x-api-key']), showSecrets: false };
  const s = await stylesFor(output);
  if (!output.json) output.out(`${s.bold(r.method ?? 'POST')} ${r.url}  ${s.dim(`replay of ${item.label} · ${r.body?.length ?? 0} bytes${item.built.resigned ? ` · re-signed (${item.built.resigned})` : ''}`)}`);
  const progress = await startProgress(output, `${r.method} ${r.url}`);
  const delivery = await deliver(r, { dispatcher });
  progress.stop();
  const change = answerChange(item.capture, delivery);
  if (output.json) {
    output.emitJson({ replayOf: item.label, ...(item.built.resigned ? { resigned: item.built.resigned } : {}), ...change, ...(await deliveryJson(delivery, show)) });
  } else {
    output.out('');
    output.out(await renderDelivery(output, delivery, show));
    output.out(`  ${s.dim('then/now'.padEnd(11))}${changeText(change)}`);
  }
  return delivery.ok ? 0 : 1;
}

async function replayMany(output: Output, items: ReplayItem[], o: Options, dispatcher: import('../http/deliver.js').Dispatcher): Promise<number> {
  const { replayAll, answerChange } = await import('../replay/run.js');
  const { resultLine, renderReplaySummary, outcomeOf } = await import('../ui/replay.js');
  const { stylesFor } = await import('../ui/delivery.js');
  const s = await stylesFor(output);
  const rate = o.rate ? parseRate(o.rate) : undefined;
  if (!output.json) output.err(`replaying ${items.length} capture${items.length === 1 ? '' : 's'} in their original order${o.concurrency > 1 ? `, ${o.concurrency} at a time` : ''}${o.rate ? ` at ${o.rate}` : ''}`);
  // Lines go out in the original order even when answers land out of it (concurrency > 1).
  const landed: Array<ReplayResult | undefined> = [];
  let printed = 0;
  const changes: ReturnType<typeof answerChange>[] = [];
  const { results, elapsedMs } = await replayAll(items, {
    concurrency: o.concurrency,
    ...(rate ? { rate } : {}),
    dispatcher,
    outcomeOnly: true,
    onResult(r) {
      changes[r.index] = answerChange(r.item.capture, r.delivery);
      landed[r.index] = r;
      while (landed[printed]) {
        const ready = landed[printed]!;
        const change = changes[printed]!;
        if (output.json) output.emitJson({ event: 'replay', index: ready.index + 1, replayOf: ready.item.label, method: ready.item.built.request.method, url: ready.item.built.request.url, outcome: outcomeOf(ready.delivery), ok: ready.delivery.ok, ...change }, { ndjson: true });
        // Each line starts with its place, n/total: the progress of the run.
        else output.out(resultLine(s, ready, items.length, change));
        printed++;
      }
    },
  });
  const ok = results.filter((r) => r.delivery.ok).length;
  if (output.json) output.emitJson({ event: 'summary', replayed: results.length, ok, failed: results.length - ok, elapsedMs: Math.round(elapsedMs) }, { ndjson: true });
  else output.out(await renderReplaySummary(output, results, changes, elapsedMs));
  return ok === results.length ? 0 : 1;
}
