// The shape of a signature recipe as a zod schema: a test checks every recipe in recipes/ against it,
// and a profile read from a file (--profile ./my-siem.json) can carry its own recipe in this shape.
// The engine never imports this (zod costs verify's start-up); it reads the typed data directly.
import { z } from 'zod';
import { RECIPE_IDS } from './recipes/ids.js';

const hash = z.enum(['sha1', 'sha256', 'sha512']);
const headerName = z.string().regex(/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/, 'must be an HTTP header name');

export const recipeSchema = z.object({
  // A built-in id, or a custom recipe's own name (a profile file may carry one).
  id: z.string().regex(/^[a-z][a-z0-9-]*$/, 'lowercase letters, digits and dashes'),
  name: z.string().min(1),
  kind: z.enum(['hmac', 'ed25519', 'ecdsa-p256', 'token']),
  hash,
  encoding: z.enum(['hex', 'base64']),
  signed: z.string().refine((t) => !/\{(?!(body|form|timestamp|id|method|url|token)\})[^}]*\}/.test(t), 'unknown {placeholder}: use {body}, {form}, {timestamp}, {id}, {method}, {url} or {token}'),
  signature: z.object({
    headers: z.array(z.object({ name: headerName, prefix: z.string().min(1).optional(), hash: hash.optional() }).strict()),
    list: z.object({
      itemSeparator: z.string().min(1),
      pairSeparator: z.string().min(1),
      key: z.string().min(1),
      timestampKey: z.string().min(1).optional(),
    }).strict().optional(),
    all: z.boolean().optional(),
    bodyPath: z.string().min(1).optional(),
    anyHeaderEndingIn: z.string().min(1).optional(),
    hashFrom: z.object({ header: headerName, key: z.string().min(1), values: z.record(z.string().min(1), hash) }).strict().optional(),
  }).strict().refine((s) => s.headers.length > 0 || s.bodyPath, 'a signature travels in a header or in the body (bodyPath)'),
  timestamp: z.object({
    headers: z.array(headerName).min(1).optional(),
    bodyPath: z.string().min(1).optional(),
    format: z.enum(['unix', 'unix-ms', 'rfc3339']),
    check: z.enum(['past', 'both', 'none']),
    tolerance: z.number().int().min(0),
    toleranceAssumed: z.boolean().optional(),
    signedAs: z.enum(['received', 'parsed']),
    optional: z.boolean().optional(),
  }).strict().optional(),
  messageId: z.object({ headers: z.array(headerName).min(1) }).strict().optional(),
  token: z.object({ bodyPath: z.string().min(1) }).strict().optional(),
  secret: z.enum(['text', 'base64', 'whsec', 'public-key']),
  detect: z.object({ hints: z.array(headerName).optional(), unless: z.array(headerName).optional() }).strict().optional(),
  bodyHashParam: z.string().min(1).optional(),
  urlPortOptional: z.boolean().optional(),
  sameAs: z.enum(RECIPE_IDS).optional(),
  source: z.string().min(10),
  vector: z.string().min(10),
  note: z.string().optional(),
}).strict()
  .refine((r) => (r.kind === 'ed25519' || r.kind === 'ecdsa-p256') === (r.secret === 'public-key'), 'public-key recipes (and only they) take a public key as the secret')
  .refine((r) => !r.signed.includes('{timestamp}') || r.timestamp, 'signs {timestamp} but says nowhere where it travels')
  .refine((r) => !r.signed.includes('{id}') || r.messageId, 'signs {id} but says nowhere where it travels')
  .refine((r) => r.kind === 'token' || /\{(body|form|token)\}/.test(r.signed), 'signs neither the body nor a token: nothing ties the signature to the request');
