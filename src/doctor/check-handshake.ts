// Doctor plays the sender's handshake (the profile's: Slack's url_verification, Zoom's url_validation,
// Meta's hub.challenge …) against the receiver and judges the answer as that sender would.
import { randomBytes, randomInt } from 'node:crypto';
import type { Finding } from '../findings.js';
import type { HeaderList } from '../http/delivery.js';
import type { Handshake } from '../capture/handshakes.js';
import { judgeHandshakeAnswer } from '../capture/handshake-answer.js';
import type { DoctorContext } from './context.js';
import { kbForDelivery } from './kb-keys.js';

/** A fresh challenge: digits for Meta (its hub.challenge is an int), hex otherwise. */
export function newChallenge(h: Handshake): string {
  return h.id === 'meta' ? String(randomInt(100_000_000, 2_000_000_000)) : randomBytes(16).toString('hex');
}

function fill(value: unknown, vars: Record<string, string>): unknown {
  if (typeof value === 'string') return value.replace(/\{(challenge|token)\}/g, (_, k: string) => vars[k] ?? '');
  if (Array.isArray(value)) return value.map((v) => fill(v, vars));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fill(v, vars)]));
  return value;
}

/** The request the sender would send: method, URL with the handshake's query, headers, body. */
export function buildProbe(h: Handshake, target: URL, vars: Record<string, string>): { url: string; method: string; headers: HeaderList; body?: Buffer } {
  const url = new URL(target.href);
  for (const [k, v] of Object.entries(h.probe.query ?? {})) url.searchParams.set(k, String(fill(v, vars)));
  const headers: HeaderList = Object.entries(h.probe.headers ?? {}).map(([k, v]) => [k, String(fill(v, vars))]);
  let body: Buffer | undefined;
  if (h.probe.json !== undefined) {
    body = Buffer.from(JSON.stringify(fill(h.probe.json, vars)));
    if (!headers.some(([k]) => k.toLowerCase() === 'content-type')) headers.unshift(['Content-Type', 'application/json']);
  }
  return { url: url.href, method: h.method, headers, ...(body ? { body } : {}) };
}

export async function checkHandshake(ctx: DoctorContext): Promise<Finding[]> {
  const h = ctx.handshake!;
  const cite = `${h.source.vendor}: ${h.source.document}`;
  if (h.verifyToken && ctx.verifyToken === undefined) {
    return [{ level: 'info', title: `skipped: ${h.sender}'s ${h.name} carries your Verify Token; give --verify-token to play it`, detail: cite }];
  }
  const challenge = newChallenge(h);
  const probe = buildProbe(h, ctx.url, { challenge, token: ctx.verifyToken ?? '' });
  const headers: HeaderList = [...probe.headers];
  for (const [k, v] of ctx.baseHeaders) if (k.toLowerCase() === 'authorization') headers.push([k, v]);
  // A signed sender signs its handshake too (Slack, Twitch, Zoom): signed headers replace the sample's.
  if (probe.body && ctx.signer) {
    const signed = ctx.signer(probe.body);
    const names = new Set(signed.map(([k]) => k.toLowerCase()));
    for (let i = headers.length - 1; i >= 0; i--) if (names.has(headers[i]![0].toLowerCase())) headers.splice(i, 1);
    headers.push(...signed.map(([k, v]) => [k, v] as [string, string]));
  }
  const d = await ctx.send('handshake', { url: probe.url, method: probe.method, headers, ...(probe.body ? { body: probe.body } : {}) });
  if (!d.response) {
    return [{ level: 'fail', title: `${h.sender} ${h.name} got no answer (${d.error?.code})`, detail: `${h.notes[0]} (${cite})`, kb: kbForDelivery(d) }];
  }
  const got = { status: d.response.status, headers: d.response.headers, body: d.response.body, ms: d.timings.firstByte ?? d.timings.total };
  const findings = judgeHandshakeAnswer(h, challenge, got, ctx.handshakeSecret);
  if (!ctx.signer && (h.secret === 'signature' || h.signed) && got.status >= 400 && got.status < 500) {
    findings.push({ level: 'info', title: `the unsigned ${h.name} was refused (${got.status}), as a receiver that checks signatures should: give --secret to send a signed one` });
  }
  if (h.verifyToken && findings.every((f) => f.level !== 'fail')) {
    // The receiver must check the token, not echo any challenge it is sent.
    const wrong = buildProbe(h, ctx.url, { challenge: newChallenge(h), token: `not-${ctx.verifyToken}` });
    const w = await ctx.send('handshake', { url: wrong.url, method: wrong.method, headers: wrong.headers });
    const echoed = w.response && w.response.status >= 200 && w.response.status < 300;
    findings.push(echoed
      ? { level: 'fail', title: `a wrong hub.verify_token was answered ${w.response!.status}: the receiver does not check the Verify Token`, detail: `compare hub.verify_token with your Verify Token and answer 403 when they differ (${cite})` }
      : { level: 'pass', title: `a wrong hub.verify_token is refused (${w.response?.status ?? w.error?.code})` });
  }
  return findings;
}
