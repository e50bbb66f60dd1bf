import { CONTACT_PROPERTIES, DEAL_PROPERTIES } from '../../src/domain/properties.ts';
import { PROMOTION_LOCK_CHUNK } from '../../src/server/routes/webhooks.ts';
import { startHarness, type Harness } from './harness.ts';

let h: Harness;
const contactOf = (id: string) => h.portal.registry.get(h.demoPortalId)!.getObject('contacts', id)!;
const dealOf = (id: string) => h.portal.registry.get(h.demoPortalId)!.getObject('deals', id)!;
/** The seeded contacts that were leads before any test ran, in seed order. */
let seededLeads: string[] = [];
/**
 * A seeded lead (so it can be handed off). Each test uses its own index, so no test depends on
 * what another did, or on running after it.
 */
function leadContact(index = 0): string {
  const id = seededLeads[index];
  if (!id) throw new Error('the seed has too few leads');
  return id;
}

/** Hands `contactId` off to sales; the deal's id. */
async function handOff(contactId: string, body: object = { salesOwner: { mode: 'round_robin' } }) {
  const answer = await h.card<{ dealId: string; reopened: boolean }>(
    'POST',
    `/api/contacts/${contactId}/hand-off`,
    body,
  );
  expect(answer.ok).toBe(true);
  return answer.data!;
}

/** Saves the opportunity summary of a fresh plan (rev 0) with a project and a budget. */
async function saveSummary(dealId: string) {
  return h.card<{ section: { rev: number }; completeness: { overall: number } }>(
    'PUT',
    `/api/deals/${dealId}/plan/opportunitySummary`,
    {
      rev: 0,
      content: {
        projectDescription: 'CRM roll-out',
        budget: { amount: 50000, currency: 'EUR', confirmed: true },
      },
    },
  );
}

/** Returns the deal to marketing with a reason and a note. */
async function returnToMarketing(dealId: string) {
  return h.card<{ loopCount: number; contactIds: string[] }>(
    'POST',
    `/api/deals/${dealId}/return-to-marketing`,
    { reason: 'no_budget', note: 'Budget frozen' },
  );
}

beforeAll(async () => {
  h = await startHarness();
  seededLeads = h.seed.contactIds.filter((id) => {
    const stage = contactOf(id).properties.lifecyclestage;
    return stage === 'lead' || stage === 'marketingqualifiedlead' || stage === 'subscriber';
  });
  const page = await h.install(h.demoPortalId);
  expect(page).toMatch(/^200 .*installed in portal/s);
  // GIVEN hand-off rules: a marketing owner and two sales owners for round robin
  const saved = await h.setHandOffRules();
  expect(saved.ok).toBe(true);
}, 60_000);

afterAll(async () => {
  await h?.close();
});

describe('install', () => {
  it('created the product properties, group and buying-role labels in the portal', () => {
    const portal = h.portal.registry.get(h.demoPortalId)!;
    expect(portal.getProperty('contacts', CONTACT_PROPERTIES.totalScore.name)).toBeDefined();
    expect(portal.getProperty('deals', DEAL_PROPERTIES.accountTeam.name)).toMatchObject({
      hidden: true,
    });
    expect(portal.listAssociationTypes('deals', 'contacts').map((type) => type.label)).toContain(
      'Champion',
    );
  });
});

describe('OAuth callback', () => {
  it('shows a clear failure page for a forged or expired state, in English and German', async () => {
    const response = await fetch(`${h.backendUrl}/oauth/callback?code=abc&state=forged.state`);
    expect(response.status).toBe(400);
    const page = await response.text();
    expect(page).toContain('This install link is not valid');
    expect(page).toContain('Dieser Installationslink ist ungültig');
  });

  it('reports HubSpot refusing access', async () => {
    const response = await fetch(
      `${h.backendUrl}/oauth/callback?error=access_denied&error_description=user%20cancelled`,
    );
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('user cancelled');
  });
});

