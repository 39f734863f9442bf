// The URL itself: HTTPS, and no credentials where access logs and proxies will keep them.
import type { Finding } from '../findings.js';
import type { DoctorContext } from './context.js';
import { isLoopbackHost } from './addresses.js';

const secretParam = /(token|secret|pass(word)?|api[-_]?key|apikey|key|sig(nature)?|auth|access|code|credential)/i;

export async function checkUrl(ctx: DoctorContext): Promise<Finding[]> {
  const { url } = ctx;
  const findings: Finding[] = [];
  const loopback = isLoopbackHost(url.hostname);
  if (url.protocol === 'https:') {
    findings.push({ level: 'pass', title: 'uses HTTPS' });
  } else if (loopback) {
    findings.push({
      level: 'info',
      title: ctx.builtin ? 'plain HTTP on loopback: the built-in receiver' : 'plain HTTP on loopback: fine for a local test',
      detail: 'A real sender needs a public HTTPS URL.',
    });
  } else {
    findings.push({
      level: 'warn',
      title: 'plain HTTP: payloads and credentials travel unencrypted',
      detail: 'Serve the endpoint over HTTPS; many senders refuse http:// URLs.',
    });
  }
  if (url.username || url.password) {
    findings.push({
      level: 'warn',
      title: 'credentials in the URL (user:password@)',
      detail: 'They end up in logs and error messages; use an Authorization header or a signature instead.',
    });
  }
  const leaked = [...url.searchParams.keys()].filter((k) => secretParam.test(k));
  if (leaked.length) {
    findings.push({
      level: 'warn',
      title: `credential-like query parameter${leaked.length > 1 ? 's' : ''}: ${leaked.join(', ')}`,
      detail: 'Query strings are written to access logs and proxy logs; prefer a header or a signature.',
      data: { parameters: leaked },
    });
  }
  return findings;
}

/**
 * The URL as the report shows it: the report is meant to be pasted into a support ticket, so the
 * credentials this check warns about (a password, credential-like query values) are masked there.
 */
export function redactUrl(url: URL): string {
  const shown = new URL(url.href);
  if (shown.password) shown.password = '***';
  for (const key of new Set(shown.searchParams.keys())) {
    if (secretParam.test(key)) shown.searchParams.set(key, '***');
  }
  return shown.href;
}
