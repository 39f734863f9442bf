// A request head http1.ts accepted, read again from its bytes: listen's line thread gets each head as bytes
// and needs the same method, target, version and header pairs http1.ts made of them. No checks: http1.ts
// refused every head this could read differently (a test keeps the two readings equal).
import type { HeaderPair } from './capture.js';

export interface AcceptedHead {
  method: string;
  target: string;
  httpVersion: string;
  rawHeaders: HeaderPair[];
}

/** The fields of `head`: from the request line's first byte through the blank line, as http1.ts accepted it. */
export function readAcceptedHead(head: Buffer): AcceptedHead {
  // One byte one char, as http1.ts reads it: names and values keep their bytes.
  const s = head.toString('latin1');
  const methodEnd = s.indexOf(' ');
  let nl = s.indexOf('\n');
  const lineEnd = s.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
  const targetEnd = s.indexOf(' ', methodEnd + 1);
  // "HTTP/1.x": the version http1.ts gave is the three characters after "HTTP/".
  const httpVersion = s.slice(targetEnd + 6, lineEnd);
  const rawHeaders: HeaderPair[] = [];
  let p = nl + 1;
  for (;;) {
    nl = s.indexOf('\n', p);
    if (nl < 0) break;
    const e = nl > p && s.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
    if (e === p) break;
    const colon = s.indexOf(':', p);
    let vs = colon + 1;
    let ve = e;
    while (vs < ve && (s.charCodeAt(vs) === 32 || s.charCodeAt(vs) === 9)) vs++;
    while (ve > vs && (s.charCodeAt(ve - 1) === 32 || s.charCodeAt(ve - 1) === 9)) ve--;
    rawHeaders.push([s.slice(p, colon), s.slice(vs, ve)]);
    p = nl + 1;
  }
  return { method: s.slice(0, methodEnd), target: s.slice(methodEnd + 1, targetEnd), httpVersion, rawHeaders };
}
