// `webhook-doctor explain`: find entries for codes, names, pasted lines or a log on stdin, and print them.
// Kept free of zod, undici and ora so it starts as fast as node itself; options are checked by hand.
import { WdError, exitCodeFor } from '../errors.js';
import type { CommandInput } from '../options.js';
import { entries, lookup, scanLog, suggest, type KbEntry } from '../kb/index.js';
import { senderFactsFor } from '../kb/sender-facts.js';
import { getProfile, profiles, type Profile } from '../profiles/index.js';
import { directOutput, explainStyles, renderEntries, renderList, textWidth, type EntryView } from '../ui/explain.js';

interface ExplainOptions {
  profile?: string;
  list: boolean;
  json: boolean;
}

function readOptions(opts: Record<string, unknown>): ExplainOptions {
  const profile = opts.profile;
  if (profile !== undefined && (typeof profile !== 'string' || profile.trim() === '')) {
    throw new WdError('USAGE', '--profile: expected a profile name', { hint: `known profiles: ${profiles.map((p) => p.name).join(', ')}` });
  }
  return { profile: profile as string | undefined, list: opts.list === true, json: opts.json === true };
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
    : profiles
        .filter((p) => (entry.senders[p.name]?.length ?? 0) > 0)
        .map((p) => ({ profile: p.name, displayName: p.displayName, facts: entry.senders[p.name]!, sources: [] }));
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
  const output = directOutput({ json: options.json });
  const profile = options.profile ? getProfile(options.profile) : undefined;
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

/**
 * The launcher's shortcut: `explain` with plain arguments runs without loading commander, so it
 * starts about as fast as node itself. Returns the CommandInput commander would have produced, or
 * undefined for anything unusual (--help, an unknown flag, a missing value), which then goes
 * through the full command table so errors and help read exactly the same.
 */
export function parseFastArgv(argv: string[]): CommandInput | undefined {
  if (argv[0] !== 'explain') return undefined;
  const words: string[] = [];
  const opts: Record<string, unknown> = {};
  for (let i = 1; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      words.push(...argv.slice(i + 1));
      break;
    }
    if (arg === '--json' || arg === '--list') opts[arg.slice(2)] = true;
    else if (arg === '--profile' && i + 1 < argv.length && !argv[i + 1]!.startsWith('-')) opts.profile = argv[++i];
    else if (arg.startsWith('--profile=') && arg.length > '--profile='.length) opts.profile = arg.slice('--profile='.length);
    else if (arg === '-' || !arg.startsWith('-')) words.push(arg);
    else return undefined;
  }
  return { args: [words], opts };
}

/** Runs the shortcut; a user error prints like the full CLI does (one line, a hint, exit 2). */
export async function runFast(input: CommandInput): Promise<number> {
  try {
    return await run(input);
  } catch (err) {
    if (!(err instanceof WdError)) throw err;
    process.stderr.write(`webhook-doctor: ${err.message}\n`);
    if (err.hint) process.stderr.write(`hint: ${err.hint}\n`);
    return exitCodeFor(err.code);
  }
}
