// The product end to end, in a real browser: Debian's chromium driven by playwright-core against the
// local portal's card preview (/preview), which runs the real cards and signs every backend call as
// HubSpot does. One story from a scored lead to a customer, then a conflicting save from two pages
// and the German UI. With E2E_SCREENSHOTS=1 each step leaves a screenshot in test-results/e2e/<step>.png. What the UI does
// not show is checked in the local portal's CRM (its registry).
import { readFileSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import {
  browserInstalled,
  browserRequired,
  CHROMIUM,
  describeInBrowser,
  launchChromium,
  screenshot,
} from './browser.ts';
import { readWebhookSubscriptions } from '../../src/local-portal/config.ts';
import type { CrmRecord, PortalState } from '../../src/local-portal/state.ts';
import { startStack } from './stack.ts';
import type { Stack } from './stack.ts';
import { story } from './story-steps.ts';

// The story of one lead, step by step; the tests beyond it start from where it ends.
const lead = story();

if (!browserInstalled && !browserRequired) {
  console.warn(
    `End-to-end browser tests skipped: Debian's chromium is not at ${CHROMIUM} ` +
      '(`sudo apt-get install -y chromium`; set E2E=1 to require it).',
  );
}

jest.setTimeout(240_000);

let stack: Stack;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let portal: PortalState;

// Shared by the steps of the story, in order.
let contact: CrmRecord;
let companyId: string;
let dealId: string;
let salesOwnerId: string;

beforeAll(async () => {
  if (!browserInstalled && !browserRequired) return;
  if (!browserInstalled) {
    throw new Error(
      `The end-to-end tests need Debian's chromium at ${CHROMIUM}: install it with ` +
        '`sudo apt-get install -y chromium` (.ci/run does this when it is missing).',
    );
  }
  stack = await startStack({
    webhookSubscriptions: readWebhookSubscriptions(
      readFileSync('extensions/app/webhooks/webhooks-hsmeta.json', 'utf8'),
    ),
  });
  portal = stack.portal.registry.ensure(stack.portal.demoPortalId);
  // The admin's hand-off rules: who is on the sales team, who owns returned leads in marketing.
  const current = await stack.card<{
    version: number;
    settings: { lifecycle: { salesOwnerIds: string[]; marketingOwnerId: string | null } };
  }>('GET', '/api/settings');
  const settings = current.data!.settings;
  settings.lifecycle.salesOwnerIds = stack.seed.salesOwnerIds;
  settings.lifecycle.marketingOwnerId = stack.seed.marketingOwnerIds[0]!;
  const saved = await stack.card('PUT', '/api/settings', {
    version: current.data!.version,
    settings,
  });
  if (!saved.ok) throw new Error(`Saving the hand-off settings failed: ${JSON.stringify(saved)}`);
  // chromium.launch starts the browser with a fresh, temporary user-data dir of its own.
  browser = await launchChromium();
  context = await browser.newContext({ viewport: { width: 1440, height: 1000 }, locale: 'en-US' });
  context.setDefaultTimeout(20_000);
  page = await context.newPage();
  watch(page);
});

/** Script errors of the preview page fail the test that caused them (collected, checked after each). */
const pageErrors: string[] = [];
function watch(target: Page): void {
  target.on('pageerror', (error) => pageErrors.push(error.message));
  target.on('response', (response) => {
    if (response.status() >= 400) pageErrors.push(`${response.status()} ${response.url()}`);
  });
}

afterEach(() => {
  const errors = pageErrors.splice(0);
  expect(errors).toEqual([]);
});

afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

/** The preview URL of a view. */
function previewUrl(query: Record<string, string>): string {
  return `${stack.portalUrl}/preview?${new URLSearchParams(query).toString()}`;
}

async function shot(target: Page, step: string): Promise<void> {
  await screenshot(target, step);
}

/** Types into a text-like field and leaves it, which commits the value (HubSpot's onChange). */
async function type(target: Page, testId: string, value: string): Promise<void> {
  const field = target.getByTestId(testId);
  await field.fill(value);
  await field.press('Tab');
}

async function select(target: Page, testId: string, value: string | string[]): Promise<void> {
  await target.getByTestId(testId).selectOption(value);
}

/** Waits until a toast containing `text` shows up. */
async function toast(target: Page, text: string | RegExp): Promise<void> {
  await target.getByTestId('toast').filter({ hasText: text }).first().waitFor();
}

async function textOf(target: Page, testId: string): Promise<string> {
  const node = target.getByTestId(testId);
  await node.first().waitFor();
  return (await node.first().innerText()).trim();
}

/** Waits until the element's text matches. */
async function untilText(target: Page, testId: string, expected: RegExp): Promise<void> {
  await target.getByTestId(testId).filter({ hasText: expected }).first().waitFor();
}

function dealsOf(contactId: string): string[] {
  return portal.listAssociations('contacts', contactId, 'deals').map((entry) => entry.toObjectId);
}

/**
 * Waits for the card's next draft call (`PUT`/`DELETE` …/drafts/…) through the preview's
 * hubspot.fetch and its answer; resolves the HubSpot user id the preview signed it for.
 */
async function draftCall(target: Page, method: 'PUT' | 'DELETE'): Promise<string> {
  const response = await target.waitForResponse((candidate) => {
    const request = candidate.request();
    if (!request.url().endsWith('/_local/hubspot-fetch')) return false;
    const sent = JSON.parse(request.postData() ?? '{}') as { url?: string; method?: string };
    return sent.method === method && /\/api\/deals\/\d+\/drafts/.test(sent.url ?? '');
  });
  expect(response.status()).toBe(200);
  return response.request().headers()['x-local-user-id'] ?? '';
}

/** The drafts the backend keeps for `userId` on the story's deal (signed as HubSpot signs it). */
async function draftsAtBackend(userId: string): Promise<unknown[]> {
  const response = await stack.portal.appCaller.proxyFetch({
    url: `${stack.backendUrl}/api/deals/${dealId}/drafts`,
    method: 'GET',
    portalId: stack.portal.demoPortalId,
    userId: Number(userId),
    userEmail: 'e2e@example.com',
  });
  const answer = JSON.parse(response.body) as { ok: boolean; data?: { drafts: unknown[] } };
  expect(answer.ok).toBe(true);
  return answer.data!.drafts;
}

/** Opens a section of the plan (one accordion; the others close). */
async function openSection(target: Page, section: string): Promise<void> {
  const toggle = target.getByTestId(`plan-section-${section}-toggle`);
  if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
}

/** Saves from the card's one Save/Cancel bar and waits for the section to be complete. */
async function saveSection(target: Page, section: string): Promise<void> {
  // The bar appears with the first change, and the section is marked unsaved.
  await untilText(target, 'plan-unsaved', /Unsaved changes/);
  expect(await target.getByTestId(`plan-section-${section}-toggle`).innerText()).toMatch(/unsaved/);
  await target.getByTestId('plan-save').click();
  await untilText(target, `section-${section}-progress`, /100%/);
  // Saved: the bar is gone.
  await target.getByTestId('plan-bar').waitFor({ state: 'detached' });
}

/** The inline problem shown next to the field with `testId`. */
function fieldProblem(target: Page, testId: string) {
  return target
    .locator('.hs-field', { has: target.getByTestId(testId) })
    .locator('.hs-validation-error');
}

describeInBrowser('the lead-to-customer story in the card preview (chromium)', () => {
  lead.step('shows a contact with its score and the reasons for it', async () => {
    // GIVEN a lead of the demo portal with a company and no deal yet
    contact = portal
      .listObjects('contacts')
      .find(
        (record) =>
          ['lead', 'marketingqualifiedlead'].includes(record.properties.lifecyclestage ?? '') &&
          dealsOf(record.id).length === 0 &&
          portal.listAssociations('contacts', record.id, 'companies').length > 0,
      )!;
    expect(contact).toBeDefined();
    companyId = portal.listAssociations('contacts', contact.id, 'companies')[0]!.toObjectId;
    salesOwnerId = stack.seed.salesOwnerIds[1]!;

    // WHEN a marketer opens the preview and picks the contact
    await page.goto(previewUrl({ view: 'contact', user: stack.seed.marketingOwnerIds[0]! }));
    await page.getByTestId('picker-record').waitFor();
    await Promise.all([page.waitForURL(/id=/), select(page, 'picker-record', contact.id)]);

    // THEN the lead card shows fit, engagement, total and grade, and the reasons with their points
    await page.getByTestId('lead-scores').waitFor();
    const scores = await textOf(page, 'lead-scores');
    expect(scores).toMatch(/Fit/i);
    expect(scores).toMatch(/Grade/i);
    expect(await page.getByTestId('lead-reasons').locator('tbody tr').count()).toBeGreaterThan(0);
    expect(await textOf(page, 'record-title')).toContain(contact.properties.firstname!);
    await shot(page, '01-contact-score');
  });

  lead.step(
    'hands the lead off to sales: a deal appears, owned by the chosen sales owner',
    async () => {
      await page.getByTestId('hand-off-toggle').click();
      await select(page, 'hand-off-owner', salesOwnerId);
      await type(page, 'hand-off-deal-name', 'E2E pilot');
      await shot(page, '02-hand-off-form');
      await page.getByTestId('hand-off-submit').click();
      await toast(page, /handed off|übergeben/i);

      const deals = dealsOf(contact.id);
      expect(deals).toHaveLength(1);
      dealId = deals[0]!;
      const deal = portal.getObject('deals', dealId)!;
      expect(deal.properties.hubspot_owner_id).toBe(salesOwnerId);
      expect(portal.getObject('contacts', contact.id)!.properties.hubspot_owner_id).toBe(
        salesOwnerId,
      );

      // The record page lists the new deal on the right, without a reload: the card told HubSpot
      // the record changed (refreshObjectProperties), and the association cards re-read it.
      await page.getByTestId('associations-deal').getByText('E2E pilot').waitFor();
      await shot(page, '03-handed-off');
    },
  );

  lead.step('fills every section of the plan and answers the four questions', async () => {
    // The sales owner opens the deal from the contact's associations.
    await page.goto(previewUrl({ view: 'contact', id: contact.id, user: salesOwnerId }));
    await Promise.all([
      page.waitForURL(/view=deal/),
      page.getByTestId('associations-deal').getByText('E2E pilot').click(),
    ]);
    await page.getByTestId('plan-tabs').waitFor();
    await shot(page, '04-deal-plan-empty');
    // One "Opportunity Plan" title (the card's), no Save bar while nothing changed.
    expect(await page.getByTestId('plan-bar').count()).toBe(0);

    // 1 account team
    await openSection(page, 'accountTeam');
    await select(page, 'accountTeam-teamLead', salesOwnerId);
    await page.getByTestId('accountTeam-members-add').click();
    await select(page, 'accountTeam-members-0-ownerId', stack.seed.salesOwnerIds[2]!);
    await type(page, 'accountTeam-members-0-role', 'Solution engineer');
    await saveSection(page, 'accountTeam');

    // 2 customer profile
    await openSection(page, 'customerProfile');
    for (const [list, value] of [
      ['businessAreas', 'Industrial automation'],
      ['products', 'Packaging lines'],
      ['customersOfCustomer', 'Food producers'],
      ['competitorsOfCustomer', 'Krones'],
    ] as const) {
      await page.getByTestId(`customerProfile-${list}-add`).click();
      await type(page, `customerProfile-${list}-0`, value);
    }
    await type(page, 'customerProfile-annualRevenue', '25000000');
    await type(page, 'customerProfile-currency', 'EUR');
    await type(page, 'customerProfile-employees', '180');
    await page.getByTestId('customerProfile-contactPoints-add').click();
    await type(page, 'customerProfile-contactPoints-0-name', 'Purchasing');
    await saveSection(page, 'customerProfile');

    // 3 opportunity summary
    await openSection(page, 'opportunitySummary');
    await type(page, 'opportunitySummary-projectDescription', 'Replace the line controllers.');
    await type(page, 'opportunitySummary-solution', 'Our controller suite with migration.');
    await type(page, 'opportunitySummary-budgetAmount', '120000');
    await type(page, 'opportunitySummary-budgetCurrency', 'EUR');
    await page.getByTestId('opportunitySummary-budgetConfirmed').check();
    await page.getByTestId('opportunitySummary-problems-add').click();
    await type(page, 'opportunitySummary-problems-0', 'Unplanned downtime');
    await select(page, 'opportunitySummary-actNow', 'act_now');
    const consequences = page.locator('textarea[name="consequencesOfInaction"]');
    await consequences.fill('Downtime keeps costing 40k a month.');
    await consequences.press('Tab');
    await page.getByTestId('opportunitySummary-targetDate').fill('2026-11-30');
    await page.getByTestId('opportunitySummary-expectedResults-add').click();
    await type(page, 'opportunitySummary-expectedResults-0', 'Downtime halved');
    await saveSection(page, 'opportunitySummary');

    // 4 milestones & buying process
    await openSection(page, 'buyingProcess');
    await page.getByTestId('buyingProcess-steps-add').click();
    await type(page, 'buyingProcess-steps-0-name', 'Technical evaluation');
    await page.getByTestId('buyingProcess-steps-0-dueDate').fill('2026-09-15');
    await type(page, 'buyingProcess-steps-0-owner', 'Head of engineering');
    await page.getByTestId('buyingProcess-customerDeadlines-add').click();
    await type(page, 'buyingProcess-customerDeadlines-0-name', 'Budget freeze');
    await page.getByTestId('buyingProcess-customerDeadlines-0-date').fill('2026-12-01');
    await saveSection(page, 'buyingProcess');

    // 5 key people, roles & decision criteria
    await openSection(page, 'keyPeople');
    await page.getByTestId(`keyPeople-add-${contact.id}`).click();
    await select(page, 'keyPeople-stakeholders-0-roles', [
      'champion',
      'budget_holder',
      'decision_maker',
    ]);
    await select(page, 'keyPeople-stakeholders-0-opinion', 'supporter');
    await page.getByTestId('keyPeople-stakeholders-0-criteria-add').click();
    await type(page, 'keyPeople-stakeholders-0-criteria-0', 'Payback within 18 months');
    await saveSection(page, 'keyPeople');

    // 6 competition
    await openSection(page, 'competition');
    await page.getByTestId('competition-competitors-add').click();
    await type(page, 'competition-competitors-0-name', 'Siemens');
    await select(page, 'competition-competitors-0-threatLevel', 'medium');
    await type(page, 'competition-competitors-0-winStrategy', 'Faster migration, local service.');
    await saveSection(page, 'competition');
    await shot(page, '05-plan-section-saved');

    // The four questions, with evidence and the expected decision date
    await page.getByTestId('plan-tabs-tab-qualification').click();
    for (const question of ['real_opportunity', 'competitive_position', 'good_deal', 'can_win']) {
      await select(page, `assessment-${question}`, '4');
      await type(page, `assessment-${question}-evidence`, `Evidence for ${question}`);
    }
    await page.getByTestId('assessment-decisionDate').fill('2026-10-31');
    await page.getByTestId('assessment-submit').click();
    await page.getByTestId('qualification-verdict').waitFor();
    await untilText(page, 'plan-completeness', /100%/);
    // The sidebar is its own extension: it hears the record change and agrees without a reload.
    await untilText(page, 'sidebar-completeness', /100%/);
    // One re-qualify day in the header, the sidebar and the deal's property (the sidebar hears the
    // assessment's record change on its own, so it is awaited, not read at once).
    await untilText(page, 'sidebar-due', /\d{4}/);
    await untilText(page, 'plan-requalify-by', /\d{4}/);
    const sidebarDay = await textOf(page, 'sidebar-due');
    expect(await textOf(page, 'plan-requalify-by')).toBe(`Re-qualify by: ${sidebarDay}`);
    const requalifyBy = portal.getObject('deals', dealId)!.properties.op_requalify_by ?? '';
    const propertyDay = /^\d+$/.test(requalifyBy)
      ? new Date(Number(requalifyBy)).toISOString().slice(0, 10)
      : requalifyBy.slice(0, 10);
    expect(sidebarDay).toBe(
      new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeZone: 'UTC' }).format(
        new Date(`${propertyDay}T00:00:00Z`),
      ),
    );
    await page.getByTestId('sidebar-verdict').waitFor();
    await shot(page, '06-plan-complete-and-qualified');
  });

  lead.step(
    'returns the opportunity to marketing with a reason: a lead again, owned by marketing, loop 1',
    async () => {
      await page.getByTestId('plan-tabs-tab-plan').click();
      await page.getByTestId('deal-return-panel-toggle').click();
      await page.getByTestId('deal-return-reason').selectOption({ index: 1 });
      await type(page, 'deal-return-note', 'No budget before next fiscal year.');
      await shot(page, '07-return-to-marketing-form');
      await page.getByTestId('deal-return-submit').click();
      await toast(page, /marketing/i);

      const returned = portal.getObject('contacts', contact.id)!;
      expect(returned.properties.lifecyclestage).toBe('lead');
      expect(stack.seed.marketingOwnerIds).toContain(returned.properties.hubspot_owner_id);

      await page.goto(
        previewUrl({ view: 'contact', id: contact.id, user: stack.seed.marketingOwnerIds[0]! }),
      );
      await untilText(page, 'lead-loop-count', /1/);
      expect(await textOf(page, 'lead-lifecycle')).toMatch(/lead/i);
      expect(
        await page.getByTestId('lead-history').locator('tbody tr').count(),
      ).toBeGreaterThanOrEqual(2);
      await shot(page, '08-contact-returned-loop-1');
    },
  );

  lead.step('hands off again: the same deal is reopened with its plan intact', async () => {
    await page.getByTestId('hand-off-toggle').click();
    await select(page, 'hand-off-owner', salesOwnerId);
    await page.getByTestId('hand-off-submit').click();
    await toast(page, /reopened|wieder geöffnet/i);
    expect(dealsOf(contact.id)).toEqual([dealId]);

    await page.goto(previewUrl({ view: 'deal', id: dealId, user: salesOwnerId }));
    await untilText(page, 'plan-completeness', /100%/);
    await openSection(page, 'opportunitySummary');
    expect(await page.getByTestId('opportunitySummary-projectDescription').inputValue()).toBe(
      'Replace the line controllers.',
    );
    expect(await textOf(page, 'plan-loops')).toMatch(/1/);
    await shot(page, '09-deal-reopened-plan-intact');
  });

  lead.step('marks the deal won: contact and company become customers', async () => {
    // GIVEN the seller moves the deal to closed won in HubSpot (the local portal's CRM)
    const wonStage = portal
      .listPipelines('deals')
      .flatMap((pipeline) => pipeline.stages)
      .find((stage) => stage.metadata.probability === '1.0' || stage.id === 'closedwon')!;
    portal.updateObject('deals', dealId, { dealstage: wonStage.id });

    // WHEN HubSpot delivers the webhook
    const delivery = await stack.portal.appCaller.flushWebhooks();
    expect(delivery.failed).toBe(0);

    // THEN contact and company are customers
    expect(portal.getObject('contacts', contact.id)!.properties.lifecyclestage).toBe('customer');
    expect(portal.getObject('companies', companyId)!.properties.lifecyclestage).toBe('customer');
    await page.goto(previewUrl({ view: 'contact', id: contact.id, user: salesOwnerId }));
    await untilText(page, 'lead-lifecycle', /customer/i);
    await shot(page, '10-customer');

    // AND the won deal says so, with neither a re-qualification nor a "not assessed" banner
    await page.goto(previewUrl({ view: 'deal', id: dealId, user: salesOwnerId }));
    await untilText(page, 'plan-outcome', /Won/);
    expect(await page.getByTestId('plan-requalify').count()).toBe(0);
    expect(await page.getByTestId('plan-not-assessed').count()).toBe(0);
    expect(await page.getByTestId('plan-requalify-by').count()).toBe(0);
    expect(await textOf(page, 'sidebar-due')).toBe('—');
    // AND its stage path ends on the won stage instead of offering a next one
    expect(await textOf(page, 'stage-path-end')).toMatch(/won/i);
    expect(await page.getByTestId('move-to-next-stage').count()).toBe(0);
  });
});

