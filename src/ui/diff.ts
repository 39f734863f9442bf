// How diff shows two requests: what differs, line by line, with a and b side by side; signatures and answers.
import type { BodyDiff, JsonStyle, RequestDiff } from '../history/diff.js';
import type { Styles } from './delivery.js';

export interface SignatureSides { a: { valid: boolean; reason: string; scheme: string | null }; b: { valid: boolean; reason: string; scheme: string | null } }

const styleWords: Record<JsonStyle, string> = {
  compact: 'compact (no spaces: JSON.stringify, most senders)',
  spaced: 'spaced (", " and ": ": Python json.dumps defaults)',
  pretty: 'pretty-printed (newlines and indent)',
  mixed: 'irregular whitespace',
};

const value = (v: unknown) => {
  const t = JSON.stringify(v);
  return t === undefined ? 'undefined' : t.length > 80 ? t.slice(0, 77) + '…' : t;
};

function bodyLines(body: BodyDiff, s: Styles): string[] {
  if (body.kind === 'same') return [`  ${s.green('=')} body: the same ${body.bytes} bytes`];
  if (body.kind === 'bytes') {
    const lines = [`  ${s.yellow('≠')} body (bytes): a ${body.aBytes} bytes, b ${body.bBytes} bytes; first difference at offset ${body.firstDifference} (0x${body.firstDifference.toString(16)})`];
    for (const r of body.ranges) lines.push(`      at ${r.offset}:  a ${s.red(JSON.stringify(r.a))}  b ${s.green(JSON.stringify(r.b))}`);
    return lines;
  }
  const lines = [`  ${s.yellow('≠')} body (JSON): a ${body.aBytes} bytes, b ${body.bBytes} bytes`];
  if (body.changes.length === 0) lines.push(`      the same values${body.keyOrder.length ? '' : ' in the same order'}: the bytes differ, not the data (a signature over the bytes still breaks)`);
  for (const c of body.changes) {
    if (c.kind === 'added') lines.push(`      ${s.green('+')} ${c.path}: ${value(c.b)}`);
    else if (c.kind === 'removed') lines.push(`      ${s.red('-')} ${c.path}: ${value(c.a)}`);
    else lines.push(`      ${s.yellow('~')} ${c.path}: ${value(c.a)} → ${value(c.b)}`);
  }
  for (const k of body.keyOrder) lines.push(`      key order differs at ${k.path}: a ${k.a.join(', ')}; b ${k.b.join(', ')}`);
  if (body.whitespace) lines.push(`      whitespace differs: a ${styleWords[body.whitespace.a]}; b ${styleWords[body.whitespace.b]}`);
  if (body.unicodeEscaped) lines.push(`      ${body.unicodeEscaped} writes non-ASCII characters as \\u escapes, ${body.unicodeEscaped === 'a' ? 'b' : 'a'} as UTF-8 (Python json.dumps escapes them unless ensure_ascii=False)`);
  if (body.escaping) lines.push('      string escapes or number forms differ (\\u00e9 against é, 1.0 against 1): the same values, other bytes');
  return lines;
}

export function renderDiff(d: RequestDiff, labels: { a: string; b: string }, s: Styles, signatures?: SignatureSides): string {
  const lines = [`${s.bold('a')} ${labels.a}`, `${s.bold('b')} ${labels.b}`, ''];
  if (d.requestLine.same) lines.push(`  ${s.green('=')} ${d.requestLine.a}`);
  else lines.push(`  ${s.yellow('≠')} request line: a ${d.requestLine.a}`, `                  b ${d.requestLine.b}`);
  if (d.headers.length === 0 && !d.headerOrder) lines.push(`  ${s.green('=')} headers: the same, in the same order and case`);
  for (const h of d.headers) {
    if (h.kind === 'added') lines.push(`  ${s.green('+')} ${h.name}: ${h.b!.join(' | ')}  ${s.dim('(only in b)')}`);
    else if (h.kind === 'removed') lines.push(`  ${s.red('-')} ${h.name}: ${h.a!.join(' | ')}  ${s.dim('(only in a)')}`);
    else if (h.kind === 'changed') lines.push(`  ${s.yellow('~')} ${h.name}: a ${h.a!.join(' | ')}`, `  ${' '.repeat(h.name.length + 3)} b ${h.b!.join(' | ')}`);
    else lines.push(`  ${s.yellow('~')} header name case: a ${h.name}, b ${h.bName}  ${s.dim('(HTTP says names are case-insensitive; some receivers and header signatures are not)')}`);
  }
  if (d.headerOrder) lines.push(`  ${s.yellow('~')} header order differs`, `      a ${d.headerOrder.a.join(', ')}`, `      b ${d.headerOrder.b.join(', ')}`);
  lines.push(...bodyLines(d.body, s));
  if (signatures) {
    const v = (x: SignatureSides['a']) => `${x.valid ? s.green('valid') : s.red('invalid')}${x.scheme ? ` (${x.scheme})` : ''}: ${x.reason}`;
    lines.push('  signatures:', `      a ${v(signatures.a)}`, `      b ${v(signatures.b)}`);
  }
  const { a, b } = d.answers;
  if (a || b) {
    const side = (x: typeof a) => (x ? `${x.error ?? x.status ?? 'no answer'} in ${x.ms.toFixed(1)} ms` : 'not relayed');
    lines.push(`  answers (the app, via --forward): a ${side(a)}; b ${side(b)}`);
  }
  lines.push('', d.same ? s.green('the two requests are the same') : s.yellow('the two requests differ'));
  return lines.join('\n');
}
