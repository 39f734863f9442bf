// The vocabulary of src/signatures: scheme names, what a scheme must describe, and the verdict.
import type { Finding } from '../findings.js';

/** Same names as `schemeNames` in src/profiles/schema.ts. */
export type SchemeName = 'hmac-sha256' | 'github' | 'stripe' | 'slack' | 'shopify' | 'standard';

export const SCHEME_NAMES: readonly SchemeName[] = ['hmac-sha256', 'github', 'stripe', 'slack', 'shopify', 'standard'];

export type HeaderList = ReadonlyArray<readonly [string, string]>;
export type HashName = 'sha256' | 'sha1';
export type SignatureEncoding = 'hex' | 'base64';

export interface SignOptions {
  scheme: SchemeName;
  secret: string;
  body: Buffer;
  /** Unix seconds; defaults to now (stripe, slack, standard). */
  timestamp?: number;
  /** Message id (standard); defaults to a random msg_… id. */
  id?: string;
  /** Header name for the hmac-sha256 scheme (X-Signature by default). */
  header?: string;
}

export interface VerifyOptions {
  scheme: SchemeName | 'auto';
  secret: string;
  headers: HeaderList;
  /** Accepted timestamp age in seconds (default 300); 0 skips the timestamp check. */
  tolerance?: number;
  /** Unix seconds to judge timestamps against; defaults to now (a saved capture passes its receivedAt). */
  now?: number;
  /** Header name for the hmac-sha256 scheme. */
  header?: string;
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
}

export type ReadResult = ReceivedSignature | { problem: 'no-header' | 'malformed'; reason: string };

/** One signature scheme, described as data plus small functions, so verify/sign/diagnose share it. */
export interface SchemeDefinition {
  name: SchemeName;
  /** Header names (lower case) whose presence identifies the scheme, strongest first. */
  signatureHeaders: readonly string[];
  /** Which way a timestamp may be off: past only (Stripe) or both ways. */
  timestampCheck: 'none' | 'past' | 'both';
  read(headers: HeaderList, header?: string): ReadResult;
  /** The HMAC key bytes for a secret as the vendor's library derives them. */
  key(secret: string): Buffer;
  /** The bytes signed before the body (the body always comes last in every scheme here). */
  prefix(received: Pick<ReceivedSignature, 'timestampText' | 'id'>): Buffer;
  /** The headers a sender attaches, given the digest. */
  headers(digest: Buffer, ctx: { timestamp: number; id: string; header?: string }): Array<[string, string]>;
}

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
  | 'different-secret';

export interface Diagnosis {
  cause: DiagnosisCause;
  detail: string;
}

export type VerdictStatus = 'valid' | 'mismatch' | 'timestamp' | 'no-header' | 'malformed' | 'bad-secret';

export interface Verdict {
  valid: boolean;
  scheme: SchemeName | null;
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
}
