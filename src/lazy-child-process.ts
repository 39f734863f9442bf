// commander requires node:child_process when it loads, for executable subcommands that webhook-doctor
// never uses; loading it pulls in net, streams and dgram, a tenth of start-up. The build aliases
// commander's import to this module, which loads the real one only if it is ever called.
import { createRequire } from 'node:module';
import type * as ChildProcess from 'node:child_process';

const load = () => createRequire(typeof __filename === 'string' ? __filename : import.meta.url)('node:child_process') as typeof ChildProcess;

export const spawn: typeof ChildProcess.spawn = ((...args: Parameters<typeof ChildProcess.spawn>) =>
  load().spawn(...args)) as typeof ChildProcess.spawn;
