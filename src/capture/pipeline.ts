// One capture's way through listen: decode, inspect, check the payload and signature, answer (or relay),
// and the record that is printed and saved afterwards.
import type { Finding } from '../findings.js';
import type { Profile } from '../profiles/index.js';
import { headerValue, type Capture } from './capture.js';
import { planAnswer, type AnswerConfig } from './answer.js';
import { decodeBody } from './content-encoding.js';
import { formatBytes, inspectRequest } from './inspect.js';
import { forwardCapture, judgeForward, type ForwardConfig, type ForwardResult } from './forward.js';
import { refusalFor } from './request-rules.js';
import { relayTarget } from './request-target.js';
import type { Reply } from './server.js';
import type { HandshakeHook } from './handshake-hook.js';

export interface PipelineConfig {
  answer: AnswerConfig;
  maxBodyBytes: number;
  /** The sender profile named by --profile (undefined: no payload schema, generic rules for --forward). */
  profile?: Profile;
  /** The profile to judge --forward answers with (the generic one when no --profile). */
  judgeProfile: Profile;
  showSecrets: boolean;
  forward?: ForwardConfig;
  /** Extra checks run on every capture (payload schema, signature), loaded once by the command. */
  checks: Array<(capture: Capture, json: { value: unknown } | undefined) => Finding[]>;
  /** Answers senders' verification handshakes before the normal answer (see handshake-hook.ts). */
  handshake?: HandshakeHook;
}

export interface AnswerSummary {
  kind: 'respond' | 'timeout' | 'reset' | 'relay';
  status?: number;
  ms: number;
  chaos?: boolean;
}

export interface CaptureRecord {
  capture: Capture;
  json?: { value: unknown };
  answer: AnswerSummary;
  forward?: ForwardResult;
}

export interface Pipeline {
  /** Synchronous unless the request is relayed (--forward): the hot path makes no promises. */
  reply(capture: Capture): Reply | Promise<Reply>;
  /** The finished record for a capture once answered; call once per capture. */
  record(capture: Capture, reply: Reply, ms: number): CaptureRecord;
}

/** The answer to a request listen refuses itself: the status, and the reason in a small JSON body. */
function refuse(capture: Capture, status: 400 | 501, detail: string): Reply {
  const error = status === 400 ? 'Bad Request' : 'Not Implemented';
  const body = Buffer.from(`{"error":"${error}","detail":${JSON.stringify(detail)},"request_id":"${capture.id}"}`);
  return { kind: 'respond', status, headers: { 'content-type': 'application/json' }, body, delayMs: 0 };
}

