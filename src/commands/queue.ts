// `webhook-doctor queue add|list|show|retry|purge`: inspect and manage a spool.
import { readFile, stat } from 'node:fs/promises';
import { WdError } from '../errors.js';
import { checkWritableFolder, flagOption, listOption, textOption, unreadableFile, urlOption, type CommandInput } from '../options.js';
import { createOutput } from '../ui/output.js';
import { receiverNote, renderEntryDetail, renderQueueList } from '../ui/spool.js';
import { readReceiverStates } from '../spool/receiver-state.js';
import { enqueue, isSecretHeader, isSendTimeHeader } from '../spool/index.js';
import { listEntries, notASpool, purge, retryDead, retryQuarantined, showEntry } from '../spool/manage.js';
import { loadProfile, sampleBody, spoolProfileRef } from '../profiles/index.js';
import type { HeaderList } from '../http/delivery.js';
import { invalidJsonError } from '../http/json-check.js';

interface QueueOptions {
  json?: boolean;
  url?: string;
  data?: string;
  profile?: string;
  header: string[];
  id?: string;
  ids?: string[];
  dead?: boolean;
  quarantined?: boolean;
  yes?: boolean;
}

function parseQueueOptions(opts: Record<string, unknown>): QueueOptions {
  const o: QueueOptions = { header: listOption(opts.header) };
  const optional = {
    json: flagOption(opts.json),
    url: urlOption('url', opts.url),
    data: textOption('data', opts.data),
    profile: textOption('profile', opts.profile, { nonEmpty: true }),
    id: textOption('id', opts.id),
    ids: opts.ids === undefined ? undefined : listOption(opts.ids),
    dead: flagOption(opts.dead),
    quarantined: flagOption(opts.quarantined),
    yes: flagOption(opts.yes),
  };
  for (const [k, v] of Object.entries(optional)) if (v !== undefined) (o as unknown as Record<string, unknown>)[k] = v;
  return o;
}

async function readStdin(): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

async function bodyFrom(data: string | undefined, profile: string | undefined): Promise<Buffer> {
  if (data === undefined) return sampleBody(await loadProfile(profile ?? 'generic'));
  if (data === '@-') return readStdin();
  if (data.startsWith('@')) {
    try {
      return await readFile(data.slice(1));
    } catch (err) {
      throw unreadableFile('-d', data.slice(1), err, '-d @file reads the body from a file; -d @- reads stdin; anything else is sent as written');
    }
  }
  return Buffer.from(data);
}

function parseHeaders(lines: string[] = []): HeaderList {
  return lines.map((line) => {
    const i = line.indexOf(':');
    if (i <= 0) throw new WdError('USAGE', `-H "${line}": expected "Name: value"`, { hint: 'e.g. -H "X-Tenant: acme"' });
    return [line.slice(0, i).trim(), line.slice(i + 1).trim()] as [string, string];
  });
}

async function requireSpool(dir: string): Promise<void> {
  const s = await stat(dir).catch(() => undefined);
  if (s && !s.isDirectory()) throw new WdError('USAGE', `${dir} is a file, not a spool folder`, { hint: 'pass the folder send --spool or queue add wrote to' });
  if (!s) throw new WdError('USAGE', `no spool directory at ${dir}`, { hint: 'queue add creates one; or pass the directory: webhook-doctor queue list ./spool' });
}

async function confirm(question: string): Promise<boolean> {
  const { createInterface } = await import('node:readline/promises');
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^y(es)?$/i.test((await rl.question(question)).trim());
  } finally {
    rl.close();
  }
}

/** A positional that names a folder rather than an entry: an existing directory, or anything with a path separator. */
async function namesFolder(arg: string): Promise<boolean> {
  if (/[\\/]/.test(arg) || arg === '.' || arg === '..') return true;
  return (await stat(arg).catch(() => undefined))?.isDirectory() ?? false;
}

