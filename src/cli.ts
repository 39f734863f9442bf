// The command table: names, flags, help and examples. Each action imports its command module
// lazily, so `explain` never loads undici and `--help` loads nothing but commander.
import { Command, CommanderError } from 'commander';
import { exitCodeFor, isWdError } from './errors.js';
import type { CommandInput } from './options.js';
import { writeStderr, writeStdout } from './ui/output.js';
// The recipe ids only (a list of names, for help): no recipe is loaded at start-up.
import { RECIPE_IDS } from './signatures/recipes/ids.js';

declare const __VERSION__: string;

type CommandModule = { run(input: CommandInput): Promise<number> };

// One bundle per command, required only when that command runs (the build keeps these paths external).
// CommonJS require, not import(): an import() would start Node's ESM loader, a quarter of its start-up.
const commands: Record<string, () => CommandModule> = {
  send: () => require('./commands/send.js'),
  listen: () => require('./commands/listen.js'),
  explain: () => require('./commands/explain.js'),
  verify: () => require('./commands/verify.js'),
  sign: () => require('./commands/sign.js'),
  flush: () => require('./commands/flush.js'),
  queue: () => require('./commands/queue.js'),
  doctor: () => require('./commands/doctor.js'),
  completion: () => require('./commands/completion.js'),
  history: () => require('./commands/history.js'),
  replay: () => require('./commands/replay.js'),
  diff: () => require('./commands/diff.js'),
  profiles: () => require('./commands/profiles.js'),
};

const collect = (value: string, previous: string[] = []) => [...previous, value];

/** Runs a parsed command; a test swaps it (setRunner) to parse command lines without running them. */
let runCommand = async (name: string, input: CommandInput): Promise<number> => commands[name]!().run(input);
export function setRunner(run: (name: string, input: CommandInput) => Promise<number>): void {
  runCommand = run;
}

function action(name: string) {
  return async (...params: unknown[]) => {
    const command = params.at(-1) as Command;
    const args = params.slice(0, -2);
    process.exitCode = await runCommand(name, { args, opts: command.opts(), command });
  };
}

function examples(lines: string[]): string {
  return '\nExamples:\n' + lines.map((l) => `  $ ${l}`).join('\n') + '\n';
}

export const program = new Command()
  .name('webhook-doctor')
  .description('Make webhook failures obvious: send test payloads, capture what a sender transmits,\nexplain error codes, verify signatures, drain a spool, and check an endpoint end to end.')
  .version(typeof __VERSION__ === 'string' ? __VERSION__ : '0.0.0-dev', '-V, --version')
  .showHelpAfterError('(add --help for usage and examples)')
  .exitOverride()
  // Help and --version through writeStdout: `webhook-doctor send --help | head` ends quietly, not with EPIPE.
  .configureOutput({ writeOut: (str) => writeStdout(str), outputError: (str, write) => write(`webhook-doctor: ${str.replace(/^error: /, '')}`) })
  .addHelpText('after', examples([
    'webhook-doctor doctor                      # check the built-in receiver: see every check work',
    'webhook-doctor doctor https://example.com/hooks --profile parapet',
    'webhook-doctor send https://example.com/hooks --profile cloudaipilot --secret $SECRET',
    'webhook-doctor listen 8080                 # then point the sender at http://127.0.0.1:8080',
    'webhook-doctor explain 429 --profile parapet',
    'webhook-doctor verify --secret $SECRET --body @body.json -H "X-Hub-Signature-256: sha256=…"',
    'webhook-doctor flush ./spool --url https://example.com/hooks --rate 50/min',
    'webhook-doctor profiles                    # the senders it knows: budgets, recipes, handshakes',
  ]) + '\nExit codes: 0 ok, 1 the thing checked or delivered failed, 2 usage or input error.\n');

