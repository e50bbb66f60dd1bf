// The product on HubSpot as it is today (issue 12): the backend, run through install → score →
// hand-off → return → win against the local portal, calls only the 2026-09 date-versioned APIs and
// OAuth 2026-09; workflow actions are v2-signed as HubSpot signs them; won/lost comes from the
// pipeline's metadata in a pipeline whose stage ids are not closedwon/closedlost; a throttled or
// failing token endpoint leaves the portal installed.
import { DEAL_PROPERTIES } from '../../src/domain/properties.ts';
import { createSignatureV2Headers } from '../../src/local-portal/signing.ts';
import { startHarness, type Harness } from './harness.ts';

let h: Harness;
const portalState = () => h.portal.registry.get(h.demoPortalId)!;
const contactOf = (id: string) => portalState().getObject('contacts', id)!;
const dealOf = (id: string) => portalState().getObject('deals', id)!;

/** Paths a date-versioned product may call: every API with its date, OAuth 2026-09, and the
 * browser's consent page (app.hubspot.com/oauth/authorize has no API version). */
const CURRENT_ROUTE =
  /^(GET|POST|PUT|PATCH|DELETE) \/(crm\/(objects|associations|properties|pipelines|owners)\/2026-09(\/|$)|automation\/actions\/callbacks\/2026-09\/|oauth\/2026-09\/token)|^GET \/oauth\/authorize$/;

/** The local portal's client secret, which the harness's backend shares (config default). */
const CLIENT_SECRET = 'local-client-secret';

function leadContact(index: number): string {
  const leads = h.seed.contactIds.filter((id) =>
    ['lead', 'marketingqualifiedlead', 'subscriber'].includes(
      contactOf(id).properties.lifecyclestage ?? '',
    ),
  );
  const id = leads[index];
  if (!id) throw new Error('the seed has too few leads');
  return id;
}

const waits: number[] = [];

beforeAll(async () => {
  h = await startHarness({
    overrides: {
      sleep: async (ms) => {
        waits.push(ms);
      },
    },
  });
  // GIVEN an admin's second deal pipeline whose stage ids are its own (HubSpot gives every
  // pipeline its own ids; only the metadata says which stage is won or lost)
  portalState()
    .listPipelines('deals')
    .push({
      id: 'partner',
      label: 'Partner deals',
      displayOrder: 1,
      archived: false,
      stages: [
        ['p-open', 'false', '0.3'],
        ['p-won', 'true', '1.0'],
        ['p-lost', 'true', '0.0'],
      ].map(([id, isClosed, probability], displayOrder) => ({
        id: id!,
        label: id!,
        displayOrder,
        archived: false,
        metadata: { isClosed: isClosed!, probability: probability! },
      })),
    });
  const page = await h.install(h.demoPortalId);
  expect(page).toMatch(/^200 .*installed in portal/s);
  // AND hand-offs open their deals in that pipeline; a returned deal closes in its lost stage
  const saved = await h.setHandOffRules({
    // No lostStageIds for this pipeline: a returned deal closes in its own pipeline's lost stage.
    newDeal: { pipelineId: 'partner', stageId: 'p-open', namePattern: '{contact}' },
  });
  expect(saved).toMatchObject({ ok: true });
}, 60_000);

afterAll(async () => {
  await h?.close();
});