describe('signed card API', () => {
  it('rejects a request HubSpot did not sign', async () => {
    const response = await fetch(
      `${h.backendUrl}/api/contacts/1/qualification?portalId=${h.demoPortalId}&userId=1`,
    );
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error: { code: 'missing_signature' } });
  });

  it('shows a contact’s score with reasons', async () => {
    const contactId = leadContact();
    const answer = await h.card<{
      score: { total: number; reasons: unknown[] };
      canHandOff: boolean;
    }>('GET', `/api/contacts/${contactId}/qualification`);
    expect(answer.ok).toBe(true);
    expect(answer.data!.score.total).toBeGreaterThanOrEqual(0);
    expect(answer.data!.canHandOff).toBe(true);
  });

  it('answers validation errors naming the field', async () => {
    const answer = await h.card('POST', `/api/contacts/${leadContact()}/hand-off`, {
      salesOwner: { mode: 'sometimes' },
    });
    expect(answer).toMatchObject({ ok: false, error: { code: 'validation_failed' } });
    expect(answer.error!.fields![0]!.path).toBe('salesOwner.mode');
  });

  it('never lets one portal reach another portal’s records', async () => {
    const otherPortal = 3030303;
    expect(await h.install(otherPortal)).toMatch(/^200/);
    const answer = await h.card(
      'GET',
      `/api/contacts/${leadContact()}/qualification`,
      undefined,
      otherPortal,
    );
    expect(answer).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });
});

