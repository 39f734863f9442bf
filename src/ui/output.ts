// Where output goes and how it looks: data to stdout, progress and problems to stderr;
// colour only on a TTY without NO_COLOR, and nothing decorative under --json.
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

function colorWanted(stream: NodeJS.WriteStream, json: boolean): boolean {
  if (json) return false;
  if ('NO_COLOR' in process.env && process.env.NO_COLOR !== '') return false;
  const force = process.env.FORCE_COLOR;
  if (force !== undefined) return force !== '0' && force !== 'false';
  return Boolean(stream.isTTY);
}

export function createOutput(opts: { json?: boolean } = {}): Output {
  const json = Boolean(opts.json);
  const color = colorWanted(process.stdout, json);
  const interactive = !json && Boolean(process.stderr.isTTY) && !process.env.CI && colorWanted(process.stderr, false);
  let chalk: Promise<ChalkInstance> | undefined;
  return {
    json,
    color,
    interactive,
    out: (line = '') => void process.stdout.write(line + '\n'),
    err: (line = '') => void process.stderr.write(line + '\n'),
    emitJson: (value, o = {}) =>
      void process.stdout.write((o.ndjson ? JSON.stringify(value) : JSON.stringify(value, null, 2)) + '\n'),
    style: () => (chalk ??= import('chalk').then(({ Chalk }) => new Chalk({ level: color ? 1 : 0 }))),
  };
}
