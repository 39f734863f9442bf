// The answer a handshake requires (what listen sends back), and the verdict on an answer someone else
// gave (doctor's check, listen --forward): status, content type, headers, body and time, as findings.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Finding } from '../findings.js';
import type { Handshake, HandshakeMatch } from './handshakes.js';
import { maskCredential } from './mask.js';

/**
 * A value a request chose, fit for a finding's title: control characters (ESC, BEL, CR …) escaped so a
 * forged handshake cannot drive the terminal, and cut to `limit` characters.
 */
export function visible(value: string, limit = 300): string {
  const cut = value.length > limit ? value.slice(0, limit) + '…' : value;
  return cut.replace(/[\x00-\x1f\x7f-\x9f]/g, (c) => '\\x' + c.charCodeAt(0).toString(16).padStart(2, '0'));
}

export interface HandshakeSecrets {
  /** Zoom's Secret Token (it keys the encryptedToken), Twitch's subscription secret. */
  secret?: string;
  /** Meta's Verify Token, compared with hub.verify_token. */
  verifyToken?: string;
}

export interface PlannedAnswer {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

/** Zoom's encryptedToken: the hex HMAC-SHA256 of plainToken keyed with the Secret Token. */
export function zoomEncryptedToken(plainToken: string, secret: string): string {
  return createHmac('sha256', secret).update(plainToken).digest('hex');
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * The answer `match` asks for, or a refusal with the reason when it cannot be given honestly
 * (Zoom without its secret token, Meta with the wrong verify token).
 */
export function planHandshakeAnswer(match: HandshakeMatch, secrets: HandshakeSecrets): { answer: PlannedAnswer; refused?: string } {
  const h = match.handshake;
  // Every answer reflects what a request chose: nosniff keeps a browser from reading an echo as HTML (Dropbox asks it for its own).
  const json = (value: unknown, status = h.answer.status): PlannedAnswer => ({ status, headers: { 'content-type': 'application/json', ...noSniff }, body: Buffer.from(JSON.stringify(value)) });
  const text = (body: string, status: number): PlannedAnswer => ({ status, headers: { 'content-type': 'text/plain; charset=utf-8', ...noSniff }, body: Buffer.from(body) });
  if (h.verifyToken && secrets.verifyToken !== undefined && !sameText(match.verifyToken ?? '', secrets.verifyToken)) {
    return { answer: text('verify token mismatch\n', 403), refused: `hub.verify_token ${match.verifyToken === undefined ? 'is missing' : `"${visible(maskCredential(match.verifyToken))}" is not the --verify-token given`}` };
  }
  const body = h.answer.body;
  switch (body.kind) {
    case 'echo': {
      const headers: Record<string, string> = { 'content-type': `${h.answer.contentType}; charset=utf-8`, ...noSniff, ...lower(h.answer.headers) };
      return { answer: { status: h.answer.status, headers, body: Buffer.from(match.challenge) } };
    }
    case 'json':
      return { answer: json({ [body.field]: match.challenge }) };
    case 'zoom':
      if (!secrets.secret) {
        return { answer: json({ error: 'no secret token to compute encryptedToken' }, 500), refused: 'the encryptedToken needs the app\'s Secret Token: give --secret' };
      }
      return { answer: json({ plainToken: match.challenge, encryptedToken: zoomEncryptedToken(match.challenge, secrets.secret) }) };
    case 'constant':
      return { answer: json(body.value) };
    case 'any':
      return { answer: text('', h.answer.status) };
    case 'allow-origin': {
      // The origin goes into a header: only a plain token is echoed, anything else gets the wildcard.
      const origin = /^[\x21-\x7e]{1,255}$/.test(match.challenge) ? match.challenge : '*';
      const answer = text('', h.answer.status);
      answer.headers[body.header.toLowerCase()] = origin;
      answer.headers[body.rateHeader.toLowerCase()] = '*';
      return { answer };
    }
  }
}

const noSniff = { 'x-content-type-options': 'nosniff' } as const;

function lower(headers: Record<string, string> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers ?? {})) out[k.toLowerCase()] = v;
  return out;
}

export interface ObservedAnswer {
  status: number;
  headers: ReadonlyArray<readonly [string, string]>;
  body: Buffer;
  ms: number;
}

function header(headers: ObservedAnswer['headers'], name: string): string | undefined {
  const lowerName = name.toLowerCase();
  for (const [n, v] of headers) if (n.toLowerCase() === lowerName) return v;
  return undefined;
}

const mediaType = (value: string | undefined) => (value ?? '').split(';')[0]!.trim().toLowerCase();

function excerpt(body: Buffer): string {
  const text = body.subarray(0, 120).toString('utf8');
  return JSON.stringify(body.length > 120 ? text + '…' : text);
}