describe('the loop: hand-off, plan, return, hand-off again, win', () => {
  it('hands a lead off to sales: an opportunity with a deal owned by the sales owner', async () => {
    const contactId = leadContact(1);
    const answer = await handOff(contactId, {
      salesOwner: { mode: 'explicit', ownerId: h.seed.salesOwnerIds[1] },
      dealName: 'Integration deal',
    });
    const dealId = answer.dealId;
    expect(answer.reopened).toBe(false);
    expect(dealOf(dealId).properties).toMatchObject({
      dealname: 'Integration deal',
      hubspot_owner_id: h.seed.salesOwnerIds[1],
    });
    expect(contactOf(contactId).properties).toMatchObject({
      lifecyclestage: 'opportunity',
      hubspot_owner_id: h.seed.salesOwnerIds[1],
    });
  });

  it('loads the plan with at most 5 HubSpot calls and saves a section with 3', async () => {
    // GIVEN a lead handed off to sales
    const contactId = leadContact(5);
    const { dealId } = await handOff(contactId);
    h.portal.counters.reset();
    const plan = await h.card<{
      sections: { opportunitySummary: { rev: number } };
      stakeholders: { contactId: string }[];
    }>('GET', `/api/deals/${dealId}/plan`);
    expect(plan.ok).toBe(true);
    expect(plan.data!.stakeholders.map((s) => s.contactId)).toContain(contactId);
    // deal, its contact labels, the contacts, the company (shared profile) and the contacts'
    // reporting lines (relationship map)
    expect(h.portal.counters.snapshot().byPortal[String(h.demoPortalId)]).toBeLessThanOrEqual(5);

    h.portal.counters.reset();
    const saved = await saveSummary(dealId);
    expect(saved.ok).toBe(true);
    expect(saved.data!.section.rev).toBe(1);
    // read the deal, read the company's profile (completeness counts it), one PATCH
    expect(h.portal.counters.snapshot().byPortal[String(h.demoPortalId)]).toBeLessThanOrEqual(3);
    expect(dealOf(dealId).properties[DEAL_PROPERTIES.budget.name]).toBe('50000');
  });

  it('loses no update when 50 sellers save the same section at once', async () => {
    const { dealId } = await handOff(leadContact(6));
    const saves = await Promise.all(
      Array.from({ length: 50 }, (_, index) =>
        h.card('PUT', `/api/deals/${dealId}/plan/accountTeam`, {
          rev: 0,
          content: {
            teamLead: h.seed.salesOwnerIds[0],
            members: [{ id: `m${index}`, ownerId: h.seed.salesOwnerIds[1], role: `role ${index}` }],
          },
        }),
      ),
    );
    expect(saves.filter((save) => save.ok)).toHaveLength(1);
    expect(saves.filter((save) => !save.ok && save.error?.code === 'conflict')).toHaveLength(49);
    const winner = saves.findIndex((save) => save.ok);
    const stored = JSON.parse(
      dealOf(dealId).properties[DEAL_PROPERTIES.accountTeam.name] as string,
    );
    expect(stored.rev).toBe(1);
    expect(stored.content.members[0].id).toBe(`m${winner}`);
    // AND the conflict answer carries the current document so the card can show what changed
    const conflict = saves.find((save) => !save.ok)!;
    expect(conflict.error!.current).toMatchObject({ rev: 1 });
  });

  it('records an assessment and mirrors the verdict', async () => {
    const { dealId } = await handOff(leadContact(7));
    const answers = ['real_opportunity', 'competitive_position', 'good_deal', 'can_win'].map(
      (question) => ({ question, value: 4, evidence: 'seen in workshop' }),
    );
    const answer = await h.card<{ latest: { verdict: string } }>(
      'POST',
      `/api/deals/${dealId}/assessments`,
      { answers, expectedDecisionDate: '2027-01-31' },
    );
    expect(answer.ok).toBe(true);
    expect(answer.data!.latest.verdict).toBe('qualified');
    expect(dealOf(dealId).properties[DEAL_PROPERTIES.verdict.name]).toBe('qualified');
  });

  it('returns the opportunity to marketing: lead again, marketing owner, loop counted, plan kept', async () => {
    // GIVEN an opportunity whose plan has a summary
    const contactId = leadContact(8);
    const { dealId } = await handOff(contactId);
    expect((await saveSummary(dealId)).ok).toBe(true);
    const rejected = await h.card('POST', `/api/deals/${dealId}/return-to-marketing`, {
      reason: 'made_up',
    });
    expect(rejected).toMatchObject({ ok: false, error: { code: 'rejected' } });
    const answer = await returnToMarketing(dealId);
    expect(answer.ok).toBe(true);
    expect(answer.data).toEqual({ contactIds: [contactId], loopCount: 1 });
    // Read back from HubSpot: the backwards lifecycle move stuck (clear, then set), and the
    // contact went back to the owner it had before the hand-off (the default return owner)
    const history = JSON.parse(
      contactOf(contactId).properties[CONTACT_PROPERTIES.loopHistory.name] as string,
    ) as { kind: string; previousOwnerId?: string }[];
    const previousOwner =
      history.find((entry) => entry.kind === 'handoff')?.previousOwnerId ??
      h.seed.marketingOwnerIds[0];
    expect(contactOf(contactId).properties).toMatchObject({
      lifecyclestage: 'lead',
      hubspot_owner_id: previousOwner,
      [CONTACT_PROPERTIES.loopCount.name]: '1',
      [CONTACT_PROPERTIES.lastReturnReason.name]: 'no_budget',
    });
    expect(dealOf(dealId).properties.dealstage).toBe('closedlost');
    expect(dealOf(dealId).properties[DEAL_PROPERTIES.opportunitySummary.name]).toContain(
      'CRM roll-out',
    );
  });

  it('hands off again and reopens the same deal with its plan intact', async () => {
    // GIVEN an opportunity with a plan, returned to marketing
    const contactId = leadContact(9);
    const { dealId } = await handOff(contactId);
    expect((await saveSummary(dealId)).ok).toBe(true);
    expect((await returnToMarketing(dealId)).ok).toBe(true);
    // WHEN it is handed off again
    const answer = await handOff(contactId);
    expect(answer).toMatchObject({ dealId, reopened: true });
    expect(dealOf(dealId).properties.dealstage).not.toBe('closedlost');
    const plan = await h.card<{
      sections: { opportunitySummary: { rev: number; content: { projectDescription: string } } };
      loop: { count: number };
    }>('GET', `/api/deals/${dealId}/plan`);
    expect(plan.data!.sections.opportunitySummary).toMatchObject({
      rev: 1,
      content: { projectDescription: 'CRM roll-out' },
    });
  });

  it('makes contact and company customers when the deal is won (webhook)', async () => {
    const contactId = leadContact(10);
    const { dealId } = await handOff(contactId);
    const portal = h.portal.registry.get(h.demoPortalId)!;
    portal.updateObject('deals', dealId, { dealstage: 'closedwon' });
    const event = {
      eventId: 900001,
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
    };
    const response = await h.portal.appCaller.sendWebhookBatch([event, event]);
    expect(response.status).toBe(200);
    expect(contactOf(contactId).properties.lifecyclestage).toBe('customer');
    // AND the contact's company became a customer carrying the won plan's essentials
    const companyId = String(
      portal.listAssociations('contacts', contactId, 'companies')[0]!.toObjectId,
    );
    const company = portal.getObject('companies', companyId)!.properties;
    expect(company.lifecyclestage).toBe('customer');
    expect(JSON.parse(company.op_won_plan_essentials as string)).toMatchObject({
      fromDealId: dealId,
    });
    // AND a redelivery changes nothing more
    const again = await h.portal.appCaller.sendWebhookBatch([event]);
    expect(JSON.parse(again.body).outcomes[0]).toMatchObject({ duplicates: 1, dealsDecided: 0 });
  });
});