program
  .command('explain')
  .description('Explain an HTTP status, network/TLS error code or log line from the built-in knowledge base (no network)')
  .argument('[query...]', 'a code (429, 4xx, ECONNRESET), a name (too many requests), a pasted log line, or - for stdin')
  .option('--profile <name|file>', 'add a sender\'s facts: a built-in (webhook-doctor profiles lists them) or your own ./sender.json')
  .option('--list', 'list every entry as a table')
  .option('--json', 'print machine-readable JSON')
  .addHelpText('after', examples([
    'webhook-doctor explain 429',
    'webhook-doctor explain 429 --profile parapet',
    'webhook-doctor explain "Error: read ECONNRESET"',
    'webhook-doctor explain too many requests',
    'tail -n 200 delivery.log | webhook-doctor explain -',
    'webhook-doctor explain --list',
  ]))
  .action(action('explain'));

program
  .command('send')
  .description('POST a test payload and show exactly what happened (with no URL: to a built-in loopback receiver)')
  .argument('[url]', 'the webhook URL to deliver to')
  .option('--profile <name|file>', 'sender profile: payload, auth, signature scheme, time budget', 'generic')
  .option('-d, --data <json|@file|@->', 'the body, sent byte for byte (@file reads a file, @- stdin)')
  .option('-H, --header <K: V>', 'add a request header (repeatable)', collect)
  .option('--token <token>', 'send Authorization: Bearer <token> (env WEBHOOK_DOCTOR_TOKEN)')
  .option('--secret <secret>', 'sign the body (env WEBHOOK_DOCTOR_SECRET)')
  .option('--scheme <name>', 'signature recipe: github, stripe, slack, twilio, discord… (verify --help lists all)')
  .option('--signature-header <name>', 'header for the hmac-sha256 scheme')
  .option('-X, --method <method>', 'HTTP method', 'POST')
  .option('--timeout <seconds>', 'give up after this many seconds (max 300)', '30')
  .option('--retries <n>', 'retry retryable failures with full-jitter backoff, honouring Retry-After', '0')
  .option('--spool <dir>', 'queue the payload in this spool when delivery finally fails')
  .option('--repeat <n>', 'send n times and summarise')
  .option('--rate <n/s|n/min>', 'pace repeated sends')
  .option('--proxy <url>', 'send through this HTTP proxy (default: HTTPS_PROXY / HTTP_PROXY, honouring NO_PROXY)')
  .option('--cacert <file>', 'trust this CA bundle (PEM)')
  .option('--cert <file>', 'client certificate for mTLS (PEM)')
  .option('--key <file>', 'client key for mTLS (PEM)')
  .option('-k, --insecure', 'do not verify the server certificate')
  .option('-v, --verbose', 'show the request and response like curl -v (tokens masked)')
  .option('--print-curl', 'print the equivalent curl command')
  .option('--show-secrets', 'do not mask tokens and signatures in output')
  .option('--json', 'print one JSON result object')
  .addHelpText('after', examples([
    'webhook-doctor send                                   # to the built-in receiver',
    'webhook-doctor send https://example.com/hooks -d \'{"alert":"test"}\'',
    'webhook-doctor send https://example.com/hooks --profile parapet --token $TOKEN',
    'webhook-doctor send https://example.com/hooks -d @alert.json --secret $SECRET --scheme github',
    'webhook-doctor send https://example.com/hooks --retries 3 --spool ./spool',
    'webhook-doctor send https://example.com/hooks --repeat 20 --rate 5/s',
  ]))
  .action(action('send'));

