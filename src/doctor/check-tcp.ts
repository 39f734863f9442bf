// TCP: a connection opens, and how long it takes.
import { connect } from 'node:net';
import type { Finding } from '../findings.js';
import type { DoctorContext } from './context.js';
import { kbForError } from './kb-keys.js';

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

export async function checkTcp(ctx: DoctorContext): Promise<Finding[]> {
  const host = ctx.state.addresses?.[0] ?? ctx.url.hostname.replace(/^\[|\]$/g, '');
  const port = defaultPort(ctx.url);
  const result = await probeTcp(host, port, Math.min(ctx.budgetSeconds * 1000, 10_000));
  if ('code' in result) {
    ctx.state.blocked = `no TCP connection to ${host}:${port}`;
    const why = result.code === 'ECONNREFUSED'
      ? 'Nothing listens on that port (or a firewall rejects): is the server running, on this port?'
      : result.code === 'ETIMEDOUT'
        ? 'Packets are dropped: a firewall, security group or wrong address.'
        : undefined;
    return [{ level: 'fail', title: `cannot connect to ${host}:${port} (${result.code})`, detail: why, kb: kbForError(result.code) }];
  }
  const title = `connected to ${host}:${port} in ${result.ms.toFixed(0)} ms`;
  if (result.ms > SLOW_CONNECT_MS) {
    return [{ level: 'warn', title: `${title}: slow`, detail: 'A slow handshake eats into the sender\'s time budget.', data: { ms: result.ms } }];
  }
  return [{ level: 'pass', title, data: { ms: Math.round(result.ms) } }];
}
