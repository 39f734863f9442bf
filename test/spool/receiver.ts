// A real loopback receiver for spool tests: records every request and answers as the test says.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  key: string | undefined;
  body: string;
  headers: IncomingMessage['headers'];
  at: number;
  status: number;
}

export type Answer = { status: number; headers?: Record<string, string>; body?: string; delayMs?: number };

export interface Receiver {
  url: string;
  received: Received[];
  /** Requests answered 2xx. */
  delivered(): Received[];
  /** Resolves once pred holds, checked after every request it records (an event, not a poll). */
  until(pred: () => boolean): Promise<void>;
  close(): Promise<void>;
}

export async function startReceiver(answer: (req: { body: string; key: string | undefined; n: number }) => Answer = () => ({ status: 200 }), opts: { port?: number } = {}): Promise<Receiver> {
  const received: Received[] = [];
  const waiters: Array<{ pred: () => boolean; resolve(): void }> = [];
  const check = () => {
    for (const w of [...waiters]) if (w.pred()) waiters.splice(waiters.indexOf(w), 1), w.resolve();
  };
  let n = 0;
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const key = req.headers['idempotency-key'] as string | undefined;
      const a = answer({ body, key, n: n++ });
      const reply = () => {
        received.push({ key, body, headers: req.headers, at: Date.now(), status: a.status });
        res.writeHead(a.status, { 'Content-Type': 'application/json', ...(a.headers ?? {}) });
        res.end(a.body ?? '{"ok":true}');
        check();
      };
      if (a.delayMs) setTimeout(reply, a.delayMs);
      else reply();
    });
  });
  await new Promise<void>((r) => server.listen(opts.port ?? 0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks`,
    received,
    delivered: () => received.filter((r) => r.status >= 200 && r.status < 300),
    until: (pred) => new Promise<void>((resolve) => {
      waiters.push({ pred, resolve });
      check();
    }),
    close: () => new Promise<void>((r) => {
      server.closeAllConnections();
      server.close(() => r());
    }),
  };
}

/** The seeds' Python queue_alert, run as written (one `<id>.json` per alert, json.dumps, write_text). */
export const PYTHON_QUEUE_ALERT = `
import json, sys
from pathlib import Path
QUEUE_DIR = Path(sys.argv[1])
def queue_alert(alert):
    queue_file = QUEUE_DIR / f"{alert['id']}.json"
    queue_file.write_text(json.dumps(alert))
for i in range(int(sys.argv[2])):
    queue_alert({"id": f"alert-{i:05d}", "source": "siem", "severity": "high", "message": f"alert number {i}"})
`;

/** A loopback port nothing listens on now (the receiver that is down), to start a receiver on later. */
export async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((r) => probe.close(() => r()));
  return port;
}
