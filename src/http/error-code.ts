// Reading the stable code off an error from undici or node:net/tls.

/** The stable code of an error thrown by undici or node:net/tls (an AggregateError from happy eyeballs carries it on its members). */
export function errorCodeOf(err: unknown): string {
  const e = err as { code?: unknown; errors?: unknown[]; cause?: unknown } | null;
  if (e && typeof e.code === 'string' && e.code !== 'UND_ERR' && e.code !== 'ERR_AGGREGATE') return e.code;
  const inner = e?.errors?.find((x) => typeof (x as { code?: unknown })?.code === 'string') ?? e?.cause;
  if (inner && inner !== err) {
    const code = errorCodeOf(inner);
    if (code !== 'UND_ERR') return code;
  }
  return typeof e?.code === 'string' ? e.code : 'UND_ERR';
}
