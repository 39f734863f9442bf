// Knowledge-base entries for the codes webhook-doctor itself prints: listen's HPE_* parser codes, OpenSSL's
// ERR_OSSL_* (a local key or certificate file), undici's UND_ERR_* beyond the timeouts, and the spool's reasons.
import type { KbEntry } from '../schema.js';

const LISTEN_SOURCES = ['llhttp (error codes)', 'RFC 9112 (HTTP/1.1 message syntax)', 'webhook-doctor listen (src/capture)'];

export const ownCodeEntries: KbEntry[] = [
  {
    key: 'HPE_INVALID_METHOD',
    kind: 'network',
    title: 'HPE_INVALID_METHOD: the bytes received are not an HTTP request',
    aliases: ['invalid method', 'not an http method'],
    meaning:
      'listen expected a request line ("POST /path HTTP/1.1") and got something else. Most often the sender spoke TLS (an https:// URL) to listen\'s plain-HTTP port; ' +
      'otherwise a port scanner or a non-HTTP client.',
    causes: ['The sender uses https:// for a receiver that speaks plain HTTP', 'A health check or scanner sending raw bytes', 'A client speaking HTTP/2 prior knowledge to an HTTP/1.1 port'],
    fixes: [
      { text: 'Use http:// for listen, or put TLS (a tunnel, a reverse proxy) in front of it.', command: 'webhook-doctor explain https-to-http-port' },
      { text: 'See the raw bytes that arrive.', command: 'webhook-doctor listen 8080 --raw' },
    ],
    retry: { retry: 'no', why: 'The sender will send the same bytes again; fix its URL or protocol.' },
    senders: {},
    sources: LISTEN_SOURCES,
    related: ['https-to-http-port', 'malformed-request'],
  },
  {
    key: 'malformed-request',
    kind: 'network',
    title: 'Malformed HTTP request (an HPE_* parser code)',
    aliases: ['hpe_invalid_constant', 'hpe_invalid_version', 'hpe_invalid_url', 'hpe_invalid_header_token', 'hpe_lf_expected', 'hpe_cr_expected', 'bad request syntax'],
    meaning:
      'listen read the start of an HTTP request, but a part of it breaks HTTP/1.1 syntax: the request line or version (HPE_INVALID_CONSTANT, HPE_INVALID_VERSION), ' +
      'the target (HPE_INVALID_URL), a header name or value (HPE_INVALID_HEADER_TOKEN), or the line endings (HPE_LF_EXPECTED, HPE_CR_EXPECTED). Real receivers answer 400 and close.',
    causes: ['A hand-written HTTP client or a script that builds requests as strings', 'A header value with a newline or control byte in it', 'Spaces in a header name, or a bare CR'],
    fixes: [
      { text: 'Capture the raw bytes and look at the request line and headers as sent.', command: 'webhook-doctor listen 8080 --raw' },
      { text: 'Compare with a request curl builds correctly.', command: 'curl -v -X POST http://127.0.0.1:8080/hooks -H "Content-Type: application/json" -d "{}"' },
    ],
    retry: { retry: 'no', why: 'The same bytes fail the same way; the sender must build a valid request.' },
    senders: {},
    sources: LISTEN_SOURCES,
    related: ['HPE_INVALID_METHOD', '400'],
  },
  {
    key: 'request-framing',
    kind: 'network',
    title: 'Body framing error: Content-Length / Transfer-Encoding do not add up',
    aliases: ['hpe_invalid_chunk_size', 'hpe_invalid_content_length', 'hpe_unexpected_content_length', 'hpe_invalid_transfer_encoding', 'request smuggling'],
    meaning:
      'The body\'s length is stated in a way HTTP/1.1 forbids: both Transfer-Encoding: chunked and Content-Length (HPE_UNEXPECTED_CONTENT_LENGTH), a Content-Length that is not ' +
      'one number (HPE_INVALID_CONTENT_LENGTH), a bad chunk size (HPE_INVALID_CHUNK_SIZE) or a malformed Transfer-Encoding (HPE_INVALID_TRANSFER_ENCODING). Receivers reject ' +
      'these because proxies and servers could read the body differently (request smuggling).',
    causes: ['A client sets Content-Length by hand and also streams chunked', 'A proxy adds a second Content-Length', 'A chunked encoder that writes decimal sizes'],
    fixes: [
      { text: 'Capture the raw request and read its framing headers.', command: 'webhook-doctor listen 8080 --raw' },
      { text: 'Send the same body with a client that frames it correctly.', command: 'webhook-doctor send http://127.0.0.1:8080/hooks -v' },
    ],
    retry: { retry: 'no', why: 'The framing is wrong in every attempt.' },
    senders: {},
    sources: ['RFC 9112 section 6.3 (message body length)', ...LISTEN_SOURCES],
    related: ['malformed-request', '400'],
  },
  {
    key: 'HPE_HEADER_OVERFLOW',
    kind: 'network',
    title: 'HPE_HEADER_OVERFLOW: request headers too large',
    aliases: ['header overflow', 'headers too large', 'request header fields too large', 'und_err_headers_overflow'],
    meaning: 'The request (or response) headers are bigger than the parser accepts (16 KB in listen, as in Node); a server answers 431 and closes.',
    causes: ['Huge cookies or tokens in headers', 'A header repeated many times by a proxy chain', 'A body sent without a blank line before it, read as headers'],
    fixes: [
      { text: 'Capture the raw request and see which headers are large.', command: 'webhook-doctor listen 8080 --raw' },
      { text: 'Move large data into the body.', command: 'webhook-doctor send http://127.0.0.1:8080/hooks -v' },
    ],
    retry: { retry: 'no', why: 'The headers will be just as large next time.' },
    senders: {},
    sources: ['RFC 6585 section 5 (431 Request Header Fields Too Large)', ...LISTEN_SOURCES],
    related: ['malformed-request'],
  },
  {
    key: 'HPE_INVALID_EOF_STATE',
    kind: 'network',
    title: 'HPE_INVALID_EOF_STATE: the sender closed mid-request',
    aliases: ['invalid eof state', 'closed in the middle of a request', 'incomplete request'],
    meaning: 'The connection closed before the whole request arrived: headers unfinished or fewer body bytes than Content-Length said.',
    causes: ['The sender gave up (its own timeout) while still sending', 'Content-Length larger than the body actually sent', 'A proxy cut the upload'],
    fixes: [
      { text: 'Capture the raw bytes to see how far the request got.', command: 'webhook-doctor listen 8080 --raw' },
      { text: 'Check that the sender\'s Content-Length matches the body it sends.', command: 'webhook-doctor send http://127.0.0.1:8080/hooks -v' },
    ],
    retry: { retry: 'depends', why: 'A network cut recovers on retry; a wrong Content-Length never does.' },
    senders: {},
    sources: LISTEN_SOURCES,
    related: ['request-framing', 'timeout'],
  },
  {
    key: 'ERR_OSSL',
    kind: 'tls',
    title: 'ERR_OSSL_*: OpenSSL could not use a local key or certificate',
    aliases: ['err_ossl_pem_no_start_line', 'pem routines', 'no start line', 'bad decrypt', 'key values mismatch', 'err_ossl_evp_unsupported'],
    meaning:
      'Node handed a local file (a --cacert bundle, a --cert client certificate or its --key) to OpenSSL, and OpenSSL could not read it: not PEM (ERR_OSSL_PEM_NO_START_LINE), ' +
      'an encrypted key without the right passphrase (ERR_OSSL_BAD_DECRYPT), a key that does not belong to the certificate (ERR_OSSL_X509_KEY_VALUES_MISMATCH), or an algorithm ' +
      'OpenSSL 3 disabled (ERR_OSSL_EVP_UNSUPPORTED). Nothing was sent.',
    causes: ['The file is DER (binary) or a PKCS#12 bundle, not PEM', 'The wrong file was given (the key as --cert, or the reverse)', 'The key is encrypted', 'Certificate and key from different pairs'],
    fixes: [
      { text: 'Check that the certificate file is PEM and readable.', command: 'openssl x509 -in cert.pem -noout -subject -dates' },
      { text: 'Check that the key matches the certificate: the two digests must be equal.', command: 'openssl x509 -in cert.pem -noout -pubkey | openssl sha256 && openssl pkey -in key.pem -pubout | openssl sha256' },
    ],
    retry: { retry: 'no', why: 'The file will not read differently next time; fix or convert it (openssl x509 -inform der -in cert.der -out cert.pem).' },
    senders: {},
    sources: ['Node.js errors documentation (ERR_OSSL_* from OpenSSL)', 'OpenSSL (PEM and X509 reason strings)'],
    related: ['EPROTO'],
  },
  {
    key: 'UND_ERR_INVALID_ARG',
    kind: 'undici',
    title: 'UND_ERR_INVALID_ARG: the request itself was refused before sending',
    aliases: ['invalidargumenterror', 'invalid argument', 'invalid header', 'und_err_not_supported', 'und_err_invalid_return_value'],
    meaning:
      'undici refused to build the request: a header name or value is not valid HTTP (a newline or control character in a -H value, a header undici does not allow) ' +
      'or an option is out of range. Nothing was sent.',
    causes: ['A header value with a line break or a non-ASCII control byte (often pasted from a file)', 'A header that undici sets itself (Transfer-Encoding, Connection) given by hand', 'An unsupported method or option'],
    fixes: [
      { text: 'Send with only plain headers and add them back one by one.', command: 'webhook-doctor send http://127.0.0.1:8080/hooks -H "X-Test: 1" -v' },
      { text: 'Print the equivalent curl command to see exactly what would be sent.', command: 'webhook-doctor send http://127.0.0.1:8080/hooks --print-curl' },
    ],
    retry: { retry: 'no', why: 'The same request is refused the same way; fix the header or option.' },
    senders: {},
    sources: ['undici lib/core/errors.js (InvalidArgumentError)', 'RFC 9110 section 5.5 (field values)'],
    related: ['malformed-request'],
  },
  {
    key: 'content-length-mismatch',
    kind: 'undici',
    title: 'Content-Length does not match the body',
    aliases: ['und_err_req_content_length_mismatch', 'und_err_res_content_length_mismatch', 'request body length does not match content-length header'],
    meaning: 'The body sent (or received) is not as long as its Content-Length header says, so one side would read a truncated or run-on message.',
    causes: ['A Content-Length header set by hand for a body that was then changed', 'A server that miscomputes Content-Length for multi-byte characters'],
    fixes: [
      { text: 'Do not set Content-Length by hand; let the client compute it.', command: 'webhook-doctor send http://127.0.0.1:8080/hooks -v' },
      { text: 'Capture the raw request to compare header and body.', command: 'webhook-doctor listen 8080 --raw' },
    ],
    retry: { retry: 'no', why: 'The mismatch repeats until the header or body is fixed.' },
    senders: {},
    sources: ['undici lib/core/errors.js (RequestContentLengthMismatchError, ResponseContentLengthMismatchError)', 'RFC 9112 section 6.3'],
    related: ['request-framing'],
  },
  {
    key: 'spool-quarantined',
    kind: 'concept',
    title: 'Spool entry quarantined: the file could not be read as an entry',
    aliases: ['quarantined', 'torn entry', 'checksum mismatch', 'quarantine'],
    meaning:
      'flush found a file in the spool it could not decode (empty, not JSON, a torn write, a checksum mismatch, a header missing id/url/headers/bodyBytes/sha256) and moved it, ' +
      'untouched, to quarantine/ with a .reason.json beside it. It was not delivered and is not deleted.',
    causes: ['The machine crashed during a write by an older tool or a hand edit', 'Another program wrote a file into the spool folder', 'The file was edited after it was queued (checksum mismatch)'],
    fixes: [
      { text: 'List the quarantined files with their reasons.', command: 'webhook-doctor queue list ./spool' },
      { text: 'If the payload is still good, queue it again properly.', command: 'webhook-doctor queue add ./spool --url https://example.com/hooks -d "{}"' },
    ],
    retry: { retry: 'no', why: 'The file reads the same way every time; requeue its payload by hand if it matters.' },
    senders: {},
    sources: ['webhook-doctor spool format (src/spool/entry.ts, src/spool/layout.ts)'],
    related: ['spool-dead'],
  },
  {
    key: 'spool-dead',
    kind: 'concept',
    title: 'Spool entry dead-lettered: delivery was given up',
    aliases: ['dead letter', 'dead-lettered', 'gave up after', 'not retryable'],
    meaning:
      'flush moved the entry to dead/ because its last failure is not retryable (a 4xx other than 408/425/429, a TLS or DNS-name error) or it failed --max-attempts times. ' +
      'The entry keeps the reason, status, an excerpt of the answer and the request id.',
    causes: ['The receiver rejects the payload (400, 401, 403, 404, 413, 422)', 'The receiver stayed down longer than the attempts allowed', 'A certificate or DNS problem'],
    fixes: [
      { text: 'See the entries and why each was given up.', command: 'webhook-doctor queue list ./spool' },
      { text: 'After fixing the cause, move them back to the queue and drain it.', command: 'webhook-doctor queue retry ./spool && webhook-doctor flush ./spool' },
    ],
    retry: { retry: 'depends', why: 'Retry once the cause (named in the reason) is fixed; retrying a rejected payload unchanged fails again.' },
    senders: {},
    sources: ['webhook-doctor spool format (src/spool/engine.ts)'],
    related: ['spool-quarantined', 'retry-policy'],
  },
];
