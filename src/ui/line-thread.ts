// listen --json's line thread (see line-ring.ts): reads each record listen's thread put in the ring, writes
// its line, and sends the lines to stdout in order, a batch at a time, until listen's thread says it ended.
import { parentPort, workerData } from 'node:worker_threads';
import { DEAD, DONE, ENDING, READ, Ring, STATE, WRITE, WRITTEN, noRepeats, readRecord, writeAllSync } from './line-ring.js';
import { requestLine } from './request-line.js';

const { memory, showSecrets, fd } = workerData as { memory: SharedArrayBuffer; showSecrets: boolean; fd: number };
const ring = new Ring(memory);
const control = ring.control;
const pause = new Int32Array(new SharedArrayBuffer(4));
const OUT_BYTES = 64 * 1024;
/** Lines are written once this many bytes are gathered, or when the oldest has waited HOLD_MS. */
const FLUSH_BYTES = 32 * 1024;
const HOLD_MS = 5;
const out = Buffer.allocUnsafe(OUT_BYTES);
let used = 0;
const last = noRepeats();
/** Date.now() when the first line not yet written was gathered. */
let heldSince = 0;

function flush(): void {
  if (used === 0) return;
  writeAllSync(fd, out.subarray(0, used), pause);
  used = 0;
}

/** ASCII text (every line listen --json writes is), then a newline when asked. */
function put(text: string, newline: boolean): void {
  const need = text.length + (newline ? 1 : 0);
  if (need > OUT_BYTES - used) {
    flush();
    if (need > OUT_BYTES) {
      writeAllSync(fd, Buffer.from(newline ? text + '\n' : text, 'latin1'), pause);
      return;
    }
  }
  if (used === 0) heldSince = Date.now();
  used += out.write(text, used, 'latin1');
  if (newline) out[used++] = 0x0a;
}

try {
  let r = Atomics.load(control, READ);
  let read = 0;
  for (;;) {
    // listen's thread failed to write a line itself (too big for the ring): nothing more is written.
    if (Atomics.load(control, DEAD) === 1) break;
    const w = Atomics.load(control, WRITE);
    if (r === w) {
      // Caught up. A busy listen gathers lines for a few ms (a write per batch of requests costs more than
      // their lines); an idle one writes what it has now, and so does one that is ending.
      const ending = Atomics.load(control, STATE) === ENDING;
      const wait = ending || used >= FLUSH_BYTES ? 0 : HOLD_MS - (Date.now() - heldSince);
      if (used > 0 && wait > 0) {
        if (Atomics.wait(control, WRITE, w, wait) !== 'timed-out') continue;
      }
      flush();
      if (Atomics.load(control, WRITTEN) !== read) {
        Atomics.store(control, WRITTEN, read);
        Atomics.notify(control, WRITTEN);
      }
      if (ending && Atomics.load(control, WRITE) === r) break;
      Atomics.wait(control, WRITE, w, 200);
      continue;
    }
    if (used >= FLUSH_BYTES) flush();
    const record = readRecord(ring, r, last);
    if (record === 'wrap') {
      r = 0;
    } else {
      read++;
      const length = ring.words[r >> 2]!;
      if (record.kind === 'line') put(record.text, false);
      else put(requestLine(record.request.fields, record.request.findingsText, record.request.answer, undefined, showSecrets), true);
      r += length;
      if (r === ring.size) r = 0;
    }
    Atomics.store(control, READ, r);
    Atomics.notify(control, READ);
  }
  Atomics.store(control, DONE, 1);
  Atomics.notify(control, READ);
} catch (err) {
  // stdout closed (EPIPE: `listen --json | head -1`) or could not be written: listen's thread decides what it means.
  Atomics.store(control, DEAD, 1);
  Atomics.notify(control, READ);
  const e = err as NodeJS.ErrnoException;
  parentPort?.postMessage({ code: e.code, message: e.message });
}
