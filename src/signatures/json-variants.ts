// The ways a JSON body is commonly re-serialized (JS, Python, PHP defaults; pretty; sorted keys),
// for the re-serialization diagnosis. Pure: text in, candidate texts out. Built on the native
// JSON.stringify so a 16 MiB body takes well under a second.

export interface JsonVariant {
  text: string;
  /** What differs from the body as given, in words. */
  describe: string[];
}

function sortedCopy(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(sortedCopy);
  const record = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(record).sort()) out[k] = sortedCopy(record[k]);
  return out;
}

/** Compact JSON → Python json.dumps spacing (", " and ": "), outside strings only. */
function pythonSpacing(compact: string): string {
  const parts: string[] = [];
  let from = 0;
  let inString = false;
  for (let i = 0; i < compact.length; i++) {
    const c = compact.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 44 /* , */ || c === 58 /* : */) {
      parts.push(compact.slice(from, i + 1), ' ');
      from = i + 1;
    }
  }
  parts.push(compact.slice(from));
  return parts.join('');
}

// Python's ensure_ascii and PHP's json_encode write every non-ASCII character as \uXXXX.
const asciiEscape = (s: string) => s.replace(/[\u0080-\uffff]/g, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'));
// PHP's json_encode writes / as \/ by default.
const slashEscape = (s: string) => s.replace(/\//g, '\\/');

const spacings: Array<{ name: string; make: (v: unknown) => string }> = [
  { name: 'compact, no spaces (JSON.stringify)', make: (v) => JSON.stringify(v) },
  { name: 'spaced after , and : (Python json.dumps)', make: (v) => pythonSpacing(JSON.stringify(v)) },
  { name: 'indented by 2', make: (v) => JSON.stringify(v, null, 2) },
  { name: 'indented by 4', make: (v) => JSON.stringify(v, null, 4) },
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
  const trimmed = text.trim();
  const hadUnicodeEscapes = /\\u[0-9a-fA-F]{4}/.test(text);
  const hadEscapedSlash = text.includes('\\/');
  const compact = JSON.stringify(value);
  const hasNonAscii = /[^\x00-\x7f]/.test(compact);
  const hasSlash = compact.includes('/');
  const sorted = sortedCopy(value);
  const orders: Array<[unknown, boolean]> = JSON.stringify(sorted) === compact ? [[value, false]] : [[value, false], [sorted, true]];

  const seen = new Set<string>([text]);
  const out: JsonVariant[] = [];
  for (const spacing of spacings) {
    const base = spacing.make(value);
    // Whitespace is named only when this spacing is not the one the body already has.
    const sameSpacing = base === trimmed || asciiEscape(base) === trimmed || slashEscape(base) === trimmed;
    for (const [v, sortKeys] of orders) {
      const plain = sortKeys ? spacing.make(v) : base;
      for (const ascii of hasNonAscii ? [false, true] : [false]) {
        for (const slash of hasSlash ? [false, true] : [false]) {
          let candidate = ascii ? asciiEscape(plain) : plain;
          if (slash) candidate = slashEscape(candidate);
          if (seen.has(candidate)) continue;
          seen.add(candidate);
          const describe = sameSpacing ? [] : [`whitespace: ${spacing.name}`];
          if (sortKeys) describe.push('keys sorted');
          if (ascii) describe.push('non-ASCII characters written as \\uXXXX escapes');
          else if (hadUnicodeEscapes) describe.push('\\uXXXX escapes turned into the characters themselves');
          if (slash) describe.push('/ escaped as \\/');
          else if (hadEscapedSlash) describe.push('\\/ unescaped to /');
          if (describe.length === 0) describe.push('the same text after parsing and serializing again');
          out.push({ text: candidate, describe });
        }
      }
    }
  }
  return out;
}
