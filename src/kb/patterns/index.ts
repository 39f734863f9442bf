// Every recognition table, loaded only when a line of pasted text or a log has to be read (never for `explain 429`).
import type { PatternTable } from './row.js';
import { curlPatterns } from './curl.js';
import { pythonPatterns } from './python.js';
import { nodePatterns } from './node.js';
import { javaPatterns } from './java.js';
import { goPatterns } from './go.js';
import { dotnetPatterns } from './dotnet.js';
import { rubyPatterns } from './ruby.js';
import { phpPatterns } from './php.js';
import { opensslPatterns } from './openssl.js';
import { senderPatterns } from './senders.js';
import { tunnelPatterns } from './tunnels.js';
import { codePatterns } from './codes.js';
import { statusPatterns } from './status.js';
import { wordPatterns } from './words.js';
import { wgetPatterns } from './wget.js';
import { proxyPatterns } from './proxy.js';
import { hostPatterns } from './hosts.js';

export type { PatternRow, PatternTable, PatternExample } from './row.js';
export { plausibleStatus, reasonPhraseAt, reasonPhrases } from './status.js';

export const patternTables: readonly PatternTable[] = [
  curlPatterns, wgetPatterns, pythonPatterns, nodePatterns, javaPatterns, goPatterns, dotnetPatterns, rubyPatterns, phpPatterns,
  opensslPatterns, proxyPatterns, hostPatterns, senderPatterns, tunnelPatterns, codePatterns, statusPatterns, wordPatterns,
];
