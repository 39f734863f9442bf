// `webhook-doctor profiles [show <name|file>]`: list the built-in sender profiles, or print one as JSON
// ready to copy into a file for --profile ./my-sender.json.
import { WdError } from '../errors.js';
import type { CommandInput } from '../options.js';
import { loadProfile, profiles } from '../profiles/index.js';
import { profileData, profileRow } from '../profiles/summary.js';
import { createOutput, isTerminal } from '../ui/output.js';
import { renderProfileList } from '../ui/profiles.js';

/** For explain: the profile loader, from this command's own bundle, so explain's start-up carries no profile data. */
export { loadProfile };

export async function run(input: CommandInput): Promise<number> {
  const json = input.opts.json === true;
  const output = createOutput({ json });
  const [sub, name] = input.args as [string | undefined, string | undefined];
  if (sub === undefined || sub === 'list') {
    const rows = profiles.map(profileRow);
    if (json) output.emitJson(rows);
    else output.out(await renderProfileList(output, rows, isTerminal(1)));
    return 0;
  }
  if (sub !== 'show') {
    throw new WdError('USAGE', `unknown subcommand "${sub}"`, { hint: 'webhook-doctor profiles (list) or webhook-doctor profiles show <name>' });
  }
  if (!name) throw new WdError('USAGE', 'profiles show needs a profile name', { hint: `e.g. webhook-doctor profiles show github > my-sender.json (names: ${profiles.map((p) => p.name).join(', ')})` });
  // Always JSON: it is the file format.
  output.emitJson(profileData(await loadProfile(name)));
  return 0;
}
