// Fix commands made from what the user ran: the knowledge base writes them for example.com and the sample
// payload; shown after a send, they carry the user's URL, body source and profile, so they work when pasted.
import { shellQuote } from '../http/curl-command.js';

export { shellQuote };

/** localhost, 127/8 or ::1 (written out, without node:net's BlockList: this module loads with every send). */
const isLoopbackHost = (hostname: string) => {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return host === 'localhost' || host.endsWith('.localhost') || /^127\.\d+\.\d+\.\d+$/.test(host) || host === '::1';
};

/** What the user ran, as far as a hint needs it. */
export interface HintContext {
  /** The URL the request went to. */
  url?: string;
  /** -d as the user gave it (JSON text, @file, @-); absent when the profile's sample was sent. */
  data?: string;
  /** --profile as given, when not the default. */
  profile?: string;
  /** --timeout in seconds, when not the default. */
  timeout?: number;
  /** The connection to the URL was refused: nothing listens on its port, so a capture server can take it. */
  refused?: boolean;
}

/** The -d and --profile of the user's own send, for a hint that sends again. */
function ownArguments(ctx: HintContext): string {
  // Stdin is gone by the time the hint is read: a hint cannot send the same body again from it.
  const data = ctx.data !== undefined && ctx.data !== '@-' ? ` -d ${shellQuote(ctx.data)}` : '';
  const profile = ctx.profile && ctx.profile !== 'generic' ? ` --profile ${shellQuote(ctx.profile)}` : '';
  return data + profile;
}

export function personalise(command: string, ctx: HintContext = {}): string {
  let out = command;
  if (ctx.url) {
    let parsed: URL | undefined;
    try {
      parsed = new URL(ctx.url);
    } catch {
      parsed = undefined;
    }
    if (parsed) {
      // `example.com:443` (openssl -connect, curl to the TLS port) becomes this host and its port; a bare
      // `example.com` (-servername, nslookup) the host name alone, never host:port.
      const port = parsed.port || (parsed.protocol === 'http:' ? '80' : '443');
      const hostPort = `${parsed.hostname.includes(':') ? `[${parsed.hostname}]` : parsed.hostname}:${port}`;
      out = out
        .replaceAll('https://example.com/hooks', shellQuote(ctx.url))
        .replaceAll('http://127.0.0.1:8080/hooks', shellQuote(ctx.url))
        .replaceAll('127.0.0.1:8080', hostPort)
        .replaceAll('example.com:443', `${parsed.hostname}:${port}`)
        .replaceAll('example.com', parsed.hostname);
      if (isLoopbackHost(parsed.hostname)) {
        // A receiver on this machine needs no other interface. The capture server takes the receiver's port
        // only when nothing listens there (the connection was refused); a receiver that answered holds it.
        const listenPort = ctx.refused ? port : port === '8080' ? '0' : '8080';
        out = out.replace(/webhook-doctor listen 8080( --host 0\.0\.0\.0)?/g, `webhook-doctor listen ${listenPort}`);
      }
    }
  }
  // A send or doctor in a hint repeats the user's own body and profile, not the knowledge base's example.
  if (ctx.url !== undefined) {
    out = out.split(/( ; | && | \| |; )/).map((segment) => {
      const m = /^webhook-doctor (send|doctor) (\S+)(.*)$/.exec(segment);
      if (!m) return segment;
      const words = m[3]!.trim() === '' ? [] : m[3]!.trim().split(' ');
      const kept: string[] = [];
      for (let i = 0; i < words.length; i++) {
        if (words[i] === '--profile' || words[i] === '-d') i++;
        else kept.push(words[i]!);
      }
      const own = m[1] === 'send' ? ownArguments(ctx) : ctx.profile && ctx.profile !== 'generic' ? ` --profile ${shellQuote(ctx.profile)}` : '';
      // A hint that sets its own --timeout (e.g. a longer one) keeps it; otherwise the user's budget stands.
      const timeout = m[1] === 'send' && ctx.timeout !== undefined && !kept.includes('--timeout') ? ` --timeout ${ctx.timeout}` : '';
      return `webhook-doctor ${m[1]} ${m[2]}${own}${timeout}${kept.length ? ' ' + kept.join(' ') : ''}`;
    }).join('');
  }
  return out;
}
