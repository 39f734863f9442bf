// A real headless Chromium (Debian's package) driven by puppeteer-core, for the inspector's tests.
import { existsSync } from 'node:fs';
import puppeteer, { type Browser } from 'puppeteer-core';

/** Where Chromium is: $CHROMIUM_PATH, or Debian's /usr/bin/chromium (.ci/run installs it when missing). */
export function chromiumPath(): string {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter((p): p is string => !!p);
  const found = candidates.find((p) => existsSync(p));
  if (!found) throw new Error(`no Chromium found (looked at ${candidates.join(', ')}): apt-get install -y chromium, or set CHROMIUM_PATH`);
  return found;
}

/** Names the tests use for a DNS-rebinding site: Chromium maps them to 127.0.0.1 itself, nothing is resolved. */
export const REBINDING_HOST = 'rebind.example';

export function launchBrowser(): Promise<Browser> {
  return puppeteer.launch({
    executablePath: chromiumPath(),
    headless: true,
    args: [
      '--no-sandbox', // root in CI containers
      '--disable-gpu',
      '--disable-dev-shm-usage',
      // No name is ever resolved: the rebinding name goes to 127.0.0.1, every other one fails.
      `--host-resolver-rules=MAP ${REBINDING_HOST} 127.0.0.1, MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1`,
      '--no-proxy-server',
    ],
  });
}
