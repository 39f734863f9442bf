// What OpenSSL prints itself (openssl s_client, "error:0A…:SSL routines::…" strings inside other clients' errors).
import type { PatternTable } from './row.js';

const TXT = 'OpenSSL crypto/x509/x509_txt.c (X509_verify_cert_error_string)';
const SSL = 'OpenSSL ssl/ssl_err.c (SSL_R_* reason strings)';

export const opensslPatterns: PatternTable = {
  source: 'openssl',
  rows: [
    {
      id: 'openssl-verify-18', needles: ['num=18', 'code: 18'], weight: 40, key: 'DEPTH_ZERO_SELF_SIGNED_CERT',
      re: /verify error:num=18:|Verify return code: 18 \(/,
      says: 'openssl: self-signed certificate (verify error 18)',
      examples: [{ line: 'verify error:num=18:self-signed certificate', from: TXT + ' X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT = 18; apps/s_cb.c "verify error:num=%d:%s"' }],
    },
    {
      id: 'openssl-verify-19', needles: ['num=19', 'code: 19'], weight: 40, key: 'SELF_SIGNED_CERT_IN_CHAIN',
      re: /verify error:num=19:|Verify return code: 19 \(/,
      says: 'openssl: untrusted root in the chain (verify error 19)',
      examples: [{ line: '    Verify return code: 19 (self-signed certificate in certificate chain)', from: TXT + ' X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN = 19; apps/s_client.c' }],
    },
    {
      id: 'openssl-verify-10', needles: ['num=10', 'code: 10'], weight: 40, key: 'CERT_HAS_EXPIRED',
      re: /verify error:num=10:|Verify return code: 10 \(/,
      says: 'openssl: certificate has expired (verify error 10)',
      examples: [{ line: 'verify error:num=10:certificate has expired', from: TXT + ' X509_V_ERR_CERT_HAS_EXPIRED = 10' }],
    },
    {
      id: 'openssl-verify-20-21', needles: ['num=20', 'num=21', 'code: 20', 'code: 21'], weight: 40, key: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
      re: /verify error:num=2[01]:|Verify return code: 2[01] \(/,
      says: 'openssl: no chain to a trusted root (verify error 20/21: missing intermediate or private CA)',
      examples: [{ line: 'verify error:num=20:unable to get local issuer certificate', from: TXT + ' X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY = 20' }],
    },
    {
      id: 'openssl-verify-62', needles: ['num=62', 'code: 62', 'hostname mismatch'], weight: 40, key: 'ERR_TLS_CERT_ALTNAME_INVALID',
      re: /verify error:num=62:|Verify return code: 62 \(|\bhostname mismatch\b/,
      says: 'openssl: the certificate is for another host name (verify error 62)',
      examples: [{ line: 'verify error:num=62:hostname mismatch', from: TXT + ' X509_V_ERR_HOSTNAME_MISMATCH = 62' }],
    },
    {
      id: 'openssl-no-peer-cert', needles: ['no peer certificate available'], weight: 35, key: 'https-to-http-port',
      re: /no peer certificate available/,
      says: 'openssl s_client: no certificate came back (the port does not speak TLS)',
      examples: [{ line: 'no peer certificate available', from: 'OpenSSL apps/s_client.c (print_stuff)' }],
    },
    {
      id: 'openssl-http-request', needles: ['http_request', 'http request'], weight: 40, key: 'http-to-https-port',
      re: /SSL routines[^\n]*::?http request|\bSSL_R_HTTP_REQUEST\b/i,
      says: 'OpenSSL server: a plain-HTTP request arrived on its TLS port',
      examples: [{ line: 'error:0A00009C:SSL routines::http request', from: SSL + ' SSL_R_HTTP_REQUEST "http request"' }],
    },
    {
      id: 'openssl-handshake-alert', needles: ['sslv3 alert ', 'tlsv1 alert ', 'tlsv13 alert ', 'no shared cipher', 'unsupported protocol'], weight: 35, key: 'EPROTO',
      re: /(?:sslv3|tlsv1|tlsv13) alert (?<alert>[a-z ]+?)(?=[:\s(]|$)|no shared cipher|unsupported protocol/i,
      says: 'OpenSSL: the handshake was refused by the other side[ (alert: {alert})]',
      examples: [{ line: 'error:0A000410:SSL routines::sslv3 alert handshake failure', from: SSL + ' SSL_R_SSLV3_ALERT_HANDSHAKE_FAILURE' }],
    },
    {
      id: 'openssl-verify-failed', needles: ['certificate verify failed'], weight: 15, key: 'cert-unknown-authority', generic: true,
      re: /certificate verify failed/i,
      says: 'OpenSSL: the server certificate could not be verified',
      examples: [{ line: 'error:0A000086:SSL routines::certificate verify failed', from: SSL + ' SSL_R_CERTIFICATE_VERIFY_FAILED' }],
    },
  ],
};
