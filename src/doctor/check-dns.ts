// DNS: the host resolves, and to an address a sender in the cloud can reach.
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import type { Finding } from '../findings.js';
import type { DoctorContext } from './context.js';
import { classifyAddress } from './addresses.js';
import { kbForError } from './kb-keys.js';

export async function checkDns(ctx: DoctorContext): Promise<Finding[]> {
  const host = ctx.url.hostname.replace(/^\[|\]$/g, '');
  let addresses: string[];
  const started = performance.now();
  if (isIP(host)) {
    addresses = [host];
  } else {
    try {
      // lookup() uses getaddrinfo, like the HTTP client will: /etc/hosts and the system resolver.
      addresses = (await lookup(host, { all: true })).map((a) => a.address);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code ?? 'ENOTFOUND';
      ctx.state.blocked = `${host} does not resolve`;
      return [{ level: 'fail', title: `${host} does not resolve (${code})`, detail: 'Check the hostname for typos and that its DNS record exists: dig +short ' + host, kb: kbForError(code) }];
    }
  }
  ctx.state.addresses = addresses;
  const ms = performance.now() - started;
  const kinds = addresses.map(classifyAddress);
  const list = addresses.join(', ');
  const findings: Finding[] = [];
  const resolved = isIP(host) ? `an IP address (${host}), no DNS needed` : `resolves to ${list} in ${ms.toFixed(0)} ms`;
  if (kinds.every((k) => k === 'public')) {
    findings.push({ level: 'pass', title: resolved, data: { addresses } });
  } else {
    const kind = kinds.includes('loopback') ? 'loopback' : 'private';
    findings.push(
      ctx.builtin
        ? { level: 'info', title: `${resolved}: ${kind}, the built-in receiver`, data: { addresses } }
        : {
            level: 'warn',
            title: `${resolved}: a ${kind} address a cloud sender cannot reach`,
            detail: 'Fine for a local test; a SaaS sender needs a public address (or a tunnel).',
            data: { addresses, kinds },
          },
    );
  }
  return findings;
}
