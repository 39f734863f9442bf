// The published package: `npm pack`, install the tarball with --omit=dev into an empty project, run it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../..', import.meta.url));
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

test('npm pack ships only what runs, and the installed tarball explains 429', { timeout: 90_000 }, async () => {
  const dir = await mkdtemp(join(tmpdir(), 'wd-pack-'));
  try {
    // --ignore-scripts: the test suite already built dist/, and rebuilding it here would race other e2e tests.
    const packed = await run(npm, ['pack', '--ignore-scripts', '--json', '--pack-destination', dir], { cwd: root });
    const [info] = JSON.parse(packed.stdout) as Array<{ filename: string; files: Array<{ path: string }> }>;
    const paths = info!.files.map((f) => f.path);
    assert.ok(paths.includes('bin/webhook-doctor.js'));
    assert.ok(paths.includes('dist/cli.js'));
    assert.ok(paths.includes('dist/commands/explain.js'));
    assert.ok(paths.includes('dist/inspector/page.js') && paths.includes('dist/inspector/page.css'), 'the inspector page ships, built');
    assert.ok(!paths.some((p) => p.startsWith('src/') || p.startsWith('test/')), 'sources and tests stay out of the tarball');

    const app = join(dir, 'app');
    await run('mkdir', ['-p', app]);
    await writeFile(join(app, 'package.json'), '{"name":"wd-pack-check","private":true}\n');
    await run(npm, ['install', '--omit=dev', '--no-audit', '--no-fund', '--prefer-offline', join(dir, info!.filename)], { cwd: app, timeout: 80_000 });

    const bin = join(app, 'node_modules', '.bin', 'webhook-doctor');
    const env = { ...process.env, NO_COLOR: '1' };
    const explained = await run(bin, ['explain', '429'], { cwd: app, env });
    assert.match(explained.stdout, /^429 Too Many Requests$/m);
    const version = await run(bin, ['--version'], { cwd: app, env });
    const pkg = JSON.parse(await (await import('node:fs/promises')).readFile(join(root, 'package.json'), 'utf8'));
    assert.equal(version.stdout.trim(), pkg.version);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
