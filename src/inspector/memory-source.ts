// The captures of one listen run held in memory for the inspector (the newest `limit` of them), fed by
// listen as each is answered; used when there is no history store to read.
import type { CaptureRecord } from '../capture/pipeline.js';
import { maskHeaders } from '../capture/mask.js';
import type { CaptureSummary, InspectorRecord, InspectorSource } from './source.js';
import { summarize } from './view.js';

export interface MemorySource extends InspectorSource {
  add(record: InspectorRecord): void;
}

/** listen's record as the inspector's: credentials masked unless --show-secrets, as on screen. */
export function fromListenRecord(record: CaptureRecord, opts: { showSecrets: boolean; profile?: string }): InspectorRecord {
  const { capture, answer, forward } = record;
  return {
    id: capture.id,
    seq: capture.seq,
    receivedAt: capture.receivedAt,
    remoteAddress: capture.remoteAddress,
    method: capture.method,
    target: capture.target,
    httpVersion: capture.httpVersion,
    rawHeaders: opts.showSecrets ? capture.rawHeaders : maskHeaders(capture.rawHeaders),
    body: capture.body,
    bodyBytes: capture.bodyBytes,
    ...(capture.bodyRefused ? { bodyRefused: true } : {}),
    ...(capture.decodedBody ? { decodedBody: capture.decodedBody } : {}),
    findings: capture.findings,
    answer,
    ...(forward ? { forward } : {}),
    ...(opts.profile ? { profile: opts.profile } : {}),
  };
}

export function createMemorySource(limit = 10_000): MemorySource {
  // A ring: the oldest capture leaves when the limit is reached, so a long run holds bounded memory.
  const ring: InspectorRecord[] = [];
  let start = 0;
  const byId = new Map<string, InspectorRecord>();
  const listeners = new Set<(summary: () => CaptureSummary) => void>();
  return {
    add(record) {
      if (ring.length < limit) ring.push(record);
      else {
        byId.delete(ring[start]!.id);
        ring[start] = record;
        start = (start + 1) % limit;
      }
      byId.set(record.id, record);
      if (listeners.size) {
        let summary: CaptureSummary | undefined;
        const once = () => (summary ??= summarize(record));
        for (const l of listeners) l(once);
      }
    },
    list() {
      const out: CaptureSummary[] = [];
      for (let i = 0; i < ring.length; i++) out.push(summarize(ring[(start + i) % ring.length]!));
      return out;
    },
    get: (id) => byId.get(id),
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
