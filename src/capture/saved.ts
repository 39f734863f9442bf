// A saved capture on disk: <stem>.json (metadata) beside <stem>.body (the raw bytes, as received).
// `listen --save` writes it; `verify --capture` reads it back with readCapture.
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { WdError } from '../errors.js';
import { unreadableFile } from '../options.js';
import type { Finding } from '../findings.js';
import type { Capture, HeaderPair } from './capture.js';
import { maskHeaders, maskTarget } from './mask.js';

export interface SavedCaptureMeta {
  version: 1;
  id: string;
  receivedAt: string;
  remoteAddress: string;
  method: string;
  target: string;
  httpVersion: string;
  /** Names and values in wire order and case (credentials masked unless saved with --show-secrets). */
  rawHeaders: HeaderPair[];
  /** Bytes the sender sent; the .body file holds them (empty when the body was refused as too large). */
  bodyBytes: number;
  bodySha256: string;
  /** The body file's name, relative to the metadata file. */
  bodyFile: string;
  bodyRefused?: boolean;
  /** Credential headers were masked before saving. */
  masked?: boolean;
  findings: Finding[];
}

export interface SavedCapture extends SavedCaptureMeta {
  /** The raw body bytes, exactly as received. */
  body: Buffer;
  /** Path of the metadata file. */
  path: string;
}

/** Write one capture as two files and return the metadata path. The .json is written last, by rename, so a reader never sees metadata without its body. */
export async function writeCapture(dir: string, capture: Capture, opts: { showSecrets?: boolean } = {}): Promise<string> {
  await mkdir(dir, { recursive: true });
  const stem = capture.id;
  const meta: SavedCaptureMeta = {
    version: 1,
    id: capture.id,
    receivedAt: capture.receivedAt,
    remoteAddress: capture.remoteAddress,
    method: capture.method,
    target: opts.showSecrets ? capture.target : maskTarget(capture.target),
    httpVersion: capture.httpVersion,
    rawHeaders: opts.showSecrets ? capture.rawHeaders : maskHeaders(capture.rawHeaders),
    bodyBytes: capture.bodyRefused ? capture.bodyBytes : capture.body.length,
    bodySha256: createHash('sha256').update(capture.body).digest('hex'),
    bodyFile: `${stem}.body`,
    ...(capture.bodyRefused ? { bodyRefused: true } : {}),
    ...(opts.showSecrets ? {} : { masked: true }),
    findings: capture.findings,
  };
  await writeFile(join(dir, meta.bodyFile), capture.body);
  const path = join(dir, `${stem}.json`);
  await writeFile(path + '.tmp', JSON.stringify(meta, null, 2) + '\n');
  await rename(path + '.tmp', path);
  return path;
}

/** Read a saved capture given either of its two files (<stem>.json or <stem>.body). */
export async function readCapture(path: string): Promise<SavedCapture> {
  const metaPath = path.endsWith('.body') ? path.slice(0, -'.body'.length) + '.json' : path;
  let text: string;
  try {
    text = await readFile(metaPath, 'utf8');
  } catch (err) {
    throw unreadableFile('--capture', metaPath, err, 'pass the .json or .body file written by `webhook-doctor listen --save <dir>`');
  }
  let meta: SavedCaptureMeta;
  try {
    meta = JSON.parse(text) as SavedCaptureMeta;
  } catch {
    throw new WdError('INPUT', `${metaPath} is not a saved capture (not JSON)`, { hint: 'pass a file written by `webhook-doctor listen --save <dir>`' });
  }
  if (meta?.version !== 1 || !Array.isArray(meta.rawHeaders) || typeof meta.bodyFile !== 'string') {
    throw new WdError('INPUT', `${metaPath} is not a saved capture (no version 1 metadata)`, { hint: 'pass a file written by `webhook-doctor listen --save <dir>`' });
  }
  const bodyPath = join(dirname(metaPath), basename(meta.bodyFile));
  let body: Buffer;
  try {
    body = await readFile(bodyPath);
  } catch (err) {
    throw new WdError('INPUT', `capture body ${bodyPath} is missing (${(err as NodeJS.ErrnoException).code ?? 'unreadable'})`, {
      hint: 'keep the .json and .body files of a capture together',
    });
  }
  const sha = createHash('sha256').update(body).digest('hex');
  if (sha !== meta.bodySha256) {
    throw new WdError('INPUT', `capture body ${bodyPath} does not match its recorded sha256 (the file was changed)`, {
      hint: 'a signature can only be checked against the bytes exactly as received',
    });
  }
  return { ...meta, body, path: metaPath };
}
