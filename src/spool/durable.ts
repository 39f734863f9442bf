// Atomic, durable file writes: temp file, fsync, rename, fsync the directory.
import { open, rename, mkdir, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { FOLDERS, HOST } from './layout.js';

/** fsync a directory so that a rename or create in it survives a power cut (Linux; a no-op where unsupported). */
export async function fsyncDir(dir: string): Promise<void> {
  let fh;
  try {
    fh = await open(dir, 'r');
    await fh.sync();
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'EISDIR' && code !== 'EPERM' && code !== 'EINVAL' && code !== 'EBADF') throw err;
  } finally {
    await fh?.close();
  }
}

const prepared = new Set<string>();

/** Creates the spool's folders once per process. */
export async function ensureLayout(dir: string): Promise<void> {
  if (prepared.has(dir)) return;
  await mkdir(dir, { recursive: true });
  for (const f of FOLDERS) await mkdir(join(dir, f), { recursive: true });
  prepared.add(dir);
}

/** Writes `data` into tmp/, flushes it, renames it to `dest` (replacing it atomically) and flushes dest's folder. */
export async function writeDurably(spool: string, dest: string, data: Buffer): Promise<void> {
  const tmp = join(spool, 'tmp', `${Date.now()}.${process.pid}.${randomBytes(4).toString('hex')}.${HOST}`);
  const fh = await open(tmp, 'wx', 0o600);
  try {
    await fh.writeFile(data);
    await fh.sync();
  } catch (err) {
    await fh.close();
    await unlink(tmp).catch(() => {});
    throw err;
  }
  await fh.close();
  await rename(tmp, dest);
  await fsyncDir(join(dest, '..'));
}
