// The preview host in a real browser (issue 18 item 10): a new user opens the portal's root, follows
// the link to the preview, finds a contact by email and by company, follows the breadcrumb to the
// contacts index, opens a company, and moves a deal to another stage, which reaches the CRM as a UI
// change and the backend as HubSpot's dealstage webhook. No request of the page fails (no 401 for
// the favicon). Debian's chromium with playwright-core, as tests/e2e/story.test.ts.
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
import type { PortalState } from '../../src/local-portal/state.ts';
import { propertyHistory } from '../../src/local-portal/state/history-log.ts';
import { startStack } from './stack.ts';
import type { Stack } from './stack.ts';

jest.setTimeout(180_000);

let stack: Stack;
let browser: Browser;
let page: Page;
let portal: PortalState;
const failures: string[] = [];

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
  const context = await browser.newContext({
    viewport: { width: 1440, height: 1000 },
    locale: 'en-US',
  });
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
  const seen = failures.splice(0);
  expect(seen).toEqual([]);
});

const at = (query: Record<string, string>) =>
  `${stack.portalUrl}/preview?${new URLSearchParams(query).toString()}`;

describeInBrowser('the preview host', () => {
  it('lands on a page at the portal root that opens the preview, favicon included', async () => {
    await page.goto(stack.portalUrl);
    // The icon the pages link to answers without a token (headless chromium may not fetch it).
    expect((await page.request.get(`${stack.portalUrl}/favicon.ico`)).status()).toBe(200);
    await page.getByTestId('landing-en').waitFor();
    await Promise.all([page.waitForURL(/\/preview/), page.getByTestId('landing-preview').click()]);
    await page.getByTestId('picker-record').waitFor();
    // The acting user is a person, the admin named by role instead of "()".
    const users = await page.getByTestId('picker-user').locator('option').allTextContents();
    expect(users[0]).toBe('Alex Berger (Super Admin)');
    expect(users.join('|')).not.toMatch(/\(\)/);
    await screenshot(page, 'host-01-landing-to-preview', { fullPage: false });
  });

  it('finds a contact by email and by company in the record picker', async () => {
    const contacts = portal.listObjects('contacts');
    const wanted = contacts[contacts.length - 1]!;
    await page.goto(at({ view: 'contact' }));
    await page.getByTestId('record-search').fill(wanted.properties.email!);
    expect(await page.getByTestId('record-matches').textContent()).toBe('1 match');
    await Promise.all([
      page.waitForURL(new RegExp(`id=${wanted.id}`)),
      page.getByTestId('record-search').press('Enter'),
    ]);
    await page.getByTestId('record-title').waitFor();
    expect(await page.getByTestId('record-title').textContent()).toContain(
      wanted.properties.firstname!,
    );

    // By company: every listed option belongs to a contact of that company.
    const companyId = portal.listAssociations('contacts', wanted.id, 'companies')[0]!.toObjectId;
    const company = portal.getObject('companies', companyId)!.properties.name!;
    await page.getByTestId('record-search').fill(company);
    const ids = await page
      .getByTestId('picker-record')
      .locator('option')
      .evaluateAll((options) => options.map((option) => (option as HTMLOptionElement).value));
    const ofCompany = new Set(
      portal
        .listAssociations('companies', companyId, 'contacts')
        .map((association) => association.toObjectId),
    );
    expect(ids.length).toBeGreaterThan(0);
    for (const id of ids) expect(ofCompany.has(id) || id === wanted.id).toBe(true);
  });

  it('follows the breadcrumb to the contacts index and opens a company from a record', async () => {
    const contact = portal
      .listObjects('contacts')
      .find((record) => portal.listAssociations('contacts', record.id, 'companies').length > 0)!;
    await page.goto(at({ view: 'contact', id: contact.id }));
    await Promise.all([page.waitForURL(/view=contacts/), page.getByTestId('breadcrumb').click()]);
    await page.getByTestId('index-contact').waitFor();
    expect(await page.getByTestId('index-row').count()).toBe(portal.listObjects('contacts').length);
    await page.getByTestId('index-search').fill(contact.properties.email!);
    expect(await page.getByTestId('index-row').count()).toBe(1);
    await Promise.all([
      page.waitForURL(new RegExp(`view=contact&id=${contact.id}`)),
      page.getByTestId('index-row').getByRole('link').click(),
    ]);

    const companyId = portal.listAssociations('contacts', contact.id, 'companies')[0]!.toObjectId;
    const name = portal.getObject('companies', companyId)!.properties.name!;
    await Promise.all([
      page.waitForURL(new RegExp(`view=company&id=${companyId}`)),
      page.getByTestId('associations-company').getByText(name).click(),
    ]);
    expect(await page.getByTestId('record-title').textContent()).toBe(name);
    await page
      .getByTestId('associations-contact')
      .getByText(contact.properties.firstname!)
      .first()
      .waitFor();
    await screenshot(page, 'host-02-company', { fullPage: false });
  });

  it('moves a deal with the stage control: the CRM records a UI change, the webhook goes out', async () => {
    const deal = portal
      .listObjects('deals')
      .find((record) => record.properties.dealstage === 'appointmentscheduled')!;
    expect(deal).toBeDefined();
    await page.goto(at({ view: 'deal', id: deal.id }));
    await page.getByTestId('deal-stage').waitFor();
    expect(await page.getByTestId('deal-stage').inputValue()).toBe('appointmentscheduled');
    const moved = page.waitForResponse((response) => response.url().endsWith('/stage'));
    await page.getByTestId('deal-stage').selectOption('qualifiedtobuy');
    expect((await moved).status()).toBe(200);
    await page.locator('[data-property="dealstage"] dd').getByText('Qualified To Buy').waitFor();

    const stored = portal.getObject('deals', deal.id)!;
    expect(stored.properties.dealstage).toBe('qualifiedtobuy');
    expect(propertyHistory(stored.history, 'dealstage').at(-1)).toMatchObject({
      sourceType: 'CRM_UI',
    });
    const result = await stack.portal.appCaller.flushWebhooks();
    expect(result.statuses.length).toBeGreaterThan(0);
    expect(result.statuses.every((status) => status >= 200 && status < 300)).toBe(true);
    await screenshot(page, 'host-03-stage-moved', { fullPage: false });
  });
});
