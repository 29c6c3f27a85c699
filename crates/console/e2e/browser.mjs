// Headless Chromium from the system (Debian's `chromium`), driven by
// playwright-core: no browser download, no network but loopback.
import { chromium } from 'playwright-core';
import { existsSync } from 'node:fs';

export function chromiumPath() {
  const p = process.env.CHROMIUM || '/usr/bin/chromium';
  if (!existsSync(p)) throw new Error(`no Chromium at ${p}: install Debian's chromium package or set CHROMIUM`);
  return p;
}

export async function launch() {
  const browser = await chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
  return {
    browser,
    // Playwright gives each launch a fresh, throwaway profile.
    close: () => browser.close(),
  };
}
