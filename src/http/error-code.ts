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

interface AddressedError {
  code?: string;
  address?: string;
  port?: number;
}

const at = (e: AddressedError) => (e.address ? (e.address.includes(':') ? `[${e.address}]:${e.port}` : `${e.address}:${e.port}`) : undefined);

/**
 * The message to show for an error: a happy-eyeballs connect that failed at every address (an AggregateError
 * with an empty message) names each address it tried and what each said, rather than a bare code.
 */
export function errorMessageOf(err: unknown, code = errorCodeOf(err)): string {
  const e = err as { message?: unknown; errors?: unknown[] } | null;
  const members = (Array.isArray(e?.errors) ? e.errors : []) as AddressedError[];
  const tried = members.filter((m) => at(m) !== undefined);
  if (tried.length) {
    const codes = new Set(tried.map((m) => m.code ?? code));
    if (codes.size === 1) return `${[...codes][0]} at every address tried: ${tried.map(at).join(', ')}`;
    return `no address answered: ${tried.map((m) => `${at(m)} ${m.code ?? 'error'}`).join(', ')}`;
  }
  const message = typeof e?.message === 'string' ? e.message.trim() : '';
  // OpenSSL's "80AC…:error:0A00010B:SSL routines:ssl3_get_record:wrong version number:../deps/…": its reason alone.
  const openssl = /:SSL routines:[^:]*:([^:]+)/.exec(message);
  if (openssl) return `TLS handshake failed: ${openssl[1]} (OpenSSL)`;
  return message || code;
}

// What a protocol mix-up looks like from the client (protocol-mixup.ts proves it with a probe): plain HTTP at
// a TLS server is dropped (reset, closed) or answered with bytes that are not HTTP; a ClientHello at an HTTP
// server gets "HTTP/1.1 400" back, which OpenSSL reads as a record with a wrong version or a huge length.
const plainAtTls = new Set(['ECONNRESET', 'UND_ERR_SOCKET', 'EPIPE', 'UND_ERR_CLOSED', 'HPE_INVALID_CONSTANT', 'HPE_INVALID_VERSION', 'HPE_INVALID_STATUS']);
const tlsAtPlain = new Set(['ERR_SSL_WRONG_VERSION_NUMBER', 'ERR_SSL_PACKET_LENGTH_TOO_LONG', 'ERR_SSL_HTTP_REQUEST', 'EPROTO', 'ECONNRESET', 'UND_ERR_SOCKET']);

/** Whether an error code after a failed request is worth probing for a mix-up (kept here: no import of the prober). */
export function mayBeMixup(protocol: string, code: string): boolean {
  return protocol === 'http:' ? plainAtTls.has(code) : protocol === 'https:' ? tlsAtPlain.has(code) : false;
}
