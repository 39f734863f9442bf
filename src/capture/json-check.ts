// Checking a body as JSON: the parsed value, or where it breaks (line:column) and the likely mistake.

export type JsonCheck =
  | { ok: true; value: unknown }
  | { ok: false; offset: number; line: number; column: number; message: string; likely?: string };

class JsonSyntax extends Error {
  constructor(readonly offset: number, message: string, readonly likely?: string) {
    super(message);
  }
}

/** Parse `text` as JSON; on failure find the first bad position with a small scanner (JSON.parse's messages differ between Node versions and lack line numbers). */
export function checkJson(text: string): JsonCheck {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    try {
      scan(text);
      return { ok: false, offset: 0, line: 1, column: 1, message: 'invalid JSON' };
    } catch (err) {
      if (!(err instanceof JsonSyntax)) throw err;
      const { line, column } = lineColumn(text, err.offset);
      return { ok: false, offset: err.offset, line, column, message: err.message, ...(err.likely ? { likely: err.likely } : {}) };
    }
  }
}

export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) { line++; start = i + 1; }
  return { line, column: offset - start + 1 };
}

function describe(ch: string | undefined): string {
  if (ch === undefined) return 'end of input';
  if (ch < ' ') return `control character ${JSON.stringify(ch)}`;
  return `'${ch}'`;
}

function scan(text: string): void {
  let i = 0;
  const ws = () => {
    while (i < text.length && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r')) i++;
  };
  const fail = (message: string, likely?: string): never => {
    throw new JsonSyntax(i, message, likely);
  };
  const unexpected = (expected: string): never => {
    const ch = text[i];
    if (ch === undefined) fail(`unexpected end of input, expected ${expected}`, 'a missing closing bracket or brace, or a truncated body');
    if (ch === "'") fail(`unexpected ${describe(ch)}, expected ${expected}`, 'single quotes: JSON strings and keys need double quotes');
    if (ch === '/' && (text[i + 1] === '/' || text[i + 1] === '*')) fail(`unexpected comment, expected ${expected}`, 'comments are not allowed in JSON');
    return fail(`unexpected ${describe(ch)}, expected ${expected}`);
  };
  const string = () => {
    i++; // opening quote
    for (;;) {
      const ch = text[i];
      if (ch === undefined) fail('unterminated string', 'a missing closing quote');
      if (ch === '"') { i++; return; }
      if (ch === '\\') {
        const next = text[i + 1];
        if (next !== undefined && '"\\/bfnrt'.includes(next)) { i += 2; continue; }
        if (next === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) { i += 6; continue; }
        fail(`invalid escape \\${next ?? ''} in string`, 'a backslash that should be doubled (\\\\), e.g. in a Windows path');
      }
      if (ch! < ' ') fail(`unescaped ${describe(ch)} in string`, ch === '\n' ? 'a line break inside a string: write it as \\n' : 'control characters must be escaped');
      i++;
    }
  };
  const number = () => {
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
    if (!m || m[0] === '-') unexpected('a value');
    i += m![0].length;
  };
  const literal = () => {
    for (const word of ['true', 'false', 'null']) if (text.startsWith(word, i)) { i += word.length; return; }
    const word = /^[A-Za-z_$][\w$]*/.exec(text.slice(i, i + 40))?.[0];
    if (word === 'True' || word === 'False' || word === 'None') fail(`unexpected '${word}'`, `a Python value: JSON writes true, false and null`);
    if (word === 'undefined' || word === 'NaN' || word === 'Infinity') fail(`unexpected '${word}'`, `${word} is not a JSON value`);
    unexpected('a value');
  };
  const afterValue = (closer: string) => {
    ws();
    const ch = text[i];
    if (ch === ',' || ch === closer) return;
    if (ch === '"' || ch === '{' || ch === '[' || (ch !== undefined && /[\w-]/.test(ch))) {
      fail(`unexpected ${describe(ch)}, expected ',' or '${closer}'`, 'a missing comma between items, or an unescaped quote inside a string');
    }
    unexpected(`',' or '${closer}'`);
  };
  const value = (): void => {
    ws();
    const ch = text[i];
    if (ch === '{') {
      i++;
      ws();
      if (text[i] === '}') { i++; return; }
      for (;;) {
        ws();
        if (text[i] === '}') fail("unexpected '}' after ','", 'a trailing comma before }');
        if (text[i] !== '"') {
          if (text[i] !== undefined && /[A-Za-z_$]/.test(text[i]!)) fail(`unexpected ${describe(text[i])}, expected a quoted key`, 'an unquoted key: keys need double quotes');
          unexpected('a quoted key');
        }
        string();
        ws();
        if (text[i] !== ':') unexpected("':' after the key");
        i++;
        value();
        afterValue('}');
        if (text[i] === '}') { i++; return; }
        i++; // comma
      }
    }
    if (ch === '[') {
      i++;
      ws();
      if (text[i] === ']') { i++; return; }
      for (;;) {
        ws();
        if (text[i] === ']') fail("unexpected ']' after ','", 'a trailing comma before ]');
        value();
        afterValue(']');
        if (text[i] === ']') { i++; return; }
        i++;
      }
    }
    if (ch === '"') return string();
    if (ch === '-' || (ch !== undefined && ch >= '0' && ch <= '9')) return number();
    return literal();
  };
  if (text.charCodeAt(0) === 0xfeff) fail('byte order mark (BOM) before the JSON', 'the sender writes a UTF-8 BOM; strip it');
  ws();
  if (i === text.length) fail('empty body, expected a JSON value');
  value();
  ws();
  if (i < text.length) fail(`unexpected ${describe(text[i])} after the end of the JSON value`, 'extra text after the JSON, or two JSON documents in one body');
}
