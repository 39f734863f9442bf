// --secret: verifying each capture's signature live against the raw bytes, with the signatures module's diagnosis.
import { usageError } from '../errors.js';
import { choiceOption } from '../options.js';
import type { Finding } from '../findings.js';
import type { Profile } from '../profiles/index.js';
import { SCHEME_NAMES, isSchemeName, requestUrl, verifySignature, type VerifyOptions } from '../signatures/index.js';
import type { Capture } from './capture.js';

export interface SignatureCheckOptions {
  secret: string;
  scheme: string;
  /** Header for the hmac-sha256 scheme; defaults to the profile's signature header. */
  header?: string;
  profile?: Profile;
}

export function loadSignatureCheck(opts: SignatureCheckOptions): (capture: Capture) => Finding[] {
  choiceOption('scheme', opts.scheme, ['auto', ...SCHEME_NAMES]);
  const profileSig = opts.profile?.signature ?? undefined;
  const scheme = (opts.scheme === 'auto' && profileSig ? profileSig.scheme : opts.scheme) as VerifyOptions['scheme'];
  const header = opts.header ?? (profileSig && (scheme === profileSig.scheme) ? profileSig.header : undefined);
  return (capture) => {
    if (capture.bodyRefused) return [{ level: 'info', title: 'signature not checked: the body was refused as too large' }];
    if (capture.bodyUnread) return [{ level: 'info', title: 'signature not checked: the request was refused before its body was read' }];
    // A timestamped signature is judged against the moment it arrived, not the moment it is checked.
    const url = requestUrl(capture.rawHeaders, capture.target);
    const base = { scheme, secret: opts.secret, headers: capture.rawHeaders, now: Math.floor(Date.parse(capture.receivedAt) / 1000), method: capture.method, target: capture.target, ...(url ? { url } : {}), ...(header ? { header } : {}) };
    const verdict = verifySignature({ ...base, body: capture.body });
    if (!verdict.valid && verdict.status === 'mismatch' && capture.decodedBody) {
      const decoded = verifySignature({ ...base, body: capture.decodedBody });
      if (decoded.valid) {
        return [...decoded.findings, { level: 'info', title: 'the signature covers the decompressed body, not the bytes on the wire', detail: 'decompress first, then verify' }];
      }
    }
    return verdict.findings;
  };
}
