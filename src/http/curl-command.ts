// The curl command that makes the same request, for replaying a delivery by hand or in a support ticket.
// The body is reproduced byte for byte: a quoted literal when it is text, a printf pipe when it is not.
import type { DeliveryRequest } from './delivery.js';

export interface CurlOptions {
  /** Header value as printed (masked when the value is a secret). */
  showHeader?: (name: string, value: string) => string;
  proxy?: string;
  cacert?: string;
  cert?: string;
  key?: string;
  insecure?: boolean;
  /** The User-Agent deliver() adds when the request sets none (curl would send its own). */
  userAgent?: string;
}

/** POSIX single-quoting: every byte but NUL survives, newlines included. */
export function shellQuote(text: string): string {
  if (/^[A-Za-z0-9_\-.,:/@%+=]+$/.test(text)) return text;
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

function isPlainText(body: Buffer): boolean {
  if (body.includes(0)) return false;
  // Text only if the bytes are valid UTF-8 (a lone invalid byte would not survive a terminal copy-paste).
  return Buffer.from(body.toString('utf8'), 'utf8').equals(body);
}

/** printf format reproducing any bytes: printable ASCII as is, the rest as octal escapes. */
function printfFormat(body: Buffer): string {
  let out = '';
  for (const b of body) {
    if (b >= 0x20 && b < 0x7f && b !== 0x25 && b !== 0x5c && b !== 0x27) out += String.fromCharCode(b);
    else out += '\\' + b.toString(8).padStart(3, '0');
  }
  return `'${out}'`;
}

export function toCurl(req: DeliveryRequest, opts: CurlOptions = {}): string {
  const show = opts.showHeader ?? ((_n: string, v: string) => v);
  const method = req.method ?? 'POST';
  const parts: string[] = ['curl', '-sS'];
  const body = req.body;
  const hasBody = body !== undefined && body.length > 0;
  if (method !== 'POST' || !hasBody) parts.push('-X', shellQuote(method));
  for (const [k, v] of req.headers) parts.push('-H', shellQuote(`${k}: ${show(k, v)}`));
  if (opts.userAgent && !req.headers.some(([k]) => k.toLowerCase() === 'user-agent')) parts.push('-A', shellQuote(opts.userAgent));
  let prefix = '';
  if (hasBody) {
    if (isPlainText(body)) parts.push('--data-raw', shellQuote(body.toString('utf8')));
    else {
      prefix = `printf ${printfFormat(body)} | `;
      parts.push('--data-binary', '@-');
    }
  }
  parts.push('--max-time', String(+(req.timeoutMs / 1000).toFixed(3)));
  if (opts.proxy) parts.push('--proxy', shellQuote(opts.proxy));
  if (opts.cacert) parts.push('--cacert', shellQuote(opts.cacert));
  if (opts.cert) parts.push('--cert', shellQuote(opts.cert));
  if (opts.key) parts.push('--key', shellQuote(opts.key));
  if (opts.insecure) parts.push('-k');
  parts.push(shellQuote(req.url));
  return prefix + parts.join(' ');
}
