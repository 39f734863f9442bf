// Your own sender as a file: `--profile ./my-siem.json` read with the built-ins' schema, its recipe id and
// handshake checked against what webhook-doctor knows; anything wrong is one line naming the field.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { z } from 'zod';
import { WdError } from '../errors.js';
import { unreadableFile } from '../options.js';
import { profileSchema } from './schema.js';
import { findHandshake, handshakes } from '../capture/handshakes.js';
import type { Profile } from './index.js';
import { expandSuccessCodes } from './summary.js';

const hint = 'start from a built-in: webhook-doctor profiles show generic > my-sender.json';

function fieldName(path: readonly PropertyKey[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i ? '.' : ''}${String(p)}`)).join('') || '(the whole file)';
}

/** Edit distance, for "did you mean" on a misspelt field name. */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const here = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = here;
    }
  }
  return row[b.length]!;
}

function issueLine(issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys') {
    const where = issue.path.length ? ` in ${fieldName(issue.path)}` : '';
    const known = issue.path.length === 0 ? Object.keys(profileSchema.shape) : [];
    const typo = issue.keys.length === 1 ? issue.keys[0]!.toLowerCase() : '';
    const close = typo ? known.find((k) => distance(k.toLowerCase(), typo) <= 2) ?? known.find((k) => typo.length >= 4 && k.toLowerCase().startsWith(typo)) : undefined;
    return `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}${where}${close ? ` (did you mean "${close}"?)` : ''}`;
  }
  if (issue.code === 'invalid_type' && issue.message.includes('received undefined')) return `field ${fieldName(issue.path)} is missing`;
  return `field ${fieldName(issue.path)}: ${issue.message}`;
}

/** The profile in `path`, validated; a WdError (exit 2) naming the first bad field otherwise. */
export function readProfileFile(path: string): Profile {
  const name = basename(path);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw unreadableFile('--profile', path, err, hint);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new WdError('INPUT', `--profile ${name}: not valid JSON (${(err as Error).message})`, { hint: `check it with: node -e 'JSON.parse(require("fs").readFileSync("${path}","utf8"))'` });
  }
  if (value && typeof value === 'object' && 'successCodes' in value) {
    (value as Record<string, unknown>).successCodes = expandSuccessCodes((value as Record<string, unknown>).successCodes);
  }
  const result = profileSchema.safeParse(value);
  if (!result.success) {
    // A misspelt field shows as both "unknown" and "missing": the unknown one says more.
    const issues = [...result.error.issues].sort((a, b) => Number(b.code === 'unrecognized_keys') - Number(a.code === 'unrecognized_keys'));
    const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : '';
    throw new WdError('INPUT', `--profile ${name}: ${issueLine(issues[0]!)}${more}`, { hint });
  }
  const profile = result.data as Profile;
  if (profile.handshake !== undefined && !findHandshake(profile.handshake)) {
    throw new WdError('INPUT', `--profile ${name}: field handshake: unknown handshake "${profile.handshake}"`, { hint: `known handshakes: ${handshakes.map((h) => h.id).join(', ')}` });
  }
  return profile;
}
