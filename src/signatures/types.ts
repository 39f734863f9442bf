// The vocabulary of src/signatures: scheme names, what a scheme must describe, and the verdict.
import type { Finding } from '../findings.js';
import { RECIPE_IDS, type RecipeId } from './recipes/ids.js';
import type { HashName, Recipe, SignatureEncoding } from './recipe.js';

export type { HashName, SignatureEncoding };

/** A recipe id (src/signatures/recipes/ids.ts): the scheme names of the first round and every provider since. */
export type SchemeName = RecipeId;

export const SCHEME_NAMES: readonly SchemeName[] = RECIPE_IDS;

export type HeaderList = ReadonlyArray<readonly [string, string]>;

export interface SignOptions {
  scheme: SchemeName;
  /** A recipe to sign with instead of the named one (a sender described in a profile file). */
  recipe?: Recipe;
  secret: string;
  body: Buffer;
  /** Unix seconds; defaults to now (stripe, slack, standard). */
  timestamp?: number;
  /** Message id (standard); defaults to a random msg_… id. */
  id?: string;
  /** The signature header's name, when the sender lets you choose it (hmac-sha256: X-Signature by default). */
  header?: string;
  /** The URL the sender calls, for recipes that sign it (Twilio, Square, HubSpot, Trello). */
  url?: string;
  /** The request method, for recipes that sign it (HubSpot); POST by default. */
  method?: string;
}

export interface VerifyOptions {
  scheme: SchemeName | 'auto';
  /** A recipe to verify with instead of the named or detected one (a sender described in a profile file). */
  recipe?: Recipe;
  secret: string;
  headers: HeaderList;
  /** Accepted timestamp age in seconds (default 300); 0 skips the timestamp check. */
  tolerance?: number;
  /** Unix seconds to judge timestamps against; defaults to now (a saved capture passes its receivedAt). */
  now?: number;
  /** The signature header's name, when the sender lets you choose it (hmac-sha256, grafana). */
  header?: string;
  /** The URL the sender called, for recipes that sign it (Twilio, Square, HubSpot, Trello). */
  url?: string;
  /** The request method, for recipes that sign it (HubSpot); POST by default. */
  method?: string;
  /** The request line's target as received (path and query), when known: a URL diagnosis tries its query and path. */
  target?: string;
  /** Largest body (bytes) the body-rewriting diagnoses read whole; default 16 MiB. */
  diagnoseLimit?: number;
  /** Called before verifyFile reads the body again to diagnose a mismatch (a slow pass for big files). */
  onDiagnose?: (bodyBytes: number) => void | Promise<void>;
}

/** What the received headers say: the signatures to compare and what was signed with them. */
export interface ReceivedSignature {
  /** The header the signatures came from, as received. */
  header: string;
  /** Signature values with their scheme prefix removed (`sha256=`, `v1,`, `v1=`), in the scheme's encoding. */
  signatures: string[];
  hash: HashName;
  encoding: SignatureEncoding;
  timestamp?: number;
  /** The timestamp exactly as received (it is signed as text). */
  timestampText?: string;
  id?: string;
  /** A signed token read from the body (Mailgun). */
  token?: string;
}

export type ReadResult = ReceivedSignature | { problem: 'no-header' | 'malformed'; reason: string };

export type DiagnosisCause =
  | 'reserialized-json'
  | 'whitespace'
  | 'form-to-json'
  | 'signature-encoding'
  | 'secret-encoding'
  | 'pasted-prefix'
  | 'wrong-secret-kind'
  | 'wrong-hash'
  | 'timestamp'
  | 'signature-case'
  | 'signature-truncated'
  | 'signature-format'
  | 'different-url'
  | 'different-method'
  | 'body-hash'
  | 'different-secret';

export interface Diagnosis {
  cause: DiagnosisCause;
  detail: string;
}

export type VerdictStatus = 'valid' | 'mismatch' | 'timestamp' | 'no-header' | 'malformed' | 'bad-secret' | 'needs-url';

export interface Verdict {
  valid: boolean;
  /** The recipe judged: a built-in id, or a custom recipe's. */
  scheme: SchemeName | (string & {}) | null;
  /** The header the signature was read from. */
  header?: string;
  /** One line: why it is valid or not. */
  reason: string;
  status: VerdictStatus;
  /** Timestamped schemes: the signed timestamp and its age (now − timestamp, negative = future). */
  timestamp?: { value: number; ageSeconds: number; toleranceSeconds: number };
  findings: Finding[];
  diagnosis?: Diagnosis;
  /** Diagnoses that were not tried, and why (a body above the size limit). */
  skipped?: string[];
  bodyBytes?: number;
  /** On a mismatch: what the recipe says is worth knowing about this sender (where its key is, how a proxy changes its URL). */
  note?: string;
  /** The URL the signature matched, when it was not the one given but one the sender's library also accepts (Twilio: the port). */
  matchedUrl?: { url: string; describe: string };
  /** Auto-detection: every recipe the headers fit, when more than one did (the one judged is `scheme`). */
  candidates?: string[];
}
