// Waking a --watch flush when there may be work: a file landing in the spool (fs.watch on its top and new/),
// the next attempt coming due, or a periodic rescan where change events are unreliable (NFS, some container
// mounts). It also checks the spool is still there and writable, so a watcher does not live on silently.
import { watch, type FSWatcher } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { constants } from 'node:fs';
import { join } from 'node:path';
import { WdError } from '../errors.js';

export interface SpoolWatcher {
  /** Resolves on a change, at `untilMs`, after the rescan interval, or when `signal` aborts; rejects when the spool is gone or unwritable. */
  wait(untilMs: number | undefined, signal?: AbortSignal): Promise<void>;
  close(): void;
}

/** Why the spool can no longer be used, or undefined when it can. */
export async function spoolUnusable(dir: string): Promise<string | undefined> {
  for (const path of [dir, join(dir, 'new'), join(dir, 'cur')]) {
    const info = await stat(path).catch((err: NodeJS.ErrnoException) => err);
    if (info instanceof Error) return info.code === 'ENOENT' ? `${path} is gone` : `${path}: ${info.message}`;
    if (!info.isDirectory()) return `${path} is no longer a directory`;
    const denied = await access(path, constants.W_OK | constants.X_OK).then(() => undefined, (err: NodeJS.ErrnoException) => err);
    if (denied) return denied.code === 'ENOENT' ? `${path} is gone` : `${path} is no longer writable (${denied.code ?? denied.message})`;
  }
  return undefined;
}

export function watchSpool(dir: string, opts: { rescanMs: number }): SpoolWatcher {
  let dirty = true; // the first wait looks at once
  let wake: (() => void) | undefined;
  const watchers: FSWatcher[] = [];
  const poke = () => {
    dirty = true;
    wake?.();
  };
  for (const path of [dir, join(dir, 'new')]) {
    try {
      const w = watch(path, { persistent: true }, poke);
      // A watch that fails (the folder went away, too many watches) leaves the check and the rescan to it.
      w.on('error', poke);
      watchers.push(w);
    } catch {
      // fs.watch unsupported here (some network file systems): the periodic rescan does the work.
    }
  }
  return {
    async wait(untilMs, signal) {
      for (;;) {
        const why = await spoolUnusable(dir);
        if (why) throw new WdError('FAILED', `the spool can no longer be used: ${why}`, { hint: 'what was not sent stays where it was; restore the folder (or its permissions) and start the flush again' });
        if (dirty || signal?.aborted) {
          dirty = false;
          return;
        }
        const now = Date.now();
        const until = Math.min(untilMs ?? Infinity, now + opts.rescanMs);
        if (until <= now) return;
        await new Promise<void>((resolve) => {
          const done = () => {
            clearTimeout(timer);
            signal?.removeEventListener('abort', done);
            wake = undefined;
            resolve();
          };
          const timer = setTimeout(() => {
            dirty = true; // the rescan or the next attempt: look again
            done();
          }, until - now);
          wake = done;
          signal?.addEventListener('abort', done, { once: true });
        });
      }
    },
    close() {
      for (const w of watchers.splice(0)) w.close();
      wake?.();
    },
  };
}
