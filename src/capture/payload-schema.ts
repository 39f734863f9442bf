// --profile: validating a JSON payload against the sender's zod schema, one finding per field that is off.
// zod is loaded here, on demand, so listen without --profile never pays for it.
import type { Finding } from '../findings.js';
import type { Profile } from '../profiles/index.js';

type Check = (value: unknown) => Finding[];

/** Build the checker once per run; undefined when the profile has no payload schema. */
export async function loadPayloadCheck(profile: Profile): Promise<Check | undefined> {
  if (!profile.payloadSchema) return undefined;
  const { z } = await import('zod');
  const schema = profile.payloadSchema(z);
  const sender = profile.displayName;
  return (value) => {
    const result = schema.safeParse(value);
    if (result.success) return [{ level: 'pass', title: `payload matches ${sender}'s schema` }];
    return result.error.issues.map((issue) => {
      const field = issue.path.length ? issue.path.map(String).join('.') : '(the payload)';
      const got = valueAt(value, issue.path as PropertyKey[]);
      const missing = got === undefined && issue.code === 'invalid_type';
      return {
        level: 'fail' as const,
        title: missing ? `field ${field} is missing (${sender} requires it)` : `field ${field}: ${issue.message}${got === undefined ? '' : `, got ${preview(got)}`}`,
        kb: '400',
        data: { field, code: issue.code, ...(got === undefined ? {} : { got }) },
      };
    });
  };
}

function valueAt(value: unknown, path: PropertyKey[]): unknown {
  let v: unknown = value;
  for (const key of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[key];
  }
  return v;
}

function preview(v: unknown): string {
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 60 ? s.slice(0, 57) + '…' : s;
}
