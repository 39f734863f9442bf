// Starting `listen` as a user does and talking to it: curl, and raw bytes on a socket.
import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { connect } from 'node:net';
import { BIN } from './cli.js';

export interface Listening {
  url: string;
  port: number;
  child: ChildProcess;
  /** Resolves with the first n stdout lines parsed as JSON (--json) once they have arrived. */
  records(n: number): Promise<any[]>;
  /** Resolves with every stdout line parsed as JSON once ready(those) says enough has arrived. */
  recordsUntil(ready: (records: any[]) => boolean): Promise<any[]>;
  done: Promise<{ code: number | null; stdout: string; stderr: string }>;
}

/** Start `webhook-doctor listen 0 …` and wait for its URL; killed after timeoutMs whatever happens. */
export function startListen(args: string[], timeoutMs = 15_000): Promise<Listening> {
  const child = spawn(process.execPath, [BIN, 'listen', '0', ...args], { env: { ...process.env, NO_COLOR: '1', CI: '1' } });
  let stdout = '';
  let stderr = '';
  const waiters: Array<() => void> = [];
  child.stdout!.setEncoding('utf8').on('data', (d) => { stdout += d; for (const w of waiters.splice(0)) w(); });
  child.stderr!.setEncoding('utf8').on('data', (d) => { stderr += d; for (const w of waiters.splice(0)) w(); });
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const done = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    child.on('close', (code) => { clearTimeout(timer); for (const w of waiters.splice(0)) w(); resolve({ code, stdout, stderr }); }));
  const until = async (ready: () => boolean) => {
    while (!ready()) {
      if (child.exitCode !== null || child.signalCode !== null) throw new Error(`listen exited early:\n${stdout}\n${stderr}`);
      await new Promise<void>((r) => waiters.push(r));
    }
  };
  return (async () => {
    // The URL is on stdout, or on stderr when --only keeps the listening event off stdout.
    await until(() => /(http|tcp):\/\/127\.0\.0\.1:\d+/.test(stdout + stderr));
    const port = Number(/127\.0\.0\.1:(\d+)/.exec(/(http|tcp):\/\/127\.0\.0\.1:\d+/.test(stdout) ? stdout : stderr)![1]);
    return {
      url: `http://127.0.0.1:${port}`,
      port,
      child,
      done,
      async recordsUntil(ready: (records: any[]) => boolean) {
        const parsed = () => stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l));
        await until(() => ready(parsed()));
        return parsed();
      },
      async records(n: number) {
        await until(() => stdout.split('\n').filter(Boolean).length >= n);
        return stdout.split('\n').filter(Boolean).slice(0, n).map((l) => JSON.parse(l));
      },
    };
  })();
}

export function curl(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile('curl', ['-sS', '--max-time', '10', ...args], { encoding: 'utf8' }, (err, stdout, stderr) =>
      resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr }));
  });
}

/** Write raw bytes on a fresh TCP connection; resolve with everything the server sent back before closing. */
export function rawExchange(port: number, chunks: Array<string | Buffer>, opts: { gapMs?: number; timeoutMs?: number } = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let got = '';
    socket.setEncoding('latin1');
    socket.on('data', (d) => (got += d));
    socket.on('error', (e: NodeJS.ErrnoException) => (e.code === 'ECONNRESET' || e.code === 'EPIPE' ? resolve(got) : reject(e)));
    socket.on('close', () => resolve(got));
    socket.setTimeout(opts.timeoutMs ?? 5000, () => socket.destroy());
    socket.on('connect', async () => {
      for (const c of chunks) {
        if (socket.destroyed) break;
        socket.write(c);
        if (opts.gapMs) await new Promise((r) => setTimeout(r, opts.gapMs));
      }
    });
  });
}

