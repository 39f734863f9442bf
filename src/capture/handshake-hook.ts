// listen's handshake hook: recognises a sender's verification request before the normal answer, answers
// it the way its sender requires (capture/handshakes.ts), and leaves findings saying that it did.
import type { Finding } from '../findings.js';
import type { Capture } from './capture.js';
import type { Reply } from './server.js';
import { detectHandshake, type Handshake, type HandshakeMatch } from './handshakes.js';
import { judgeHandshakeAnswer, planHandshakeAnswer, visible, type HandshakeSecrets, type ObservedAnswer } from './handshake-answer.js';

/**
 * An SNS SubscribeURL is visited only when it is strictly https://sns.<region>.amazonaws.com/?Action=ConfirmSubscription…
 * (AWS's own advice: check the host before visiting): the default port, no user name or password, a region-shaped
 * label (us-west-2, ap-southeast-1, us-gov-west-1), the root path.
 */
export function isSnsConfirmUrl(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === 'https:' && u.port === '' && u.username === '' && u.password === '' && u.pathname === '/'
      && /^sns\.[a-z]{2}(-[a-z]+)+-\d{1,2}\.amazonaws\.com$/.test(u.hostname) && u.searchParams.get('Action') === 'ConfirmSubscription';
  } catch {
    return false;
  }
}

export interface HandshakeHookOptions {
  /** Only these handshakes (the --profile's); all of them when undefined (recognised by shape). */
  only?: readonly Handshake[];
  secrets: HandshakeSecrets;
  /** Visit an SNS SubscribeURL (--confirm-subscription); never without it. */
  confirm: boolean;
  /** Visits a confirmation URL; listen passes a real GET, tests a loopback one. */
  visit?: (url: string) => Promise<{ status?: number; error?: string }>;
  /** Which URLs may be visited (default: real SNS addresses only). */
  mayVisit?: (url: string) => boolean;
  /** Checks a request's signature with a recipe; undefined when no recipe of that id is known. */
  verify?: (capture: Capture, recipe: string) => Promise<{ valid: boolean; reason: string } | undefined>;
}

export interface HandshakeHook {
  /** The handshake's answer when `capture` is one, else undefined (the normal answer follows). */
  reply(capture: Capture): Reply | Promise<Reply> | undefined;
  /** What was recognised and answered, once per capture (empty for an ordinary request). */
  findings(capture: Capture): Finding[];
  /** With --forward: the app's answer to a relayed handshake, judged as its sender would (empty for an ordinary request). */
  judgeRelayed?(capture: Capture, got: ObservedAnswer): Finding[];
}

