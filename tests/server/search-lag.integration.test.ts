// The product under HubSpot's search-index lag: the local portal's search shows nothing written
// during these tests (a lag of 10 minutes; the seed was caught up first), while reads by id see
// every write at once, as on HubSpot. Each case would open a second deal, lose a return or miss a
// win if the product relied on search to see its own writes.
import { startHarness, type Harness } from './harness.ts';

let h: Harness;
const portalState = () => h.portal.registry.get(h.demoPortalId)!;
const dealsOf = (contactId: string) =>
  portalState()
    .listAssociations('contacts', contactId, 'deals')
    .map((association) => association.toObjectId);
/** Seeded contacts that are still leads (so they can be handed off). */
function leadContact(index: number): string {
  const leads = h.seed.contactIds.filter((id) => {
    const stage = portalState().getObject('contacts', id)!.properties.lifecyclestage;
    return stage === 'lead' || stage === 'marketingqualifiedlead' || stage === 'subscriber';
  });
  const id = leads[index];
  if (!id) throw new Error('the seed has too few leads');
  return id;
}

beforeAll(async () => {
  h = await startHarness();
  expect(await h.install(h.demoPortalId)).toMatch(/^200 /);
  const saved = await h.setHandOffRules();
  expect(saved.ok).toBe(true);
  // GIVEN search that sees the seed but none of the writes made from here on
  h.portal.searchIndex.catchUp();
  h.portal.searchIndex.setLagMs(600_000);
}, 60_000);

afterAll(async () => {
  await h?.close();
});

describe('the product while search lags its writes', () => {
  it('hands off, then a workflow hands off the same contact at once: still one deal', async () => {
    const contactId = leadContact(0);
    const first = await h.card<{ dealId: string }>('POST', `/api/contacts/${contactId}/hand-off`, {
      salesOwner: { mode: 'round_robin' },
      dealName: 'Lag deal',
    });
    expect(first.ok).toBe(true);
    // The new deal is not searchable yet …
    const searched = await fetchSearch('deals', 'dealname', 'Lag deal');
    expect(searched).toBe(0);
    // … WHEN a workflow hands off the same contact right away (another callbackId)
    const second = await h.portal.appCaller.callWorkflowAction({
      actionUrl: '/hubspot/actions/hand-off-to-sales',
      portalId: h.demoPortalId,
      actionDefinitionId: 11,
      workflowId: 78,
      callbackId: 'cb-lag-1',
      object: { objectId: Number(contactId), objectType: 'CONTACT' },
      inputFields: { sales_owner_mode: 'round_robin', deal_name: 'Lag deal again' },
    });
    expect(second.status).toBe(200);
    // THEN the contact still has exactly its first deal
    expect(dealsOf(contactId)).toEqual([first.data!.dealId]);
  });

  it('returns to marketing and hands off again at once: the same deal is reopened', async () => {
    const contactId = leadContact(1);
    const handedOff = await h.card<{ dealId: string }>(
      'POST',
      `/api/contacts/${contactId}/hand-off`,
      { salesOwner: { mode: 'round_robin' } },
    );
    expect(handedOff.ok).toBe(true);
    const dealId = handedOff.data!.dealId;
    const returned = await h.card('POST', `/api/deals/${dealId}/return-to-marketing`, {
      reason: 'no_budget',
      note: 'Budget frozen until Q3',
    });
    expect(returned.ok).toBe(true);
    expect(portalState().getObject('contacts', contactId)!.properties.lifecyclestage).not.toBe(
      'opportunity',
    );
    const again = await h.card<{ dealId: string; reopened: boolean }>(
      'POST',
      `/api/contacts/${contactId}/hand-off`,
      { salesOwner: { mode: 'round_robin' } },
    );
    expect(again.ok).toBe(true);
    expect(again.data).toMatchObject({ dealId, reopened: true });
    expect(dealsOf(contactId)).toEqual([dealId]);
  });

  it('wins a deal handed off a moment ago (webhook): the contact becomes a customer', async () => {
    const contactId = leadContact(2);
    const handedOff = await h.card<{ dealId: string }>(
      'POST',
      `/api/contacts/${contactId}/hand-off`,
      { salesOwner: { mode: 'round_robin' } },
    );
    const dealId = handedOff.data!.dealId;
    portalState().updateObject(
      'deals',
      dealId,
      { dealstage: 'closedwon' },
      { changeSource: 'CRM_UI' },
    );
    const response = await h.portal.appCaller.sendWebhookBatch([
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
        propertyValue: 'closedwon',
        changeSource: 'CRM_UI',
      },
    ]);
    expect(response.status).toBe(200);
    expect(portalState().getObject('contacts', contactId)!.properties.lifecyclestage).toBe(
      'customer',
    );
  });
});

/** How many records the portal's search finds right now (through HubSpot's API, as the product would). */
async function fetchSearch(objectType: string, propertyName: string, value: string) {
  const token = h.portal.oauth.issueTokens({ portalId: h.demoPortalId }).access_token;
  const address = h.portal.app;
  const request = (await import('supertest')).default;
  const response = await request(address)
    .post(`/crm/v3/objects/${objectType}/search`)
    .set({ authorization: `Bearer ${token}` })
    .send({ filterGroups: [{ filters: [{ propertyName, operator: 'EQ', value }] }], limit: 10 });
  return (response.body as { total: number }).total;
}
