// The list's filter, typed after "/": words that must all match. `method:POST`, `status:5xx` (or 404,
// timeout), `path:/hooks`, `sender:github`, `has:findings` / `has:fail` / `has:warn`; any other word
// is looked for in the method, path, sender and id.
import type { CaptureSummary } from '../api-types.js';

export type Filter = (c: CaptureSummary) => boolean;

function statusTest(want: string): Filter {
  const w = want.toLowerCase();
  if (/^[1-5]xx$/.test(w)) return (c) => typeof c.status === 'number' && Math.floor(c.status / 100) === Number(w[0]);
  return (c) => String(c.status ?? '').toLowerCase() === w;
}

const fields: Record<string, (value: string) => Filter> = {
  method: (v) => (c) => c.method.toLowerCase() === v.toLowerCase(),
  status: statusTest,
  path: (v) => (c) => c.target.toLowerCase().includes(v.toLowerCase()),
  sender: (v) => (c) => c.sender.toLowerCase().includes(v.toLowerCase()),
  has: (v) => {
    const w = v.toLowerCase();
    if (w === 'fail') return (c) => c.fail > 0;
    if (w === 'warn') return (c) => c.warn > 0;
    return (c) => c.fail + c.warn > 0;
  },
};

export function parseFilter(text: string): Filter | undefined {
  const words = text.trim().split(/\s+/).filter(Boolean);
  if (!words.length) return undefined;
  const tests: Filter[] = words.map((word) => {
    const colon = word.indexOf(':');
    const field = colon > 0 ? fields[word.slice(0, colon).toLowerCase()] : undefined;
    if (field) return field(word.slice(colon + 1));
    const w = word.toLowerCase();
    return (c) => c.target.toLowerCase().includes(w) || c.method.toLowerCase() === w || c.sender.toLowerCase().includes(w) || c.id.toLowerCase().includes(w);
  });
  return (c) => tests.every((t) => t(c));
}
