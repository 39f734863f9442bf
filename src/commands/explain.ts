// `webhook-doctor explain`: find entries for codes, names, pasted lines or a log on stdin, and print them.
// Kept free of zod, undici and ora so it starts as fast as node itself; options are checked by hand.
import { WdError } from '../errors.js';
import type { CommandInput } from '../options.js';
import { entries, lookup, scanLog, suggest, type KbEntry } from '../kb/index.js';
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

/** Each word on its own when every one is known ('429 ECONNRESET'), else the words as one phrase ('too many requests'). */
function resolveQuery(words: string[]): KbEntry[] {
  if (words.length > 1) {
    const each = words.map((w) => lookup(w));
    if (each.every((found) => found.length > 0)) return [...new Set(each.flat())];
  }
  return lookup(words.join(' '));
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
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
  const close = suggest(query);
  const hint = close.length
    ? `did you mean ${close.map((k) => `"${k}"`).join(', ')}? (webhook-doctor explain --list shows every entry)`
    : 'webhook-doctor explain --list shows every entry';
  return new WdError('NOT_FOUND', `nothing in the knowledge base matches "${query}"`, { hint });
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

  let views: EntryView[];
  if (words.length === 1 && words[0] === '-') {
    const found = scanLog(await readStdin());
    if (found.length === 0) {
      throw new WdError('INPUT', 'no status or error code found in the input', { hint: 'the log should contain codes like "HTTP/1.1 503", "status=429" or "ECONNRESET"' });
    }
    views = found.map((m) => viewOf(m.entry, profile, { line: m.line, lineNumber: m.lineNumber, match: m.match }));
  } else {
    const matched = resolveQuery(words);
    if (matched.length === 0) throw unknownInput(words.join(' '));
    views = matched.map((e) => viewOf(e, profile));
  }

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