program
  .command('listen')
  .description('Capture what a sender really transmits: request line, headers as sent, body to the byte, findings')
  .argument('[port]', 'port to listen on (0 picks a free one)', '8080')
  .option('--host <address>', 'address to bind: localhost is 127.0.0.1 and ::1 (this machine only); 0.0.0.0 accepts other machines', 'localhost')
  .option('--profile <name|file>', 'the sender (built-in or ./file.json): its handshake, payload schema and limits')
  .option('--secret <secret>', 'verify each signature (env WEBHOOK_DOCTOR_SECRET)')
  .option('--scheme <name>', 'signature scheme (default: recognised from the headers)', 'auto')
  .option('--signature-header <name>', 'header for the hmac-sha256 scheme (default: the profile\'s)')
  .option('--status <code>', 'answer with this status', '200')
  .option('--body <text>', 'answer with this body')
  .option('--delay <ms>', 'wait before answering')
  .option('--retry-after <seconds>', 'add Retry-After to the answer')
  .option('--chaos <mix>', 'answer some requests badly, e.g. 503:0.3,timeout:0.1')
  .option('--forward <url>', 'relay each request to a local app and judge its answer (only its path and query go on; the origin never changes)')
  .option('--forward-cacert <file>', 'with an https --forward: trust the CA certificates (PEM) in this file too')
  .option('--forward-insecure', 'with an https --forward: do not check the app\'s certificate')
  .option('--save <dir>', 'save each capture (raw bytes + metadata)')
  .option('--har <file>', 'write a HAR log of the captures')
  .option('--count <n>', 'exit after n requests')
  .option('--max-body <bytes>', 'answer 413 above this size without buffering (10mb, 512kb, bytes)', '10mb')
  .option('--timeout <seconds>', 'close a connection that takes longer to send its request (or, with --raw, stays idle)', '30')
  .option('--verify-token <token>', 'Meta\'s Verify Token: check hub.verify_token before answering (env WEBHOOK_DOCTOR_VERIFY_TOKEN)')
  .option('--confirm-subscription', 'visit an Amazon SNS SubscribeURL (only https://sns.<region>.amazonaws.com) to confirm')
  .option('--no-handshake', 'do not answer senders\' verification handshakes (Slack, Zoom, Meta, Dropbox …)')
  .option('--raw', 'pure TCP capture: print whatever bytes arrive')
  .option('--ui [port]', 'serve the web inspector on 127.0.0.1 (a free port unless given); its URL carries the token')
  .option('--show-secrets', 'do not mask tokens in output')
  .option('--json', 'print one JSON object per event (NDJSON): listening, request, malformed, timeout, shed')
  .option('--only <events>', 'print only these events, e.g. requests or requests,malformed')
  .option('--history <dir>', 'keep the captures in this folder (default: $XDG_STATE_HOME/webhook-doctor/history)')
  .option('--no-history', 'keep no history of the captures')
  .option('--history-max <n>', 'keep at most the last n captures (default 10000)')
  .option('--history-max-bytes <size>', 'keep at most this much (default 100mb)')
  .addHelpText('after', examples([
    'webhook-doctor listen                                 # http://127.0.0.1:8080 and http://[::1]:8080',
    'webhook-doctor listen 0 --json --only requests | jq .findings',
    'webhook-doctor listen --forward https://127.0.0.1:3443 --forward-cacert ./dev-ca.pem',
    'webhook-doctor listen 0 --count 1 --json',
    'webhook-doctor listen 9000 --secret $SECRET --profile cloudaipilot',
    'webhook-doctor listen --status 503 --retry-after 30   # watch the sender retry',
    'webhook-doctor listen --forward http://127.0.0.1:3000/hooks --profile particle',
    'webhook-doctor listen --host 0.0.0.0 --save ./captures',
    'webhook-doctor listen --profile zoom --secret $ZOOM_SECRET_TOKEN   # answers endpoint.url_validation',
    'webhook-doctor listen --profile meta --verify-token $VERIFY_TOKEN',
    'webhook-doctor listen --ui                            # and open the inspector URL it prints',
  ]) + '\nHandshakes (Slack url_verification, Zoom url_validation, Twitch, Meta hub.challenge, Dropbox, Microsoft Graph,\nEvent Grid, Okta, SNS, Discord PING) are answered as each sender requires: the --profile\'s, or any recognised by its shape.\n')
  .action(action('listen'));

program
  .command('profiles')
  .description('List the built-in sender profiles, or print one as JSON to copy into your own --profile file')
  .argument('[show]', 'show: print one profile as JSON')
  .argument('[name]', 'the profile to show (a built-in name or a file)')
  .option('--json', 'print the list as JSON')
  .addHelpText('after', examples([
    'webhook-doctor profiles                              # every built-in sender: budget, signature, handshake',
    'webhook-doctor profiles --json | jq \'.[] | select(.handshake)\'',
    'webhook-doctor profiles show shopify',
    'webhook-doctor profiles show generic > my-siem.json   # edit it, then:',
    'webhook-doctor send https://example.com/hooks --profile ./my-siem.json',
  ]) + '\nA profile file has the same fields as `profiles show` prints; a bad field is named in one line (exit 2).\n')
  .action(action('profiles'));