export function createPipeline(config: PipelineConfig): Pipeline {
  // Only a relayed capture is examined before its answer; these keep what record() needs of it.
  const examined = new Map<number, { value: unknown } | undefined>();
  const forwarded = new Map<number, ForwardResult>();
  // Refused requests (a target that is no path, CONNECT…): answered at once, examined in record().
  const refused = new Map<number, Finding>();
  let kbForStatus: Promise<(status: number) => string> | undefined;
  const inspectOptions = { profile: config.profile, showSecrets: config.showSecrets };
  const forwardTimeoutMs = Math.max(config.judgeProfile.maxTimeBudgetSeconds ?? config.judgeProfile.timeBudgetSeconds, 30) * 1000;

  async function relay(forward: ForwardConfig, capture: Capture, findings: Finding[]): Promise<Reply> {
    const target = relayTarget(forward.url, capture.method, capture.target);
    if ('refused' in target) {
      findings.unshift({ level: 'fail', title: `request target ${capture.target} is not relayed: answered 400`, detail: target.refused, kb: '400' });
      return refuse(capture, 400, target.refused);
    }
    const result = await forwardCapture(forward, target, capture, forwardTimeoutMs);
    forwarded.set(capture.seq, result);
    kbForStatus ??= import('../kb/index.js').then((kb) => kb.keyForStatus);
    findings.push(...judgeForward(result, config.judgeProfile, await kbForStatus));
    if (config.handshake?.judgeRelayed && !result.error) findings.push(...config.handshake.judgeRelayed(capture, { status: result.status!, headers: result.headers!, body: result.body!, ms: result.ms }));
    if (result.error) {
      const body = Buffer.from(`{"error":"Bad Gateway","detail":${JSON.stringify(`${result.error.code} from ${result.url}`)},"request_id":"${capture.id}"}`);
      return { kind: 'respond', status: 502, headers: { 'content-type': 'application/json' }, body, delayMs: 0 };
    }
    return { kind: 'relay', status: result.status!, headers: result.headers!, body: result.body!, delayMs: config.answer.delayMs };
  }

  /** Decode, inspect and check one capture; its findings (after those given) land on the capture. */
  function examine(capture: Capture, first?: Finding): { value: unknown } | undefined {
    const findings: Finding[] = first ? [first] : [];
    if (!capture.bodyRefused) {
      const encoding = headerValue(capture.rawHeaders, 'content-encoding');
      if (encoding) {
        const decoded = decodeBody(capture.body, encoding, config.maxBodyBytes);
        if (decoded.body) capture.decodedBody = decoded.body;
        if (decoded.finding) findings.push(decoded.finding);
      }
    }
    const inspection = inspectRequest(capture, inspectOptions);
    findings.push(...inspection.findings);
    for (const check of config.checks) findings.push(...check(capture, inspection.json));
    capture.findings = findings;
    return inspection.json;
  }

  return {
    reply(capture) {
      const refusal = refusalFor(capture, config.forward !== undefined);
      if (refusal) {
        refused.set(capture.seq, refusal.finding);
        return refuse(capture, refusal.status, refusal.finding.detail ?? refusal.finding.title);
      }
      // A sender's handshake is answered as that sender requires; relayed ones are judged instead.
      const handshake = config.forward ? undefined : config.handshake?.reply(capture);
      if (handshake) return handshake;
      if (config.forward) {
        examined.set(capture.seq, examine(capture));
        return relay(config.forward, capture, capture.findings);
      }
      // The answer does not depend on the findings: send it first and examine the capture after,
      // so the sender is not kept waiting by listen's own checks.
      return planAnswer(config.answer, capture.id);
    },

    record(capture, reply, ms) {
      if (capture.bodyRefused) {
        // Refused before the pipeline saw it: the headers still tell a story.
        capture.findings = [
          { level: 'fail', title: `body of ${formatBytes(capture.bodyBytes)} is over --max-body (${formatBytes(config.maxBodyBytes)}); answered 413 without reading it`, detail: 'raise --max-body if this size is expected; a sender with a smaller limit (Parapet: 1 MB) refuses such payloads itself', kb: '413', data: { bodyBytes: capture.bodyBytes, maxBody: config.maxBodyBytes } },
          ...inspectRequest(capture, inspectOptions).findings,
        ];
      }
      let json: { value: unknown } | undefined;
      let forward: ForwardResult | undefined;
      const refusal = refused.get(capture.seq);
      if (refusal) {
        refused.delete(capture.seq);
        json = examine(capture, refusal);
      } else if (config.forward) {
        json = examined.get(capture.seq);
        examined.delete(capture.seq);
        forward = forwarded.get(capture.seq);
        forwarded.delete(capture.seq);
      } else if (!capture.bodyRefused) {
        json = examine(capture);
      }
      if (config.handshake) {
        const shaken = config.handshake.findings(capture);
        if (shaken.length) capture.findings = [...shaken, ...(capture.findings ?? [])];
      }
      const answer: AnswerSummary = { kind: reply.kind, ms: Math.round(ms * 10) / 10 };
      if (reply.kind === 'respond' || reply.kind === 'relay') answer.status = reply.status;
      if (reply.kind === 'respond' && reply.chaos || reply.kind === 'timeout' || reply.kind === 'reset') answer.chaos = true;
      const record: CaptureRecord = { capture, answer };
      if (json) record.json = json;
      if (forward) record.forward = forward;
      return record;
    },
  };
}
