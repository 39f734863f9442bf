// The ways a JSON body is commonly re-serialized (JS, Python, PHP defaults; pretty; sorted keys),
// for the re-serialization diagnosis. Pure: text in, candidate texts out.

interface Style {
  itemSep: string;
  keySep: string;
  indent: number;
  sortKeys: boolean;
}

export interface JsonVariant {
  text: string;
  /** What differs from a plain compact JSON.stringify, in words. */
  describe: string[];
}

function serialize(value: unknown, style: Style, depth: number): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  const pad = style.indent ? '\n' + ' '.repeat(style.indent * (depth + 1)) : '';
  const end = style.indent ? '\n' + ' '.repeat(style.indent * depth) : '';
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    return '[' + pad + value.map((v) => serialize(v, style, depth + 1)).join(style.itemSep + pad) + end + ']';
  }
  const keys = Object.keys(value);
  if (keys.length === 0) return '{}';
  if (style.sortKeys) keys.sort();
  const record = value as Record<string, unknown>;
  return '{' + pad + keys.map((k) => JSON.stringify(k) + style.keySep + serialize(record[k], style, depth + 1)).join(style.itemSep + pad) + end + '}';
}

// Python's ensure_ascii and PHP's json_encode write every non-ASCII character as \uXXXX.
const asciiEscape = (s: string) => s.replace(/[\u0080-\uffff]/g, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'));
// PHP's json_encode writes / as \/ by default.
const slashEscape = (s: string) => s.replace(/\//g, '\\/');

const spacings: Array<{ name: string; style: Omit<Style, 'sortKeys'> }> = [
  { name: 'compact, no spaces (JSON.stringify)', style: { itemSep: ',', keySep: ':', indent: 0 } },
  { name: 'spaced after , and : (Python json.dumps)', style: { itemSep: ', ', keySep: ': ', indent: 0 } },
  { name: 'indented by 2', style: { itemSep: ',', keySep: ': ', indent: 2 } },
  { name: 'indented by 4', style: { itemSep: ',', keySep: ': ', indent: 4 } },
];

/** Re-serializations of `text` that differ from it; empty when it is not JSON. */
export function jsonVariants(text: string): JsonVariant[] {
  const first = text.trimStart()[0];
  if (first !== '{' && first !== '[') return [];
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return [];
  }
  const hadUnicodeEscapes = /\\u[0-9a-fA-F]{4}/.test(text);
  const hadEscapedSlash = text.includes('\\/');
  const seen = new Set<string>([text]);
  const out: JsonVariant[] = [];
  for (const spacing of spacings) {
    for (const sortKeys of [false, true]) {
      const base = serialize(value, { ...spacing.style, sortKeys }, 0);
      for (const ascii of [false, true]) {
        for (const slash of [false, true]) {
          let candidate = ascii ? asciiEscape(base) : base;
          if (slash) candidate = slashEscape(candidate);
          if (seen.has(candidate)) continue;
          seen.add(candidate);
          const describe = [`whitespace: ${spacing.name}`];
          if (sortKeys) describe.push('keys sorted');
          if (ascii) describe.push('non-ASCII characters written as \\uXXXX escapes');
          else if (hadUnicodeEscapes) describe.push('\\uXXXX escapes turned into the characters themselves');
          if (slash) describe.push('/ escaped as \\/');
          else if (hadEscapedSlash) describe.push('\\/ unescaped to /');
          out.push({ text: candidate, describe });
        }
      }
    }
  }
  return out;
}
