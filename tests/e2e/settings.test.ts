// The settings page as an admin uses it, in a real browser at 1280 × 800 (issue 18 items 7 and
// 11): every tab is small enough to scan, the scoring rules are grouped and collapsed, a rule's
// property is picked by its portal label and stored by its internal name, lead statuses and stages
// are picked by label, the score preview finds a contact by name, Save is always on screen, a
// refused value is explained next to its field in German and linked to it for assistive
// technology, buttons have distinct names, Tab follows the layout, and a save survives a reload.
// Debian's chromium with playwright-core, as tests/e2e/story.test.ts.
import { readFileSync } from 'node:fs';
import type { Browser, Locator, Page } from 'playwright-core';
import {
  browserInstalled,
  browserRequired,
  CHROMIUM,
  describeInBrowser,
  launchChromium,
  screenshot,
} from './browser.ts';
import { readWebhookSubscriptions } from '../../src/local-portal/config.ts';
import type { PortalState } from '../../src/local-portal/state.ts';
import { startStack } from './stack.ts';
import type { Stack } from './stack.ts';

/** The laptop screen the issue measured the page on. */
const VIEWPORT = { width: 1280, height: 800 };
/** The tallest a tab may be with everything collapsed: one screen (the old page was 10,733 px). */
const MAX_TAB_HEIGHT = VIEWPORT.height;
/** The most form controls one tab may show before anything is opened. */
const MAX_TAB_CONTROLS = 30;

jest.setTimeout(240_000);

let stack: Stack;
let browser: Browser;
let page: Page;
let portal: PortalState;
const failures: string[] = [];

interface StoredRule {
  id: string;
  property: string;
  operator: string;
  value?: unknown;
  points: number;
}
interface StoredSettings {
  version: number;
  settings: {
    scoring: { fit: { groups: { id: string; rules: StoredRule[] }[] } };
    lifecycle: { handOffLeadStatus: string; stageMap: Record<string, string> };
  };
}

beforeAll(async () => {
  if (!browserInstalled && !browserRequired) return;
  if (!browserInstalled)
    throw new Error(`The end-to-end tests need Debian's chromium at ${CHROMIUM}.`);
  stack = await startStack({
    webhookSubscriptions: readWebhookSubscriptions(
      readFileSync('extensions/app/webhooks/webhooks-hsmeta.json', 'utf8'),
    ),
  });
  portal = stack.portal.registry.ensure(stack.portal.demoPortalId);
  browser = await launchChromium();
  const context = await browser.newContext({ viewport: VIEWPORT, locale: 'en-US' });
  context.setDefaultTimeout(20_000);
  page = await context.newPage();
  page.on('pageerror', (error) => failures.push(error.message));
  page.on('response', (response) => {
    if (response.status() >= 400) failures.push(`${response.status()} ${response.url()}`);
  });
});

afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

afterEach(() => {
  expect(failures.splice(0)).toEqual([]);
});

const settingsUrl = (lang = 'en') =>
  `${stack.portalUrl}/preview?${new URLSearchParams({
    view: 'settings',
    user: stack.seed.marketingOwnerIds[0]!,
    lang,
  }).toString()}`;

const extension = () => page.locator('[data-extension="opportunity_plan_settings"]');

async function openSettings(lang = 'en'): Promise<void> {
  await page.goto(settingsUrl(lang));
  await page.getByTestId('settings-bar').waitFor();
}

async function shot(step: string, fullPage = false): Promise<void> {
  await screenshot(page, step, { fullPage });
}

/** The panel of the selected tab. */
const openPanel = () => extension().locator('[role="tabpanel"]:not([hidden])');

async function openTab(name: string): Promise<void> {
  await extension().getByRole('tab', { name, exact: true }).click();
  await openPanel().waitFor();
}

async function stored(): Promise<StoredSettings> {
  return (await stack.card<StoredSettings>('GET', '/api/settings')).data!;
}

/** Whether the element is entirely on screen (not scrolled away). */
async function onScreen(locator: Locator): Promise<boolean> {
  const box = await locator.boundingBox();
  return box !== null && box.y >= 0 && box.y + box.height <= VIEWPORT.height;
}

/** Whether one of the page's Save buttons is entirely on screen. */
async function anySaveOnScreen(): Promise<boolean> {
  const buttons = extension().locator(
    '[data-testid="settings-save"], [data-testid="settings-save-bottom"], [data-testid$=".bar-save"]',
  );
  for (let i = 0; i < (await buttons.count()); i += 1)
    if ((await buttons.nth(i).isVisible()) && (await onScreen(buttons.nth(i)))) return true;
  return false;
}

