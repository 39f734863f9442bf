// The public face of src/signatures, used by send, listen, verify, sign, flush and doctor.
// Names here are stable: extend, do not rename.
export type {
  SchemeName, HeaderList, SignOptions, VerifyOptions, Verdict, VerdictStatus, Diagnosis, DiagnosisCause,
} from './types.js';
export { SCHEME_NAMES } from './types.js';
export { detectScheme } from './detect.js';
export { signBody, signFile, signStream, newMessageId } from './sign.js';
export { formatBytes } from './diagnose.js';
export { verifySignature, verifyFile, verifyStream, DEFAULT_TOLERANCE, DEFAULT_DIAGNOSE_LIMIT, formatDuration } from './verify.js';
export { isSchemeName } from './registry.js';
export { parseHeaderLine, findHeader } from './headers.js';