program
  .command('verify')
  .description('Check a webhook signature against the raw body, and diagnose a mismatch')
  .option('--secret <secret>', 'the signing secret (env WEBHOOK_DOCTOR_SECRET)')
  .option('--public-key <key>', 'for Ed25519 / ECDSA senders (discord, sendgrid): the public key (hex, base64 or PEM) instead of --secret')
  .option('--body <@file|->', 'the raw body: @file or - for stdin')
  .option('-H, --header <Name: value>', 'a received header (repeatable)', collect)
  .option('--scheme <name>', 'auto, or a recipe (listed below)', 'auto')
  .option('--url <url>', 'the URL the sender called, for senders that sign it (twilio, square, hubspot, trello)')
  .option('--method <method>', 'the request method, for senders that sign it (hubspot; default POST, a capture: its own)')
  .option('--signature-header <name>', 'the signature header, when the sender lets you name it (hmac-sha256, grafana)')
  .option('--tolerance <seconds>', 'accepted timestamp age (default: the sender\'s documented window, else 300; 0: do not check)')
  .option('--capture <file>', 'a capture saved by `listen --save`')
  .option('--json', 'print the verdict as JSON')
  .addHelpText('after', examples([
    'webhook-doctor verify --secret $SECRET --body @body.json -H "X-Hub-Signature-256: sha256=757107…"',
    'webhook-doctor verify --secret whsec_… --body @body.json -H "webhook-id: msg_1" -H "webhook-timestamp: 1614265330" -H "webhook-signature: v1,…"',
    'webhook-doctor verify --secret $TWILIO_AUTH_TOKEN --body @form.txt -H "X-Twilio-Signature: …" --url https://example.com/sms',
    'webhook-doctor verify --public-key $DISCORD_PUBLIC_KEY --body @interaction.json -H "X-Signature-Ed25519: …" -H "X-Signature-Timestamp: …"',
    'webhook-doctor verify --capture ./captures/2026-11-22T10-00-00Z-1.json --secret $SECRET',
    'curl -s https://example.com/sample.json | webhook-doctor verify --body - --json -H "Stripe-Signature: t=…,v1=…"',
  ]) + `\nRecipes (--scheme; auto recognises each from its headers): ${RECIPE_IDS.join(', ')}.\n`
    + 'Public-key senders (discord: Ed25519, sendgrid: ECDSA P-256) verify with --public-key (or the key in --secret / WEBHOOK_DOCTOR_SECRET); sign takes the private key as --secret.\n'
    + 'Exit codes: 0 valid, 1 invalid (the cause is diagnosed), 2 usage (no secret, no signature header, unknown scheme, unreadable body, a URL-signing sender without --url).\n')
  .action(action('verify'));

program
  .command('sign')
  .description('Print the signature headers a sender would attach to a body')
  .option('--secret <secret>', 'the signing secret; for discord / sendgrid the private key (env WEBHOOK_DOCTOR_SECRET)')
  .option('--scheme <name>', 'a recipe: github, stripe, slack, twilio, discord… (verify --help lists all)')
  .option('--body <@file|->', 'the raw body: @file or - for stdin')
  .option('--url <url>', 'the URL the request goes to, for senders that sign it (twilio, square, hubspot, trello)')
  .option('--method <method>', 'the request method, for senders that sign it (hubspot; default POST)')
  .option('--signature-header <name>', 'the signature header, when the sender lets you name it (hmac-sha256, grafana)')
  .option('--timestamp <unix-seconds>', 'fixed timestamp for reproducible output')
  .option('--id <message-id>', 'fixed message id (standard, twitch)')
  .option('--json', 'print the headers as JSON')
  .addHelpText('after', examples([
    'webhook-doctor sign --secret $SECRET --scheme github --body @body.json',
    'echo -n \'{"test": 2432232314}\' | webhook-doctor sign --scheme standard --secret whsec_… --body - --id msg_1 --timestamp 1614265330',
    'printf \'Body=hi&From=%%2B15005550006\' | webhook-doctor sign --scheme twilio --secret $TWILIO_AUTH_TOKEN --body - --url https://example.com/sms',
  ]))
  .action(action('sign'));