export function createHandshakeHook(opts: HandshakeHookOptions): HandshakeHook {
  const pending = new Map<number, Finding[]>();
  const mayVisit = opts.mayVisit ?? isSnsConfirmUrl;

  function respond(answer: { status: number; headers: Record<string, string>; body: Buffer }): Reply {
    return { kind: 'respond', status: answer.status, headers: answer.headers, body: answer.body, delayMs: 0 };
  }

  /** Keeps the findings of the handshake answered for capture `seq` until record time. */
  function answered(seq: number, match: HandshakeMatch, reply: Reply, extra: Finding[] = []): Reply {
    const h = match.handshake;
    const status = reply.kind === 'respond' ? reply.status : 0;
    const data = { handshake: h.id, challenge: match.challenge, status };
    const findings: Finding[] = [];
    if (status >= 200 && status < 300) {
      findings.push({ level: 'pass', title: `answered ${h.sender}'s ${h.name} as required (${status}, ${h.answer.body.kind === 'any' ? 'any body' : h.answer.body.kind === 'allow-origin' ? h.answer.body.header : h.answer.contentType})`, detail: `${h.notes[0]} (${h.source.vendor}: ${h.source.document})`, data });
    }
    findings.push(...extra);
    pending.set(seq, findings);
    return reply;
  }

  async function confirmSns(match: HandshakeMatch): Promise<Finding[]> {
    const url = match.confirmUrl;
    if (!url) return [{ level: 'warn', title: 'SubscriptionConfirmation without a SubscribeURL', detail: 'confirm it with the ConfirmSubscription API and the Token instead' }];
    if (!mayVisit(url)) {
      return [{ level: 'fail', title: `${opts.confirm ? 'not visiting' : 'do not visit'} the SubscribeURL: ${visible(url)} is no https://sns.<region>.amazonaws.com/?Action=ConfirmSubscription address`, detail: 'a forged SubscriptionConfirmation can point anywhere; confirm by hand if you trust it', data: { subscribeUrl: url } }];
    }
    if (!opts.confirm) {
      return [{ level: 'warn', title: `to confirm the subscription, visit the SubscribeURL: ${visible(url)}`, detail: 'SNS sends nothing until then; listen does not visit it unless run with --confirm-subscription (check the message signature first)', data: { subscribeUrl: url } }];
    }
    const result: { status?: number; error?: string } = opts.visit ? await opts.visit(url) : { error: 'no way to visit URLs' };
    if (result.status !== undefined && result.status >= 200 && result.status < 300) {
      return [{ level: 'pass', title: `subscription confirmed: GET ${visible(url)} answered ${result.status}`, data: { subscribeUrl: url, status: result.status } }];
    }
    return [{ level: 'fail', title: `confirming the subscription failed: GET ${visible(url)} ${result.status !== undefined ? `answered ${result.status}` : `failed (${result.error})`}`, detail: 'the Token may have expired (3 days); ask SNS to resend the confirmation', data: { subscribeUrl: url, ...(result.status !== undefined ? { status: result.status } : {}) } }];
  }

  function build(capture: Capture, match: HandshakeMatch, extra: Finding[] = []): Reply {
    const planned = planHandshakeAnswer(match, opts.secrets);
    const reply = respond(planned.answer);
    const findings = [...extra];
    if (planned.refused) {
      findings.push({ level: 'fail', title: `did not answer ${match.handshake.sender}'s ${match.handshake.name}: ${planned.refused}`, data: { handshake: match.handshake.id } });
    }
    if (match.handshake.verifyToken && opts.secrets.verifyToken === undefined) {
      findings.push({ level: 'warn', title: `answered without checking hub.verify_token (${match.verifyToken ? `${match.verifyToken.length} characters` : 'none sent'}): give --verify-token to check it as ${match.handshake.sender} requires` });
    }
    return answered(capture.seq, match, reply, findings);
  }

  return {
    reply(capture) {
      if (capture.bodyRefused) return undefined;
      const match = detectHandshake({ method: capture.method, target: capture.target, headers: capture.rawHeaders, body: capture.decodedBody ?? capture.body }, opts.only);
      if (!match) return undefined;
      const h = match.handshake;
      const verifyFirst = (h.secret === 'signature' || h.signed === true) && !!opts.secrets.secret && !!opts.verify;
      if (h.id === 'aws-sns' || verifyFirst) {
        return (async () => {
          const extra: Finding[] = [];
          if (verifyFirst) {
            const verdict = await opts.verify!(capture, h.id);
            if (verdict && !verdict.valid) {
              const status = h.badSignatureStatus ?? 403;
              const reply = respond({ status, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: Buffer.from('signature mismatch\n') });
              pending.set(capture.seq, [{ level: 'fail', title: `did not answer ${h.sender}'s ${h.name}: the signature does not verify (${verdict.reason}); answered ${status}`, detail: `${h.sender} requires the signature to be checked first; a wrong --secret looks the same`, data: { handshake: h.id } }]);
              return reply;
            }
            extra.push(verdict ? { level: 'pass', title: `${h.sender} signature verified before answering` } : { level: 'info', title: `${h.sender} signature not checked: no ${h.id} signature recipe in this build` });
          }
          if (h.id === 'aws-sns') extra.push(...await confirmSns(match));
          return build(capture, match, extra);
        })();
      }
      if (h.id === 'azure-eventgrid' && match.confirmUrl) {
        return build(capture, match, [{ level: 'info', title: 'Event Grid also accepts a GET of data.validationUrl (within 5 minutes) instead of this answer', data: { validationUrl: match.confirmUrl } }]);
      }
      return build(capture, match);
    },

    judgeRelayed(capture, got) {
      const match = detectHandshake({ method: capture.method, target: capture.target, headers: capture.rawHeaders, body: capture.decodedBody ?? capture.body }, opts.only);
      if (!match) return [];
      return judgeHandshakeAnswer(match.handshake, match.challenge, got, opts.secrets.secret).map((f) => ({ ...f, title: `your app: ${f.title}` }));
    },

    findings(capture) {
      const found = pending.get(capture.seq);
      if (!found) return [];
      pending.delete(capture.seq);
      return found;
    },
  };
}
