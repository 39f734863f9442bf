// listen --json's side of the line thread (line-ring.ts): puts each answered request and each other event
// into the ring, in order. When the line thread is behind (stdout is slow, or its reader paused) records
// wait in memory, up to a bound, while listen goes on answering; past it, listen waits as a blocking write
// would. A record too big for the ring is written here, once every line before it is out.
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
/** Lines waiting for a slow reader held in memory at most (beyond, listen waits for the reader). */
const OVERFLOW_BYTES = 64 * 1024 * 1024;

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

const RING_BYTES = 2 * 1024 * 1024;

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

  // Where the line thread was reading when last looked at. It only moves on (freeing room), so the room
  // this says is there is there; READ is read again only when it says too little.
  let knownRead = 0;
  /** Where `need` bytes go next, or -1 while the ring is too full (or the line thread stopped). */
  function roomNow(need: number): number {
    // failed: the line thread said it stopped (DEAD is read once the ring is full, below and in room()).
    if (failed) return -1;
    let at = roomAt(size, w, knownRead, need);
    if (at < 0) {
      if (dead()) return -1;
      knownRead = Atomics.load(control, READ);
      at = roomAt(size, w, knownRead, need);
    }
    if (at === 0 && w !== 0) writeWrap(ring, w);
    return at;
  }

  /** Where `need` bytes go next, waiting while the line thread is behind (block); -1 once it stopped. */
  function room(need: number, block: boolean): number {
    for (;;) {
      const r = Atomics.load(control, READ);
      const at = roomNow(need);
      if (at >= 0 || !block || dead() || givenUp()) return at;
      announce(); // it may be waiting for this turn's records
      Atomics.wait(control, READ, r, 100);
    }
  }

  /** No more records: the line thread writes what it holds and stops. */
  function askToEnd(): void {
    announce();
    Atomics.store(control, STATE, ENDING);
    Atomics.notify(control, WRITE);
  }

  // What one turn of the event loop put in the ring is shown to the line thread at its end, at once, and
  // it is woken once for it, not once a record (a wake-up is a system call on each side, dearer than a
  // line). The end of the turn is also after listen wrote those captures to the history: a line the
  // thread prints is of a capture already on disk.
  let announced = true;
  function announce(): void {
    if (announced) return;
    announced = true;
    Atomics.store(control, WRITE, w);
    Atomics.notify(control, WRITE);
  }
  function publish(next: number): void {
    published++;
    w = next === size ? 0 : next;
    if (announced) {
      announced = false;
      queueMicrotask(announce);
    }
  }

  /** Asks the line thread to write what it holds and stop; waits for it until the exit's time is up. */
  function endSync(): void {
    exiting();
    drain(true);
    askToEnd();
    while (Atomics.load(control, DONE) === 0 && !dead() && !givenUp()) Atomics.wait(control, READ, Atomics.load(control, READ), 50);
  }
  const onExit = () => endSync();
  process.on('exit', onExit);

  // Records that found the ring full wait here, in order, while listen goes on answering: a reader that
  // stopped reading (`| less`, paused) must not stop the senders being answered. Past OVERFLOW_BYTES of
  // them listen does wait for the reader (the output is not held in memory without bound).
  type Waiting = { text: string; bytes: number } | { record: CaptureRecord; bytes: number };
  let waiting: Waiting[] = [];
  let waitingBytes = 0;
  let retry: NodeJS.Timeout | undefined;

  /** Puts one record in the ring now; false when it must wait (no room, or a big one's turn has not come). */
  function put(item: Waiting, block: boolean): boolean {
    if ('text' in item) {
      const need = lineRecordBytes(item.text);
      if (need > size / 2) return big(item.text, block);
      const at = room(need, block);
      if (at < 0) return dead() || givenUp(); // gone: dropped, as a write to a closed stdout is
      publish(writeLineRecord(ring, at, item.text, need));
      return true;
    }
    const { record } = item;
    const capture = record.capture;
    const findingsText = findingsJson(capture.findings);
    const need = capture.head ? requestRecordBytes(capture, findingsText, last) : 0;
    if (need > size / 2 || record.forward || !capture.head) return big(opts.line(record) + '\n', block);
    const at = room(need, block);
    if (at < 0) return dead() || givenUp();
    publish(writeRequestRecord(ring, at, capture, findingsText, record.answer, need, last));
    return true;
  }

  /** Moves waiting records into the ring, oldest first, as far as they go (all of them, when block). */
  function drain(block: boolean): void {
    let n = 0;
    while (n < waiting.length && put(waiting[n]!, block)) waitingBytes -= waiting[n++]!.bytes;
    if (n) waiting = waiting.slice(n);
    if (waiting.length) retryLater();
  }
  /** Tries the waiting records again in a moment, while listen goes on. */
  function retryLater(): void {
    if (!retry && !dead()) retry = setTimeout(later, 2).unref();
  }
  function later(): void {
    retry = undefined;
    drain(false);
    announce();
  }

  function offer(item: Waiting): void {
    if (closed || failed) return;
    if (waiting.length === 0 && put(item, false)) return;
    waiting.push(item);
    waitingBytes += item.bytes;
    if (waitingBytes > OVERFLOW_BYTES) drain(true);
    else retryLater();
  }

  return {
    push(text) {
      offer({ text, bytes: text.length + 64 });
    },
    request(record) {
      const c = record.capture;
      offer({ record, bytes: (c.head?.length ?? 0) + c.body.length + (c.decodedBody?.length ?? 0) + 512 });
    },
    async close() {
      if (!ended) {
        closed = true;
        // What still waits goes into the ring as room frees (a reader that never reads: EXIT_WAIT_MS at most).
        const until = Date.now() + EXIT_WAIT_MS;
        while (waiting.length && !dead() && Date.now() < until) {
          drain(false);
          announce();
          if (waiting.length) await new Promise((r) => setTimeout(r, 5));
        }
        clearTimeout(retry);
        process.off('exit', onExit);
        askToEnd();
        ended = exited;
      }
      return ended;
    },
    exiting,
  };

  /**
   * A line too big for the ring goes out from here, once the line thread has written every line before it:
   * false while it has not (block: wait for it). Its write waits for a slow reader, as a blocking write does.
   */
  function big(text: string, block: boolean): boolean {
    announce();
    while (block && Atomics.load(control, WRITTEN) !== published && !dead() && !givenUp()) Atomics.wait(control, WRITTEN, Atomics.load(control, WRITTEN), 50);
    if (dead() || givenUp()) return true;
    if (Atomics.load(control, WRITTEN) !== published) return false;
    try {
      writeAllSync(fd, Buffer.from(text, 'latin1'), pause);
    } catch (err) {
      // The reader went away (`listen --json | head -1`) or the write failed: said as the line thread says it, not thrown.
      fail(err as NodeJS.ErrnoException);
    }
    return true;
  }
}