program
  .command('flush')
  .description('Drain a spool of undelivered payloads, oldest first (an entry is removed only after a 2xx); --watch keeps it drained')
  .argument('[dir]', 'the spool directory', './spool')
  .option('--url <url>', 'deliver plain *.json payload files to this URL (and override entries\' targets)')
  .option('--profile <name|file>', 'sender profile for auth style and signature')
  .option('--token <token>', 'Authorization: Bearer token applied at send time (env WEBHOOK_DOCTOR_TOKEN)')
  .option('--secret <secret>', 'signing secret applied at send time (env WEBHOOK_DOCTOR_SECRET)')
  .option('--scheme <name>', 'signature recipe (github, stripe, slack, twilio…; verify --help lists all; default: the profile\'s)')
  .option('-H, --header <K: V>', 'a header added at send time, never written to the spool, e.g. an API key (repeatable)', collect)
  .option('--rate <n/s|n/min>', 'stay under a plan limit, e.g. 50/min')
  .option('--concurrency <n>', 'deliveries in flight at once', '4')
  .option('--timeout <seconds>', 'per-request timeout', '30')
  .option('--max-attempts <n>', 'dead-letter an entry after this many attempts', '8')
  .option('--lease <seconds>', 'take back a claim held from another host after this long', '600')
  .option('--max-wait <seconds>', 'wait this long, at most, for a retry or a Retry-After within one run; later ones end it (0: one pass)', '120')
  .option('--max-pause <seconds>', 'the longest Retry-After to wait out (default: --max-wait)')
  .option('--watch', 'keep running: send new entries as they land, retries when due (stop with Ctrl-C or SIGTERM)')
  .option('--rescan <seconds>', 'with --watch: look at the whole spool this often too, where change events are unreliable (NFS)', '30')
  .option('--proxy <url>', 'send through this HTTP proxy (default: HTTPS_PROXY / HTTP_PROXY, honouring NO_PROXY)')
  .option('--cacert <file>', 'trust this CA bundle (PEM), e.g. a private CA')
  .option('--cert <file>', 'client certificate for mTLS (PEM)')
  .option('--key <file>', 'client key for mTLS (PEM)')
  .option('-k, --insecure', 'do not verify the server certificate')
  .option('--now', 'send entries not yet due too')
  .option('--dry-run', 'show what would be sent, send nothing')
  .option('--json', 'print NDJSON events, then a summary object')
  .addHelpText('after', examples([
    'webhook-doctor flush ./spool --url https://example.com/hooks',
    'webhook-doctor flush ./spool --rate 50/min --concurrency 4 --token $TOKEN',
    'webhook-doctor flush ./spool --watch --url https://example.com/hooks --json',
    'webhook-doctor flush ./spool --url https://hooks.internal/alerts --cacert ./private-ca.pem',
    'webhook-doctor flush ./spool --now --json | jq .',
    'webhook-doctor flush ./spool --url https://example.com/hooks --dry-run',
  ]) + '\nExit codes: 0 the spool has nothing left to send, 1 some are left (the summary says when the next is due),\ndead-lettered or quarantined, 2 usage error, 130 after Ctrl-C, 143 after SIGTERM; with --watch, 1 when the\nspool is gone or no longer writable.\n')
  .action(action('flush'));

const queue = program
  .command('queue')
  .description('Inspect and manage a spool: add, list, show, retry, purge')
  .addHelpText('after', examples([
    'webhook-doctor queue add ./spool --url https://example.com/hooks -d @alert.json',
    'webhook-doctor queue list ./spool',
    'webhook-doctor queue show ./spool 20261122T203923572Z-8caaf76afc',
    'webhook-doctor queue retry ./spool              # every dead letter back to the queue',
    'webhook-doctor queue retry ./spool --quarantined alert-7.json.1764570000000   # after fixing it by hand',
    'webhook-doctor queue purge ./spool --dead --yes',
  ]));
