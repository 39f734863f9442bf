// Validating a command's options with its zod schema; a ZodError becomes one readable usage line.
import type { z } from 'zod';
import { WdError } from './errors.js';

export interface CommandInput {
  /** Positional arguments, in commander's order (variadic ones arrive as an array). */
  args: unknown[];
  /** Options as commander parsed them (strings, booleans, arrays for repeatable flags). */
  opts: Record<string, unknown>;
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
