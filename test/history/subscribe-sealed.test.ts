// store.subscribe: a writer's own captures reach its listeners once, also after their segment was sealed
// (the inspector's live count under load depends on it).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../../src/history/store.js';

test('each of 250 appends is announced once, though its segment was sealed (every 10 captures) meanwhile', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'wd-subscribe-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const store = openStore(dir, { write: true, maxCaptures: 100 });
  const seen = new Map<string, number>();
  let otherArrived: () => void = () => {};
  const other = new Promise<void>((resolve) => (otherArrived = resolve));
  store.subscribe((s) => {
    seen.set(s.id, (seen.get(s.id) ?? 0) + 1);
    if (s.id === 'other-1') otherArrived();
  });
  const input = (id: string, seq: number) => ({
    capture: { seq, id, receivedAt: '2026-11-22T10:00:00.000Z', remoteAddress: '127.0.0.1', method: 'POST', target: '/hooks', httpVersion: '1.1', rawHeaders: [['Host', '127.0.0.1']] as Array<[string, string]>, body: Buffer.from('{}'), bodyBytes: 2, findings: [] },
    answer: { kind: 'respond' as const, status: 200, ms: 1 },
  });
  for (let i = 1; i <= 250; i++) {
    store.append(input(`2026-11-22T10-00-00.000Z-${i}`, i));
    if (i % 5 === 0) await new Promise((r) => setImmediate(r)); // let each batch be written
  }
  store.flush();
  // A capture from another writer reaches us through the tail, which reads every segment it finds,
  // our sealed ones included: once it is here, a duplicate would be here too.
  const second = openStore(dir, { write: true, maxCaptures: 100 });
  second.append(input('other-1', 1));
  second.close();
  // The store's tail keeps no process alive by itself (a listen's server does): hold it open while we wait.
  const keepAlive = setTimeout(() => {}, 30_000);
  await other;
  clearTimeout(keepAlive);
  store.close();
  seen.delete('other-1');
  assert.equal(seen.size, 250);
  assert.deepEqual([...seen.values()].filter((n) => n > 1), []);
});
