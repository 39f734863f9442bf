// TCP: a connection opens, and how long it takes.
import { connect } from 'node:net';
import type { Finding } from '../findings.js';
import type { DoctorContext } from './context.js';
import { kbForError } from './kb-keys.js';
import { connectOrder, hostPort } from '../http/resolve.js';

const SLOW_CONNECT_MS = 1000;

export function defaultPort(url: URL): number {
  return url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 80;
}

/** Opens (and closes) a TCP connection; resolves to the connect time or the error code. */
export function probeTcp(host: string, port: number, timeoutMs: number): Promise<{ ms: number } | { code: string }> {
  return new Promise((resolve) => {
    const started = performance.now();
    const socket = connect({ host, port });
    socket.setTimeout(timeoutMs, () => {
      socket.destroy();
      resolve({ code: 'ETIMEDOUT' });
    });
    socket.once('connect', () => {
      const ms = performance.now() - started;
      socket.destroy();
      resolve({ ms });
    });
    socket.once('error', (e: NodeJS.ErrnoException) => resolve({ code: e.code ?? 'ECONNREFUSED' }));
  });
}

const connectAdvice: Record<string, string> = {
  ECONNREFUSED: 'Nothing listens on that port (or a firewall rejects): is the server running, on this port?',
  ETIMEDOUT: 'Packets are dropped: a firewall, security group or wrong address.',
};

export async function checkTcp(ctx: DoctorContext): Promise<Finding[]> {
  const port = defaultPort(ctx.url);
  // Every address the name stands for, in the order a delivery's happy-eyeballs connect tries them: a
  // receiver on ::1 only is reached through localhost, as send reaches it.
  const candidates = connectOrder(ctx.state.addresses ?? [ctx.url.hostname.replace(/^\[|\]$/g, '')]);
  const timeoutMs = Math.min(ctx.budgetSeconds * 1000, 10_000);
  const failures: Array<{ address: string; code: string }> = [];
  for (const address of candidates) {
    const result = await probeTcp(address, port, timeoutMs);
    if ('code' in result) {
      failures.push({ address, code: result.code });
      continue;
    }
    ctx.state.connected = address;
    const also = failures.length ? ` (after ${failures.map((f) => `${hostPort(f.address, port)} ${f.code}`).join(', ')})` : '';
    const title = `connected to ${hostPort(address, port)} in ${result.ms.toFixed(0)} ms${also}`;
    if (result.ms > SLOW_CONNECT_MS) {
      return [{ level: 'warn', title: `${title}: slow`, detail: 'A slow handshake eats into the sender\'s time budget.', data: { ms: result.ms, address } }];
    }
    return [{ level: 'pass', title, data: { ms: Math.round(result.ms), address } }];
  }
  const codes = [...new Set(failures.map((f) => f.code))];
  const tried = failures.map((f) => hostPort(f.address, port));
  ctx.state.blocked = `no TCP connection to ${tried.join(' or ')}`;
  const code = codes[0] ?? 'ECONNREFUSED';
  const what = codes.length === 1 ? `(${code}${tried.length > 1 ? `, tried ${tried.join(' and ')}` : ''})` : `(${failures.map((f) => `${hostPort(f.address, port)} ${f.code}`).join(', ')})`;
  const target = tried.length === 1 ? tried[0]! : `${ctx.url.hostname}:${port}`;
  return [{ level: 'fail', title: `cannot connect to ${target} ${what}`, detail: connectAdvice[code], kb: kbForError(code), data: { tried: failures } }];
}
