// listen --json's side of the line thread (line-ring.ts): puts each answered request and each other event
// into the ring, in order, and waits for room when the line thread is behind (stdout is slow), as a
// blocking write would. A record too big for the ring is written here, once every line before it is out.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { CaptureRecord } from '../capture/pipeline.js';
import { findingsJson } from '../capture/json-text.js';
import { DEAD, DONE, ENDING, READ, Ring, STATE, WRITE, WRITTEN, lineRecordBytes, noRepeats, requestRecordBytes, roomAt, writeAllSync, writeLineRecord, writeRequestRecord, writeWrap } from './line-ring.js';

/** How listen writes what it prints: a line a request, and its other events. */
export interface RecordWriter {
  /** Text to print as it is (`ascii`: known to be ASCII, as listen's JSON text is). */
  push(text: string, ascii?: boolean): void;
  /** An answered request's line. */
  request(record: CaptureRecord): void;
  /** Everything pushed is written (or on its way); resolves once it is out. */
  close(): Promise<void>;
  /**
   * The process is exiting: from now on a writer that waits on a slow stdout waits EXIT_WAIT_MS in all, then
   * drops what does not fit (an exit hook must not hang on a reader that stopped reading, `| less` paused).
   */
  exiting?(): void;
}

/** How long, in all, an exiting listen waits for its lines to go out. */
export const EXIT_WAIT_MS = 2000;

export interface ThreadedOptions {
  showSecrets: boolean;
  /** The line thread's script (dist/ui/line-thread.js). */
  script: URL;
  /** The line, made here, for a record too big for the ring. */
  line(record: CaptureRecord): string;
  /** The line thread stopped: stdout closed (EPIPE) or failed. Nothing more is written. */
  failed(err: NodeJS.ErrnoException): void;
  /** Bytes of shared memory for the ring. */
  ringBytes?: number;
  /** Where the lines go (default 1, stdout). */
  fd?: number;
}

const RING_BYTES = 8 * 1024 * 1024;

/** The threaded writer, or undefined where the line thread's script is not built (listen run from src/ by the tests). */
export function createThreadedWriter(opts: ThreadedOptions): RecordWriter | undefined {
  if (!existsSync(fileURLToPath(opts.script))) return undefined;
  const ring = Ring.create(opts.ringBytes ?? RING_BYTES);
  const { control, size } = ring;
  const fd = opts.fd ?? 1;
  const worker = new Worker(opts.script, { workerData: { memory: ring.memory, showSecrets: opts.showSecrets, fd } });
  const pause = new Int32Array(new SharedArrayBuffer(4));
  let w = 0;
  const last = noRepeats();
  /** Records put in the ring. */
  let published = 0;
  let closed = false;
  let ended: Promise<void> | undefined;
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  // The output failed, on either thread: said once, and nothing more is written.
  let failed = false;
  const fail = (err: NodeJS.ErrnoException) => {
    Atomics.store(control, DEAD, 1);
    Atomics.notify(control, WRITE);
    if (failed) return;
    failed = true;
    opts.failed(err);
  };
  worker.on('message', (m: { code?: string; message: string }) => fail(Object.assign(new Error(m.message), { code: m.code })));
  worker.on('error', (err) => fail(err as NodeJS.ErrnoException));

  const dead = () => Atomics.load(control, DEAD) === 1;
  /** Date.now() past which nothing more is waited for (set once the process is exiting). */
  let giveUpAt = Infinity;
  const exiting = () => {
    if (giveUpAt === Infinity) giveUpAt = Date.now() + EXIT_WAIT_MS;
  };
  const givenUp = () => Date.now() >= giveUpAt;

  /** Where `need` bytes go next, waiting while the line thread is behind; -1 once it stopped. */
  function room(need: number): number {
    for (;;) {
      if (dead() || givenUp()) return -1;
      const r = Atomics.load(control, READ);
      const at = roomAt(size, w, r, need);
      if (at >= 0) {
        if (at === 0 && w !== 0) writeWrap(ring, w);
        return at;
      }
      Atomics.notify(control, WRITE); // it may be asleep with this turn's records not yet announced
      Atomics.wait(control, READ, r, 100);
    }
  }

  // The line thread is woken once for what one turn of the event loop put in the ring, not once a record:
  // a wake-up is a system call on each side, dearer than a line.
  let waking = false;
  const wake = () => {
    waking = false;
    Atomics.notify(control, WRITE);
  };
  function publish(next: number): void {
    published++;
    w = next === size ? 0 : next;
    Atomics.store(control, WRITE, w);
    if (!waking) {
      waking = true;
      queueMicrotask(wake);
    }
  }

  /** Asks the line thread to write what it holds and stop; waits for it until the exit's time is up. */
  function endSync(): void {
    exiting();
    Atomics.store(control, STATE, ENDING);
    Atomics.notify(control, WRITE);
    while (Atomics.load(control, DONE) === 0 && !dead() && !givenUp()) Atomics.wait(control, READ, Atomics.load(control, READ), 50);
  }
  const onExit = () => endSync();
  process.on('exit', onExit);

  return {
    push(text) {
      if (closed) return;
      const need = lineRecordBytes(text);
      if (need > size / 2) return bigRecord(text);
      const at = room(need);
      if (at < 0) return;
      publish(writeLineRecord(ring, at, text, need));
    },
    request(record) {
      if (closed) return;
      const capture = record.capture;
      const findingsText = findingsJson(capture.findings);
      const need = capture.head ? requestRecordBytes(capture, findingsText, last) : 0;
      if (need > size / 2 || record.forward || !capture.head) return bigRecord(opts.line(record) + '\n');
      const at = room(need);
      if (at < 0) return;
      publish(writeRequestRecord(ring, at, capture, findingsText, record.answer, need, last));
    },
    close() {
      if (!ended) {
        closed = true;
        process.off('exit', onExit);
        Atomics.store(control, STATE, ENDING);
        Atomics.notify(control, WRITE);
        ended = exited;
      }
      return ended;
    },
    exiting,
  };

  /** A line too big for the ring goes out from here, once the line thread has written every line before it. */
  function bigRecord(text: string): void {
    Atomics.notify(control, WRITE);
    while (Atomics.load(control, WRITTEN) !== published && !dead() && !givenUp()) Atomics.wait(control, WRITTEN, Atomics.load(control, WRITTEN), 50);
    if (dead() || Atomics.load(control, WRITTEN) !== published) return;
    try {
      writeAllSync(fd, Buffer.from(text, 'latin1'), pause);
    } catch (err) {
      // The reader went away (`listen --json | head -1`) or the write failed: said as the line thread says it, not thrown.
      fail(err as NodeJS.ErrnoException);
    }
  }
}