export async function run(input: CommandInput): Promise<number> {
  const [sub, dirArg] = input.args as [string, string | undefined];
  let dir = dirArg ?? './spool';
  const opts = parseQueueOptions(input.opts);
  // `queue show <id>` and `queue retry <id>…` mean the default ./spool: commander hands the first word over as
  // the folder, so a word that names no folder is taken back as the first id.
  if (sub === 'show' && opts.id === undefined) {
    if (dirArg !== undefined && !(await namesFolder(dirArg))) {
      opts.id = dirArg;
      dir = './spool';
    } else {
      throw new WdError('USAGE', 'queue show needs an entry id', { hint: `the ids are in: webhook-doctor queue list ${dir}` });
    }
  }
  if (sub === 'retry' && dirArg !== undefined && !(await namesFolder(dirArg))) {
    opts.ids = [dirArg, ...(opts.ids ?? [])];
    dir = './spool';
  }
  const output = createOutput({ json: opts.json });

  switch (sub) {
    case 'add': {
      if (!opts.url) throw new WdError('USAGE', 'queue add needs --url', { hint: `webhook-doctor queue add ./spool --url https://example.com/hooks -d '{"alert":"test"}'` });
      const headers = parseHeaders(opts.header);
      const refused = headers.filter(([k]) => isSecretHeader(k)).map(([k]) => k);
      if (refused.length) {
        throw new WdError('USAGE', `${refused.join(', ')} would write a secret to the spool`, { hint: 'pass --token / --secret to flush instead: they are applied at send time' });
      }
      const sendTime = headers.filter(([k]) => isSendTimeHeader(k)).map(([k]) => k);
      if (sendTime.length) {
        throw new WdError('USAGE', `${sendTime.join(', ')} is set by flush on every attempt (from the entry id and the signing time)`, { hint: 'leave it out: every attempt sends Idempotency-Key: <entry id>' });
      }
      const profile = opts.profile ? await loadProfile(opts.profile) : undefined;
      const body = await bodyFrom(opts.data, opts.profile);
      if (!headers.some(([k]) => k.toLowerCase() === 'content-type')) headers.unshift(['Content-Type', 'application/json']);
      // As send does: a body meant to be JSON that is not would only come back from flush as a dead letter (400).
      const contentType = headers.find(([k]) => k.toLowerCase() === 'content-type')![1];
      if (/\bjson\b/i.test(contentType)) {
        const source = opts.data === undefined ? 'the sample' : opts.data === '@-' ? 'stdin' : opts.data.startsWith('@') ? opts.data.slice(1) : '-d';
        const invalid = invalidJsonError(body, source);
        if (invalid) throw invalid;
      }
      await checkWritableFolder(dir, 'queue add');
      const added = await enqueue(dir, { url: opts.url, body, headers, ...(opts.profile && profile ? { profile: spoolProfileRef(opts.profile, profile) } : {}) });
      if (output.json) output.emitJson({ id: added.id, path: added.path, bytes: body.length });
      else output.out(`queued ${added.id} (${body.length} bytes) in ${added.path}`);
      return 0;
    }
    case 'list': {
      await requireSpool(dir);
      const rows = await listEntries(dir);
      if (output.json) output.emitJson(rows);
      else {
        output.out(await renderQueueList(output, rows));
        // Each receiver's pause a flush noted (Retry-After, or its backoff while down): when the next flush may send to it.
        const paused = [...(await readReceiverStates(dir)).values()].filter((r) => r.pausedUntil > Date.now()).sort((a, b) => a.pausedUntil - b.pausedUntil);
        for (const receiver of paused) output.out(receiverNote(receiver));
      }
      return 0;
    }
    case 'show': {
      await requireSpool(dir);
      const detail = await showEntry(dir, opts.id ?? '');
      if (!detail) throw new WdError('NOT_FOUND', `no entry ${opts.id} in ${dir}`, { hint: `list them: webhook-doctor queue list ${dir}` });
      if (output.json) output.emitJson({ ...detail.row, ...(detail.meta ? { meta: detail.meta } : {}), body: detail.body?.toString('utf8') });
      else output.out(renderEntryDetail(detail));
      return 0;
    }
    case 'retry': {
      await requireSpool(dir);
      if (opts.quarantined) return retryQuarantinedFiles(dir, opts.ids ?? [], output);
      const r = await retryDead(dir, opts.ids ?? []);
      if (output.json) output.emitJson(r);
      else {
        output.out(r.moved.length ? `moved ${r.moved.length} dead letter(s) back to the queue: ${r.moved.join(', ')}` : opts.ids?.length ? 'nothing moved' : 'no dead letters to retry');
        for (const { id, as } of r.renamed) output.out(`  ${id} went in as ${as}: a different payload of that name waits in new/`);
        for (const id of r.unknown) output.err(`webhook-doctor: no dead letter ${id}`);
        if (r.unknown.length) output.err(`hint: the dead letters are the entries marked dead in: webhook-doctor queue list ${dir}`);
      }
      // An id that names no dead letter is an input error (2), like \`queue show\` of an unknown id.
      return r.unknown.length ? 2 : 0;
    }
    case 'purge': {
      await requireSpool(dir);
      const why = await notASpool(dir);
      if (why) throw new WdError('USAGE', why, { hint: `purge deletes every *.json at the top of the folder it is given: pass the spool directory (e.g. ./spool), or, if ${dir} is one, move the other files out first` });
      const what = opts.dead ? 'every dead letter' : 'every entry (pending, deferred, dead, quarantined)';
      if (!opts.yes) {
        if (!process.stdin.isTTY || !process.stderr.isTTY) {
          throw new WdError('USAGE', `purge deletes ${what} in ${dir} and needs --yes when not run at a terminal`, { hint: `webhook-doctor queue purge ${dir}${opts.dead ? ' --dead' : ''} --yes` });
        }
        if (!(await confirm(`Delete ${what} in ${dir}? [y/N] `))) {
          output.err('nothing deleted');
          return 1;
        }
      }
      const removed = await purge(dir, { deadOnly: Boolean(opts.dead) });
      if (output.json) output.emitJson({ removed });
      else output.out(`removed ${removed} file(s) from ${dir}`);
      return 0;
    }
    default:
      throw new WdError('USAGE', `unknown queue command "${sub}"`, { hint: 'queue add|list|show|retry|purge' });
  }
}

/** `queue retry --quarantined [ids…]`: fixed quarantined files back into the spool; 1 if one is still broken, 2 for an unknown name. */
async function retryQuarantinedFiles(dir: string, ids: string[], output: ReturnType<typeof createOutput>): Promise<number> {
  const r = await retryQuarantined(dir, ids);
  if (output.json) output.emitJson(r);
  else {
    for (const { id, as } of r.restored) output.out(`put back ${id} as ${as}: the next flush sends it`);
    if (r.restored.length === 0 && r.stillBroken.length === 0 && r.unknown.length === 0) output.out('nothing in quarantine');
    for (const { id, reason } of r.stillBroken) output.err(`webhook-doctor: ${id} is still unreadable (${reason}): left in quarantine`);
    if (r.stillBroken.length) output.err(`hint: fix the file in ${dir}/quarantine/ (valid JSON for a payload) and retry it again`);
    for (const id of r.unknown) output.err(`webhook-doctor: no quarantined file ${id}`);
    if (r.unknown.length) output.err(`hint: the quarantined files are the entries marked quarantined in: webhook-doctor queue list ${dir}`);
  }
  return r.unknown.length ? 2 : r.stillBroken.length ? 1 : 0;
}
