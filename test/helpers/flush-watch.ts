// Running `flush --watch` as a child process and writing plain payloads from another, for the watch tests.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN } from './cli.js';
import type { Receiver } from '../spool/receiver.js';

export const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', CI: '1' };
delete env.WEBHOOK_DOCTOR_TOKEN;
delete env.WEBHOOK_DOCTOR_SECRET;

export interface Watcher {
  child: ChildProcess;
  events: Array<Record<string, unknown>>;
  stderr: () => string;
  /** Resolves once an event matching `pred` has been printed (rejects if the watcher exits first). */
  until(pred: (e: Record<string, unknown>, all: Array<Record<string, unknown>>) => boolean): Promise<void>;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export function startWatcher(args: string[], opts: { asNobody?: boolean } = {}): Watcher {
  const argv = [BIN, 'flush', ...args, '--watch', '--json'];
  const child = opts.asNobody
    ? spawn('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, ...argv], { env })
    : spawn(process.execPath, argv, { env });
  const events: Array<Record<string, unknown>> = [];
  let stderr = '';
  let buffer = '';
  const waiters: Array<{ pred: (e: Record<string, unknown>, all: Array<Record<string, unknown>>) => boolean; resolve(): void; reject(err: Error): void }> = [];
  const check = () => {
    for (const w of [...waiters]) {
      if (events.some((e) => w.pred(e, events))) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve();
      }
    }
  };
  child.stdout!.setEncoding('utf8').on('data', (d: string) => {
    buffer += d;
    const lines = buffer.split('\n');
    buffer = lines.pop()!;
    for (const line of lines) if (line.trim()) events.push({ ...JSON.parse(line), t: Date.now() });
    check();
  });
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('close', (code, signal) => {
    for (const w of waiters.splice(0)) w.reject(new Error(`the watcher exited (${code ?? signal}) first; stderr: ${stderr}`));
    resolve({ code, signal });
  }));
  // Bounded: a watcher left over by a failed test must not keep the run alive.
  const guard = setTimeout(() => child.kill('SIGKILL'), 90_000);
  void exit.then(() => clearTimeout(guard));
  return {
    child,
    events,
    stderr: () => stderr,
    until: (pred) => new Promise<void>((resolve, reject) => {
      waiters.push({ pred, resolve, reject });
      check();
    }),
    exit,
  };
}

/** Another program writing plain payloads as the README says (tmp/ then rename), every `everyMs`; some with write_text's in-place write. */
export function startWriter(dir: string, from: number, count: number, everyMs: number): Promise<void> {
  const script = `
    const fs = require('node:fs'), path = require('node:path');
    const [dir, from, count, every] = process.argv.slice(1);
    let i = Number(from);
    const end = i + Number(count);
    const tick = () => {
      if (i >= end) return;
      const id = 'alert-' + String(i).padStart(5, '0');
      const body = JSON.stringify({ id, source: 'siem', n: i });
      if (i % 10 === 7) fs.writeFileSync(path.join(dir, id + '.json'), body); // the seeds' write_text, in place
      else {
        const tmp = path.join(dir, 'tmp', id + '.' + process.pid);
        fs.writeFileSync(tmp, body);
        fs.renameSync(tmp, path.join(dir, id + '.json'));
      }
      i++;
      setTimeout(tick, Number(every));
    };
    tick();
  `;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', script, dir, String(from), String(count), String(everyMs)], { stdio: 'inherit' });
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`writer exited ${code}`))));
  });
}

export async function makeSpool(): Promise<{ root: string; dir: string }> {
  const root = await mkdtemp(join(tmpdir(), 'wd-watch-'));
  const dir = join(root, 'spool');
  await mkdir(join(dir, 'tmp'), { recursive: true });
  return { root, dir };
}

export const ids = (from: number, count: number) => Array.from({ length: count }, (_, i) => `alert-${String(from + i).padStart(5, '0')}`);

export async function leftInSpool(dir: string): Promise<string[]> {
  // Payloads only: .receiver.json (a pause the watcher noted) is no entry.
  const top = (await readdir(dir)).filter((f) => f.endsWith('.json') && !f.startsWith('.'));
  const rest: string[] = [];
  for (const f of ['new', 'cur', 'deferred', 'dead', 'quarantine']) rest.push(...(await readdir(join(dir, f)).catch(() => [])).map((x) => `${f}/${x}`));
  return [...top, ...rest];
}

export function deliveredKeys(rx: Receiver): Map<string, number> {
  const got = new Map<string, number>();
  for (const r of rx.delivered()) got.set(r.key!, (got.get(r.key!) ?? 0) + 1);
  return got;
}

