// Signature enforcement: a valid signature accepted; a tampered, a missing and (for timestamped
// schemes) a stale one rejected. A receiver that accepts them lets anyone forge events.
import type { Finding } from '../findings.js';
import type { Delivery } from '../http/delivery.js';
import { sampleBody } from '../profiles/index.js';
import type { DoctorContext } from './context.js';
import { failedBaseline, inconclusive, samplePost } from './check-post.js';
import { kbForDelivery } from './kb-keys.js';
import { SCHEME_NAMES, hasTimestamp, isSchemeName, recipeFor } from '../signatures/index.js';

// Every recipe whose sender signs a timestamp a receiver should judge (Stripe, Slack, Svix, Zoom, Twitch…).
export const TIMESTAMPED_SCHEMES = new Set<string>(SCHEME_NAMES.filter(hasTimestamp));
const STALE_SECONDS = 3600;

const is2xx = (d: Delivery) => d.response !== undefined && d.response.status >= 200 && d.response.status < 300;
const answer = (d: Delivery) => (d.response ? String(d.response.status) : d.error?.code ?? 'no answer');

/** The same event with one field added: still valid JSON, so only the signature can reject it. */
export function tamperBody(body: Buffer): Buffer {
  try {
    const value: unknown = JSON.parse(body.toString('utf8'));
    if (Array.isArray(value)) return Buffer.from(JSON.stringify([...value, 'webhook_doctor_tampered'], null, 2) + '\n');
    if (value && typeof value === 'object') return Buffer.from(JSON.stringify({ ...value, webhook_doctor_tampered: true }, null, 2) + '\n');
  } catch {
    // not JSON: fall through to a byte-level change
  }
  return Buffer.concat([body, Buffer.from(' ')]);
}

function judgeRejection(what: string, d: Delivery): Finding {
  const data = { status: d.response?.status, requestId: d.response?.requestId };
  if (is2xx(d)) {
    return { level: 'fail', title: `${what} accepted (${answer(d)}): anyone can forge events`, detail: 'Verify the signature over the raw body before acting on it, and answer 401 when it does not match.', kb: 'signature-mismatch', data };
  }
  if (d.response && (d.response.status === 401 || d.response.status === 403)) return { level: 'pass', title: `${what} rejected (${answer(d)})`, data };
  if (d.response && d.response.status >= 400 && d.response.status < 500) return { level: 'pass', title: `${what} rejected (${answer(d)}; 401 is the usual answer)`, data };
  return { level: 'warn', title: `${what} answered ${answer(d)}: rejected, but not with a 4xx`, detail: 'Answer 401 so the sender does not retry a request that will never verify.', kb: kbForDelivery(d), data };
}

export async function checkSignature(ctx: DoctorContext): Promise<Finding[]> {
  if (!ctx.signer) {
    return [{ level: 'info', title: 'not checked: give --secret (and --scheme) to check signature enforcement' }];
  }
  const sign = ctx.signer;
  const findings: Finding[] = [];
  const scheme = ctx.scheme ?? 'hmac-sha256';
  if (isSchemeName(scheme) && recipeFor(scheme).kind === 'token') return checkSharedToken(ctx, scheme);

  const valid = await samplePost(ctx);
  const baseline = await failedBaseline(ctx);
  // Only a 401/403 to the validly signed sample is about its signature; a 500, 404 or 410 is the receiver
  // refusing everything, and then a refusal of a forged request proves nothing either.
  const refusesAll = baseline !== undefined && baseline !== 401 && baseline !== 403;
  if (is2xx(valid)) findings.push({ level: 'pass', title: `valid ${scheme} signature accepted (${answer(valid)})`, data: { status: valid.response?.status } });
  else if (refusesAll) findings.push({ level: 'info', title: `inconclusive: the validly signed sample was answered ${baseline} (see POST sample), so signature checking cannot be judged`, detail: 'Make the sample get a 2xx first; then a 401 to a forged request shows the receiver checks signatures.', data: { status: baseline } });
  else findings.push({ level: 'fail', title: `valid ${scheme} signature not accepted (${answer(valid)})`, detail: 'Check the secret and scheme match the receiver\'s, and that it verifies the raw bytes, not re-serialized JSON.', kb: 'signature-mismatch', data: { status: valid.response?.status } });
  const judge = (what: string, d: Delivery): Finding => judgeAgainst(baseline, what, d);

  const body = sampleBody(ctx.profile);
  // Signed over the original bytes, sent with one byte changed: what an attacker replaying a signature does.
  const tampered = tamperBody(body);
  const headers = ctx.baseHeaders;
  findings.push(judge('tampered body', await ctx.send('signature', { body: tampered, headers: [...headers, ...sign(body)] })));
  findings.push(judge('missing signature', await ctx.send('signature', { body, headers })));
  if (TIMESTAMPED_SCHEMES.has(scheme)) {
    const stale = Math.floor(Date.now() / 1000) - STALE_SECONDS;
    findings.push(judge('stale timestamp (1 h old)', await ctx.send('signature', { body, headers: [...headers, ...sign(body, { timestamp: stale })] })));
  }
  return findings;
}

/**
 * A refusal answered exactly as the valid sample was (a 401 to everything, or a 500) tells nothing apart: the
 * receiver refuses the valid request too, so rejecting a forged one proves no check.
 */
function judgeAgainst(baseline: number | undefined, what: string, d: Delivery): Finding {
  return baseline !== undefined && d.response?.status === baseline
    ? inconclusive(what, String(baseline), baseline, { status: baseline })
    : judgeRejection(what, d);
}

/**
 * A shared token (GitLab's X-Gitlab-Token) is the same for every body, so a changed body cannot be
 * told apart: only the token itself is checked, sent right and left out.
 */
async function checkSharedToken(ctx: DoctorContext, scheme: string): Promise<Finding[]> {
  const valid = await samplePost(ctx);
  const baseline = await failedBaseline(ctx);
  // As for signatures: only a 401/403 to the valid token is about the token.
  const refusesAll = baseline !== undefined && baseline !== 401 && baseline !== 403;
  const body = sampleBody(ctx.profile);
  return [
    is2xx(valid)
      ? { level: 'pass', title: `valid ${scheme} token accepted (${answer(valid)})`, data: { status: valid.response?.status } }
      : refusesAll
        ? { level: 'info', title: `inconclusive: the sample with a valid ${scheme} token was answered ${baseline} (see POST sample), so token checking cannot be judged`, detail: 'Make the sample get a 2xx first; then a 401 to a request without the token shows the receiver checks it.', data: { status: baseline } }
        : { level: 'fail', title: `valid ${scheme} token not accepted (${answer(valid)})`, detail: 'Check the token matches the one the receiver expects.', kb: 'signature-mismatch', data: { status: valid.response?.status } },
    { level: 'info', title: `tampered body not checked: ${scheme} sends a shared token, which does not cover the body` },
    judgeAgainst(baseline, 'missing token', await ctx.send('signature', { body, headers: ctx.baseHeaders })),
  ];
}
