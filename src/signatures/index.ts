// The public face of src/signatures, used by send, listen, verify, sign, flush, doctor and replay.
// Names here are stable: extend, do not rename.
export type {
  SchemeName, HeaderList, SignOptions, VerifyOptions, Verdict, VerdictStatus, Diagnosis, DiagnosisCause,
} from './types.js';
export type { Recipe } from './recipe.js';
export { SCHEME_NAMES } from './types.js';
export { detectScheme, detectCandidates } from './detect.js';
export { signBody, signBodyFields, signFile, signStream, newMessageId } from './sign.js';
export { formatBytes } from './rewrites.js';
export { verifySignature, verifyFile, verifyStream, DEFAULT_TOLERANCE, DEFAULT_DIAGNOSE_LIMIT, formatDuration } from './verify.js';
export { isSchemeName, recipeFor, recipes, hasTimestamp, signsUrlOf } from './registry.js';
export { parseHeaderLine, findHeader, requestUrl } from './headers.js';
