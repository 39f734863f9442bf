// A malformed JSON body must get a 4xx: a 5xx means the handler throws on bad input (and the
// sender will retry a request that can never succeed).
import type { Finding } from '../findings.js';
import type { DoctorContext } from './context.js';
import { bodyExcerpt, failedBaseline, inconclusive } from './check-post.js';
import { kbForDelivery } from './kb-keys.js';

// A trailing comma and an unclosed object: the two mistakes hand-written payloads make most.
export const MALFORMED_BODY = Buffer.from('{"event": "webhook_doctor.malformed", "data": {"note": "trailing comma",}\n');

export async function checkMalformed(ctx: DoctorContext): Promise<Finding[]> {
  // A sender of forms (Twilio) never sends JSON: a receiver of its forms has nothing to reject here.
  if (/^application\/x-www-form-urlencoded/i.test(ctx.profile.contentType)) return [{ level: 'info', title: `not checked: ${ctx.profile.displayName} sends ${ctx.profile.contentType}, not JSON` }];
  const body = MALFORMED_BODY;
  const d = await ctx.send('malformed', { body, headers: [...ctx.baseHeaders, ...(ctx.signer?.(body) ?? [])] });
  const status = d.response?.status;
  const data = { status, requestId: d.response?.requestId };
  if (status === undefined) {
    return [{ level: 'fail', title: `malformed JSON got no answer (${d.error?.code})`, detail: 'The handler may have crashed or hung on bad input.', kb: kbForDelivery(d), data }];
  }
  const baseline = await failedBaseline(ctx);
  // A redirect is the redirect check's failure (below); any other refusal of the sample makes the same answer here mean nothing.
  if (baseline === status && !(baseline >= 300 && baseline < 400)) return [inconclusive('malformed JSON', String(status), baseline, data)];
  if (status >= 400 && status < 500) return [{ level: 'pass', title: `malformed JSON answered ${status}`, data }];
  if (status >= 500) {
    return [{
      level: 'fail',
      title: `malformed JSON answered ${status}: the handler throws on bad input`,
      detail: 'Catch the parse error and answer 400; a 5xx makes senders retry a request that can never succeed. ' + (bodyExcerpt(d) ?? ''),
      kb: kbForDelivery(d),
      data,
    }];
  }
  if (status >= 300 && status < 400) {
    // A redirect says nothing about parsing: the handler was never reached (the redirect check fails it).
    return [{ level: 'info', title: `malformed JSON answered ${status} (a redirect): not judged, see Redirects`, kb: kbForDelivery(d), data }];
  }
  return [{ level: 'warn', title: `malformed JSON answered ${status}: the receiver accepts a body it cannot parse`, detail: 'Validate the body and answer 400, or events are silently lost.', kb: kbForDelivery(d), data }];
}
