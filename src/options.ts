// Checking a command's options, one way for every command and with the same words for the same mistake:
// the rules below (number, text, choice, url, flag, list) for commands that must start fast (send, flush,
// doctor, queue, explain: no zod), and parseOptions for a zod schema, whose default wording is mapped onto
// the same phrases. Every failure is a USAGE error "--flag: what was wrong" with one hint.
import type { z } from 'zod';
import { WdError } from './errors.js';

export const OPTION_HINT = 'see --help for the accepted values';

/** The usage error every rule throws: "--flag: message". */
export function optionError(flag: string, message: string, hint = OPTION_HINT): WdError {
  return new WdError('USAGE', `--${flag}: ${message}`, { hint });
}

export interface NumberRule {
  int?: boolean;
  min: number;
  /** min itself is refused (a timeout must be more than 0). */
  minExclusive?: boolean;
  max?: number;
  /** "seconds": said in the messages ("expected a number of seconds", "at most 300 seconds"). */
  unit?: string;
  /** Said instead of "at most <max> <unit>". */
  maxMessage?: string;
}

/** A number option: `fallback` when absent (undefined stays undefined). */
export function numberOption<F extends number | undefined>(flag: string, raw: unknown, fallback: F, rule: NumberRule): number | F {
  if (raw === undefined) return fallback;
  const unit = rule.unit ? ` ${rule.unit}` : '';
  const kind = `${rule.int ? 'a whole number' : 'a number'}${rule.unit ? ` of ${rule.unit}` : ''}`;
  if (typeof raw !== 'string' && typeof raw !== 'number') throw optionError(flag, `expected ${kind}`);
  const n = Number(raw);
  if (String(raw).trim() === '' || !Number.isFinite(n) || (rule.int && !Number.isInteger(n))) throw optionError(flag, `expected ${kind}, got "${raw}"`);
  if (rule.minExclusive ? n <= rule.min : n < rule.min) throw optionError(flag, rule.minExclusive ? `must be more than ${rule.min}${unit}` : `must be at least ${rule.min}${unit}`);
  if (rule.max !== undefined && n > rule.max) throw optionError(flag, rule.maxMessage ?? `at most ${rule.max}${unit}`);
  return n;
}

/** A text option; `nonEmpty` refuses "" (an empty --token is a mistake, not "no token"). */
export function textOption(flag: string, raw: unknown, o: { nonEmpty?: boolean } = {}): string | undefined {
  if (raw === undefined) return undefined;
  if (typeof raw !== 'string') throw optionError(flag, 'expected text');
  if (o.nonEmpty && raw.trim() === '') throw optionError(flag, 'must not be empty');
  return raw;
}

/** One of a fixed set of names (schemes, formats). */
export function choiceOption<T extends string>(flag: string, raw: unknown, values: readonly T[]): T | undefined {
  const v = textOption(flag, raw);
  if (v === undefined) return undefined;
  if (!(values as readonly string[]).includes(v)) {
    // A long registry (40+ signature recipes) is named in part: the line stays one line.
    const named = values.length > 8 ? `${values.slice(0, 8).join(', ')}, … (${values.length} in all)` : values.join(', ');
    throw optionError(flag, `expected one of ${named}; got "${v}"`);
  }
  return v as T;
}

/** An http:// or https:// URL: a webhook goes nowhere else. */
export function urlOption(flag: string, raw: unknown): string | undefined {
  const v = textOption(flag, raw);
  if (v === undefined) return undefined;
  if (!/^https?:\/\/[^/]/i.test(v) || !URL.canParse(v)) throw optionError(flag, `expected an http:// or https:// URL (e.g. https://example.com/hooks), got "${v}"`);
  return v;
}

/** A switch (commander gives true, or false for --no-x); absent stays undefined. */
export function flagOption(raw: unknown): boolean | undefined {
  return raw === undefined ? undefined : Boolean(raw);
}

/** A repeatable option (-H): always an array of strings. */
export function listOption(raw: unknown): string[] {
  return raw === undefined ? [] : Array.isArray(raw) ? raw.map(String) : [String(raw)];
}

export interface CommandInput {
  /** Positional arguments, in commander's order (variadic ones arrive as an array). */
  args: unknown[];
  /** Options as commander parsed them (strings, booleans, arrays for repeatable flags). */
  opts: Record<string, unknown>;
  /** The commander command that parsed them (completion walks up from it to the whole program). */
  command?: unknown;
}

