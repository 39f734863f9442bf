// `webhook-doctor sign`: print the signature headers a sender would attach to a body.
import { z } from 'zod';
import { createReadStream } from 'node:fs';
import { usageError } from '../errors.js';
import { choiceOption, parseOptions, urlOption, type CommandInput } from '../options.js';
import { createOutput } from '../ui/output.js';
import { renderSignedFields, renderSignedHeaders } from '../ui/signatures.js';
import { SCHEME_NAMES, isSchemeName, recipeFor, signBodyFields, signFile, signStream, type SchemeName } from '../signatures/index.js';
import { bodySource, readingBody, secretFrom } from '../signatures/cli-inputs.js';

const schema = z.object({
  secret: z.string().optional(),
  scheme: z.string().optional(),
  body: z.string().optional(),
  signatureHeader: z.string().min(1).optional(),
  timestamp: z.coerce.number().int('must be whole unix seconds').min(0, 'must be unix seconds').optional(),
  id: z.string().min(1).optional(),
  url: z.string().optional(),
  method: z.string().regex(/^[A-Za-z]+$/, 'must be an HTTP method such as POST').optional(),
  json: z.boolean().optional(),
});

export async function run(input: CommandInput): Promise<number> {
  const opts = parseOptions(schema, input.opts);
  const output = createOutput({ json: opts.json });
  if (!opts.scheme) throw usageError('no scheme: pass --scheme <name>', `choose one of ${SCHEME_NAMES.join(', ')}`);
  const scheme: SchemeName = choiceOption('scheme', opts.scheme, SCHEME_NAMES)!;
  const url = urlOption('url', opts.url);
  const secret = secretFrom(opts.secret);
  if (recipeFor(scheme).signature.bodyPath) {
    // Mailgun signs a timestamp and token inside the JSON body: there is no body to read, only fields to print.
    const fields = signBodyFields({ scheme, secret, ...(opts.timestamp !== undefined ? { timestamp: opts.timestamp } : {}), ...(opts.id ? { id: opts.id } : {}) });
    renderSignedFields(output, scheme, fields);
    return 0;
  }
  const body = await bodySource(opts.body);
  const signOpts = {
    scheme, secret,
    ...(opts.timestamp !== undefined ? { timestamp: opts.timestamp } : {}),
    ...(opts.id ? { id: opts.id } : {}),
    ...(opts.signatureHeader ? { header: opts.signatureHeader } : {}),
    ...(url ? { url } : {}),
    ...(opts.method ? { method: opts.method } : {}),
  };
  const headers = await readingBody(body.kind === 'stdin' ? 'from stdin' : body.path, () => body.kind === 'file'
    ? signFile(body.path, signOpts)
    : signStream(body.kind === 'pipe' ? createReadStream(body.path) : process.stdin, signOpts));
  renderSignedHeaders(output, scheme, headers);
  return 0;
}
