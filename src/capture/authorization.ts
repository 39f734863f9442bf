// Checking an Authorization header the way a strict receiver reads it: scheme, quotes, whitespace.
import type { Finding } from '../findings.js';
import { maskCredential } from './mask.js';

const KB = '401';
const wellFormedBearer = /^Bearer [A-Za-z0-9\-._~+/]+=*$/;
let lastWellFormed: string | undefined;

/** Findings for the Authorization header values a request carried (none, one, or duplicates). */
export function checkAuthorization(values: readonly string[], opts: { expectBearer?: boolean; showSecrets?: boolean; sender?: string } = {}): Finding[] {
  const show = (v: string) => {
    const shown = opts.showSecrets ? v : maskCredential(v);
    // Quote only when the edges or control characters are the point; otherwise show it as sent.
    return /^\s|\s$|[\x00-\x1f]/.test(shown) ? JSON.stringify(shown) : shown;
  };
  if (values.length === 0) {
    return opts.expectBearer
      ? [{ level: 'warn', title: 'no Authorization header', detail: `${opts.sender ?? 'this sender'} is expected to send "Authorization: Bearer <token>"; a receiver that checks it answers 401`, kb: KB }]
      : [];
  }
  // The common case, a well-formed "Bearer <token68>", needs none of the checks below (and the same token
  // again, request after request, not even the pattern).
  if (values.length === 1 && (values[0] === lastWellFormed || wellFormedBearer.test(values[0]!))) {
    lastWellFormed = values[0]!;
    return [];
  }
  const findings: Finding[] = [];
  for (const raw of values) {
    const value = raw;
    if (value.trim() === '') {
      findings.push({ level: 'fail', title: 'Authorization header is empty', detail: 'the sender has no token configured, or a template variable expanded to nothing', kb: KB });
      continue;
    }
    if (/^\s|\s$/.test(value)) {
      findings.push({ level: 'warn', title: `Authorization has leading or trailing whitespace: ${show(value)}`, detail: 'a token pasted with a space or newline; receivers that compare exactly reject it', kb: KB });
    }
    const trimmed = value.trim();
    if (/^["']|["']$/.test(trimmed) || /^\S+\s+["']/.test(trimmed)) {
      findings.push({ level: 'fail', title: `Authorization value is wrapped in quotes: ${show(value)}`, detail: 'the quotes were sent literally (often from a config file or shell quoting); send Bearer <token> without them', kb: KB });
    }
    const unquoted = trimmed.replace(/^["']|["']$/g, '');
    const m = /^(\S+)(\s*)(.*)$/s.exec(unquoted)!;
    const [, scheme, gap, rest] = m as unknown as [string, string, string, string];
    const known = /^(bearer|basic|token|digest|apikey)$/i.test(scheme);
    if (!known) {
      findings.push({
        level: opts.expectBearer ? 'fail' : 'warn',
        title: `Authorization has no "Bearer" scheme: ${show(value)}`,
        detail: 'send "Authorization: Bearer <token>"; a bare token is rejected by receivers that expect the scheme',
        kb: KB,
      });
      continue;
    }
    if (rest === '') {
      findings.push({ level: 'fail', title: `Authorization says "${scheme}" but carries no token`, detail: 'the token variable was empty when the sender built the header', kb: KB });
      continue;
    }
    if (gap !== ' ' || /\s/.test(rest)) {
      findings.push({ level: 'warn', title: `Authorization has stray whitespace: ${show(value)}`, detail: 'exactly one space belongs between the scheme and the token, and none inside the token', kb: KB });
    }
    if (/^bearer$/i.test(scheme) && /^bearer\s/i.test(rest)) {
      findings.push({ level: 'fail', title: 'Authorization repeats the scheme ("Bearer Bearer …")', detail: 'the configured token already starts with "Bearer "; configure the bare token', kb: KB });
    } else if (scheme !== 'Bearer' && /^bearer$/i.test(scheme)) {
      findings.push({ level: 'info', title: `Authorization scheme is spelled "${scheme}"`, detail: 'the scheme is case-insensitive by the standard, but some receivers compare it to "Bearer" exactly' });
    } else if (opts.expectBearer && !/^bearer$/i.test(scheme)) {
      findings.push({ level: 'warn', title: `Authorization uses "${scheme}", ${opts.sender ?? 'this sender'} is expected to use Bearer`, kb: KB });
    }
  }
  return findings;
}