const queueSub = (name: string, description: string) =>
  queue.command(name).description(description).argument('[dir]', 'the spool directory', './spool').option('--json', 'print JSON');
queueSub('add', 'add a payload to the spool')
  .requiredOption('--url <url>', 'where the entry is to be delivered')
  .option('-d, --data <json|@file|@->', 'the body, kept byte for byte')
  .option('--profile <name|file>', 'sender profile (sample payload when no --data)')
  .option('-H, --header <K: V>', 'a header to send (no secrets: they are applied at send time)', collect)
  .action(async (dir: string, opts: Record<string, unknown>) => queueAction('add', dir, opts));
queueSub('list', 'list pending, claimed, dead-lettered and quarantined entries')
  .action(async (dir: string, opts: Record<string, unknown>) => queueAction('list', dir, opts));
queueSub('show', 'show one entry with its history')
  .argument('[id]', 'entry id (queue show <id> looks in ./spool)')
  .action(async (dir: string, id: string, opts: Record<string, unknown>) => queueAction('show', dir, { ...opts, id }));
queueSub('retry', 'move dead letters (or, with --quarantined, fixed quarantined files) back to the queue')
  .argument('[ids...]', 'entry ids (default: all dead letters)')
  .option('--quarantined', 'put back quarantined files that now read as a payload (fixed by hand); the rest stay')
  .action(async (dir: string, ids: string[], opts: Record<string, unknown>) => queueAction('retry', dir, { ...opts, ids }));
queueSub('purge', 'delete entries')
  .option('--dead', 'only dead letters')
  .option('--yes', 'do not ask')
  .action(async (dir: string, opts: Record<string, unknown>) => queueAction('purge', dir, opts));

async function queueAction(sub: string, dir: string, opts: Record<string, unknown>) {
  process.exitCode = await runCommand('queue', { args: [sub, dir], opts });
}

program
  .command('doctor')
  .description('Check a webhook receiver end to end and print a report card (with no URL: the built-in receiver)')
  .argument('[url]', 'the receiver to check')
  .option('--profile <name|file>', 'sender profile (built-in name or ./file.json): sample payload, time budget, size limit, handshake', 'generic')
  .option('--secret <secret>', 'check signature enforcement (env WEBHOOK_DOCTOR_SECRET)')
  .option('--scheme <name>', 'signature scheme (default: the profile\'s)')
  .option('--token <token>', 'Authorization: Bearer token (env WEBHOOK_DOCTOR_TOKEN)')
  .option('--cacert <file>', 'trust this CA bundle (PEM)')
  .option('--cert <file>', 'client certificate for a receiver that asks for mTLS (PEM)')
  .option('--key <file>', 'client key for mTLS (PEM)')
  .option('--timeout <seconds>', 'override the profile\'s time budget')
  .option('--no-burst', 'skip the short burst check')
  .option('--verify-token <token>', 'Meta\'s Verify Token, to play its hub.challenge handshake (env WEBHOOK_DOCTOR_VERIFY_TOKEN)')
  .option('--markdown', 'print the report as Markdown for a support ticket')
  .option('--json', 'print the report as JSON')
  .addHelpText('after', examples([
    'webhook-doctor doctor                                   # the built-in receiver',
    'webhook-doctor doctor https://example.com/hooks',
    'webhook-doctor doctor https://example.com/hooks --profile cloudaipilot --secret $SECRET',
    'webhook-doctor doctor https://example.com/hooks --markdown > ticket.md',
    'webhook-doctor doctor https://example.com/slack/events --profile slack --secret $SLACK_SIGNING_SECRET   # plays url_verification too',
    'webhook-doctor doctor https://example.com/hooks --profile ./my-siem.json',
  ]))
  .action(action('doctor'));

