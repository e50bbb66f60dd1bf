// The loop analytics app page and the settings page's Calibration tab in a real browser, on a
// demo portal with months of loop history (src/local-portal/seed-history.ts): the figures the
// issue asks for are on screen in English and German, Apply writes a new settings version, and
// each view leaves a screenshot in test-results/e2e/ (with E2E_SCREENSHOTS=1).
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import {
  browserInstalled,
  browserRequired,
  CHROMIUM,
  describeInBrowser,
  launchChromium,
  screenshot,
} from './browser.ts';
import { readWebhookSubscriptions } from '../../src/local-portal/config.ts';
import { startStack, type Stack } from './stack.ts';

jest.setTimeout(240_000);

let stack: Stack;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];

beforeAll(async () => {
  if (!browserInstalled && !browserRequired) return;
  if (!browserInstalled) throw new Error(`The end-to-end tests need chromium at ${CHROMIUM}.`);
  stack = await startStack({
    webhookSubscriptions: readWebhookSubscriptions(
      readFileSync('extensions/app/webhooks/webhooks-hsmeta.json', 'utf8'),
    ),
    history: {},
  });
  browser = await launchChromium();
  const context = await browser.newContext({
    viewport: { width: 1440, height: 1000 },
    locale: 'en-US',
  });
  context.setDefaultTimeout(30_000);
  page = await context.newPage();
  page.on('pageerror', (error) => pageErrors.push(error.message));
  page.on('response', (response) => {
    if (response.status() >= 400) pageErrors.push(`${response.status()} ${response.url()}`);
  });
});

afterEach(() => {
  expect(pageErrors.splice(0)).toEqual([]);
});

afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

const previewUrl = (query: Record<string, string>): string =>
  `${stack.portalUrl}/preview?${new URLSearchParams(query).toString()}`;

async function shot(step: string): Promise<void> {
  await screenshot(page, step);
}

async function textOf(testId: string): Promise<string> {
  const node = page.getByTestId(testId).first();
  await node.waitFor();
  return node.innerText();
}

describeInBrowser('loop analytics and calibration on a portal with a past', () => {
  it('shows conversion rates, per-loop conversion, time to re-hand-off and competitors', async () => {
    const user = stack.seed.marketingOwnerIds[0]!;
    await page.goto(previewUrl({ view: 'page', user }));
    await page.getByTestId('period').selectOption('52');
    await page.getByTestId('chart-by-loop').waitFor();
    expect(await textOf('table-funnel')).toMatch(/SQL/);
    expect(await textOf('table-by-loop')).toMatch(/After one return/);
    expect(await textOf('re-hand-off-summary')).toMatch(
      /^Median [\d.]+ days over \d+ re-hand-offs\.$/,
    );
    expect(await textOf('table-competitors')).toMatch(/salesforce/i);
    await shot('20-loop-analytics-history');

    await page.goto(previewUrl({ view: 'page', user, lang: 'de' }));
    await page.getByTestId('period').selectOption('52');
    await page.getByTestId('chart-by-loop').waitFor();
    expect(await textOf('table-by-loop')).toMatch(/Nach einer Rückgabe/);
    expect(await textOf('re-hand-off-summary')).toMatch(/^Median [\d.]+ Tage/);
    await shot('21-loop-analytics-history-de');
  });

  it('shows the calibration with at least three rule changes and applies it as a new version', async () => {
    const user = stack.seed.marketingOwnerIds[0]!;
    await page.goto(previewUrl({ view: 'settings', user }));
    await page.getByRole('tab', { name: 'Calibration' }).click();
    await page.getByTestId('proposal-diff').waitFor();
    const rows = await page.getByTestId('proposal-diff').locator('tbody tr').count();
    expect(rows).toBeGreaterThanOrEqual(3);
    expect(await textOf('backtest-summary')).toMatch(/would have avoided [1-9]\d* of \d+ returns/);
    await shot('22-settings-calibration');

    const before = await stack.card<{ version: number }>('GET', '/api/settings');
    await page.getByTestId('calibration-apply').click();
    await page.getByTestId('restore-description').waitFor();
    const after = await stack.card<{ version: number; settings: { previousScoring?: unknown } }>(
      'GET',
      '/api/settings',
    );
    expect(after.data!.version).toBe(before.data!.version + 1);
    expect(after.data!.settings.previousScoring).toBeDefined();
    await shot('23-settings-calibration-applied');

    await page.goto(previewUrl({ view: 'settings', user, lang: 'de' }));
    await page.getByRole('tab', { name: 'Kalibrierung' }).click();
    await page.getByTestId('calibration-summary').waitFor();
    expect(await textOf('calibration-summary')).toMatch(/entschiedene Übergaben/);
    await shot('24-settings-calibration-de');
  });
});
