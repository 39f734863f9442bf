// Every knowledge-base entry against the zod schema, plus the facts that must be right.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { kbEntrySchema } from '../../src/kb/schema.js';
import { entries, getEntry } from '../../src/kb/index.js';
import { profileNames } from '../../src/profiles/index.js';

test('every entry matches the schema', () => {
  for (const entry of entries) {
    const r = kbEntrySchema.safeParse(entry);
    assert.ok(r.success, `${entry.key}: ${r.success ? '' : r.error.message}`);
  }
});

test('keys are unique (case-insensitively) and related keys exist', () => {
  const seen = new Set<string>();
  for (const e of entries) {
    assert.ok(!seen.has(e.key.toLowerCase()), `duplicate ${e.key}`);
    seen.add(e.key.toLowerCase());
  }
  for (const e of entries) for (const r of e.related) assert.ok(getEntry(r), `${e.key} relates to unknown ${r}`);
});

test('sender facts are keyed by known profile names', () => {
  for (const e of entries) for (const name of Object.keys(e.senders)) assert.ok(profileNames.includes(name), `${e.key}: ${name}`);
});

test('the issue\'s required entries are all present', () => {
  const required = [
    '301', '302', '307', '308', '400', '401', '403', '404', '405', '408', '409', '410', '413', '415', '422', '425', '429',
    '500', '502', '503', '504', '2xx', '3xx', '4xx', '5xx',
    'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ESOCKETTIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'EPIPE',
    'CERT_HAS_EXPIRED', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'SELF_SIGNED_CERT_IN_CHAIN', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
    'ERR_TLS_CERT_ALTNAME_INVALID', 'EPROTO',
    'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_SOCKET',
    'signature-mismatch', 'throttled', 'payload-too-large', 'retry-policy', 'timeout',
  ];
  for (const key of required) assert.ok(getEntry(key), `missing ${key}`);
});

test('every entry has at least one fix with a command to check it', () => {
  for (const e of entries) {
    const commands = e.fixes.filter((f) => f.command);
    assert.ok(commands.length > 0, `${e.key} has no checking command`);
    for (const f of commands) assert.match(f.command!, /^(webhook-doctor|curl|openssl|nslookup|printf) /, `${e.key}: ${f.command}`);
  }
});

test('retry advice: retry the transient, not the broken request', () => {
  for (const key of ['408', '425', '429', '500', '502', '503', '504', 'ECONNRESET', 'UND_ERR_CONNECT_TIMEOUT']) assert.equal(getEntry(key)!.retry.retry, 'yes', key);
  for (const key of ['301', '400', '401', '403', '404', '413', '422', 'CERT_HAS_EXPIRED', 'ENOTFOUND', 'signature-mismatch']) assert.equal(getEntry(key)!.retry.retry, 'no', key);
});

test('Braze\'s 408 and 409 rows are not copies of its 405 advice', () => {
  const about405 = getEntry('405')!.fixes.map((f) => f.text);
  for (const key of ['408', '409']) {
    const entry = getEntry(key)!;
    for (const fix of entry.fixes) assert.ok(!about405.includes(fix.text), `${key} repeats 405`);
    assert.doesNotMatch(entry.meaning, /method/i);
  }
});

test('vendor figures: Parapet plans and 1 MB, the time budgets, Particle skipping', () => {
  const parapet429 = getEntry('429')!.senders.parapet!.join(' ');
  for (const figure of ['50/min', '1,000/day', '200/min', '5,000/day', '500/min', '20,000/day']) assert.ok(parapet429.includes(figure), figure);
  assert.match(getEntry('413')!.senders.parapet!.join(' '), /1 MB/);
  const timeout = getEntry('timeout')!.senders;
  assert.match(timeout.cloudaipilot!.join(' '), /10 seconds/);
  assert.match(timeout.particle!.join(' '), /20 seconds/);
  assert.match(timeout.queryai!.join(' '), /30 seconds.*300 seconds/);
  assert.match(getEntry('throttled')!.senders.particle!.join(' '), /30 seconds and after 1 minute/);
});

test('the protocol mix-up entries other helpers point at exist and are found by their wording', () => {
  assert.equal(getEntry('http-to-https-port')!.kind, 'tls');
  assert.equal(getEntry('https-to-http-port')!.kind, 'tls');
  assert.equal(getEntry('http-to-https-port')!.retry.retry, 'no');
  assert.equal(getEntry('https-to-http-port')!.retry.retry, 'no');
});