// history, replay and diff: the captures listen keeps (src/history, src/replay).
const historyDirOption = ['--history <dir>', 'the history folder (default: $XDG_STATE_HOME/webhook-doctor/history)'] as const;
const history = program
  .command('history')
  .description('List the captures listen kept (newest first); show, remove or import them')
  .option(...historyDirOption)
  .option('--since <when>', 'received in the last 10m, 1h, 2d… or since a date')
  .option('--until <when>', 'received before this (same forms as --since)')
  .option('--status <codes>', 'answered with these: 5xx, 404, 4xx,5xx, 500-503, none')
  .option('--method <method>', 'this HTTP method')
  .option('--path <text>', 'path and query containing this (a * makes it a glob)')
  .option('--header <Name: value>', 'having this header (and value); repeatable', collect)
  .option('--grep <text>', 'containing this text anywhere: request line, headers, body')
  .option('--sender <profile>', 'from this sender (listen --profile, or recognised from its headers)')
  .option('--limit <n>', 'at most n (the newest)')
  .option('--json', 'one JSON object per capture (NDJSON)')
  .option('--ui [port]', 'open the history in the web inspector on 127.0.0.1 (a free port unless given); its URL carries the token')
  .addHelpText('after', examples([
    'webhook-doctor history                                # a table of the latest captures',
    'webhook-doctor history --since 1h --status 5xx',
    "webhook-doctor history --header 'X-GitHub-Event: push' --json | jq .id",
    'webhook-doctor history --grep invoice.paid',
    'webhook-doctor history show last',
    'webhook-doctor history show 2026-11-22T10-00-00.123Z-1 --raw | webhook-doctor verify --body - --secret $S -H "…"',
    'webhook-doctor history rm --all',
    'webhook-doctor history import ./devtools-export.har',
    'webhook-doctor history --ui                           # the same captures in the browser',
  ]))
  .action(async (opts: Record<string, unknown>) => historyAction('list', [], opts));
history.command('show').description('print a capture exactly as listen printed it').argument('<id>', 'a capture id, a unique prefix of one, or last')
  .option(...historyDirOption).option('--raw', 'print only the body, byte for byte').option('--json', 'print it as listen --json did')
  .action(async (id: string, opts: Record<string, unknown>) => historyAction('show', [id], opts));
history.command('rm').description('remove captures (their bytes are erased)').argument('[ids...]', 'capture ids')
  .option(...historyDirOption).option('--all', 'remove every capture').option('--json', 'print JSON')
  .action(async (ids: string[], opts: Record<string, unknown>) => historyAction('rm', [ids], opts));
history.command('import').description('add captures from listen --save or --json files, or HAR files (devtools, proxies)').argument('<files...>', 'files to import')
  .option(...historyDirOption).option('--json', 'print JSON')
  .action(async (files: string[], opts: Record<string, unknown>) => historyAction('import', [files], opts));

async function historyAction(sub: string, args: unknown[], opts: Record<string, unknown>) {
  // A subcommand's own --history wins; otherwise the one given before it (`history --history d show x`).
  const parent = history.opts();
  process.exitCode = await runCommand('history', { args: [sub, ...args], opts: { ...(sub === 'list' ? {} : { history: parent.history }), ...opts } });
}

