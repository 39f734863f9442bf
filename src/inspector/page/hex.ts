// Bytes as a hex dump (offset, 16 bytes, printable ASCII), the first `limit` of them.

export function hexDump(bytes: Uint8Array, limit = 64 * 1024): string {
  const lines: string[] = [];
  const n = Math.min(bytes.length, limit);
  for (let off = 0; off < n; off += 16) {
    let hex = '';
    let ascii = '';
    for (let i = off; i < off + 16; i++) {
      if (i < n) {
        const b = bytes[i]!;
        hex += b.toString(16).padStart(2, '0') + ' ';
        ascii += b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.';
      } else hex += '   ';
      if (i === off + 7) hex += ' ';
    }
    lines.push(`${off.toString(16).padStart(8, '0')}  ${hex} |${ascii}|`);
  }
  if (bytes.length > n) lines.push(`… ${bytes.length - n} more bytes (download the raw bytes for all of them)`);
  return lines.join('\n');
}
