// Where output goes and how it looks: data to stdout, progress and problems to stderr;
// colour only on a terminal without NO_COLOR, and nothing decorative under --json.
import { fstatSync, statSync, writeSync } from 'node:fs';
import type { ChalkInstance } from 'chalk';

export interface Output {
  /** --json was asked for: stdout carries only JSON (or NDJSON for streams). */
  readonly json: boolean;
  /** Colour on stdout. */
  readonly color: boolean;
  /** Spinners and live progress on stderr. */
  readonly interactive: boolean;
  /** Write a line of data to stdout. */
  out(line?: string): void;
  /** Write a line of progress, warning or error to stderr. */
  err(line?: string): void;
  /** Write one JSON document (pretty) or one NDJSON record (compact) to stdout. */
  emitJson(value: unknown, opts?: { ndjson?: boolean }): void;
  /** Styles for stdout text (a no-colour chalk when colour is off). */
  style(): Promise<ChalkInstance>;
}

const terminal: Array<boolean | undefined> = [];
/**
 * Whether fd 0/1/2 is a terminal, decided without building process.stdout/stderr (and loading
 * node:tty and node:net) unless it may be one: building them costs a tenth of Node's start-up,
 * and a pipe, a file or /dev/null is never a terminal.
 */
export function isTerminal(fd: 1 | 2): boolean {
  const known = terminal[fd];
  if (known !== undefined) return known;
  try {
    const stat = fstatSync(fd);
    if (!stat.isCharacterDevice() || stat.rdev === statSync('/dev/null').rdev) return (terminal[fd] = false);
  } catch {
    // No POSIX view of the descriptor (a Windows console): ask the stream.
  }
  return (terminal[fd] = Boolean((fd === 1 ? process.stdout : process.stderr).isTTY));
}

let stdoutClosed = false;
/**
 * Synchronous write to fd 1 (what process.stdout does for files, terminals and pipes on POSIX anyway).
 * A full non-blocking pipe hands the rest to process.stdout. A reader that went away (`… | head`)
 * has what it wanted: later output is dropped quietly and the command finishes its work.
 */
export function writeStdout(text: string): void {
  if (stdoutClosed) return;
  const bytes = Buffer.from(text, 'utf8');
  let offset = 0;
  try {
    while (offset < bytes.length) offset += writeSync(1, bytes, offset);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EPIPE') stdoutClosed = true;
    else if (code === 'EAGAIN') process.stdout.write(bytes.subarray(offset));
    else throw err;
  }
}

let stderrGuarded = false;
/**
 * A line to stderr. A reader that went away (`… 2>&1 | head`) must not turn the exit code into a crash's:
 * its EPIPE is ignored (the stream is guarded on first use, so start-up does not build process.stderr).
 */
export function writeStderr(text: string): void {
  if (!stderrGuarded) {
    stderrGuarded = true;
    process.stderr.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code !== 'EPIPE') throw err;
    });
  }
  process.stderr.write(text);
}

function colorWanted(fd: 1 | 2, json: boolean): boolean {
  if (json) return false;
  if ('NO_COLOR' in process.env && process.env.NO_COLOR !== '') return false;
  const force = process.env.FORCE_COLOR;
  if (force !== undefined) return force !== '0' && force !== 'false';
  return isTerminal(fd);
}

export function createOutput(opts: { json?: boolean } = {}): Output {
  const json = Boolean(opts.json);
  const color = colorWanted(1, json);
  const interactive = !json && !process.env.CI && colorWanted(2, false) && isTerminal(2);
  let chalk: Promise<ChalkInstance> | undefined;
  return {
    json,
    color,
    interactive,
    out: (line = '') => writeStdout(line + '\n'),
    err: (line = '') => writeStderr(line + '\n'),
    emitJson: (value, o = {}) => writeStdout((o.ndjson ? JSON.stringify(value) : JSON.stringify(value, null, 2)) + '\n'),
    style: () => (chalk ??= import('chalk').then(({ Chalk }) => new Chalk({ level: color ? 1 : 0 }))),
  };
}