/** Parse `opts` with `schema`; a failure is a usage error naming the flag and what was wrong. */
export function parseOptions<S extends z.ZodType>(schema: S, opts: unknown): z.output<S> {
  const result = schema.safeParse(opts);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const flag = issue.path.length ? `--${String(issue.path[0]).replace(/[A-Z]/g, (c) => '-' + c.toLowerCase())}` : 'options';
  const more = result.error.issues.length > 1 ? ` (and ${result.error.issues.length - 1} more)` : '';
  throw new WdError('USAGE', `${flag}: ${readableMessage(issue, opts)}${more}`, { hint: OPTION_HINT });
}

/**
 * zod's default wording ("expected number, received NaN", "Too small: expected number to be >=1") in the
 * words the rules above use, so a schema-checked command reads like the others. A schema's own message
 * (e.g. "a port number from 0 to 65535") is kept.
 */
function readableMessage(issue: z.core.$ZodIssue, opts: unknown): string {
  const zodDefault = /received NaN|^Invalid input|^Too (small|big)|^Invalid option/.test(issue.message);
  if (!zodDefault) return issue.message;
  const given = issue.path.length === 1 ? (opts as Record<PropertyKey, unknown> | undefined)?.[issue.path[0]!] : undefined;
  if (issue.code === 'invalid_type' && issue.expected === 'number') return typeof given === 'string' ? `expected a number, got "${given}"` : 'expected a number';
  if (issue.code === 'too_small' && issue.origin === 'string' && Number(issue.minimum) === 1) return 'must not be empty';
  if (issue.code === 'too_small' && typeof issue.minimum === 'number') return issue.inclusive === false ? `must be more than ${issue.minimum}` : `must be at least ${issue.minimum}`;
  if (issue.code === 'too_big' && typeof issue.maximum === 'number') return `at most ${issue.maximum}`;
  if (issue.code === 'invalid_value') return `expected one of ${issue.values.map(String).join(', ')}; got "${String(given)}"`;
  return issue.message;
}

// The words for a file that cannot be read, the same for -d @file, --body @file, --cacert, --profile, --capture.
const UNREADABLE: Record<string, string> = {
  ENOENT: 'no such file',
  EISDIR: 'it is a folder, not a file',
  ENOTDIR: 'a part of the path is a file, not a folder',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
};

/** The input error for a file option that cannot be read: "--flag: cannot read <path>: no such file (ENOENT)". */
export function unreadableFile(flag: string, path: string, err: unknown, hint: string): WdError {
  const code = (err as NodeJS.ErrnoException | undefined)?.code ?? (err as Error | undefined)?.message ?? 'unreadable';
  const words = UNREADABLE[code];
  return new WdError('INPUT', `${flag}: cannot read ${path}${words ? `: ${words}` : ''} (${code})`, { hint });
}

/**
 * A folder a command is about to write into (--spool, queue add's spool): it is a folder, or can be made
 * one, and this process can create files in it. Checked before anything is sent, so a payload is never
 * delivered-and-failed with nowhere to keep it. A probe file is made and removed: permission bits alone
 * do not tell (root, read-only mounts, ACLs).
 */
export async function checkWritableFolder(path: string, flag: string): Promise<void> {
  const { stat, writeFile, unlink } = await import('node:fs/promises');
  const { dirname, join, resolve } = await import('node:path');
  const problem = (what: string, hint: string) => new WdError('USAGE', `${flag} ${path}: ${what}`, { hint });
  let folder = resolve(path);
  const info = await stat(folder).catch((e: NodeJS.ErrnoException) => e);
  if (!(info instanceof Error) && !info.isDirectory()) {
    throw problem('is a file, not a spool folder', `give a folder (it is made if missing), e.g. ${flag} ./spool`);
  }
  if (info instanceof Error) {
    if (info.code === 'ENOTDIR') throw problem('a part of the path is a file, not a folder', `give a folder (it is made if missing), e.g. ${flag} ./spool`);
    // Missing: it is made when first written; its nearest existing parent must take new files.
    while (true) {
      const parent = dirname(folder);
      const up = await stat(parent).catch(() => undefined);
      folder = parent;
      if (up?.isDirectory() || parent === dirname(parent)) break;
      if (up) throw problem(`${parent} is a file, not a folder`, `give a folder (it is made if missing), e.g. ${flag} ./spool`);
    }
  }
  const probe = join(folder, `.webhook-doctor-write-check-${process.pid}`);
  try {
    await writeFile(probe, '', { flag: 'wx' });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? 'error';
    if (code !== 'EEXIST') throw problem(`cannot write in ${folder} (${code})`, `choose a folder you can write to, e.g. ${flag} ./spool`);
  }
  await unlink(probe).catch(() => {});
}
