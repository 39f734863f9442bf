// --raw: a pure TCP capture. Whatever bytes arrive on a connection are reported as they come, HTTP or not;
// nothing is answered (like `nc -l`), and an idle connection is closed after the timeout.
import { createServer, type Server, type Socket } from 'node:net';

export type RawEvent =
  | { event: 'connect'; conn: number; at: string; remoteAddress: string; remotePort?: number }
  /** masked: credential header values in bytes were masked (listen without --show-secrets). */
  | { event: 'data'; conn: number; at: string; offset: number; bytes: Buffer; masked?: true }
  | { event: 'close'; conn: number; at: string; totalBytes: number; reason: 'closed' | 'idle' | 'limit' | 'error' };

export interface RawServerOptions {
  idleMs: number;
  /** Stop reading a connection after this many bytes. */
  maxBytes: number;
  onEvent(event: RawEvent): void;
}

/** The raw server, a twin listener for a second address (::1 beside 127.0.0.1), and a way to drop every open connection when listen stops. */
export function createRawServer(opts: RawServerOptions): { server: Server; twin(): Server; destroyAll(): void } {
  let conn = 0;
  const sockets = new Set<Socket>();
  const onConnection = (socket: Socket) => {
    const id = ++conn;
    sockets.add(socket);
    let total = 0;
    let reason: 'closed' | 'idle' | 'limit' | 'error' = 'closed';
    opts.onEvent({ event: 'connect', conn: id, at: new Date().toISOString(), remoteAddress: socket.remoteAddress ?? '', remotePort: socket.remotePort });
    socket.setTimeout(opts.idleMs, () => { reason = 'idle'; socket.destroy(); });
    socket.on('data', (bytes: Buffer) => {
      const room = opts.maxBytes - total;
      const kept = bytes.length > room ? bytes.subarray(0, room) : bytes;
      if (kept.length) opts.onEvent({ event: 'data', conn: id, at: new Date().toISOString(), offset: total, bytes: kept });
      total += kept.length;
      if (total >= opts.maxBytes) { reason = 'limit'; socket.destroy(); }
    });
    socket.on('end', () => socket.end());
    socket.on('error', () => { reason = 'error'; });
    socket.on('close', () => {
      sockets.delete(socket);
      opts.onEvent({ event: 'close', conn: id, at: new Date().toISOString(), totalBytes: total, reason });
    });
  };
  return { server: createServer(onConnection), twin: () => createServer(onConnection), destroyAll: () => { for (const s of sockets) s.destroy(); } };
}
