// DNS: the host resolves, and to an address a sender in the cloud can reach.
import { isIP } from 'node:net';
import type { Finding } from '../findings.js';
import type { DoctorContext } from './context.js';
import { classifyAddress } from './addresses.js';
import { kbForError } from './kb-keys.js';

interface LookupFailure {
  title(host: string, code: string): string;
  detail(host: string): string;
  blocked(host: string): string;
}

// What a failed lookup proves depends on its code: ENOTFOUND is an answer ("no such name"), EAI_AGAIN is no
// answer at all (the resolver did not reply), so it says nothing about whether the name exists.
const notFound: LookupFailure = {
  title: (host, code) => `${host} does not resolve (${code})`,
  detail: (host) => `Check the hostname for typos and that its DNS record exists: dig +short ${host}`,
  blocked: (host) => `${host} does not resolve`,
};
const temporary: LookupFailure = {
  title: (host, code) => `the lookup of ${host} failed for now (${code}): the resolver did not answer; the name may well exist`,
  detail: (host) => `Check this machine's resolver (its DNS servers, /etc/resolv.conf, a VPN), then run doctor again: nslookup ${host}`,
  blocked: (host) => `the DNS lookup of ${host} failed for now`,
};
const otherFailure: LookupFailure = { ...temporary, title: (host, code) => `the lookup of ${host} failed (${code})` };
const lookupFailures: Record<string, LookupFailure> = {
  ENOTFOUND: notFound,
  EAI_NONAME: notFound,
  EAI_FAIL: { ...notFound, title: (host, code) => `${host} could not be resolved (${code}): the DNS server answered with a failure` },
  EAI_AGAIN: temporary,
  ETIMEOUT: temporary,
  ECONNREFUSED: temporary,
  ESERVFAIL: temporary,
};

export async function checkDns(ctx: DoctorContext): Promise<Finding[]> {
  const host = ctx.url.hostname.replace(/^\[|\]$/g, '');
  let addresses: string[];
  const started = performance.now();
  if (isIP(host)) {
    addresses = [host];
  } else {
    try {
      // The resolver deliveries use: localhost without DNS, anything else through getaddrinfo (/etc/hosts too).
      addresses = await ctx.resolve(host);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code ?? 'ENOTFOUND';
      const failure = lookupFailures[code] ?? otherFailure;
      ctx.state.blocked = failure.blocked(host);
      return [{ level: 'fail', title: failure.title(host, code), detail: failure.detail(host), kb: kbForError(code) ?? kbForError('ENOTFOUND') }];
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
