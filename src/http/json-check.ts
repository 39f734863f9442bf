// Checking that a body meant to be JSON is JSON before it is sent, and naming the mistake a person most
// likely made (trailing comma, unescaped quote, missing bracket…) at its line and column.
import { WdError } from '../errors.js';

export interface JsonProblem {
  /** 0-based character offset of the problem. */
  offset: number;
  /** 1-based line and column. */
  line: number;
  column: number;
  /** What the parser met. */
  message: string;
  /** The likely human mistake, phrased as what to change. */
  mistake: string;
}

interface Open {
  ch: '{' | '[';
  at: number;
}

class Problem {
  constructor(readonly offset: number, readonly message: string, readonly mistake: string) {}
}

const closerOf = { '{': '}', '[': ']' } as const;

export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

/** Undefined when `text` is valid JSON (RFC 8259), else the first problem. */
export function checkJson(text: string): JsonProblem | undefined {
  let i = 0;
  const stack: Open[] = [];
  const where = (offset: number) => {
    const { line, column } = lineColumn(text, offset);
    return `line ${line}, column ${column}`;
  };
  const isWs = (c: string | undefined) => c === ' ' || c === '\t' || c === '\n' || c === '\r';
  const ws = () => {
    while (isWs(text[i])) i++;
    if (text[i] === '/' && (text[i + 1] === '/' || text[i + 1] === '*')) {
      throw new Problem(i, 'unexpected /', 'remove the comment: JSON has no comments');
    }
  };
  const describe = (c: string | undefined) => (c === undefined ? 'end of input' : JSON.stringify(c));
  const missingCloser = (): Problem => {
    const top = stack[stack.length - 1]!;
    return new Problem(text.length, 'unexpected end of input',
      `add the missing ${closerOf[top.ch]}: the ${top.ch === '{' ? 'object' : 'array'} opened at ${where(top.at)} is never closed`);
  };
  const bareWord = (): Problem => {
    const word = /^[A-Za-z_$][\w$]*/.exec(text.slice(i))?.[0] ?? '';
    const fixes: Record<string, string> = {
      True: 'write true in lower case', False: 'write false in lower case', None: 'write null (JSON has no None)',
      Null: 'write null in lower case', NULL: 'write null in lower case', undefined: 'write null (JSON has no undefined)',
      NaN: 'write null or a number in quotes (JSON has no NaN)', Infinity: 'JSON has no Infinity: use a string or a large number',
    };
    return new Problem(i, `unexpected ${JSON.stringify(word || text[i])}`, fixes[word] ?? 'put text in double quotes: JSON strings are "quoted"');
  };

  const string = (): void => {
    const start = i;
    i++;
    for (;;) {
      const c = text[i];
      if (c === undefined) throw new Problem(start, 'unterminated string', `add the closing " for the string that starts at ${where(start)}`);
      if (c === '"') {
        i++;
        return;
      }
      if (c === '\\') {
        const e = text[i + 1];
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) throw new Problem(i, 'bad \\u escape', 'write \\u followed by four hex digits');
          i += 6;
          continue;
        }
        if (e === undefined || !'"\\/bfnrt'.includes(e)) {
          throw new Problem(i, `invalid escape \\${e ?? ''}`, 'escape a backslash as \\\\ (valid escapes: \\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)');
        }
        i += 2;
        continue;
      }
      if (c.charCodeAt(0) < 0x20) {
        const name = c === '\n' ? 'a line break' : c === '\t' ? 'a tab' : `control character U+${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
        throw new Problem(i, `${name} inside a string`, c === '\n'
          ? `write \\n instead of a raw line break, or close the string that starts at ${where(start)} (missing closing quote?)`
          : 'escape it (\\t, \\uXXXX)');
      }
      i++;
    }
  };

  /** After a string value: anything but a separator means the string ended early at an unescaped quote. */
  const afterString = (stringStart: number): void => {
    const save = i;
    while (isWs(text[i])) i++;
    const c = text[i];
    const ok = c === undefined || c === ',' || c === '}' || c === ']' || c === ':';
    if (!ok && save === i) {
      throw new Problem(i - 1, `unexpected ${describe(c)} right after a string`,
        `escape the double quote inside the string that starts at ${where(stringStart)}: write \\" (an unescaped quote ends the string early)`);
    }
    i = save;
  };

  const number = (): void => {
    const m = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
    m.lastIndex = i;
    const hit = m.exec(text);
    if (!hit) throw new Problem(i, `invalid number starting ${describe(text[i])}`, 'write a number like 1, -2.5 or 3e4 (no leading +, no bare dot)');
    i = m.lastIndex;
    if (/[\d.xXeE]/.test(text[i] ?? '')) throw new Problem(i, 'invalid number', 'numbers have no leading zeros, hex or trailing dot in JSON');
  };

  const value = (): void => {
    ws();
    const c = text[i];
    if (c === undefined) {
      if (stack.length) throw missingCloser();
      throw new Problem(i, 'no JSON value', 'the body is empty: send a JSON value such as {}');
    }
    if (c === '{') return object();
    if (c === '[') return array();
    if (c === '"') {
      const start = i;
      string();
      return afterString(start);
    }
    if (c === '-' || (c >= '0' && c <= '9')) return number();
    for (const word of ['true', 'false', 'null']) {
      if (text.startsWith(word, i)) {
        i += word.length;
        if (/[\w$]/.test(text[i] ?? '')) throw bareWord();
        return;
      }
    }
    if (c === "'") throw new Problem(i, "unexpected '", "use double quotes: JSON strings are \"quoted\", not 'quoted'");
    if (c === '}' || c === ']') throw new Problem(i, `unexpected ${c}`, 'a value is missing here');
    if (c === ',') throw new Problem(i, 'unexpected ,', 'a value is missing before this comma (two commas in a row?)');
    if (/[A-Za-z_$]/.test(c)) throw bareWord();
    throw new Problem(i, `unexpected ${describe(c)}`, 'expected a JSON value here');
  };

  const closeOrSeparator = (open: Open): 'more' | 'done' => {
    ws();
    const c = text[i];
    const closer = closerOf[open.ch];
    if (c === ',') return 'more';
    if (c === closer) {
      i++;
      stack.pop();
      return 'done';
    }
    if (c === undefined) throw missingCloser();
    if (c === '}' || c === ']') {
      throw new Problem(i, `unexpected ${c}`, `add the missing ${closer} for the ${open.ch === '{' ? 'object' : 'array'} opened at ${where(open.at)} before this ${c}`);
    }
    throw new Problem(i, `unexpected ${describe(c)}`, `add a comma before this ${open.ch === '{' ? 'property' : 'element'} (or the missing ${closer})`);
  };

  const object = (): void => {
    const open: Open = { ch: '{', at: i };
    stack.push(open);
    i++;
    ws();
    if (text[i] === '}') {
      i++;
      stack.pop();
      return;
    }
    for (;;) {
      ws();
      const c = text[i];
      if (c === '"') {
        const start = i;
        string();
        afterString(start);
      } else if (c === undefined) throw missingCloser();
      else if (c === "'") throw new Problem(i, "unexpected '", 'use double quotes around property names');
      else if (c === '}') throw new Problem(i, 'unexpected }', 'remove the trailing comma before this }');
      else if (/[A-Za-z_$]/.test(c)) throw new Problem(i, `unexpected ${describe(c)}`, 'put the property name in double quotes');
      else throw new Problem(i, `unexpected ${describe(c)}`, 'expected a property name in double quotes');
      ws();
      if (text[i] !== ':') {
        if (text[i] === undefined) throw missingCloser();
        throw new Problem(i, `unexpected ${describe(text[i])}`, 'add a colon between the property name and its value');
      }
      i++;
      value();
      const next = closeOrSeparator(open);
      if (next === 'done') return;
      const comma = i;
      i++;
      ws();
      if (text[i] === '}') throw new Problem(comma, 'trailing comma', `remove the trailing comma at ${where(comma)}: JSON allows no comma before }`);
    }
  };

  const array = (): void => {
    const open: Open = { ch: '[', at: i };
    stack.push(open);
    i++;
    ws();
    if (text[i] === ']') {
      i++;
      stack.pop();
      return;
    }
    for (;;) {
      value();
      const next = closeOrSeparator(open);
      if (next === 'done') return;
      const comma = i;
      i++;
      ws();
      if (text[i] === ']') throw new Problem(comma, 'trailing comma', `remove the trailing comma at ${where(comma)}: JSON allows no comma before ]`);
    }
  };

  try {
    if (text.charCodeAt(0) === 0xfeff) throw new Problem(0, 'byte order mark', 'remove the UTF-8 byte order mark (BOM) at the start: many JSON parsers reject it');
    value();
    ws();
    if (i < text.length) {
      const c = text[i]!;
      throw new Problem(i, `unexpected ${describe(c)} after the JSON value`, c === '}' || c === ']'
        ? `remove this extra ${c} (or the bracket it closes was never opened)`
        : 'send one JSON value: wrap several in an array [ … ], or add the missing comma/bracket');
    }
    return undefined;
  } catch (err) {
    if (!(err instanceof Problem)) throw err;
    const { line, column } = lineColumn(text, err.offset);
    return { offset: err.offset, line, column, message: err.message, mistake: err.mistake };
  }
}

/** The input error `send` and `queue add` give for a body meant to be JSON that is not: where, what, and the line. */
export function invalidJsonError(body: Buffer, source: string): WdError | undefined {
  const text = body.toString('utf8');
  const problem = checkJson(text);
  if (!problem) return undefined;
  const line = text.split('\n')[problem.line - 1] ?? '';
  const excerpt = line.length > 80 ? line.slice(Math.max(0, problem.column - 40), problem.column + 40) : line;
  return new WdError('INPUT', `invalid JSON in ${source} at line ${problem.line}, column ${problem.column}: ${problem.message}`, {
    hint: `${problem.mistake}\n  ${excerpt}\n  ${' '.repeat(line.length > 80 ? Math.min(40, problem.column - 1) : problem.column - 1)}^\n(send it anyway as another type with -H "Content-Type: text/plain")`,
  });
}
