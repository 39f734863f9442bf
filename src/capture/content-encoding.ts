// Undoing Content-Encoding (gzip, deflate, br) so a compressed body can be shown and checked, bounded against zip bombs.
import { brotliDecompressSync, gunzipSync, inflateSync } from 'node:zlib';
import type { Finding } from '../findings.js';

export interface Decoded {
  body?: Buffer;
  finding?: Finding;
}

const decoders: Record<string, (b: Buffer, max: number) => Buffer> = {
  gzip: (b, max) => gunzipSync(b, { maxOutputLength: max }),
  'x-gzip': (b, max) => gunzipSync(b, { maxOutputLength: max }),
  deflate: (b, max) => inflateSync(b, { maxOutputLength: max }),
  br: (b, max) => brotliDecompressSync(b, { maxOutputLength: max }),
};

export function decodeBody(body: Buffer, contentEncoding: string | undefined, maxBytes: number): Decoded {
  const encoding = contentEncoding?.trim().toLowerCase();
  if (!encoding || encoding === 'identity' || body.length === 0) return {};
  const decode = decoders[encoding];
  if (!decode) {
    return { finding: { level: 'warn', title: `Content-Encoding "${contentEncoding}" is not one listen can decode`, detail: 'the body is shown as received; most receivers only accept gzip or no encoding' } };
  }
  try {
    const decoded = decode(body, maxBytes);
    return {
      body: decoded,
      finding: {
        level: 'info',
        title: `body is ${encoding}-encoded: ${body.length} bytes on the wire, ${decoded.length} decoded; shown and checked decoded`,
        detail: 'the receiver must decompress before parsing (and verify signatures over the bytes the sender signed)',
        data: { encoding, wireBytes: body.length, decodedBytes: decoded.length },
      },
    };
  } catch (err) {
    const tooBig = (err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' || /maxOutputLength|buffer/i.test((err as Error).message);
    return {
      finding: tooBig
        ? { level: 'fail', title: `${encoding} body decodes to more than ${maxBytes} bytes`, detail: 'refused to decode further (a compression bomb, or raise --max-body)', kb: '413' }
        : { level: 'fail', title: `Content-Encoding says ${encoding} but the body does not decode (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`, detail: 'the header and the bytes disagree; the receiver will fail to parse the body', kb: '400' },
    };
  }
}