describe('workflow actions', () => {
  it('executes a callbackId once: the same hand-off twice opens one deal', async () => {
    const contactId = leadContact(2);
    const call = {
      actionUrl: '/hubspot/actions/hand-off-to-sales',
      portalId: h.demoPortalId,
      actionDefinitionId: 11,
      workflowId: 77,
      callbackId: 'cb-handoff-1',
      object: { objectId: Number(contactId), objectType: 'CONTACT' },
      inputFields: { sales_owner_mode: 'round_robin', deal_name: 'From workflow' },
    };
    const first = await h.portal.appCaller.callWorkflowAction(call);
    const second = await h.portal.appCaller.callWorkflowAction(call);
    expect(first.status).toBe(200);
    expect(second.body).toBe(first.body);
    const output = JSON.parse(first.body).outputFields;
    expect(output).toMatchObject({ hs_execution_state: 'SUCCESS', reopened: false });
    const deals = h.portal.registry
      .get(h.demoPortalId)!
      .listObjects('deals')
      .filter((deal) => deal.properties.dealname === 'From workflow');
    expect(deals).toHaveLength(1);
  });

  it('scores a lead and reports a clear failure for an unknown return reason', async () => {
    const contactId = leadContact(3);
    const scored = await h.portal.appCaller.callWorkflowAction({
      actionUrl: '/hubspot/actions/score-lead',
      portalId: h.demoPortalId,
      actionDefinitionId: 12,
      workflowId: 78,
      object: { objectId: Number(contactId), objectType: 'CONTACT' },
    });
    expect(JSON.parse(scored.body).outputFields).toMatchObject({
      hs_execution_state: 'SUCCESS',
      grade: expect.stringMatching(/^[ABC][123]$/),
    });
    const failed = await h.portal.appCaller.callWorkflowAction({
      actionUrl: '/hubspot/actions/return-to-marketing',
      portalId: h.demoPortalId,
      actionDefinitionId: 13,
      workflowId: 79,
      object: { objectId: Number(contactId), objectType: 'CONTACT' },
      inputFields: { reason: 'because' },
    });
    expect(JSON.parse(failed.body).outputFields).toMatchObject({
      hs_execution_state: 'FAIL_CONTINUE',
    });
  });
});

