// Computing HMACs over a body that is in memory, in a file, or arriving on a stream, several at
// once in one pass, without ever holding a large body whole.
import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto';
import { open } from 'node:fs/promises';

/** One digest to compute: HMAC with `key` (or a plain hash when key is null) over prefix + body. */
export interface DigestJob {
  hash: 'sha256' | 'sha1' | 'sha512';
  key: Buffer | null;
  prefix: Buffer;
}

// 4 MiB reads: big enough that per-call overhead vanishes, small enough to stay far under the RSS budget.
const CHUNK = 4 * 1024 * 1024;

function start(job: DigestJob): Hmac | Hash {
  const h = job.key ? createHmac(job.hash, job.key) : createHash(job.hash);
  if (job.prefix.length) h.update(job.prefix);
  return h;
}

export function digestBuffer(job: DigestJob, body: Buffer): Buffer {
  return start(job).update(body).digest();
}

/** Digests of a file, read with two alternating buffers so the next read overlaps hashing. */
export async function digestFile(path: string, jobs: readonly DigestJob[]): Promise<{ digests: Buffer[]; bytes: number }> {
  const hashes = jobs.map(start);
  const fh = await open(path, 'r');
  try {
    const buffers = [Buffer.allocUnsafe(CHUNK), Buffer.allocUnsafe(CHUNK)] as const;
    let which = 0;
    let position = 0;
    let pending = fh.read(buffers[0], 0, CHUNK, 0);
    for (;;) {
      const { bytesRead } = await pending;
      if (bytesRead === 0) break;
      const current = buffers[which]!;
      position += bytesRead;
      which ^= 1;
      pending = fh.read(buffers[which]!, 0, CHUNK, position);
      const chunk = bytesRead === CHUNK ? current : current.subarray(0, bytesRead);
      for (const h of hashes) h.update(chunk);
    }
    return { digests: hashes.map((h) => h.digest()), bytes: position };
  } finally {
    await fh.close();
  }
}

/**
 * Digests of a one-shot stream (stdin). The first `keepUpTo` bytes are kept so body-rewriting
 * diagnoses can run on small bodies; `kept` is undefined when the body was larger.
 */
export async function digestStream(
  stream: AsyncIterable<Buffer | string>,
  jobs: readonly DigestJob[],
  keepUpTo: number,
): Promise<{ digests: Buffer[]; bytes: number; kept: Buffer | undefined }> {
  const hashes = jobs.map(start);
  let kept: Buffer[] | undefined = [];
  let bytes = 0;
  for await (const piece of stream) {
    const chunk = typeof piece === 'string' ? Buffer.from(piece) : piece;
    bytes += chunk.length;
    for (const h of hashes) h.update(chunk);
    if (kept) {
      if (bytes <= keepUpTo) kept.push(chunk);
      else kept = undefined;
    }
  }
  return { digests: hashes.map((h) => h.digest()), bytes, kept: kept ? Buffer.concat(kept) : undefined };
}

/** Same job (same hash, key and prefix)? Used to compute each distinct digest once. */
export function jobKey(job: DigestJob): string {
  return `${job.hash}|${job.key ? job.key.toString('hex') : '-'}|${job.prefix.toString('hex')}`;
}
