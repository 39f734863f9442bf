// Validating a command's options with its zod schema; a ZodError becomes one readable usage line.
import type { z } from 'zod';
import { WdError } from './errors.js';

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
  throw new WdError('USAGE', `${flag}: ${readableMessage(issue, opts)}${more}`, { hint: 'see --help for the accepted values' });
}

/**
 * zod's default wording for a flag that does not coerce to a number is "expected number, received NaN":
 * say what was given instead. A schema's own message (e.g. "must be a number of seconds") is kept.
 */
function readableMessage(issue: z.core.$ZodIssue, opts: unknown): string {
  const zodDefault = /received NaN|^Invalid input/.test(issue.message);
  if (zodDefault && issue.code === 'invalid_type' && issue.expected === 'number' && issue.path.length === 1) {
    const given = (opts as Record<PropertyKey, unknown> | undefined)?.[issue.path[0]!];
    if (typeof given === 'string') return `expected a number, got "${given}"`;
  }
  return issue.message;
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
