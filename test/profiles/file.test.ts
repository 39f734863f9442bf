// Your own sender as a file: every built-in printed by `profiles show` loads back unchanged, and a bad
// field is one line naming it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { profiles, loadProfile, isProfilePath } from '../../src/profiles/index.js';
import { profileData } from '../../src/profiles/summary.js';
import { readProfileFile } from '../../src/profiles/file.js';

const dir = mkdtempSync(join(tmpdir(), 'wd-profile-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, value: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, typeof value === 'string' ? value : JSON.stringify(value, null, 2));
  return path;
}

test('every built-in, saved as JSON, loads back as the same profile', async () => {
  for (const p of profiles) {
    const path = write(`${p.name}.json`, profileData(p));
    assert.deepEqual(profileData(await loadProfile(path)), profileData(p), p.name);
  }
});

test('a --profile value is a file when it has a path separator or ends in .json', () => {
  assert.ok(isProfilePath('./my-siem.json'));
  assert.ok(isProfilePath('my-siem.json'));
  assert.ok(isProfilePath('conf/siem'));
  assert.ok(!isProfilePath('github'));
  assert.ok(!isProfilePath('Query.ai'));
});

const base = () => profileData(profiles.find((p) => p.name === 'generic')!);

for (const [what, change, message] of [
  ['a negative time budget', (p: Record<string, unknown>) => { p.timeBudgetSeconds = -1; }, /^--profile bad\.json: field timeBudgetSeconds: /],
  ['an unknown recipe', (p: Record<string, unknown>) => { p.signature = { scheme: 'sha256-please', header: 'X-Sig' }; }, /field signature\.scheme: unknown recipe "sha256-please"/],
  ['an unknown handshake', (p: Record<string, unknown>) => { p.handshake = 'carrier-pigeon'; }, /field handshake: unknown handshake "carrier-pigeon"/],
  ['a misspelt field', (p: Record<string, unknown>) => { p.timeBudget = 5; }, /unknown field "timeBudget" \(did you mean "timeBudgetSeconds"\?\)/],
  ['a missing field', (p: Record<string, unknown>) => { delete p.successCodes; }, /field successCodes is missing/],
  ['a success code that is no status', (p: Record<string, unknown>) => { p.successCodes = [200, 2000]; }, /field successCodes\[1\]: /],
  ['a bad event header', (p: Record<string, unknown>) => { p.eventHeaders = [['X-Event']]; }, /field eventHeaders\[0\]/],
  ['an event header name with a space', (p: Record<string, unknown>) => { p.eventHeaders = [['X-Siem Event', 'alert']]; }, /field eventHeaders\[0\]\[0\]: not an HTTP header name/],
  ['an event header value with a line break', (p: Record<string, unknown>) => { p.eventHeaders = [['X-Siem-Event', 'alert\r\nX-Injected: 1']]; }, /field eventHeaders\[0\]\[1\]: a header value cannot hold a line break/],
  ['a User-Agent with a line break', (p: Record<string, unknown>) => { p.userAgent = 'siem/1\nX-Injected: 1'; }, /field userAgent: a header value cannot hold a line break/],
  ['a signature header with a colon', (p: Record<string, unknown>) => { p.signature = { scheme: 'hmac-sha256', header: 'X-Sig:' }; }, /field signature\.header: not an HTTP header name/],
] as const) {
  test(`a profile file with ${what} is refused with one line naming the field`, () => {
    const profile = base();
    change(profile);
    const path = write('bad.json', profile);
    assert.throws(() => readProfileFile(path), (err: Error & { code?: string }) => {
      assert.equal(err.code, 'INPUT');
      assert.match(err.message, message);
      assert.ok(!err.message.includes('\n'), 'one line');
      return true;
    });
  });
}

test('a file that is not JSON, or is not there, is a clear input error', () => {
  assert.throws(() => readProfileFile(write('broken.json', '{"name": "x",}')), /--profile broken\.json: not valid JSON/);
  assert.throws(() => readProfileFile(join(dir, 'absent.json')), /--profile: cannot read .*absent\.json: no such file \(ENOENT\)/);
});

test('your own sender: a SIEM with its own header, recipe and budget', async () => {
  const siem = { ...base(), name: 'my-siem', displayName: 'My SIEM', signature: { scheme: 'hmac-sha256', header: 'X-Siem-Signature' }, timeBudgetSeconds: 7, eventHeaders: [['X-Siem-Event', 'alert']] };
  const p = await loadProfile(write('my-siem.json', siem));
  assert.equal(p.name, 'my-siem');
  assert.equal(p.timeBudgetSeconds, 7);
  assert.deepEqual(p.signature, { scheme: 'hmac-sha256', header: 'X-Siem-Signature' });
});

test('"2xx" in a file stands for the whole 200-299 range, and profiles show writes it so', async () => {
  const data = profileData(profiles.find((p) => p.name === 'github')!);
  assert.equal(data.successCodes, '2xx');
  const p = await loadProfile(write('github-2xx.json', data));
  assert.equal(p.successCodes.length, 100);
  assert.equal(p.successCodes[0], 200);
  assert.deepEqual(profileData(profiles.find((p) => p.name === 'zoom')!).successCodes, [200, 204]);
});

test('a spool entry names a built-in by name and a profile file by its absolute path', async () => {
  const { spoolProfileRef, getProfile } = await import('../../src/profiles/index.js');
  const { isAbsolute } = await import('node:path');
  assert.equal(spoolProfileRef('github', getProfile('github')), 'github');
  const ref = spoolProfileRef('./my-siem.json', getProfile('github'));
  assert.ok(isAbsolute(ref) && ref.endsWith('my-siem.json'), ref);
});
