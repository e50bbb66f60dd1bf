// Issue 15 items 3 and 4 end to end: a seller saves a champion in the card preview (chromium, the
// real cards, calls signed as HubSpot signs them) and the local portal's deal↔contact association
// carries the Champion label; in a portal with HubSpot's Leads object, hand-off qualifies the
// contact's lead and links it to the deal, return leaves an open marketing lead with the reason;
// in a portal without it, the same hand-off and return leave the lead records as they were.
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import {
  browserInstalled,
  CHROMIUM,
  describeInBrowser,
  launchChromium,
  screenshot,
} from './browser.ts';
import { BUYING_ROLE_LABELS } from '../../src/domain/properties.ts';
import { readWebhookSubscriptions } from '../../src/local-portal/config.ts';
import type { CrmRecord, PortalState } from '../../src/local-portal/state.ts';
import { openPlanSection, savePlan, startStack, type Stack } from './stack.ts';
import { story } from './story-steps.ts';

// The story in the portal with Leads, step by step.
const withLeads = story();

jest.setTimeout(240_000);

const subscriptions = () =>
  readWebhookSubscriptions(readFileSync('extensions/app/webhooks/webhooks-hsmeta.json', 'utf8'));

/** Saves the hand-off rules the stories need (sales team, marketing owner). */
async function configure(stack: Stack): Promise<void> {
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
  if (!saved.ok) throw new Error(`Saving the settings failed: ${JSON.stringify(saved)}`);
}

/** A lead of the demo portal with a company and no deal, given an open lead record in HubSpot. */
function leadWithOpenLeadRecord(portal: PortalState): { contact: CrmRecord; leadId: string } {
  const contact = portal
    .listObjects('contacts')
    .find(
      (record) =>
        ['lead', 'marketingqualifiedlead'].includes(record.properties.lifecyclestage ?? '') &&
        portal.listAssociations('contacts', record.id, 'deals').length === 0 &&
        portal.listAssociations('contacts', record.id, 'companies').length > 0,
    )!;
  const lead = portal.createObject(
    'leads',
    { hs_lead_name: `${contact.properties.firstname ?? 'Lead'} – webinar` },
    {
      associations: [
        {
          to: { id: contact.id },
          types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 578 }],
        },
      ],
    },
  );
  return { contact, leadId: lead.id };
}