/** The option labels of a select, in order. */
const optionLabels = (select: Locator) => select.locator('option').allTextContents();

/** The label of the selected option. */
const selectedLabel = (select: Locator) =>
  select.evaluate((node) => {
    const element = node as HTMLSelectElement;
    return element.selectedOptions[0]?.textContent ?? '';
  });

/** Saves from the top bar and waits for the new version. */
async function save(): Promise<number> {
  const before = (await stored()).version;
  await page.getByTestId('settings-save').click();
  await page
    .getByTestId('settings-version')
    .getByText(`Version ${before + 1}`)
    .waitFor();
  return before + 1;
}

describeInBrowser('the settings page an admin uses', () => {
  it('fits each tab into one screen, the tab strip into one row', async () => {
    await openSettings();
    const tabs = extension().getByRole('tab');
    const count = await tabs.count();
    expect(count).toBe(12);
    const tops = new Set<number>();
    for (let i = 0; i < count; i += 1) tops.add(Math.round((await tabs.nth(i).boundingBox())!.y));
    expect([...tops]).toHaveLength(1);

    const heights: Record<string, number> = {};
    const counts: Record<string, number> = {};
    for (let i = 0; i < count; i += 1) {
      const name = (await tabs.nth(i).textContent())!;
      await tabs.nth(i).click();
      const panel = openPanel();
      await panel.waitFor();
      // The panels that load (calibration, rescore) settle first.
      await page.waitForTimeout(200);
      heights[name] = Math.round((await panel.boundingBox())!.height);
      const controls = await panel
        .locator('input:visible, select:visible, textarea:visible')
        .count();
      counts[name] = controls;
      expect({ name, controls: Math.min(controls, MAX_TAB_CONTROLS) }).toEqual({
        name,
        controls,
      });
    }
    console.info(
      `settings tabs at 1280 × 800: heights ${JSON.stringify(heights)}, controls ${JSON.stringify(counts)}`,
    );
    for (const [name, height] of Object.entries(heights))
      expect({ name, height: Math.min(height, MAX_TAB_HEIGHT) }).toEqual({ name, height });
  });

  it('keeps the German tab strip in one row too, with no tab title cut off', async () => {
    // German titles run longer than English ones; a strip that wraps pushes the form down.
    await openSettings('de');
    const tabs = extension().getByRole('tab');
    expect(await tabs.count()).toBe(12);
    const boxes = [];
    for (let i = 0; i < 12; i += 1) boxes.push((await tabs.nth(i).boundingBox())!);
    expect(new Set(boxes.map((box) => Math.round(box.y))).size).toBe(1);
    const cut = await tabs.evaluateAll((nodes) =>
      nodes.filter((node) => node.scrollWidth > node.clientWidth).map((node) => node.textContent),
    );
    expect(cut).toEqual([]);
    await shot('settings-00-tabs-de');
  });

  it('lists the rules grouped and collapsed, and picks a property by its label', async () => {
    await openSettings();
    await openTab('Fit');
    const groups = openPanel().locator('.hs-accordion-toggle');
    expect(await groups.count()).toBeGreaterThan(2);
    for (const state of await groups.evaluateAll((nodes) =>
      nodes.map((node) => node.getAttribute('aria-expanded')),
    ))
      expect(state).toBe('false');
    await expect(groups.first().textContent()).resolves.toMatch(/^▸Seniority \(\d+ rules/);
    // Nothing of a rule is an input until its group and then the rule are opened.
    expect(await openPanel().locator('[data-testid$=".property"]:visible').count()).toBe(0);
    await shot('settings-01-fit-collapsed');

    await groups.first().click();
    const rule = 'scoring.fit.groups.0.rules.0';
    await expect(page.getByTestId(`${rule}.summary`).textContent()).resolves.toMatch(/job title/i);
    await page.getByTestId(`${rule}.toggle`).click();
    const picker = page.getByTestId(`${rule}.property`);
    const labels = await optionLabels(picker);
    // The portal's properties by label; no internal name is shown where a label exists.
    expect(labels).toEqual(expect.arrayContaining(['Job Title', 'Country/Region', 'Industry']));
    expect(labels).not.toContain('jobtitle');
    expect(labels).not.toContain('hs_lead_status');
    expect(await selectedLabel(picker)).toBe('Job Title');
    await picker.selectOption({ label: 'Country/Region' });
    const value = page.getByTestId(`${rule}.value`);
    if ((await value.evaluate((node) => node.tagName)) === 'TEXTAREA') {
      await value.fill('Germany\nAustria');
    } else {
      await value.fill('Germany');
    }
    await value.press('Tab');
    await shot('settings-02-rule-by-label');
    const version = await save();

    const rules = (await stored()).settings.scoring.fit.groups[0]!.rules;
    expect(rules[0]!.property).toBe('country');
    expect(JSON.stringify(rules[0]!.value)).toMatch(/Germany/);
    // The save survives a reload: the rule reads by the label again.
    await page.reload();
    await page.getByTestId('settings-version').getByText(`Version ${version}`).waitFor();
    await openPanel().locator('.hs-accordion-toggle').first().click();
    await expect(page.getByTestId(`${rule}.summary`).textContent()).resolves.toMatch(
      /Country\/Region/,
    );
  });

  it('picks the hand-off lead status, the deal stage and lifecycle stages by label', async () => {
    await openSettings();
    await openTab('Hand-off');
    const status = page.getByTestId('lifecycle.handOffLeadStatus');
    const statusLabels = await optionLabels(status);
    expect(statusLabels).toEqual(expect.arrayContaining(['In Progress', 'Connected']));
    expect(statusLabels).not.toContain('IN_PROGRESS');
    const stage = page.getByTestId('lifecycle.newDeal.stageId');
    const pipeline = portal.listPipelines('deals')[0]!;
    expect(await optionLabels(stage)).toEqual(pipeline.stages.map((entry) => entry.label));

    await extension()
      .getByRole('button', { name: /Lifecycle stage values/ })
      .click();
    const mql = page.getByTestId('lifecycle.stageMap.mql');
    expect(await mql.evaluate((node) => node.tagName)).toBe('SELECT');
    expect(await selectedLabel(mql)).toBe('Marketing Qualified Lead');

    await status.selectOption({ label: 'Connected' });
    await shot('settings-03-hand-off-by-label');
    await save();
    expect((await stored()).settings.lifecycle.handOffLeadStatus).toBe('CONNECTED');
    await page.reload();
    await openTab('Hand-off');
    expect(await selectedLabel(page.getByTestId('lifecycle.handOffLeadStatus'))).toBe('Connected');
  });

  it('previews the score of a contact found by name, every rule explained', async () => {
    const contact = portal
      .listObjects('contacts')
      .find((record) => record.properties.firstname && record.properties.lastname)!;
    await openSettings();
    await openTab('Preview');
    // No field asks for a numeric record id.
    expect(await openPanel().locator('input[type="number"]').count()).toBe(0);
    const name = `${contact.properties.firstname} ${contact.properties.lastname}`;
    await page.getByTestId('preview-search').fill(name);
    await page.getByTestId('preview-find').click();
    const picker = page.getByTestId('preview-contact');
    await picker.waitFor();
    for (const label of await optionLabels(picker)) expect(label).toContain(name);
    await picker.selectOption(contact.id);
    await page.getByTestId('preview-button').click();
    await page.getByTestId('preview-result').waitFor();
    const rows = await page.getByTestId('preview-rules').locator('tbody tr').allInnerTexts();
    expect(rows.length).toBeGreaterThan(5);
    expect(rows.some((row) => /not matched/.test(row))).toBe(true);
    await expect(page.getByTestId('preview-grade-explained').textContent()).resolves.toMatch(
      /grade/i,
    );
    await shot('settings-04-score-preview', true);
  });

  it('keeps a Save button on screen wherever the admin edits or scrolls', async () => {
    await openSettings();
    await openTab('Fit');
    // The last rule of the longest group, edited where it is: Save is right there.
    await openPanel().locator('.hs-accordion-toggle').first().click();
    const rules = openPanel().locator(
      '[data-testid^="scoring.fit.groups.0.rules."][data-testid$=".toggle"]',
    );
    const last = (await rules.count()) - 1;
    const rule = `scoring.fit.groups.0.rules.${last}`;
    await page.getByTestId(`${rule}.toggle`).click();
    const points = page.getByTestId(`${rule}.points`);
    await points.evaluate((node) => node.scrollIntoView({ block: 'center' }));
    await points.fill('7');
    await points.press('Tab');
    await page.getByTestId('settings-save-bottom').waitFor();
    expect(await anySaveOnScreen()).toBe(true);
    await shot('settings-06-save-at-the-rule');

    // Every other tab, while something is unsaved: a Save button at every scroll position.
    for (const tab of [
      'Thresholds',
      'Hand-off',
      'Owners',
      'Reasons',
      'Qualification',
      'Gates',
      'Competitors',
    ]) {
      await openTab(tab);
      const height = await page.evaluate(() => document.documentElement.scrollHeight);
      for (let y = 0; y <= height; y += VIEWPORT.height / 4) {
        await page.evaluate((top) => window.scrollTo(0, top), y);
        expect({ tab, y, visible: await anySaveOnScreen() }).toEqual({ tab, y, visible: true });
      }
    }
    await page.getByTestId('settings-discard').click();
    await page
      .getByTestId('settings-version')
      .getByText(/^Version/)
      .waitFor();
  });

  it('explains a refused value next to its field, in German, linked for screen readers', async () => {
    const before = (await stored()).version;
    await openSettings('de');
    await openTab('Schwellen');
    const mql = page.getByTestId('scoring.thresholds.mql');
    const sql = page.getByTestId('scoring.thresholds.sql');
    await sql.fill(String(Number(await mql.inputValue()) - 1));
    await sql.press('Tab');
    await page.getByTestId('settings-save').click();
    await page.getByTestId('settings-validation').waitFor();
    expect(await page.getByTestId('settings-validation').innerText()).toMatch(
      /1 Feld muss korrigiert werden/,
    );

    expect(await sql.getAttribute('aria-invalid')).toBe('true');
    const describedBy = (await sql.getAttribute('aria-describedby'))!.split(' ');
    const message = page.locator(`[id="${describedBy[0]}"]`);
    expect(await message.textContent()).toBe(
      'Die SQL-Schwelle darf nicht unter der MQL-Schwelle liegen.',
    );
    expect(await sql.getAttribute('aria-errormessage')).toBe(describedBy[0]);
    // Next to the field: right under it, in the same column.
    const field = (await sql.boundingBox())!;
    const text = (await message.boundingBox())!;
    expect(text.y - (field.y + field.height)).toBeGreaterThanOrEqual(0);
    expect(text.y - (field.y + field.height)).toBeLessThan(24);
    expect(Math.abs(text.x - field.x)).toBeLessThan(24);
    // The tab holding it says so, and nothing was saved.
    await extension().getByRole('tab', { name: 'Schwellen (1)' }).waitFor();
    expect((await stored()).version).toBe(before);
    await shot('settings-05-german-field-error');
    await page.getByTestId('settings-discard').click();
  });

  it('gives every button its own name and tabs through the fields in reading order', async () => {
    await openSettings();
    for (const tab of ['Fit', 'Reasons', 'Gates', 'Competitors']) {
      await openTab(tab);
      // A group open: its rules' Edit and Remove buttons each name their rule.
      if (tab === 'Fit') await openPanel().locator('.hs-accordion-toggle').first().click();
      const names = await extension()
        .locator('button:visible')
        .evaluateAll((buttons) =>
          buttons.map((button) =>
            (button.getAttribute('aria-label') ?? button.textContent ?? '').trim(),
          ),
        );
      const repeated = names.filter((name, index) => names.indexOf(name) !== index);
      expect({ tab, repeated }).toEqual({ tab, repeated: [] });
    }

    // Tab order on the hand-off tab: each stop is below the previous one or to its right.
    await openTab('Hand-off');
    await page.getByTestId('settings-bar').click({ position: { x: 2, y: 2 } });
    const stops: { name: string; x: number; y: number; right: number; bottom: number }[] = [];
    for (let i = 0; i < 40; i += 1) {
      await page.keyboard.press('Tab');
      const stop = await page.evaluate(() => {
        const active = document.activeElement as HTMLElement | null;
        if (!active?.closest('[data-extension="opportunity_plan_settings"]')) return null;
        const box = active.getBoundingClientRect();
        return {
          name: active.getAttribute('name') ?? active.textContent?.trim() ?? active.tagName,
          x: box.left,
          y: box.top + window.scrollY,
          right: box.right,
          bottom: box.bottom + window.scrollY,
        };
      });
      if (stop === null) break;
      stops.push(stop);
    }
    expect(stops.length).toBeGreaterThan(8);
    const backwards = stops.slice(1).flatMap((stop, index) => {
      const previous = stops[index]!;
      const above = stop.bottom <= previous.y + 2 && stop.x < previous.right - 2;
      const sameRow = stop.y < previous.bottom && stop.bottom > previous.y;
      const left = sameRow && stop.right <= previous.x + 2;
      return above || left ? [`${previous.name} → ${stop.name}`] : [];
    });
    expect(backwards).toEqual([]);
  });
});
