// The requests a receiver must refuse though they frame fine (RFC 9112): a target that is no path (and,
// with --forward, one that cannot be relayed), CONNECT. Each is captured and shown, and answered as a
// production server would, so the sender learns what it will be told there.
import type { Finding } from '../findings.js';
import type { Capture } from './capture.js';
import { targetShape } from './request-target.js';

export interface Refusal {
  status: 400 | 501;
  finding: Finding;
}

/** Why this capture is refused, or undefined when it is answered (or relayed) as usual. */
export function refusalFor(capture: Capture, forwarding: boolean): Refusal | undefined {
  const shape = targetShape(capture.method, capture.target);
  if (capture.method === 'CONNECT') {
    // A 2xx to CONNECT means "the tunnel is open" (RFC 9110 §9.3.6): never answer one.
    return bad(`CONNECT ${capture.target}: answered 400, no tunnel`, shape.reason!, 'connect');
  }
  if (shape.form === 'invalid' || shape.form === 'authority') {
    return bad(`request target ${JSON.stringify(capture.target)} is not a path: answered 400`, `${shape.reason}${forwarding ? '; not relayed to the app' : ''}; a receiver refuses it (RFC 9112 §3.2)`, shape.form);
  }
  if (forwarding && shape.path === undefined) {
    return bad(`request target ${capture.target} is not relayed: answered 400`, `${shape.reason}; --forward relays only a path (/…) or an absolute http:// URL's path`, shape.form);
  }
  return undefined;
}

function bad(title: string, detail: string, form: string): Refusal {
  return { status: 400, finding: { level: 'fail', title, detail, kb: '400', data: { targetForm: form } } };
}
