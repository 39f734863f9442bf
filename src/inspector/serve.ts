// The inspector as `listen --ui` and `history --ui` start it: the server over a history store, with the
// actions the page may ask for wired to the same domain code the replay and diff commands run.
import type { HistoryStore } from '../history/store.js';
import { startInspector, type Inspector, type InspectorActions } from './server.js';

export interface ServeOptions {
  store: HistoryStore;
  /** --ui's port; 0 (or --ui alone) picks a free one. */
  port: number;
  /** What the page's title says it shows: 'listen on http://127.0.0.1:8080' or 'history in ~/.local/state/…'. */
  title: string;
  captureUrl?: string;
  profile?: string;
  version: string;
}

/** Replay and diff, once the commands' domain code is there (src/replay). */
function actionsFor(_store: HistoryStore): InspectorActions {
  return {};
}

export function serveInspector(opts: ServeOptions): Promise<Inspector> {
  return startInspector({
    store: opts.store,
    actions: actionsFor(opts.store),
    port: opts.port,
    title: opts.title,
    version: opts.version,
    ...(opts.captureUrl ? { captureUrl: opts.captureUrl } : {}),
    ...(opts.profile ? { profile: opts.profile } : {}),
  });
}
