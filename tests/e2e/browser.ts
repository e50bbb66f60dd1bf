// How every browser story finds and starts Chromium. Without it a developer's `npm test` skips the
// stories and says so (like the PostgreSQL ones); in CI (CI=true, where .ci/run installs it) or
// with E2E=1 a missing browser fails the run.
import { existsSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { chromium } from 'playwright-core';

/** Where Debian installs chromium (`apt-get install chromium`); CI installs it in .ci/run. */
export const CHROMIUM = '/usr/bin/chromium';
export const browserInstalled = existsSync(CHROMIUM);
export const browserRequired = process.env.CI === 'true' || process.env.E2E === '1';
export const describeInBrowser = browserInstalled || browserRequired ? describe : describe.skip;

/** Debian's Chromium, headless, with a fresh temporary profile and no background traffic. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
