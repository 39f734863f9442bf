// Running the built binary as a user would, with a clean environment and a time limit.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const BIN = fileURLToPath(new URL('../../bin/webhook-doctor.js', import.meta.url));

// listen keeps a history by default: a test never writes it into the user's own ~/.local/state.
if (!process.env.XDG_STATE_HOME?.startsWith(tmpdir())) {
  const state = mkdtempSync(join(tmpdir(), 'wd-state-'));
  process.env.XDG_STATE_HOME = state;
  process.on('exit', () => rmSync(state, { recursive: true, force: true }));
}

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export function runCli(
  args: string[],
  opts: { input?: string | Buffer; env?: Record<string, string | undefined>; timeoutMs?: number; cwd?: string } = {},
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const env: Record<string, string | undefined> = { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined, CI: '1', ...opts.env };
    delete env.WEBHOOK_DOCTOR_SECRET;
    delete env.WEBHOOK_DOCTOR_TOKEN;
    for (const [k, v] of Object.entries(opts.env ?? {})) if (v !== undefined) env[k] = v;
    for (const k of Object.keys(env)) if (env[k] === undefined) delete env[k];
    const child = spawn(process.execPath, [BIN, ...args], { env: env as NodeJS.ProcessEnv, cwd: opts.cwd });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 30_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
    // A command that exits without reading its stdin closes the pipe first: that EPIPE is no test failure.
    child.stdin.on('error', () => {});
    child.stdin.end(opts.input ?? '');
  });
}