describe('the backend on HubSpot’s current APIs', () => {
  it('runs install → score → hand-off → return → win calling no legacy route', async () => {
    const contactId = leadContact(0);
    // score (a v2-signed workflow action, as HubSpot sends it)
    const scored = await h.portal.appCaller.callWorkflowAction({
      actionUrl: '/hubspot/actions/score-lead',
      portalId: h.demoPortalId,
      actionDefinitionId: 12,
      workflowId: 78,
      object: { objectId: Number(contactId), objectType: 'CONTACT' },
    });
    expect(scored.status).toBe(200);
    expect(JSON.parse(scored.body).outputFields.hs_execution_state).toBe('SUCCESS');
    // hand-off
    const handedOff = await h.card<{ dealId: string }>(
      'POST',
      `/api/contacts/${contactId}/hand-off`,
      { salesOwner: { mode: 'explicit', ownerId: h.seed.salesOwnerIds[0] }, dealName: 'Partner' },
    );
    expect(handedOff.ok).toBe(true);
    const dealId = handedOff.data!.dealId;
    expect(dealOf(dealId).properties).toMatchObject({ pipeline: 'partner', dealstage: 'p-open' });
    // plan: load (reads association labels with the batch read) and save a section
    const plan = await h.card<{ sections: Record<string, { rev: number }> }>(
      'GET',
      `/api/deals/${dealId}/plan`,
    );
    expect(plan.ok).toBe(true);
    // return
    const returned = await h.card('POST', `/api/deals/${dealId}/return-to-marketing`, {
      reason: 'no_budget',
    });
    expect(returned.ok).toBe(true);
    expect(dealOf(dealId).properties.dealstage).toBe('p-lost');
    expect(contactOf(contactId).properties.lifecyclestage).toBe('lead');
    // hand-off again (reopens the same deal), then the seller wins it in the partner pipeline
    const again = await h.card<{ dealId: string; reopened: boolean }>(
      'POST',
      `/api/contacts/${contactId}/hand-off`,
      { salesOwner: { mode: 'explicit', ownerId: h.seed.salesOwnerIds[0] } },
    );
    expect(again.data).toMatchObject({ dealId, reopened: true });
    portalState().updateObject('deals', dealId, { dealstage: 'p-won' });
    const webhook = await h.portal.appCaller.sendWebhookBatch([
      {
        eventId: 910001,
        subscriptionId: 1,
        portalId: h.demoPortalId,
        appId: h.portal.appId,
        occurredAt: Date.now(),
        subscriptionType: 'deal.propertyChange',
        attemptNumber: 0,
        objectId: Number(dealId),
        propertyName: 'dealstage',
        propertyValue: 'p-won',
        changeSource: 'CRM_UI',
      },
    ]);
    expect(webhook.status).toBe(200);
    // THEN won by the pipeline's metadata (p-won is closed with probability 1), not by its id
    expect(contactOf(contactId).properties.lifecyclestage).toBe('customer');

    // AND every HubSpot call was date-versioned
    const routes = Object.keys(h.portal.counters.snapshot().byRoute).filter(
      (route) => !route.includes(' /_local/'),
    );
    expect(routes.filter((route) => !CURRENT_ROUTE.test(route))).toEqual([]);
    expect(routes).toEqual(
      expect.arrayContaining([
        'POST /oauth/2026-09/token',
        'GET /crm/pipelines/2026-09/deals',
        'POST /crm/associations/2026-09/deals/contacts/batch/read',
      ]),
    );
  });

  it('tells the seller which property a portal validation rule refused, and keeps the section', async () => {
    // GIVEN a deal and an admin rule in HubSpot: the customer budget must be at least 100,000
    const handedOff = await h.card<{ dealId: string }>(
      'POST',
      `/api/contacts/${leadContact(2)}/hand-off`,
      { salesOwner: { mode: 'explicit', ownerId: h.seed.salesOwnerIds[0] }, dealName: 'Rules' },
    );
    expect(handedOff.ok).toBe(true);
    const dealId = handedOff.data!.dealId;
    h.portal.validationRules.set(h.demoPortalId, [
      {
        objectType: 'deals',
        propertyName: DEAL_PROPERTIES.budget.name,
        ruleType: 'MIN_NUMBER',
        ruleArguments: ['100000'],
        message: 'Budget must be at least 100,000.',
      },
    ]);
    try {
      // WHEN the seller saves a summary with a smaller budget
      const saved = await h.card('PUT', `/api/deals/${dealId}/plan/opportunitySummary`, {
        rev: 0,
        content: {
          projectDescription: 'CRM roll-out',
          budget: { amount: 50000, currency: 'EUR', confirmed: true },
        },
      });
      // THEN the answer names the property by its label, in both languages, with HubSpot's words
      expect(saved.ok).toBe(false);
      const error = saved.error as unknown as {
        message: { en: string; de: string };
        fields: { path: string }[];
      };
      expect(error.message.en).toContain('"Customer budget"');
      expect(error.message.en).toContain('Budget must be at least 100,000.');
      expect(error.message.de).toContain('„Kundenbudget“');
      expect(error.fields.map((field) => field.path)).toContain(DEAL_PROPERTIES.budget.name);
      // AND nothing of the section was written (one PATCH, refused as a whole)
      expect(dealOf(dealId).properties[DEAL_PROPERTIES.opportunitySummary.name] ?? '').toBe('');
      expect(dealOf(dealId).properties[DEAL_PROPERTIES.budget.name] ?? '').toBe('');
    } finally {
      h.portal.validationRules.set(h.demoPortalId, []);
    }
  });

  it('accepts a v2-signed workflow call and refuses a tampered one', async () => {
    const contactId = leadContact(1);
    const url = `${h.backendUrl}/hubspot/actions/score-lead`;
    const body = (callbackId: string) =>
      JSON.stringify({
        callbackId,
        origin: { portalId: h.demoPortalId, actionDefinitionId: 12, actionDefinitionVersion: 1 },
        context: { source: 'WORKFLOWS', workflowId: 78 },
        object: { objectId: Number(contactId), objectType: 'CONTACT', properties: {} },
        inputFields: {},
      });
    const send = (signed: string, sent: string) =>
      fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...createSignatureV2Headers({
            clientSecret: CLIENT_SECRET,
            method: 'POST',
            uri: url,
            body: signed,
          }),
        },
        body: sent,
      });
    const accepted = await send(body('cb-v2-ok'), body('cb-v2-ok'));
    expect(accepted.status).toBe(200);
    // WHEN someone changes the body HubSpot signed (another callback, another portal …)
    const tampered = await send(body('cb-v2-a'), body('cb-v2-b'));
    expect(tampered.status).toBe(401);
    expect(await tampered.json()).toMatchObject({ error: { code: 'invalid_signature' } });
  });

  it.each([
    ['a 429', { rate429: 1 }],
    ['a 500', { rate500: 1 }],
  ])('keeps the portal installed when the token refresh meets %s', async (_case, fault) => {
    // GIVEN the portal's access token is about to expire
    const store = h.backend.store;
    const installation = (await store.getInstallation(h.demoPortalId))!;
    await store.saveInstallation({
      portalId: installation.portalId,
      scopes: installation.scopes,
      accessToken: installation.accessToken,
      refreshToken: installation.refreshToken,
      expiresAt: Date.now(),
    });
    // AND HubSpot's token endpoint keeps failing
    h.portal.faults.configure({
      rules: [{ pathPrefix: '/oauth/2026-09/token', method: 'POST', ...fault }],
    });
    waits.length = 0;
    const failed = await h.card('GET', `/api/contacts/${leadContact(2)}/qualification`);
    // THEN the seller is told HubSpot is unavailable, after retries with growing waits …
    expect(failed.ok).toBe(false);
    expect(waits).toEqual([500, 1000, 2000]);
    // … and the portal is still installed: once HubSpot answers again, everything works
    expect((await store.getInstallation(h.demoPortalId))!.status).toBe('active');
    h.portal.faults.configure({ rules: [] });
    const recovered = await h.card('GET', `/api/contacts/${leadContact(2)}/qualification`);
    expect(recovered.ok).toBe(true);
  });
});
