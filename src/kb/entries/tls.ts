// Knowledge-base entries for TLS certificate and handshake errors.
import type { KbEntry } from '../schema.js';

const URL = 'https://example.com/hooks';
const HOST = 'example.com';
const S_CLIENT = `openssl s_client -connect ${HOST}:443 -servername ${HOST} -showcerts </dev/null`;

export const tlsEntries: KbEntry[] = [
  {
    key: 'CERT_HAS_EXPIRED',
    kind: 'tls',
    title: 'CERT_HAS_EXPIRED: certificate has expired',
    aliases: ['certificate has expired', 'expired certificate', 'cert expired'],
    meaning: 'The receiver presented a TLS certificate whose validity period is over (or, rarely, the client clock is wrong).',
    causes: ['Automatic renewal (e.g. Let\'s Encrypt) failed or was never set up', 'A renewed certificate was not deployed to every server or load balancer', 'An expired intermediate certificate in the chain', 'The sending machine\'s clock is far off'],
    fixes: [
      { text: 'Read the dates of the certificate actually served.', command: `${S_CLIENT} | openssl x509 -noout -dates` },
      { text: 'The check-up reports the expiry in days.', command: `webhook-doctor doctor ${URL}` },
    ],
    retry: { retry: 'no', why: 'Nothing changes until the certificate is renewed and deployed; spool the payloads meanwhile.' },
    senders: { queryai: ['Query.ai lists SSL/TLS errors as certificate problems: make sure the endpoint\'s certificate is valid.'] },
    sources: ['Query.ai', 'Node.js', 'OpenSSL'],
    related: ['UNABLE_TO_VERIFY_LEAF_SIGNATURE'],
  },
  {
    key: 'DEPTH_ZERO_SELF_SIGNED_CERT',
    kind: 'tls',
    title: 'DEPTH_ZERO_SELF_SIGNED_CERT: self-signed certificate',
    aliases: ['self signed certificate', 'self-signed certificate'],
    meaning: 'The receiver\'s certificate is signed by itself, not by a certificate authority the client trusts.',
    causes: ['A development or internal certificate on a public endpoint', 'A default appliance or proxy certificate'],
    fixes: [
      { text: 'See who issued the certificate.', command: `${S_CLIENT} | openssl x509 -noout -subject -issuer` },
      { text: 'For testing, trust that certificate explicitly rather than turning verification off.', command: `openssl s_client -connect ${HOST}:443 -servername ${HOST} </dev/null | openssl x509 > server.pem && webhook-doctor send ${URL} --cacert server.pem` },
      { text: 'For production, install a certificate from a public CA: cloud senders will not trust a self-signed one.' },
    ],
    retry: { retry: 'no', why: 'Trust does not change between attempts.' },
    senders: {
      queryai: ['Query.ai expects a valid certificate on an HTTPS endpoint.'],
      cloudaipilot: ['CloudAIPilot requires HTTPS.'],
    },
    sources: ['Query.ai', 'CloudAIPilot', 'Node.js'],
    related: ['SELF_SIGNED_CERT_IN_CHAIN'],
  },
  {
    key: 'SELF_SIGNED_CERT_IN_CHAIN',
    kind: 'tls',
    title: 'SELF_SIGNED_CERT_IN_CHAIN: untrusted root in the chain',
    aliases: ['self signed certificate in certificate chain'],
    meaning: 'The chain ends in a root certificate the client does not trust: a private CA, or a TLS-inspecting proxy that re-signs traffic.',
    causes: ['A corporate proxy or firewall doing TLS inspection', 'A private/internal CA', 'The client\'s CA store lacks the root'],
    fixes: [
      { text: 'Show the whole chain and its issuers.', command: S_CLIENT },
      { text: 'Trust the chain the server sends (its root included) for this send, rather than turning verification off.', command: `${S_CLIENT} | sed -n '/BEGIN CERTIFICATE/,/END CERTIFICATE/p' > chain.pem && webhook-doctor send ${URL} --cacert chain.pem` },
      { text: 'For Node programs, NODE_EXTRA_CA_CERTS=corp-root.pem adds a CA without disabling verification.' },
    ],
    retry: { retry: 'no', why: 'Trust does not change between attempts.' },
    senders: {},
    sources: ['Node.js', 'OpenSSL'],
    related: ['DEPTH_ZERO_SELF_SIGNED_CERT', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE'],
  },
  {
    key: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
    kind: 'tls',
    title: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE: incomplete certificate chain',
    aliases: ['unable to verify the first certificate', 'unable to get local issuer certificate', 'incomplete chain'],
    meaning: 'The client could not build a chain from the server\'s certificate to a trusted root, almost always because the server does not send its intermediate certificate.',
    causes: ['The server is configured with the leaf certificate only (cert.pem instead of fullchain.pem)', 'A private CA the client does not know'],
    fixes: [
      { text: 'Count the certificates the server sends: one means the intermediate is missing.', command: S_CLIENT },
      { text: 'Configure the full chain on the server, then re-check.', command: `webhook-doctor doctor ${URL}` },
    ],
    retry: { retry: 'no', why: 'The chain stays incomplete until the server configuration changes.' },
    senders: {},
    sources: ['Node.js', 'OpenSSL'],
    related: ['SELF_SIGNED_CERT_IN_CHAIN'],
  },
  {
    key: 'ERR_TLS_CERT_ALTNAME_INVALID',
    kind: 'tls',
    title: 'ERR_TLS_CERT_ALTNAME_INVALID: certificate is for another host name',
    aliases: ['hostname mismatch', 'altname invalid', 'certificate name mismatch'],
    meaning: 'The certificate is valid, but none of its names (subject alternative names) match the host in the URL.',
    causes: ['The URL uses an IP address or an internal name', 'A shared host serves a default certificate because SNI did not match', 'A wildcard that does not cover the name (*.example.com does not cover a.b.example.com)'],
    fixes: [
      { text: 'List the names the certificate covers.', command: `${S_CLIENT} | openssl x509 -noout -ext subjectAltName` },
      { text: 'Use a URL whose host is one of those names, then re-check.', command: `webhook-doctor doctor ${URL}` },
    ],
    retry: { retry: 'no', why: 'The name will not match on the next attempt either.' },
    senders: {},
    sources: ['Node.js', 'OpenSSL'],
    related: ['EPROTO'],
  },
  {
    key: 'EPROTO',
    kind: 'tls',
    title: 'EPROTO: TLS protocol error',
    aliases: ['ssl routines', 'handshake failure', 'tls handshake failed'],
    meaning: 'The TLS handshake failed: client and server could not agree on a protocol, or what answered on the port was not TLS at all.',
    causes: ['https:// to a port that speaks plain HTTP ("wrong version number")', 'The server only offers TLS 1.0/1.1, which current clients refuse', 'No common cipher suite', 'A proxy or firewall interfering with the handshake'],
    fixes: [
      { text: 'Try the handshake and see what the server offers.', command: `openssl s_client -connect ${HOST}:443 -servername ${HOST} -tls1_2` },
      { text: 'Check whether the port speaks plain HTTP.', command: `curl -v http://${HOST}:443/` },
    ],
    retry: { retry: 'no', why: 'A protocol mismatch repeats on every attempt; fix the URL or the server\'s TLS settings.' },
    senders: {},
    sources: ['Node.js', 'OpenSSL'],
    related: ['ECONNRESET'],
  },
];