describe('webhooks', () => {
  it('rescores a batch of distinct contacts with two HubSpot calls, duplicates and reordering applied once', async () => {
    const portal = h.portal.registry.get(h.demoPortalId)!;
    // Contacts past the lead stage: no auto-promotion, so the batch is pure rescoring.
    const ids = h.seed.contactIds
      .filter(
        (id) => !['lead', 'subscriber', ''].includes(contactOf(id).properties.lifecyclestage ?? ''),
      )
      .slice(0, 20);
    expect(ids.length).toBeGreaterThan(5);
    for (const id of ids) portal.updateObject('contacts', id, { jobtitle: 'VP Engineering' });
    const events = ids.map((id, index) => ({
      eventId: 800000 + index,
      subscriptionId: 2,
      portalId: h.demoPortalId,
      appId: h.portal.appId,
      occurredAt: Date.now(),
      subscriptionType: 'contact.propertyChange',
      attemptNumber: 0,
      objectId: Number(id),
      propertyName: 'jobtitle',
      propertyValue: 'VP Engineering',
      changeSource: 'CRM_UI',
    }));
    const batch = [...events, ...events.slice(0, 5)].reverse();
    h.portal.counters.reset();
    const response = await h.portal.appCaller.sendWebhookBatch(batch);
    expect(response.status).toBe(200);
    expect(h.portal.counters.snapshot().byPortal[String(h.demoPortalId)]).toBeLessThanOrEqual(2);
    for (const id of ids)
      expect(
        portal.getObject('contacts', id)!.properties[CONTACT_PROPERTIES.totalScore.name],
      ).not.toBeNull();
    const outcome = JSON.parse(response.body).outcomes[0];
    expect(outcome).toMatchObject({
      received: ids.length + 5,
      duplicates: 5,
      contactsScored: ids.length,
    });
  });

  it('promotes leads that crossed the MQL threshold under their locks, in batch calls', async () => {
    const portal = h.portal.registry.get(h.demoPortalId)!;
    const ids = Array.from(
      { length: 12 },
      (_, index) =>
        portal.createObject('contacts', {
          email: `promote${index}@example.com`,
          lifecyclestage: 'lead',
          jobtitle: 'CEO',
          numemployees: '1000+',
          country: 'Germany',
          industry: 'COMPUTER_SOFTWARE',
          annualrevenue: '50000000',
        }).id,
    );
    const events = ids.map((id, index) => ({
      eventId: 810000 + index,
      subscriptionId: 2,
      portalId: h.demoPortalId,
      appId: h.portal.appId,
      occurredAt: Date.now(),
      subscriptionType: 'contact.creation',
      attemptNumber: 0,
      objectId: Number(id),
      changeSource: 'CRM_UI',
    }));
    h.portal.counters.reset();
    const response = await h.portal.appCaller.sendWebhookBatch(events);
    expect(response.status).toBe(200);
    expect(JSON.parse(response.body).outcomes[0]).toMatchObject({
      contactsScored: 12,
      contactsPromoted: 12,
    });
    // one batch read; then per PROMOTION_LOCK_CHUNK contacts, under their locks: a re-read, one
    // batch write (score + lifecycle + history folded into one input each) and one batch of notes
    expect(h.portal.counters.snapshot().byPortal[String(h.demoPortalId)]).toBe(
      1 + 3 * Math.ceil(12 / PROMOTION_LOCK_CHUNK),
    );
    for (const id of ids) {
      const contact = portal.getObject('contacts', id)!;
      expect(contact.properties.lifecyclestage).toBe('marketingqualifiedlead');
      expect(JSON.parse(contact.properties[CONTACT_PROPERTIES.loopHistory.name] as string)).toEqual(
        [expect.objectContaining({ kind: 'promoted', by: 'system' })],
      );
      expect(portal.listAssociations('contacts', id, 'notes')).toHaveLength(1);
    }
  });

  it('erases what the backend holds about a contact on contact.privacyDeletion', async () => {
    // GIVEN a workflow callback recorded for a contact
    const contactId = leadContact(4);
    await h.portal.appCaller.callWorkflowAction({
      actionUrl: '/hubspot/actions/score-lead',
      portalId: h.demoPortalId,
      actionDefinitionId: 12,
      workflowId: 80,
      callbackId: 'cb-privacy',
      object: { objectId: Number(contactId), objectType: 'CONTACT' },
    });
    expect(await h.backend.store.claimCallback('cb-privacy', h.demoPortalId)).toMatchObject({
      state: 'done',
    });
    // WHEN HubSpot reports the contact's privacy deletion
    const response = await h.portal.appCaller.sendWebhookBatch([
      {
        eventId: 820001,
        subscriptionId: 3,
        portalId: h.demoPortalId,
        appId: h.portal.appId,
        occurredAt: Date.now(),
        subscriptionType: 'contact.privacyDeletion',
        attemptNumber: 0,
        objectId: Number(contactId),
        changeSource: 'GDPR',
      },
    ]);
    // THEN the record of that callback is gone
    expect(JSON.parse(response.body).outcomes[0]).toMatchObject({ erased: 1 });
    expect(await h.backend.store.claimCallback('cb-privacy', h.demoPortalId)).toEqual({
      state: 'claimed',
    });
  });

  it('rejects a tampered webhook batch', async () => {
    const response = await fetch(`${h.backendUrl}/hubspot/webhooks`, {
      method: 'POST',
      body: '[]',
      headers: {
        'content-type': 'application/json',
        'x-hubspot-signature-v3': 'forged',
        'x-hubspot-request-timestamp': String(Date.now()),
      },
    });
    expect(response.status).toBe(401);
  });
});

describe('bulk rescore from the settings page', () => {
  it('starts one job per portal, reports progress and scores every contact', async () => {
    const started = await h.card<{ status: string }>('POST', '/api/rescore');
    expect(started.ok).toBe(true);
    let progress: { status: string; processed: number; total: number } | null = null;
    for (let attempt = 0; attempt < 200; attempt += 1) {
      const answer = await h.card<{ status: string; processed: number; total: number } | null>(
        'GET',
        '/api/rescore',
      );
      progress = answer.data ?? null;
      if (progress && progress.status !== 'running') break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(progress).toMatchObject({ status: 'completed' });
    const portal = h.portal.registry.get(h.demoPortalId)!;
    const contacts = portal.listObjects('contacts');
    expect(progress!.processed).toBe(contacts.length);
    for (const contact of contacts)
      expect(contact.properties[CONTACT_PROPERTIES.totalScore.name]).not.toBeNull();
  });
});
