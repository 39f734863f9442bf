// Which knowledge-base key explains an outcome: the kb's own mapping, so `explain <key>` always answers.
import type { Delivery } from '../http/delivery.js';
import { keyForError, keyForStatus } from '../kb/index.js';

export function kbForStatus(status: number): string {
  return keyForStatus(status);
}

/** The entry for a Node/OpenSSL/undici code; undefined when the kb has none (better no key than a dead one). */
export function kbForError(code: string): string | undefined {
  return code ? keyForError(code) : undefined;
}

export function kbForDelivery(d: Delivery): string | undefined {
  if (d.kb) return d.kb;
  if (d.response) return kbForStatus(d.response.status);
  if (d.error) return kbForError(d.error.code);
  return undefined;
}
