// `listen --ui`: the inspector over the captures of this listen run, fed as each one is answered.
import type { CaptureRecord } from '../capture/pipeline.js';
import { createMemorySource, fromListenRecord } from './memory-source.js';
import { startInspector } from './server.js';

export interface ListenInspector {
  url: string;
  add(record: CaptureRecord): void;
  close(): Promise<void>;
}

export async function startListenInspector(opts: { port: number; captureUrl: string; showSecrets: boolean; profile?: string; version: string }): Promise<ListenInspector> {
  const source = createMemorySource();
  const inspector = await startInspector({
    source,
    port: opts.port,
    title: `listen on ${opts.captureUrl}`,
    captureUrl: opts.captureUrl,
    version: opts.version,
    ...(opts.profile ? { profile: opts.profile } : {}),
  });
  const recordOptions = { showSecrets: opts.showSecrets, ...(opts.profile ? { profile: opts.profile } : {}) };
  return {
    url: inspector.url,
    add: (record) => source.add(fromListenRecord(record, recordOptions)),
    close: inspector.close,
  };
}
