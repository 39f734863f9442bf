// Knowledge-base entry for a certificate the client cannot chain to a CA it trusts, when the client does not say why.
import type { KbEntry } from '../schema.js';

export const trustEntries: KbEntry[] = [
  {
    key: 'cert-unknown-authority',
    kind: 'tls',
    title: 'Certificate from an unknown authority: not trusted by the client',
    aliases: ['certificate signed by unknown authority', 'pkix path building failed', 'certificate verify failed', 'untrusted root', 'peer certificate cannot be authenticated'],
    meaning:
      'The client could not build a chain from the server\'s certificate to a CA in its trust store. Go says "x509: certificate signed by unknown authority", ' +
      'Java "PKIX path building failed", .NET "UntrustedRoot", GitHub "Peer certificate cannot be authenticated with given CA certificates". ' +
      'It is one of three things: a self-signed certificate, a private CA, or a server that does not send its intermediate certificate.',
    causes: [
      'A self-signed or development certificate on the endpoint',
      'The server sends only its leaf certificate, not the intermediate (cert.pem instead of fullchain.pem)',
      'A private or corporate CA (or a TLS-inspecting proxy) that the sender does not trust',
    ],
    fixes: [
      { text: 'Count the certificates the server sends and read their issuers: one certificate, or an issuer that is not a public CA, tells which cause it is.', command: 'openssl s_client -connect example.com:443 -servername example.com -showcerts </dev/null' },
      { text: 'The check-up names the problem (self-signed, missing intermediate, expired).', command: 'webhook-doctor doctor https://example.com/hooks' },
      { text: 'Serve the full chain from a public CA; cloud senders only trust public CAs.' },
    ],
    retry: { retry: 'no', why: 'Trust does not change between attempts; fix the certificate chain.' },
    senders: { queryai: ['Query.ai expects a valid certificate on an HTTPS endpoint.'] },
    sources: ['Go crypto/x509 (UnknownAuthorityError)', 'OpenJDK (PKIXValidator)', 'GitHub Docs, "Troubleshooting webhooks"', 'OpenSSL (verify errors 18, 19, 20, 21)'],
    related: ['DEPTH_ZERO_SELF_SIGNED_CERT', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'SELF_SIGNED_CERT_IN_CHAIN'],
  },
];
