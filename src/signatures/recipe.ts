// What a signature recipe says, as a type: the data each provider file in recipes/ fills in, and
// the engine (read, message, keys, verify, sign, diagnose, detect) reads. Types only: no code runs here.
import type { RecipeId } from './recipes/ids.js';

export type HashName = 'sha1' | 'sha256' | 'sha512';
export type SignatureEncoding = 'hex' | 'base64';

/** A header a signature may travel in. */
export interface SignatureHeader {
  /** As the sender writes it (matched case-insensitively). */
  name: string;
  /** Text before the signature value, e.g. `sha256=`, `v0=`. */
  prefix?: string;
  /** The hash, when it differs from the recipe's (GitHub's legacy X-Hub-Signature is SHA-1). */
  hash?: HashName;
}

/** Several signatures (and maybe the timestamp) in one header, as `t=…,v1=…` or `v1,… v1,…`. */
export interface SignatureList {
  /** Between items: `,` (Stripe), `;` (Paddle), ` ` (Standard Webhooks). Items are trimmed. */
  itemSeparator: string;
  /** Between an item's key and value: `=` (Stripe) or `,` (Standard Webhooks). */
  pairSeparator: string;
  /** The key of a signature item (`v1`, `h1`). */
  key: string;
  /** The key of the timestamp item, when the timestamp travels in the list (`t`, `ts`). */
  timestampKey?: string;
}

/** Where a sender names the hash it chose: `X-Twilio-Webhooks-Signature-Settings: key=…,algorithm=HMAC_SHA256`. */
export interface HashFrom {
  header: string;
  /** The item of the `k=v,…` list that names it. */
  key: string;
  /** Its values, as the sender writes them (compared case-insensitively), and the hash each means. */
  values: Readonly<Record<string, HashName>>;
}

export interface TimestampRule {
  /** Header(s) that carry it, first found wins; absent when it travels in the signature list or the body. */
  headers?: readonly string[];
  /** Dotted path in a JSON body (Mailgun's `signature.timestamp`). */
  bodyPath?: string;
  /** unix: whole seconds; unix-ms: milliseconds; rfc3339: a date text (Box, Twitch, Zendesk). */
  format: 'unix' | 'unix-ms' | 'rfc3339';
  /** Which way a timestamp may be off: only too old (Stripe), both ways, or not checked. */
  check: 'past' | 'both' | 'none';
  /** The provider's documented window in seconds; with `toleranceAssumed` when it documents none. */
  tolerance: number;
  toleranceAssumed?: boolean;
  /** As received (Slack signs the header text) or re-written from the parsed number (Stripe, Standard Webhooks). */
  signedAs: 'received' | 'parsed';
  /** When absent, the timestamp and the text after it in `signed` are left out (Grafana without a timestamp header). */
  optional?: boolean;
}

export interface Recipe {
  /** A built-in recipe's id (recipes/ids.ts), or a custom one's from a profile file (lowercase). */
  id: RecipeId | (string & {});
  /** The provider as people call it. */
  name: string;
  /** hmac: a keyed digest; ed25519 / ecdsa-p256: a public-key signature; token: a shared secret sent as is. */
  kind: 'hmac' | 'ed25519' | 'ecdsa-p256' | 'token';
  /** The digest (hmac, ecdsa-p256); ignored for ed25519 and token. */
  hash: HashName;
  encoding: SignatureEncoding;
  /**
   * The bytes signed, as a template: {body} the raw body, {form} the form fields sorted by name as
   * name+value (Twilio), {timestamp}, {id}, {method}, {url}, {token} (Mailgun's body token). Text
   * between placeholders is signed as is.
   */
  signed: string;
  signature: {
    headers: readonly SignatureHeader[];
    list?: SignatureList;
    /** Read every header given (Box: one per key) rather than the first found. */
    all?: boolean;
    /** Dotted path in a JSON body, when the signature travels there (Mailgun). */
    bodyPath?: string;
    /** Also any header whose name ends so, when its value starts with the first header's prefix (generic schemes). */
    anyHeaderEndingIn?: string;
    /** A header that names the hash in a `k=v,…` list (Twilio's SharedKey settings); absent: the recipe's hash. */
    hashFrom?: HashFrom;
  };
  timestamp?: TimestampRule;
  /** Header(s) with the message id, first found wins. */
  messageId?: { headers: readonly string[] };
  /** Dotted path to a token in a JSON body that is signed (Mailgun). */
  token?: { bodyPath: string };
  /**
   * How the secret is given. text: its UTF-8 bytes; base64; whsec: `whsec_` + base64 (the prefix
   * optional); public-key: a public key (hex or base64 raw Ed25519, base64 DER or PEM) that verifies.
   */
  secret: 'text' | 'base64' | 'whsec' | 'public-key';
  /**
   * What recognises the sender besides its signature header: headers only it sends (hints), and headers
   * that say another sender sent it (unless: Gitea also sends GitHub's X-GitHub-Event and X-Hub-Signature-256).
   */
  detect?: { hints?: readonly string[]; unless?: readonly string[] };
  /**
   * A query parameter of the signed URL that carries the hex SHA-256 of a body that is not a form
   * (Twilio's JSON webhooks: `?bodySHA256=…`); the body is covered only through it.
   */
  bodyHashParam?: string;
  /**
   * The sender's own library accepts the signed URL with and without its port (twilio-node validateRequest
   * tries both): a signature over either is valid, and the verdict says which matched.
   */
  urlPortOptional?: boolean;
  /** Another recipe this one is the same as (Clerk and Resend send Svix's headers). */
  sameAs?: RecipeId;
  /** Where the recipe comes from: the provider's document or official library (title + URL). */
  source: string;
  /** Where the test vector comes from; says so when the provider publishes none. */
  vector: string;
  /** A fact worth knowing when it fails (how a proxy changes the URL, where the key is found). */
  note?: string;
}
