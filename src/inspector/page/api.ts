// The page's calls to its own server: reads carry the cookie, POSTs the token header as well (no CSRF).
import type { CaptureDetail } from '../api-types.js';

const token = document.querySelector<HTMLMetaElement>('meta[name="wd-token"]')?.content ?? '';

async function answer<T>(res: Response): Promise<T> {
  const text = await res.text();
  let value: unknown;
  try { value = JSON.parse(text); } catch { throw new Error(text.trim() || `HTTP ${res.status}`); }
  if (!res.ok) {
    const v = value as { error?: string; hint?: string };
    throw new Error(v.error ? v.error + (v.hint ? ` (${v.hint})` : '') : `HTTP ${res.status}`);
  }
  return value as T;
}

export async function getJson<T>(path: string): Promise<T> {
  return answer<T>(await fetch(path, { headers: { 'x-inspector-token': token }, credentials: 'same-origin' }));
}

export async function postJson<T>(path: string, body: unknown): Promise<T> {
  return answer<T>(await fetch(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-inspector-token': token },
    credentials: 'same-origin',
    body: JSON.stringify(body),
  }));
}

export const getCapture = (id: string) => getJson<CaptureDetail>(`/api/captures/${encodeURIComponent(id)}`);
export const rawUrl = (id: string) => `/api/captures/${encodeURIComponent(id)}/raw`;
export const harUrl = (id: string) => `/api/captures/${encodeURIComponent(id)}/har`;
