// The requests a receiver must refuse though they frame fine (RFC 9112): a target that is no path (and,
// with --forward, one that cannot be relayed), CONNECT, a missing or doubled Host, a transfer coding other
// than chunked. Each is captured and shown, and answered as a
// production server would, so the sender learns what it will be told there.
import type { Finding } from '../findings.js';
import { headerValues, type Capture } from './capture.js';
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
  // RFC 9112 §3.2: "A server MUST respond with a 400 … to any HTTP/1.1 request message that lacks a Host
  // header field and to any request message that contains more than one Host header field line".
  const hosts = headerValues(capture.rawHeaders, 'host');
  if (hosts.length > 1) {
    return bad(`${hosts.length} Host headers (${hosts.map((h) => JSON.stringify(h)).join(', ')}): answered 400`, 'a request may carry one Host; a receiver must refuse two (RFC 9112 §3.2), and a proxy and the app may each believe a different one', 'host');
  }
  if (hosts.length === 0 && capture.httpVersion !== '1.0') {
    return bad('no Host header: answered 400', 'HTTP/1.1 requires one (RFC 9112 §3.2): servers and proxies answer 400 (Node.js too), and virtual hosts cannot route the request', 'host');
  }
  // RFC 9112 §6.1: "A server that receives a request message with a transfer coding it does not understand
  // SHOULD respond with 501"; listen decodes only chunked, so that is all it passes on.
  const te = headerValues(capture.rawHeaders, 'transfer-encoding');
  if (te.length) {
    const codings = te.join(',').split(',').map((c) => c.trim().toLowerCase()).filter((c) => c && c !== 'chunked');
    if (codings.length) {
      return {
        status: 501,
        finding: {
          level: 'fail',
          title: `Transfer-Encoding ${codings.join(', ')} before chunked: answered 501 Not Implemented`,
          detail: 'receivers decode only chunked (Node.js hands the app the still-encoded bytes with no header saying so); send the body plain or with Content-Encoding: gzip instead',
          kb: '5xx',
          data: { codings },
        },
      };
    }
  }
  if (forwarding && shape.path === undefined) {
    return bad(`request target ${capture.target} is not relayed: answered 400`, `${shape.reason}; --forward relays only a path (/…) or an absolute http:// URL's path`, shape.form);
  }
  return undefined;
}

function bad(title: string, detail: string, form: string): Refusal {
  return { status: 400, finding: { level: 'fail', title, detail, kb: '400', data: { targetForm: form } } };
}
