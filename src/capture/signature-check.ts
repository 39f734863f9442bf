// --secret: verifying each capture's signature live (placeholder until src/signatures lands on main).
import type { Finding } from '../findings.js';
import type { Profile } from '../profiles/index.js';
import type { Capture } from './capture.js';

export function loadSignatureCheck(_opts: { secret: string; scheme: string; profile?: Profile }): (capture: Capture) => Finding[] {
  return () => [{ level: 'info', title: 'signature verification is not available in this build' }];
}
