// `webhook-doctor send`: not built yet.
import { WdError } from '../errors.js';
import type { CommandInput } from '../options.js';

export async function run(_input: CommandInput): Promise<number> {
  throw new WdError('NOT_IMPLEMENTED', 'send is not implemented yet', { hint: 'see webhook-doctor --help for the commands that work today' });
}
