// Atomic, durable file writes: temp file, fsync, rename, fsync the directory.
import { existsSync, linkSync, renameSync, unlinkSync } from 'node:fs';
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

/** Writes `data` into a new file in tmp/ and flushes it; its path. */
async function writeTemp(spool: string, data: Buffer): Promise<string> {
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
  return tmp;
}

/** Writes `data` into tmp/, flushes it, renames it to `dest` (replacing it atomically) and flushes dest's folder. */
export async function writeDurably(spool: string, dest: string, data: Buffer): Promise<void> {
  const tmp = await writeTemp(spool, data);
  try {
    await rename(tmp, dest);
  } catch (err) {
    // Not left in tmp/ (a watcher would pile them up there for as long as it runs): the write did not happen.
    await unlink(tmp).catch(() => {});
    throw err;
  }
  await fsyncDir(join(dest, '..'));
}

/** As writeDurably, but into `folder` under `name`, or `name.2`, `name.3`… if taken (see moveToFreeName); the name it got. */
export async function writeDurablyToFreeName(spool: string, folder: string, name: string, data: Buffer): Promise<string> {
  const tmp = await writeTemp(spool, data);
  try {
    const got = moveToFreeName(tmp, folder, name);
    await fsyncDir(folder);
    return got;
  } catch (err) {
    await unlink(tmp).catch(() => {});
    throw err;
  }
}

/**
 * Moves `from` to `to` unless something is already there (rename() would silently replace it: a plain
 * payload can share its name with an entry already deferred, or with one its writer wrote again): a hard
 * link, which fails with EEXIST, then the old name removed. False, and nothing moved, when `to` exists.
 * A crash between the two leaves the file under both names: sent again later with the same key, not lost.
 * Where the file system has no hard links, a check and a rename (not atomic, the best it offers).
 */
export function moveNoReplace(from: string, to: string): boolean {
  try {
    linkSync(from, to);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'EMLINK' && code !== 'EXDEV') throw err;
    if (existsSync(to)) return false;
    renameSync(from, to);
    return true;
  }
  unlinkSync(from);
  return true;
}

/** Moves `from` into `folder` as `name`, or `name.2`, `name.3`… if taken; the name it got. */
export function moveToFreeName(from: string, folder: string, name: string): string {
  for (let n = 1; ; n++) {
    const candidate = n === 1 ? name : `${name}.${n}`;
    if (moveNoReplace(from, join(folder, candidate))) return candidate;
  }
}
