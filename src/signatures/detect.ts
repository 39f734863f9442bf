// Recognising the sender from what a request carries: each recipe whose signature header is there
// scores by how much else of it is there (its prefix, timestamp and id headers, headers only that
// sender sends); the best scores are the candidates. The generic *-signature: sha256=… comes last.
import type { HeaderList, SchemeName } from './types.js';
import type { Recipe } from './recipe.js';
import { findHeader } from './headers.js';
import { recipes } from './recipes/index.js';
import { readReceived, signatureHeaders } from './read.js';

const GENERIC: SchemeName = 'hmac-sha256';

function score(recipe: Recipe, headers: HeaderList): number {
  if (recipe.sameAs || recipe.signature.bodyPath) return 0;
  if (recipe.detect?.unless?.some((name) => findHeader(headers, name))) return 0;
  let s = 0;
  for (const spec of recipe.signature.headers) {
    const h = findHeader(headers, spec.name);
    if (!h) continue;
    s = Math.max(s, spec.prefix ? (h.value.trim().startsWith(spec.prefix) ? 3 : 1) : 2);
  }
  if (s === 0) return 0;
  const also = [...(recipe.timestamp?.headers ?? []), ...(recipe.messageId?.headers ?? []), ...(recipe.detect?.hints ?? [])];
  for (const name of also) if (findHeader(headers, name)) s += 1;
  return s;
}

/** The header the generic recipe would read (X-Signature, or any *-signature: sha256=…), if its prefix is there. */
export function findGenericSignatureHeader(headers: HeaderList): string | undefined {
  const spec = signatureHeaders(recipes[GENERIC], undefined, headers)[0]!;
  const h = findHeader(headers, spec.name);
  return h && h.value.trim().startsWith(spec.prefix ?? '') ? h.name : undefined;
}

/**
 * The recipes the request fits, best first (ties in registry order). `header` is a signature header
 * the user named (--signature-header): it is the generic scheme's, and it wins. `body`, when in hand,
 * lets a sender that signs inside the body (Mailgun) be recognised.
 */
export function detectCandidates(headers: HeaderList, header?: string, body?: Buffer): SchemeName[] {
  if (header && findHeader(headers, header)) return [GENERIC];
  const scored: Array<[SchemeName, number]> = [];
  const all = Object.entries(recipes) as Array<[SchemeName, Recipe]>;
  for (const [id, recipe] of all) {
    if (id === GENERIC) continue;
    const s = score(recipe, headers);
    if (s > 0) scored.push([id, s]);
  }
  const best = Math.max(0, ...scored.map(([, s]) => s));
  const top = scored.filter(([, s]) => s === best).map(([id]) => id);
  // `X-Signature: sha256=…` (or any *-signature: sha256=…) is the generic scheme's own format: a recipe
  // that reads the same header without that prefix (Lemon Squeezy) wins only with its own headers beside it.
  if (findGenericSignatureHeader(headers) && best <= 2) return [GENERIC];
  if (top.length || !body) return top;
  // No signature header: a sender that signs inside the body (Mailgun), when the body reads completely.
  return all.filter(([, r]) => r.signature.bodyPath && !('problem' in readReceived(r, headers, body))).map(([id]) => id);
}

/** The recipe the headers carry, or null (the best candidate; verify tries the others too). */
export function detectScheme(headers: HeaderList, header?: string): SchemeName | null {
  return detectCandidates(headers, header)[0] ?? null;
}

/** Every header name detection looks for, for a "no signature header" message. */
export function knownSignatureHeaders(): string[] {
  const names = new Set<string>();
  for (const r of Object.values(recipes)) for (const h of r.signature.headers) names.add(h.name);
  return [...names];
}