/** Does the body carry the challenge the way the handshake requires? A reason when not. */
function judgeBody(h: Handshake, challenge: string, type: string, body: Buffer, secret: string | undefined): { ok: boolean; level?: 'warn' | 'info'; reason?: string } {
  const text = body.toString('utf8');
  const kind = h.answer.body;
  const parsed = () => { try { return JSON.parse(text) as unknown; } catch { return undefined; } };
  switch (kind.kind) {
    case 'echo': {
      // Slack also takes challenge=… as a form and {"challenge": …} as JSON.
      if (h.id === 'slack' && type === 'application/x-www-form-urlencoded') return new URLSearchParams(text).get('challenge') === challenge ? { ok: true } : { ok: false, reason: `the form has no challenge=${visible(challenge)}` };
      if (h.id === 'slack' && type === 'application/json') return (parsed() as { challenge?: unknown } | undefined)?.challenge === challenge ? { ok: true } : { ok: false, reason: 'the JSON has no matching "challenge"' };
      if (text === challenge) return { ok: true };
      if (text.trim() === challenge) return { ok: true, level: 'warn', reason: 'the challenge comes with extra whitespace or a newline around it; strict senders compare the exact bytes' };
      if (text.includes(challenge)) return { ok: false, reason: `the challenge is wrapped in other text (${excerpt(body)}); send it alone, not as JSON or HTML` };
      return { ok: false, reason: `the body ${excerpt(body)} is not the challenge` };
    }
    case 'json': {
      const value = parsed() as Record<string, unknown> | undefined;
      if (value === undefined || typeof value !== 'object') return { ok: false, reason: `the body ${excerpt(body)} is not a JSON object` };
      if (value[kind.field] === challenge) return { ok: true };
      return { ok: false, reason: `"${kind.field}" is ${value[kind.field] === undefined ? 'missing' : JSON.stringify(value[kind.field])}, expected ${JSON.stringify(challenge)}` };
    }
    case 'zoom': {
      const value = parsed() as { plainToken?: unknown; encryptedToken?: unknown } | undefined;
      if (!value || typeof value !== 'object') return { ok: false, reason: `the body ${excerpt(body)} is not a JSON object` };
      if (value.plainToken !== challenge) return { ok: false, reason: `plainToken is ${JSON.stringify(value.plainToken)}, expected ${JSON.stringify(challenge)}` };
      if (typeof value.encryptedToken !== 'string') return { ok: false, reason: 'encryptedToken is missing' };
      if (!secret) return /^[0-9a-f]{64}$/.test(value.encryptedToken) ? { ok: true, level: 'info', reason: 'encryptedToken looks like a hex HMAC-SHA256 but cannot be checked without --secret' } : { ok: false, reason: 'encryptedToken is not a hex HMAC-SHA256' };
      const expected = zoomEncryptedToken(challenge, secret);
      if (sameText(value.encryptedToken, expected)) return { ok: true };
      return { ok: false, reason: 'encryptedToken is not the HMAC-SHA256 of plainToken with this secret token (a different secret, or hashed something else)' };
    }
    case 'constant': {
      const value = parsed();
      return JSON.stringify(value) === JSON.stringify(kind.value) ? { ok: true } : { ok: false, reason: `the body ${excerpt(body)} is not ${JSON.stringify(kind.value)}` };
    }
    case 'any':
    case 'allow-origin':
      return { ok: true };
  }
}

/** The verdict on an answer to handshake `h` whose challenge was `challenge`, as findings (worst first is up to the reader). */
export function judgeHandshakeAnswer(h: Handshake, challenge: string, got: ObservedAnswer, secret?: string): Finding[] {
  const findings: Finding[] = [];
  const cite = `(${h.source.vendor}: ${h.source.document})`;
  const data = { handshake: h.id, status: got.status, ms: Math.round(got.ms) };
  // Where only the status and headers count, any 2xx and any content type will do.
  const bodiless = h.answer.body.kind === 'any' || h.answer.body.kind === 'allow-origin';
  const statusOk = bodiless ? got.status >= 200 && got.status < 300 : got.status === h.answer.status;
  if (!statusOk) {
    findings.push({ level: 'fail', title: `${h.sender} ${h.name} answered ${got.status}; ${h.sender} requires ${bodiless ? 'a 2xx' : h.answer.status}`, detail: `${h.notes[0]} ${cite}`, kb: String(got.status), data });
    return findings;
  }
  const type = mediaType(header(got.headers, 'content-type'));
  const accepted = [h.answer.contentType, ...(h.answer.alsoAccepted ?? [])];
  if (h.answer.body.kind === 'allow-origin') {
    const allowed = header(got.headers, h.answer.body.header);
    if (allowed !== challenge && allowed?.trim() !== '*') {
      findings.push({ level: 'fail', title: `${h.sender} ${h.name}: ${h.answer.body.header} is ${allowed === undefined ? 'missing' : JSON.stringify(visible(allowed))}, expected ${JSON.stringify(visible(challenge))} or *`, detail: `${h.notes[0]} ${cite}`, data });
    }
  }
  if (!bodiless && !accepted.includes(type)) {
    findings.push({
      level: h.answer.contentTypeRequired ? 'fail' : 'warn',
      title: `Content-Type is ${type || 'missing'}; ${h.sender} expects ${accepted.join(' or ')}`,
      detail: cite,
      data,
    });
  }
  for (const [name, value] of Object.entries(h.answer.headers ?? {})) {
    if ((header(got.headers, name) ?? '').toLowerCase() !== value.toLowerCase()) {
      findings.push({ level: 'warn', title: `no ${name}: ${value} on the answer`, detail: `${h.notes[0]} ${cite}`, data });
    }
  }
  const body = judgeBody(h, challenge, type, got.body, secret);
  if (!body.ok) findings.push({ level: 'fail', title: `${h.sender} ${h.name}: ${body.reason}`, detail: `${h.notes[0]} ${cite}`, data });
  else if (body.reason) findings.push({ level: body.level ?? 'info', title: body.reason, data });
  if (h.answer.withinSeconds !== undefined && got.ms > h.answer.withinSeconds * 1000) {
    findings.push({ level: 'fail', title: `answered in ${(got.ms / 1000).toFixed(1)} s; ${h.sender} gives up after ${h.answer.withinSeconds} s${h.answer.withinAssumed ? ' (assumed)' : ''}`, kb: 'timeout', data });
  }
  if (!findings.some((f) => f.level === 'fail')) {
    findings.unshift({ level: 'pass', title: `${h.sender} ${h.name} answered as required (${got.status}, ${type || 'no content type'}, ${Math.round(got.ms)} ms)`, data });
  }
  return findings;
}
