// The list's filter, typed after "/", as words named like `history`'s flags: `status:5xx method:POST
// path:/hooks header:X-Event since:10m until:… sender:github grep:text`; any other word is looked for in
// the stored bytes (grep). The server parses the values with history's own parsers.

const keys = new Set(['status', 'method', 'path', 'header', 'grep', 'sender', 'since', 'until']);

/** The words as the query string of /api/captures; undefined for an empty filter. */
export function filterQuery(text: string): URLSearchParams | undefined {
  const words = text.trim().split(/\s+/).filter(Boolean);
  if (!words.length) return undefined;
  const q = new URLSearchParams();
  const loose: string[] = [];
  for (const word of words) {
    const colon = word.indexOf(':');
    const key = colon > 0 ? word.slice(0, colon).toLowerCase() : '';
    if (keys.has(key) && colon < word.length - 1) q.append(key, word.slice(colon + 1));
    else loose.push(word);
  }
  if (loose.length) q.set('grep', [q.get('grep'), ...loose].filter(Boolean).join(' '));
  return q;
}