async function until(check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describeInBrowser('buying roles and HubSpot leads in a portal with Leads (chromium)', () => {
  let stack: Stack;
  let browser: Browser;
  let page: Page;
  let portal: PortalState;
  let contact: CrmRecord;
  let leadId: string;
  let dealId: string;
  const errors: string[] = [];

  beforeAll(async () => {
    if (!browserInstalled) throw new Error(`The end-to-end tests need chromium at ${CHROMIUM}`);
    stack = await startStack({ webhookSubscriptions: subscriptions(), leadsObject: true });
    portal = stack.portal.registry.ensure(stack.portal.demoPortalId);
    await configure(stack);
    ({ contact, leadId } = leadWithOpenLeadRecord(portal));
    browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 1440, height: 1000 } });
    context.setDefaultTimeout(20_000);
    page = await context.newPage();
    page.on('pageerror', (error) => errors.push(error.message));
  });
  afterEach(() => expect(errors.splice(0)).toEqual([]));
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  const preview = (query: Record<string, string>) =>
    `${stack.portalUrl}/preview?${new URLSearchParams(query).toString()}`;

  withLeads.step(
    'hands off: a deal appears and the contact’s lead is qualified and linked to it',
    async () => {
      const salesOwnerId = stack.seed.salesOwnerIds[1]!;
      await page.goto(
        preview({ view: 'contact', id: contact.id, user: stack.seed.marketingOwnerIds[0]! }),
      );
      await page.getByTestId('hand-off-toggle').click();
      await page.getByTestId('hand-off-owner').selectOption(salesOwnerId);
      await page.getByTestId('hand-off-submit').click();
      await page
        .getByTestId('toast')
        .filter({ hasText: /handed off|übergeben/i })
        .first()
        .waitFor();
      const deals = portal.listAssociations('contacts', contact.id, 'deals');
      expect(deals).toHaveLength(1);
      dealId = deals[0]!.toObjectId;
      const lead = portal.getObject('leads', leadId)!;
      expect(lead.properties.hs_pipeline_stage).toBe('qualified-stage-id');
      expect(portal.listAssociations('leads', leadId, 'deals').map((a) => a.toObjectId)).toEqual([
        dealId,
      ]);
      await screenshot(page, 'leads-01-handed-off');
    },
  );

  withLeads.step(
    'saves a champion in the plan: the association in HubSpot carries the Champion label',
    async () => {
      await page.goto(preview({ view: 'deal', id: dealId, user: stack.seed.salesOwnerIds[1]! }));
      await openPlanSection(page, 'keyPeople');
      await page.getByTestId(`keyPeople-add-${contact.id}`).click();
      await page.getByTestId('keyPeople-stakeholders-0-roles').selectOption(['champion']);
      await savePlan(page);
      const labels = () =>
        portal
          .listAssociations('deals', dealId, 'contacts')
          .find((association) => association.toObjectId === contact.id)
          ?.associationTypes.flatMap((type) => (type.label ? [type.label] : [])) ?? [];
      await until(() => labels().includes(BUYING_ROLE_LABELS.champion.en), 'the Champion label');
      expect(labels()).toEqual([BUYING_ROLE_LABELS.champion.en]);
      await screenshot(page, 'leads-02-champion');
    },
  );

  withLeads.step('returns to marketing: an open marketing lead carries the reason', async () => {
    await page.getByTestId('deal-return-panel-toggle').click();
    await page.getByTestId('deal-return-reason').selectOption('no_budget');
    await page.getByTestId('deal-return-submit').click();
    await page
      .getByTestId('toast')
      .filter({ hasText: /marketing/i })
      .first()
      .waitFor();
    const leads = portal
      .listAssociations('contacts', contact.id, 'leads')
      .map((association) => portal.getObject('leads', association.toObjectId)!);
    expect(leads.map((lead) => lead.id)).toEqual([leadId]);
    expect(leads[0]!.properties).toMatchObject({
      hs_pipeline: 'lead-pipeline-id',
      hs_pipeline_stage: 'new-stage-id',
      hs_lead_type: 'RE_ATTEMPTING',
    });
    expect(leads[0]!.properties.hs_lead_name).toContain('No budget');
    expect(portal.getObject('contacts', contact.id)!.properties.lifecyclestage).toBe('lead');
  });
});

describe('hand-off and return in a portal without Leads', () => {
  let stack: Stack;
  afterAll(async () => stack?.close());

  it('leaves the lead records exactly as they were', async () => {
    stack = await startStack({ webhookSubscriptions: subscriptions(), leadsObject: false });
    const portal = stack.portal.registry.ensure(stack.portal.demoPortalId);
    await configure(stack);
    const { contact, leadId } = leadWithOpenLeadRecord(portal);
    const before = structuredClone(portal.getObject('leads', leadId)!.properties);
    const handed = await stack.card<{ dealId: string }>(
      'POST',
      `/api/contacts/${contact.id}/hand-off`,
      {
        salesOwner: { mode: 'explicit', ownerId: stack.seed.salesOwnerIds[0] },
      },
    );
    expect(handed.ok).toBe(true);
    const returned = await stack.card('POST', `/api/contacts/${contact.id}/return-to-marketing`, {
      reason: 'no_budget',
    });
    expect(returned.ok).toBe(true);
    expect(portal.getObject('leads', leadId)!.properties).toEqual(before);
    expect(portal.listAssociations('leads', leadId, 'deals')).toEqual([]);
    expect(portal.listObjects('leads').map((lead) => lead.id)).toEqual([leadId]);
    expect(portal.getObject('contacts', contact.id)!.properties.lifecyclestage).toBe('lead');
  });
});
