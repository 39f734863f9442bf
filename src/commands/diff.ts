// `webhook-doctor diff <a> <b>`: two requests (history ids, capture files, HAR entries) compared as a
// receiver sees them, with each signature's verdict when --secret is given.
import { z } from 'zod';
import { WdError } from '../errors.js';
import { choiceOption, parseOptions, type CommandInput } from '../options.js';
import { createOutput } from '../ui/output.js';
import { defaultHistoryDir, openStore, type StoredCapture } from '../history/store.js';
import { diffCaptures } from '../history/diff.js';
import type { SignatureSides } from '../ui/diff.js';

const schema = z.object({
  history: z.string().min(1).optional(),
  secret: z.string().min(1, 'the secret is empty').optional(),
  scheme: z.string().default('auto'),
  json: z.boolean().default(false),
});

async function one(arg: string, dir: string): Promise<{ label: string; capture: StoredCapture }> {
  const { loadCaptures } = await import('../history/sources.js');
  const found = await loadCaptures(arg, () => openStore(dir));
  if (found.length !== 1) throw new WdError('USAGE', `${arg} holds ${found.length} requests: name one, e.g. ${arg}#1`, { hint: 'HAR and listen --json files take #N for their Nth entry' });
  return found[0]!;
}

export async function run(input: CommandInput): Promise<number> {
  const o = parseOptions(schema, input.opts);
  const output = createOutput({ json: o.json });
  const dir = o.history ?? defaultHistoryDir();
  const [argA, argB] = input.args as [string, string];
  const a = await one(argA, dir);
  const b = await one(argB, dir);
  const d = diffCaptures(a.capture, b.capture);
  let signatures: SignatureSides | undefined;
  const secret = o.secret ?? (process.env.WEBHOOK_DOCTOR_SECRET || undefined);
  if (secret) {
    const sig = await import('../signatures/index.js');
    choiceOption('scheme', o.scheme, ['auto', ...sig.SCHEME_NAMES]);
    const verdict = (c: StoredCapture) => {
      // Judged as at its arrival: a capture from yesterday is not "stale" for this comparison.
      const v = sig.verifySignature({ scheme: o.scheme as 'auto', secret, headers: c.rawHeaders, body: c.body, now: Math.floor(Date.parse(c.receivedAt) / 1000) });
      return { valid: v.valid, reason: v.reason, scheme: v.scheme };
    };
    signatures = { a: verdict(a.capture), b: verdict(b.capture) };
  }
  if (output.json) output.emitJson({ a: a.label, b: b.label, ...d, ...(signatures ? { signatures } : {}) });
  else {
    const { renderDiff } = await import('../ui/diff.js');
    const { stylesFor } = await import('../ui/delivery.js');
    output.out(renderDiff(d, { a: a.label, b: b.label }, await stylesFor(output), signatures));
  }
  return d.same ? 0 : 1;
}
