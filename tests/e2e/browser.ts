// How every browser story finds and starts Chromium. Without it a developer's `npm test` skips the
// stories and says so (like the PostgreSQL ones); in CI (CI=true, where .ci/run installs it) or
// with E2E=1 a missing browser fails the run.
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
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

/** The folder the screenshots are written to; docs/screenshots are copied from it. */
export const SHOTS = path.resolve('test-results', 'e2e');
/**
 * Screenshots are pictures for the docs, not checks: they are written with E2E_SCREENSHOTS=1
 * (`npm run screenshots`) and skipped otherwise. A full-page PNG costs about 0.3 s; the 19 of the
 * story alone were 5.5 s of its 29 s.
 */
export const screenshotsWanted = process.env.E2E_SCREENSHOTS === '1';

/** Writes test-results/e2e/<name>.png of `page` (the whole page unless `fullPage` is false). */
export async function screenshot(
  page: Page,
  name: string,
  options: { fullPage?: boolean } = {},
): Promise<void> {
  if (!screenshotsWanted) return;
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({
    path: path.join(SHOTS, `${name}.png`),
    fullPage: options.fullPage ?? true,
  });
}
