// Progress for long work: an ora spinner on stderr when interactive, silence otherwise.
import type { Output } from './output.js';

export interface Progress {
  update(text: string): void;
  succeed(text?: string): void;
  fail(text?: string): void;
  stop(): void;
  /** Writes a line (through `write`) without tearing the spinner: cleared first, drawn again after. */
  print(write: () => void): void;
}

const silent: Progress = { update() {}, succeed() {}, fail() {}, stop() {}, print: (write) => write() };

/** Starts a spinner only on an interactive stderr (never under --json, NO_COLOR, CI or a pipe). */
export async function startProgress(output: Output, text: string): Promise<Progress> {
  // ora redraws forever at full CPU on a terminal that reports 0 columns (a bare `script` pty).
  if (!output.interactive || !process.stderr.columns) return silent;
  const { default: ora } = await import('ora');
  const spinner = ora({ text, stream: process.stderr }).start();
  return {
    update: (t) => void (spinner.text = t),
    succeed: (t) => void spinner.succeed(t),
    fail: (t) => void spinner.fail(t),
    stop: () => void spinner.stop(),
    print: (write) => {
      spinner.clear();
      write();
      spinner.render();
    },
  };
}
