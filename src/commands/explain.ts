// `webhook-doctor explain`: find entries for codes, names, pasted lines or a log on stdin, and print them.
// Kept free of zod, undici and ora so it starts as fast as node itself; options are checked by hand.
// node:fs statically: a dynamic import() of it goes through the ES-module loader, whose facade reads every export
// and so loads the streams (~3 ms of CPU at the start of `explain -`, profiled); the bundle requires node:fs anyway.
import { createReadStream, fstatSync, readSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { WdError } from '../errors.js';
import type { CommandInput } from '../options.js';
import { entries, lookup, suggest, typedStatuses, type KbEntry } from '../kb/index.js';
import { senderFactsFor } from '../kb/sender-facts.js';
import type { Profile } from '../profiles/index.js';
import { displayNames } from '../profiles/names.js';
import { createOutput } from '../ui/output.js';
import { explainStyles, renderEntries, renderList, textWidth, type EntryView } from '../ui/explain.js';

interface ExplainOptions {
  profile?: string;
  list: boolean;
  json: boolean;
}

function readOptions(opts: Record<string, unknown>): ExplainOptions {
  const profile = opts.profile;
  if (profile !== undefined && (typeof profile !== 'string' || profile.trim() === '')) {
    throw new WdError('USAGE', '--profile: expected a profile name', { hint: `known profiles: ${Object.keys(displayNames).join(', ')}` });
  }
  return { profile: profile as string | undefined, list: opts.list === true, json: opts.json === true };
}

/**
 * Profiles load only when one is asked for, from the `profiles` command's bundle: a specifier the bundler
 * cannot follow keeps every profile's data out of explain's own bundle (and so out of its start-up).
 */
async function loadProfileLazily(nameOrPath: string): Promise<Profile> {
  const bundle = './profiles.js';
  const mod = (await import(bundle)) as { loadProfile: (n: string) => Promise<Profile> };
  return mod.loadProfile(nameOrPath);
}

function queryWords(args: unknown[]): string[] {
  const first = args[0];
  const words = Array.isArray(first) ? first : args;
  return words.map(String).filter((w) => w.trim() !== '');
}

type Found = EntryView['found'];
type ReadText = typeof import('../kb/read-text.js');

/** The pattern tables and readers, from their own file in the build: loaded only when there is text to read. */
function readText(): ReadText {
  return createRequire(import.meta.url)(fileURLToPath(new URL('../kb/read-text.js', import.meta.url))) as ReadText;
}

/**
 * Each word on its own when every one is known ('429 ECONNRESET'), else the words as one phrase ('too many
 * requests'), else the text as a client printed it: the pattern tables are loaded only for that.
 */
async function resolveQuery(words: string[]): Promise<Array<{ entry: KbEntry; found?: Found }>> {
  if (words.length > 1) {
    const each = words.map((w) => lookup(w));
    if (each.every((found) => found.length > 0)) return [...new Set(each.flat())].map((entry) => ({ entry }));
  }
  const query = words.join(' ');
  const direct = lookup(query);
  if (direct.length) return direct.map((entry) => ({ entry }));
  const { recogniseText } = readText();
  const hits = recogniseText(query);
  if (hits.length) {
    const single = !query.includes('\n');
    return hits.map((h) => ({ entry: h.entry, found: { line: h.line, lineNumber: h.lineNumber, match: h.match, says: h.says, ...(single ? { single } : {}) } }));
  }
  return typedStatuses(query).map((entry) => ({ entry }));
}

// 64 KB a read, as a pipe gives: 16 KB cost 4,800 more calls over 100 MB for nothing, and from 128 KB on, a log of
// long lines peaks near 90 MB of RSS (against 71 at 64 KB; measured).
const CHUNK = 64 * 1024;

/**
 * Standard input as chunks. A file is read with readSync into one reused buffer (the matcher keeps nothing of a
 * chunk, so no buffer per read is made and dies: that was a third of the time) of CHUNK bytes; a pipe or a terminal
 * streams in 64 KB chunks.
 */
async function stdinChunks(): Promise<AsyncIterable<Buffer | string> | Iterable<Buffer>> {
  try {
    const stat = fstatSync(0);
    if (stat.isFile()) {
      return (function* () {
        const buffer = Buffer.allocUnsafe(CHUNK);
        for (let n = readSync(0, buffer); n > 0; n = readSync(0, buffer)) yield buffer.subarray(0, n);
      })();
    }
    if (stat.isFIFO()) return createReadStream('', { fd: 0, autoClose: false, highWaterMark: 64 * 1024 });
  } catch {
    // No usable descriptor 0: let process.stdin report it.
  }
  return process.stdin;
}

/** `explain -`: the log streams through the matcher; the summary and the explanations come after. */
async function triageStdin(options: ExplainOptions, profile: Profile | undefined, output: ReturnType<typeof createOutput>): Promise<number> {
  const { triageLog } = readText();
  const summary = await triageLog(await stdinChunks());
  if (summary.groups.length === 0 && summary.successes === 0) {
    throw new WdError('INPUT', 'no status or error code found in the input', {
      hint: 'the log should contain what a client printed ("curl: (7) …", "HTTP/1.1 503", "status=429", "ECONNRESET"); webhook-doctor explain --list shows every entry',
    });
  }
  const views = summary.groups.map((g) => viewOf(g.entry, profile, { line: g.example, lineNumber: g.firstLine, match: g.match, says: g.says, count: g.count }));
  if (options.json) {
    output.emitJson({
      query: '-',
      ...(profile ? { profile: profile.name } : {}),
      lines: summary.lines,
      successes: summary.successes,
      failures: summary.failures,
      summary: summary.groups.map((g) => ({
        key: g.key, title: g.entry.title, count: g.count, firstLine: g.firstLine, lastLine: g.lastLine,
        ...(g.firstTime ? { firstTime: g.firstTime, lastTime: g.lastTime } : {}), recognised: g.says, example: g.example,
      })),
      entries: views.map((v) => ({ ...v.entry, ...(v.found ? { found: v.found } : {}), senderFacts: v.senders })),
    });
    return 0;
  }
  const { renderTriage } = await import('../ui/triage.js');
  output.out(renderTriage(summary, views, await explainStyles(output), textWidth()));
  return 0;
}

function viewOf(entry: KbEntry, profile: Profile | undefined, found?: EntryView['found']): EntryView {
  const senders = profile
    ? [senderFactsFor(entry, profile)]
    : Object.entries(displayNames)
        .filter(([name]) => (entry.senders[name]?.length ?? 0) > 0)
        .map(([name, displayName]) => ({ profile: name, displayName, facts: entry.senders[name]!, sources: [] }));
  return { entry, senders, ...(found ? { found } : {}) };
}

function unknownInput(query: string): WdError {
  // A pasted line or trace is not a name to correct: no did-you-mean, and only its start is echoed.
  const pasted = query.length > 60 || query.includes('\n');
  const close = pasted ? [] : suggest(query);
  const hint = close.length
    ? `did you mean ${close.map((k) => `"${k}"`).join(', ')}? (webhook-doctor explain --list shows every entry)`
    : pasted
      ? 'no client, sender or code in it is known; webhook-doctor explain --list shows every entry'
      : 'webhook-doctor explain --list shows every entry';
  const shown = pasted ? `${query.split('\n')[0]!.slice(0, 60)}…` : query;
  return new WdError('NOT_FOUND', `nothing in the knowledge base matches "${shown}"`, { hint });
}

export async function run(input: CommandInput): Promise<number> {
  const options = readOptions(input.opts);
  const output = createOutput({ json: options.json });
  const profile = options.profile ? await loadProfileLazily(options.profile) : undefined;
  const words = queryWords(input.args);

  if (options.list) {
    if (options.json) {
      output.emitJson(entries.map((e) => ({ key: e.key, kind: e.kind, title: e.title, retry: e.retry.retry })));
      return 0;
    }
    output.out(await renderList(entries, output));
    return 0;
  }

  if (words.length === 0) {
    throw new WdError('USAGE', 'nothing to explain', { hint: 'give a code (429, ECONNRESET), a name, a log line, or - to read a log from stdin; --list shows every entry' });
  }

  if (words.length === 1 && words[0] === '-') return triageStdin(options, profile, output);

  const matched = await resolveQuery(words);
  if (matched.length === 0) throw unknownInput(words.join(' '));
  const views = matched.map((m) => viewOf(m.entry, profile, m.found));

  if (options.json) {
    output.emitJson({
      query: words.join(' '),
      ...(profile ? { profile: profile.name } : {}),
      entries: views.map((v) => ({ ...v.entry, ...(v.found ? { found: v.found } : {}), senderFacts: v.senders })),
    });
    return 0;
  }
  output.out(renderEntries(views, await explainStyles(output), textWidth()));
  return 0;
}
