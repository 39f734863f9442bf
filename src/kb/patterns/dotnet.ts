// What .NET prints: HttpClient's HttpRequestException, SocketException, TLS AuthenticationException.
import type { PatternTable } from './row.js';

const RT = 'dotnet/runtime System.Net.Http / System.Net.Sockets resources (Strings.resx)';

export const dotnetPatterns: PatternTable = {
  source: 'dotnet',
  rows: [
    {
      id: 'dotnet-refused', needles: ['actively refused', 'socketexception (111)', 'socketexception (10061)', 'connection refused ('], weight: 30, key: 'ECONNREFUSED',
      re: /No connection could be made because the target machine actively refused it|SocketException \((?:111|10061)\)|Connection refused \((?<addr>[^)]+)\)/,
      says: '.NET: connection refused[ by {addr}]',
      examples: [
        { line: 'System.Net.Http.HttpRequestException: Connection refused (127.0.0.1:9)', from: RT + ' (net_http_connection... with endpoint, .NET 6+ on Linux)' },
        { line: 'System.Net.Sockets.SocketException (10061): No connection could be made because the target machine actively refused it.', from: 'Windows WSAECONNREFUSED text via ' + RT },
      ],
    },
    {
      id: 'dotnet-reset', needles: ['socketexception (104)', 'forcibly closed by the remote host', 'connection reset by peer'], weight: 30, key: 'ECONNRESET',
      re: /SocketException \((?:104|10054)\)|An existing connection was forcibly closed by the remote host/,
      says: '.NET: connection reset by the server',
      examples: [{ line: 'System.IO.IOException: Unable to read data from the transport connection: An existing connection was forcibly closed by the remote host.', from: 'Windows WSAECONNRESET text via ' + RT }],
    },
    {
      id: 'dotnet-ended-prematurely', needles: ['response ended prematurely'], weight: 30, key: 'empty-reply',
      re: /The response ended prematurely/,
      says: '.NET: the server closed the connection before a complete answer',
      examples: [{ line: 'System.Net.Http.HttpIOException: The response ended prematurely. (ResponseEnded)', from: RT + ' (net_http_invalid_response_premature_eof)' }],
    },
    {
      id: 'dotnet-timeout', needles: ['httpclient.timeout'], weight: 30, key: 'read-timeout',
      re: /The request was canceled due to the configured HttpClient\.Timeout of (?<s>[\d.]+) seconds elapsing/,
      says: '.NET: no answer within HttpClient.Timeout ({s} s)',
      examples: [{ line: 'System.Threading.Tasks.TaskCanceledException: The request was canceled due to the configured HttpClient.Timeout of 100 seconds elapsing.', from: RT + ' (net_http_request_timedout)' }],
    },
    {
      id: 'dotnet-dns', needles: ['no such host is known', 'name or service not known (', 'socketexception (11001)'], weight: 30, key: 'ENOTFOUND',
      re: /No such host is known|Name or service not known \((?<host>[^)]+)\)|SocketException \(11001\)/,
      says: '.NET: the host name does not resolve',
      examples: [
        { line: 'System.Net.Http.HttpRequestException: No such host is known. (hooks.example.invalid:443)', from: 'Windows WSAHOST_NOT_FOUND text via ' + RT },
        { line: 'System.Net.Http.HttpRequestException: Name or service not known (hooks.example.invalid:443)', from: RT + ' on Linux' },
      ],
    },
    {
      id: 'dotnet-dns-temporary', needles: ['resource temporarily unavailable (', 'temporary failure in name resolution'], weight: 30, key: 'EAI_AGAIN',
      re: /Resource temporarily unavailable \([^)]+\)/,
      says: '.NET: DNS lookup failed for now (temporary)',
      examples: [{ line: 'System.Net.Http.HttpRequestException: Resource temporarily unavailable (hooks.example.com:443)', from: RT + ' on Linux (EAI_AGAIN)' }],
    },
    {
      id: 'dotnet-untrusted-root', needles: ['untrustedroot', 'partialchain', 'remotecertificatechainerrors'], weight: 38, key: 'cert-unknown-authority',
      re: /UntrustedRoot|PartialChain|RemoteCertificateChainErrors/,
      says: '.NET: the certificate does not chain to a trusted root',
      examples: [{ line: 'System.Security.Authentication.AuthenticationException: The remote certificate is invalid because of errors in the certificate chain: UntrustedRoot', from: RT + ' (net_ssl_io_cert_chain_validation)' }],
    },
    {
      id: 'dotnet-expired', needles: ['nottimevalid'], weight: 40, key: 'CERT_HAS_EXPIRED',
      re: /NotTimeValid/,
      says: '.NET: the certificate has expired (or is not valid yet)',
      examples: [{ line: 'System.Security.Authentication.AuthenticationException: The remote certificate is invalid because of errors in the certificate chain: NotTimeValid', from: RT + ' (X509ChainStatusFlags.NotTimeValid)' }],
    },
    {
      id: 'dotnet-name', needles: ['remotecertificatenamemismatch'], weight: 40, key: 'ERR_TLS_CERT_ALTNAME_INVALID',
      re: /RemoteCertificateNameMismatch/,
      says: '.NET: the certificate is for another host name',
      examples: [{ line: 'System.Security.Authentication.AuthenticationException: The remote certificate is invalid according to the validation procedure: RemoteCertificateNameMismatch', from: RT + ' (SslPolicyErrors.RemoteCertificateNameMismatch)' }],
    },
    {
      id: 'dotnet-cert-invalid', needles: ['the remote certificate is invalid'], weight: 30, key: 'cert-unknown-authority',
      re: /The remote certificate is invalid (?:according to the validation procedure|because of errors in the certificate chain)/,
      says: '.NET: the server certificate did not validate',
      examples: [{ line: 'System.Security.Authentication.AuthenticationException: The remote certificate is invalid according to the validation procedure.', from: 'dotnet/runtime (net_ssl_io_cert_validation)' }],
    },
    {
      id: 'dotnet-ssl', needles: ['the ssl connection could not be established'], weight: 10, key: 'EPROTO', generic: true,
      re: /The SSL connection could not be established/,
      says: '.NET: the TLS handshake failed (the inner exception says why)',
      examples: [{ line: 'System.Net.Http.HttpRequestException: The SSL connection could not be established, see inner exception.', from: RT + ' (net_http_ssl_connection_failed)' }],
    },
    {
      id: 'dotnet-frame', needles: ['cannot determine the frame size', 'frame size or a corrupted frame'], weight: 38, key: 'https-to-http-port',
      re: /Cannot determine the frame size or a corrupted frame was received/,
      says: '.NET: the port did not answer with TLS (plain HTTP behind an https:// URL)',
      examples: [{ line: 'System.IO.IOException: Cannot determine the frame size or a corrupted frame was received.', from: RT + ' System.Net.Security (net_frame_read_size)' }],
    },
    {
      id: 'dotnet-status', needles: ['does not indicate success'], weight: 14, key: '{status}',
      re: /Response status code does not indicate success: (?<status>\d{3})/,
      says: '.NET EnsureSuccessStatusCode: the server answered {status}',
      examples: [{ line: 'System.Net.Http.HttpRequestException: Response status code does not indicate success: 503 (Service Unavailable).', from: RT + ' (net_http_message_not_success_statuscode)' }],
    },
    {
      id: 'dotnet-sending', needles: ['an error occurred while sending the request'], weight: 4, key: 'ECONNRESET', generic: true,
      re: /An error occurred while sending the request/,
      says: '.NET: sending failed (the inner exception says why)',
      examples: [{ line: 'System.Net.Http.HttpRequestException: An error occurred while sending the request.', from: RT + ' (net_http_client_execution_error)' }],
    },
    {
      id: 'dotnet-transport-reset', needles: ['unable to read data from the transport connection: connection reset by peer'], weight: 31, key: 'ECONNRESET',
      re: /Unable to read data from the transport connection: Connection reset by peer/,
      says: '.NET: connection reset by the server',
      examples: [{ line: '[wolfmax4k] (updating) The SSL connection could not be established, see inner exception.: Unable to read data from the transport connection: Connection reset by peer.', from: 'https://github.com/Jackett/Jackett/issues/15879 (Linux ECONNRESET text)' }],
    },
    {
      id: 'dotnet-winhttp-resolve', needles: ['error 12007', 'the server name or address could not be resolved'], weight: 30, key: 'ENOTFOUND',
      re: /Error 12007|The server name or address could not be resolved/,
      says: '.NET (WinHTTP): the host name does not resolve',
      examples: [{ line: "---- System.Net.Http.WinHttpException : Error 12007 calling WINHTTP_CALLBACK_STATUS_REQUEST_ERROR, 'The server name or address could not be resolved'.", from: 'https://github.com/dotnet/runtime/issues/67475 (WinHttpHandler, ERROR_WINHTTP_NAME_NOT_RESOLVED)' }],
    },
  ],
};
