// Reading what `verify --capture` needs from a capture saved by `listen --save` (<stem>.json
// metadata beside <stem>.body raw bytes), without loading the body: verify streams it.
import { readFile, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { WdError } from '../errors.js';
import type { HeaderList } from './types.js';
import { digestFile } from './digest.js';

export interface CaptureToVerify {
  metaPath: string;
  bodyPath: string;
  headers: HeaderList;
  /** Unix seconds the capture was received: timestamps are judged against it. */
  receivedAt: number | undefined;
  bodyBytes: number;
}

const hint = 'pass the .json or .body file written by `webhook-doctor listen --save <dir>`';

/** Either file of a saved capture → its headers and the path of its raw body (checked against its sha256). */
export async function readCaptureToVerify(path: string): Promise<CaptureToVerify> {
  const metaPath = path.endsWith('.body') ? path.slice(0, -'.body'.length) + '.json' : path;
  let meta: Record<string, unknown>;
  try {
    meta = JSON.parse(await readFile(metaPath, 'utf8')) as Record<string, unknown>;
  } catch (err) {
    const why = (err as NodeJS.ErrnoException).code ?? 'not JSON';
    throw new WdError('INPUT', `cannot read capture ${metaPath} (${why})`, { hint });
  }
  const rawHeaders = meta.rawHeaders;
  if (meta.version !== 1 || !Array.isArray(rawHeaders) || typeof meta.bodyFile !== 'string'
    || !rawHeaders.every((h) => Array.isArray(h) && typeof h[0] === 'string' && typeof h[1] === 'string')) {
    throw new WdError('INPUT', `${metaPath} is not a saved capture (no version 1 metadata)`, { hint });
  }
  if (meta.bodyRefused) {
    throw new WdError('INPUT', `${metaPath} has no body: listen refused it as too large`, { hint: 'capture again with a larger --max-body' });
  }
  const bodyPath = join(dirname(metaPath), basename(meta.bodyFile));
  let size: number;
  try {
    size = (await stat(bodyPath)).size;
  } catch (err) {
    throw new WdError('INPUT', `capture body ${bodyPath} is missing (${(err as NodeJS.ErrnoException).code ?? 'unreadable'})`, {
      hint: 'keep the .json and .body files of a capture together',
    });
  }
  if (typeof meta.bodySha256 === 'string') {
    const { digests } = await digestFile(bodyPath, [{ hash: 'sha256', key: null, prefix: Buffer.alloc(0) }]);
    if (digests[0]!.toString('hex') !== meta.bodySha256) {
      throw new WdError('INPUT', `capture body ${bodyPath} does not match its recorded sha256 (the file was changed)`, {
        hint: 'a signature can only be checked against the bytes exactly as received',
      });
    }
  }
  const received = typeof meta.receivedAt === 'string' ? Date.parse(meta.receivedAt) : NaN;
  return {
    metaPath,
    bodyPath,
    headers: rawHeaders as Array<[string, string]>,
    receivedAt: Number.isNaN(received) ? undefined : Math.floor(received / 1000),
    bodyBytes: size,
  };
}