describeInBrowser('the card preview beyond the story (chromium)', () => {
  lead.aside(
    'shows a conflict when two pages save the same section, and lets the second overwrite knowingly',
    async () => {
      const url = previewUrl({ view: 'deal', id: dealId, user: salesOwnerId });
      // A second window, not a second tab: chromium throttles the frames of a tab in the background,
      // and playwright's wait for a stable element then takes seconds on whichever tab is behind.
      const otherWindow = await browser.newContext({
        viewport: { width: 1440, height: 1000 },
        locale: 'en-US',
      });
      otherWindow.setDefaultTimeout(20_000);
      const other = await otherWindow.newPage();
      watch(other);
      await Promise.all([page.goto(url), other.goto(url)]);
      for (const target of [page, other]) await openSection(target, 'opportunitySummary');
      await type(page, 'opportunitySummary-solution', 'Version of page one');
      await page.getByTestId('plan-save').click();
      await toast(page, /saved/i);

      // The second page changed the solution and the description; the first only the solution.
      await type(other, 'opportunitySummary-solution', 'Version of page two');
      await type(
        other,
        'opportunitySummary-projectDescription',
        'Replace the line controllers now.',
      );
      await other.getByTestId('plan-save').click();
      await other.getByTestId('section-opportunitySummary-conflict').waitFor();
      // The conflict names what the other person changed, not this user's own description.
      const conflict = await textOf(other, 'section-opportunitySummary-conflict');
      expect(conflict).toMatch(/They changed: Our solution\b/);
      expect(conflict).not.toMatch(/Project description/i);
      await shot(other, '11-conflict');

      await other.getByTestId('section-opportunitySummary-overwrite').click();
      await toast(other, /saved/i);
      const plan = await stack.card<{
        sections: { opportunitySummary: { content: { solution: string } } };
      }>('GET', `/api/deals/${dealId}/plan`);
      expect(plan.data?.sections.opportunitySummary.content.solution).toBe('Version of page two');
      await otherWindow.close();
    },
  );

  lead.aside(
    'keeps unsaved edits while the seller moves around the card, until saved or discarded',
    async () => {
      // HubSpot's cards run in a sandboxed worker without storage or a beforeunload hook: nothing
      // can ask before a browser reload. The card holds every draft itself, so closing a section,
      // opening another or switching tabs loses nothing, and the bar says what is unsaved.
      await page.goto(previewUrl({ view: 'deal', id: dealId, user: salesOwnerId }));
      await openSection(page, 'opportunitySummary');
      const stored = await page.getByTestId('opportunitySummary-solution').inputValue();
      await type(page, 'opportunitySummary-solution', 'Draft typed before moving around');
      await untilText(page, 'plan-unsaved', /Unsaved changes: Opportunity summary/);
      expect(await page.getByTestId('plan-section-opportunitySummary-toggle').innerText()).toMatch(
        /unsaved/,
      );

      await openSection(page, 'competition');
      await page.getByTestId('plan-tabs-tab-qualification').click();
      await page.getByTestId('plan-tabs-tab-plan').click();
      await openSection(page, 'opportunitySummary');
      expect(await page.getByTestId('opportunitySummary-solution').inputValue()).toBe(
        'Draft typed before moving around',
      );
      await untilText(page, 'plan-unsaved', /Opportunity summary/);
      await shot(page, '17-unsaved-changes-bar');
      // Discarded on purpose, the stored text is back and the bar is gone.
      await page.getByTestId('plan-cancel').click();
      await page.getByTestId('plan-bar').waitFor({ state: 'detached' });
      expect(await page.getByTestId('opportunitySummary-solution').inputValue()).toBe(stored);
    },
  );

  lead.aside(
    'loses no unsaved edit on a page reload: the backend kept it, and Discard or Save ends it',
    async () => {
      // The card puts each section's draft to the backend a second after the last change (UI
      // extensions cannot ask before a reload); a new page restores it and says so.
      const url = previewUrl({ view: 'deal', id: dealId, user: salesOwnerId });
      await page.goto(url);
      await openSection(page, 'opportunitySummary');
      const stored = await page.getByTestId('opportunitySummary-solution').inputValue();
      const typed = 'Typed just before the page was reloaded';
      let put = draftCall(page, 'PUT');
      await type(page, 'opportunitySummary-solution', typed);
      const userId = await put;

      // WHEN the page is reloaded: the text is back, with the note from when
      await page.reload();
      await untilText(page, 'plan-restored', /Unsaved changes from .+ were restored/);
      await openSection(page, 'opportunitySummary');
      expect(await page.getByTestId('opportunitySummary-solution').inputValue()).toBe(typed);
      await untilText(page, 'plan-unsaved', /Opportunity summary/);
      await shot(page, '20-draft-restored-after-reload');

      // WHEN the seller discards it: the stored text returns, and the backend forgets the draft
      const removed = draftCall(page, 'DELETE');
      await page.getByTestId('plan-restored-discard').click();
      await page.getByTestId('plan-bar').waitFor({ state: 'detached' });
      expect(await page.getByTestId('opportunitySummary-solution').inputValue()).toBe(stored);
      await removed;
      expect(await draftsAtBackend(userId)).toEqual([]);

      // WHEN a kept draft is saved after a reload: it is stored, and its draft is gone
      put = draftCall(page, 'PUT');
      await type(page, 'opportunitySummary-solution', typed);
      await put;
      await page.reload();
      await page.getByTestId('plan-restored').waitFor();
      await page.getByTestId('plan-restored-keep').click();
      await page.getByTestId('plan-restored').waitFor({ state: 'detached' });
      const settled = draftCall(page, 'DELETE');
      await page.getByTestId('plan-save').click();
      await toast(page, /saved/i);
      await settled;
      expect(await draftsAtBackend(userId)).toEqual([]);
      const plan = await stack.card<{
        sections: { opportunitySummary: { content: { solution: string } } };
      }>('GET', `/api/deals/${dealId}/plan`);
      expect(plan.data?.sections.opportunitySummary.content.solution).toBe(typed);
    },
  );

  lead.aside(
    'refuses an invalid revenue at the field, in German, before anything is sent',
    async () => {
      await page.goto(previewUrl({ view: 'deal', id: dealId, user: salesOwnerId, lang: 'de' }));
      await openSection(page, 'customerProfile');
      const before = portal.getObject('deals', dealId)!.properties;
      await type(page, 'customerProfile-annualRevenue', '-5');
      await page.getByTestId('plan-save').click();
      const problem = fieldProblem(page, 'customerProfile-annualRevenue');
      await problem.waitFor();
      expect((await problem.innerText()).trim()).toBe('Ein Betrag kann nicht negativ sein');
      await toast(page, /Bitte prüfen Sie die markierten Felder/);
      await shot(page, '18-inline-german-error');
      // Nothing was written to the deal
      expect(portal.getObject('deals', dealId)!.properties).toEqual(before);
      await page.getByTestId('plan-cancel').click();
    },
  );

  lead.aside('hosts the settings page and the loop analytics app page', async () => {
    await page.goto(previewUrl({ view: 'settings', user: stack.seed.marketingOwnerIds[0]! }));
    await page
      .locator('[data-extension="opportunity_plan_settings"] [role="tab"]')
      .first()
      .waitFor();
    await shot(page, '14-settings-page');

    // The rescore panel shows the job's real status and counts (not "undefined", not "0 of 0").
    await page.getByRole('tab', { name: 'Rescore' }).click();
    await page.getByTestId('rescore-start').click();
    await untilText(page, 'rescore-progress', /Finished/);
    const rescore = await textOf(page, 'rescore-progress');
    expect(rescore).not.toMatch(/undefined/);
    const counts = /(\d+) of (\d+) contacts/.exec(rescore);
    expect(counts).not.toBeNull();
    expect(Number(counts![2])).toBeGreaterThan(0);
    expect(counts![1]).toBe(counts![2]);
    await shot(page, '19-rescore-finished');

    await page.goto(previewUrl({ view: 'page', user: stack.seed.marketingOwnerIds[0]! }));
    await page.getByTestId('chart-funnel').waitFor();
    // The story's return to marketing is counted by the analytics.
    expect(await page.locator('[data-extension="opportunity_plan_loop_page"]').innerText()).toMatch(
      /return/i,
    );
    await shot(page, '15-loop-analytics-page');
  });

  lead.aside('speaks German to a German user', async () => {
    const lead = portal
      .listObjects('contacts')
      .find((record) => record.id !== contact.id && dealsOf(record.id).length === 0)!;
    await page.goto(previewUrl({ view: 'contact', id: lead.id, user: salesOwnerId, lang: 'de' }));
    await untilText(page, 'lead-scores', /Fit/);
    await page.getByText('Lead-Übergabe an den Vertrieb').waitFor();
    await shot(page, '12-german-contact');

    await page.goto(previewUrl({ view: 'deal', id: dealId, user: salesOwnerId, lang: 'de' }));
    await untilText(page, 'plan-completeness', /Vollständigkeit des Plans/);
    await page.getByRole('tab', { name: 'Qualifizierung' }).first().waitFor();
    await shot(page, '13-german-deal-plan');
  });
});