program
  .command('replay')
  .description('Send captured requests again: byte for byte, headers in order and case, optionally re-signed')
  .argument('[capture]', 'a history id (or last), a listen --save/--json file, or a HAR (file#3 for one entry)')
  .argument('[url]', 'where to (an origin gets the captured path); default: where listen --forward relayed it')
  .option(...historyDirOption)
  .option('--since <when>', 'replay the captures of history received in the last 10m, 1h… (with the filters below)')
  .option('--until <when>', 'received before this')
  .option('--status <codes>', 'those answered 5xx, 404, 4xx,5xx…')
  .option('--method <method>', 'those with this method')
  .option('--path <text>', 'those whose path contains this (a * makes it a glob)')
  .option('--grep <text>', 'those containing this text')
  .option('--sender <profile>', 'those from this sender')
  .option('--limit <n>', 'at most the newest n of them')
  .option('-H, --header <Name: value>', 'add or replace a header (repeatable)', collect)
  .option('-d, --data <text|@file|@->', 'send this body instead')
  .option('--token <token>', 'the credential history masked, given again (env WEBHOOK_DOCTOR_TOKEN)')
  .option('--resign', 'sign again with a fresh timestamp and id (needs --secret)')
  .option('--secret <secret>', 'the signing secret for --resign (env WEBHOOK_DOCTOR_SECRET)')
  .option('--scheme <name>', 'signature scheme for --resign (default: recognised from the captured headers)')
  .option('--signature-header <name>', 'header for the hmac-sha256 scheme')
  .option('--timeout <seconds>', 'per request', '30')
  .option('--concurrency <n>', 'replays in flight at once (they start in their original order)', '1')
  .option('--rate <n/s|n/min>', 'pace the replays')
  .option('--dry-run', 'show the requests, send nothing')
  .option('--json', 'print JSON (NDJSON when several)')
  .addHelpText('after', examples([
    'webhook-doctor replay last                                   # to where listen --forward relayed it',
    'webhook-doctor replay last http://127.0.0.1:3000/hooks',
    'webhook-doctor replay 2026-11-22T10-00-00.123Z-1 http://127.0.0.1:3000 --resign --secret $STRIPE_WHSEC',
    'webhook-doctor replay --since 10m --status 5xx http://127.0.0.1:3000 --concurrency 4 --rate 20/s',
    'webhook-doctor replay ./devtools.har#3 http://127.0.0.1:3000 --token $TOKEN',
    'webhook-doctor replay ./captures/2026-11-22T10-00-00Z-1.json http://127.0.0.1:3000 -H "X-Debug: 1"',
  ]) + '\nExit codes: 0 every replay answered 2xx, 1 some did not, 2 usage or input error.\n')
  .action(action('replay'));

program
  .command('diff')
  .description('Compare two requests: request line, headers as sent, the body JSON-aware or byte by byte, signatures, answers')
  .argument('<a>', 'a history id, a capture file, or a HAR entry (file.har#2)')
  .argument('<b>', 'the other one')
  .option(...historyDirOption)
  .option('--secret <secret>', 'check each signature with this secret and show the verdicts side by side')
  .option('--scheme <name>', 'signature scheme (default: recognised from the headers)')
  .option('--json', 'print the differences as JSON')
  .addHelpText('after', examples([
    'webhook-doctor diff 2026-11-22T10-00-00.123Z-1 last',
    'webhook-doctor diff good.json bad.json --secret $SECRET',
    'webhook-doctor diff export.har#1 export.har#2 --json',
  ]) + '\nExit codes: 0 the requests are the same, 1 they differ, 2 usage or input error.\n')
  .action(action('diff'));

program
  .command('completion')
  .description('Print a shell completion script (commands, flags, profile and scheme names)')
  .argument('<shell>', 'bash, zsh or fish')
  .addHelpText('after', examples([
    'source <(webhook-doctor completion bash)            # this shell; add the line to ~/.bashrc to keep it',
    'webhook-doctor completion zsh > "${fpath[1]}/_webhook-doctor"',
    'webhook-doctor completion fish > ~/.config/fish/completions/webhook-doctor.fish',
  ]))
  .action(action('completion'));

export async function main(argv: string[]): Promise<void> {
  // Exit through process.exit so that 'exit' handlers run (listen's last batch of records, --har): the
  // default action of a signal ends the process without them. A flush stopped so loses nothing either.
  process.on('SIGINT', () => process.exit(130));
  process.on('SIGTERM', () => process.exit(143));
  try {
    await program.parseAsync(argv);
  } catch (err) {
    if (err instanceof CommanderError || (err as { code?: string })?.code?.startsWith?.('commander.')) {
      const code = (err as CommanderError).code;
      process.exitCode = code === 'commander.helpDisplayed' || code === 'commander.version' || code === 'commander.help' ? 0 : 2;
      return;
    }
    if (isWdError(err)) {
      writeStderr(`webhook-doctor: ${err.message}\n${err.hint ? `hint: ${err.hint}\n` : ''}`);
      process.exitCode = exitCodeFor(err.code);
      return;
    }
    // Only a bug reaches here: show the stack so it can be reported.
    writeStderr(`webhook-doctor: unexpected error (please report it)\n${(err as Error)?.stack ?? String(err)}\n`);
    process.exitCode = 1;
  }
}

// The launcher (bin/) calls main; importing this module only builds the command table (tests, completion).
