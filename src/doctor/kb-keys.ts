// Which knowledge-base key explains an outcome. SEAM: delegates to src/kb once it lands on main.
import type { Delivery } from '../http/delivery.js';

export function kbForStatus(status: number): string {
  return String(status);
}

export function kbForError(code: string): string | undefined {
  return code || undefined;
}

export function kbForDelivery(d: Delivery): string | undefined {
  if (d.kb) return d.kb;
  if (d.response) return kbForStatus(d.response.status);
  if (d.error) return kbForError(d.error.code);
  return undefined;
}
