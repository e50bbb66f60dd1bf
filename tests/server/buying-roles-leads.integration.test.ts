// Issue 15 items 3 and 4 against the local portal, through the card API as HubSpot calls it:
// buying roles are deal↔contact association labels both ways, and HubSpot's Leads object follows
// hand-off and return in a portal that has it (and nothing changes in one that does not).
import { BUYING_ROLE_LABELS, DEAL_PROPERTIES } from '../../src/domain/properties.ts';
import { startHarness, type Harness } from './harness.ts';

type Plan = {
  sections: { keyPeople: { rev: number; content: { stakeholders: Stakeholder[] } } };
  stakeholders: { contactId: string; roles: string[] }[];
};
type Stakeholder = { id: string; contactId: string; buyingRoles: string[] };

function leadContacts(h: Harness): string[] {
  const state = h.portal.registry.get(h.demoPortalId)!;
  return h.seed.contactIds.filter((id) =>
    ['lead', 'marketingqualifiedlead', 'subscriber'].includes(
      state.getObject('contacts', id)?.properties.lifecyclestage ?? '',
    ),
  );
}

async function handOff(h: Harness, contactId: string): Promise<string> {
  const handed = await h.card<{ dealId: string }>('POST', `/api/contacts/${contactId}/hand-off`, {
    salesOwner: { mode: 'explicit', ownerId: h.seed.salesOwnerIds[0] },
  });
  expect(handed).toMatchObject({ ok: true });
  return handed.data!.dealId;
}

/** Lead contacts for the tests to take, two at a time, so each test starts from its own. */
function contactPool(h: Harness): () => [string, string] {
  const free = leadContacts(h);
  return () => {
    const pair = free.splice(0, 2);
    if (pair.length < 2) throw new Error('the seed has too few lead contacts for these tests');
    return pair as [string, string];
  };
}

// Every test hands a contact of its own off (its own deal) and arranges the labels it starts from.
describe('buying roles are HubSpot association labels, both ways', () => {
  let h: Harness;
  let nextPair: () => [string, string];
  let dealId: string;
  let buyer: string;
  let other: string;
  const state = () => h.portal.registry.get(h.demoPortalId)!;
  const labelsOf = (contactId: string) =>
    state()
      .listAssociations('deals', dealId, 'contacts')
      .find((association) => association.toObjectId === contactId)
      ?.associationTypes.flatMap((type) => (type.label ? [type.label] : [])) ?? null;
  const plan = async () => {
    const loaded = await h.card<Plan>('GET', `/api/deals/${dealId}/plan`);
    expect(loaded.ok).toBe(true);
    return loaded.data!;
  };
  const save = (rev: number, stakeholders: Partial<Stakeholder>[]) =>
    h.card<{
      section: { rev: number };
      buyingRoles?: { associatedContactIds: string[]; message: { en: string; de: string } | null };
    }>('PUT', `/api/deals/${dealId}/plan/keyPeople`, {
      rev,
      content: { stakeholders, externalInfluencers: [] },
    });

  /** Saves the key people as the test's starting point. */
  const arrange = async (stakeholders: Partial<Stakeholder>[]) => {
    const { sections } = await plan();
    expect(await save(sections.keyPeople.rev, stakeholders)).toMatchObject({ ok: true });
  };

  beforeAll(async () => {
    h = await startHarness({ contacts: 60 });
    expect(await h.install(h.demoPortalId)).toMatch(/^200 /);
    await h.setHandOffRules();
    nextPair = contactPool(h);
  }, 60_000);
  beforeEach(async () => {
    [buyer, other] = nextPair();
    dealId = await handOff(h, buyer);
  });
  afterAll(async () => h?.close());

  it('GIVEN a deal WHEN a champion is saved THEN HubSpot’s association carries the Champion label', async () => {
    const { sections } = await plan();
    const saved = await save(sections.keyPeople.rev, [
      { id: 'p1', contactId: buyer, buyingRoles: ['champion', 'decision_maker'] },
    ]);
    expect(saved).toMatchObject({ ok: true });
    expect(labelsOf(buyer)).toEqual(
      expect.arrayContaining([
        BUYING_ROLE_LABELS.champion.en,
        BUYING_ROLE_LABELS.decision_maker.en,
      ]),
    );
    // the mirror for reports says a champion is known
    expect(state().getObject('deals', dealId)!.properties[DEAL_PROPERTIES.championKnown.name]).toBe(
      'true',
    );
  });

  it('GIVEN a contact not associated with the deal WHEN picked as stakeholder THEN it is associated and the result says so', async () => {
    expect(labelsOf(other)).toBeNull();
    const { sections } = await plan();
    const saved = await save(sections.keyPeople.rev, [
      ...sections.keyPeople.content.stakeholders,
      { id: 'p2', contactId: other, buyingRoles: ['technical_evaluator'] },
    ]);
    expect(saved.ok).toBe(true);
    expect(saved.data!.buyingRoles).toMatchObject({ associatedContactIds: [other] });
    expect(saved.data!.buyingRoles!.message!.de).toContain('zugeordnet');
    expect(labelsOf(other)).toEqual([BUYING_ROLE_LABELS.technical_evaluator.en]);
  });

  it('GIVEN a role removed in the plan THEN only that label is archived; the association stays', async () => {
    await arrange([
      { id: 'p1', contactId: buyer, buyingRoles: ['champion', 'decision_maker'] },
      { id: 'p2', contactId: other, buyingRoles: ['technical_evaluator'] },
    ]);
    const { sections } = await plan();
    const saved = await save(
      sections.keyPeople.rev,
      sections.keyPeople.content.stakeholders.map((person) =>
        person.contactId === buyer ? { ...person, buyingRoles: ['champion'] } : person,
      ),
    );
    expect(saved.ok).toBe(true);
    expect(labelsOf(buyer)).toEqual([BUYING_ROLE_LABELS.champion.en]);
  });

  it('GIVEN a label set in HubSpot’s association card THEN the plan shows it (HubSpot wins)', async () => {
    await arrange([
      { id: 'p1', contactId: buyer, buyingRoles: ['champion'] },
      { id: 'p2', contactId: other, buyingRoles: ['technical_evaluator'] },
    ]);
    const types = state().listAssociationTypes('deals', 'contacts');
    const blocker = types.find((type) => type.label === BUYING_ROLE_LABELS.blocker.en)!;
    const champion = types.find((type) => type.label === BUYING_ROLE_LABELS.champion.en)!;
    // WHEN a user labels `other` a blocker and removes `buyer`'s champion label in HubSpot
    state().associate('deals', dealId, 'contacts', other, [
      { associationCategory: 'USER_DEFINED', associationTypeId: blocker.typeId },
    ]);
    const kept = state()
      .listAssociations('deals', dealId, 'contacts')
      .find((a) => a.toObjectId === buyer)!
      .associationTypes.filter((t) => t.typeId !== champion.typeId)
      .map((t) => ({ associationCategory: t.category, associationTypeId: t.typeId }));
    state().removeAssociations('deals', dealId, 'contacts', buyer);
    state().associate('deals', dealId, 'contacts', buyer, kept);
    // THEN the plan's key people say so
    const { sections } = await plan();
    const byContact = Object.fromEntries(
      sections.keyPeople.content.stakeholders.map((s) => [s.contactId, s.buyingRoles]),
    );
    expect(byContact[buyer]).toEqual([]);
    expect(byContact[other]).toEqual(['technical_evaluator', 'blocker']);
  });

  it('GIVEN a save whose labels were applied but whose section write was lost WHEN retried THEN it completes without applying twice', async () => {
    await arrange([{ id: 'p1', contactId: buyer, buyingRoles: ['champion'] }]);
    const { sections } = await plan();
    const stakeholders = sections.keyPeople.content.stakeholders.map((person) =>
      person.contactId === buyer ? { ...person, buyingRoles: ['budget_holder'] } : person,
    );
    // the first attempt got as far as the label (HubSpot holds it) …
    const budget = state()
      .listAssociationTypes('deals', 'contacts')
      .find((type) => type.label === BUYING_ROLE_LABELS.budget_holder.en)!;
    state().associate('deals', dealId, 'contacts', buyer, [
      { associationCategory: 'USER_DEFINED', associationTypeId: budget.typeId },
    ]);
    // … the retry with the same revision completes the section
    const retried = await save(sections.keyPeople.rev, stakeholders);
    expect(retried.ok).toBe(true);
    expect(labelsOf(buyer)).toEqual([BUYING_ROLE_LABELS.budget_holder.en]);
    // and the same save once more (its answer lost) is answered as done, not as a conflict
    const again = await save(sections.keyPeople.rev, stakeholders);
    expect(again).toMatchObject({
      ok: true,
      data: { section: { rev: retried.data!.section.rev } },
    });
  });

  it('GIVEN a contact HubSpot does not know THEN the save names the field and changes nothing', async () => {
    const { sections } = await plan();
    const before = state().listAssociations('deals', dealId, 'contacts');
    const refused = await save(sections.keyPeople.rev, [
      ...sections.keyPeople.content.stakeholders,
      { id: 'ghost', contactId: '999999999', buyingRoles: ['user'] },
    ]);
    expect(refused.ok).toBe(false);
    expect(refused.error).toMatchObject({ code: 'validation_failed' });
    expect(refused.error!.fields![0]!.path).toMatch(/^content\.stakeholders\.\d+\.contactId$/);
    expect(refused.error!.message.de).toContain('Kontakt');
    expect(state().listAssociations('deals', dealId, 'contacts')).toEqual(before);
  });
});

describe('HubSpot’s Leads object follows hand-off and return', () => {
  for (const hasLeads of [true, false]) {
    describe(hasLeads ? 'in a portal with Leads' : 'in a portal without Leads', () => {
      let h: Harness;
      let nextPair: () => [string, string];
      let contactId: string;
      let fresh: string;
      let leadId: string;
      const state = () => h.portal.registry.get(h.demoPortalId)!;
      const leadsOf = (id: string) =>
        state()
          .listAssociations('contacts', id, 'leads')
          .map((association) => state().getObject('leads', association.toObjectId)!);

      beforeAll(async () => {
        h = await startHarness();
        h.portal.leadsObject.setEnabled(h.demoPortalId, hasLeads);
        expect(await h.install(h.demoPortalId)).toMatch(/^200 /);
        await h.setHandOffRules();
        nextPair = contactPool(h);
      }, 60_000);
      // Each test: a contact with an open lead, and a `fresh` one without.
      beforeEach(() => {
        [contactId, fresh] = nextPair();
        // GIVEN the contact's open lead in the prospecting workspace (made in HubSpot)
        leadId = state().createObject(
          'leads',
          { hs_lead_name: 'Inbound demo request' },
          {
            associations: [
              {
                to: { id: contactId },
                types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 578 }],
              },
            ],
          },
        ).id;
      });
      afterAll(async () => h?.close());

      it('hand-off → the lead is qualified and linked to the deal (or left alone without Leads)', async () => {
        const dealId = await handOff(h, contactId);
        const lead = state().getObject('leads', leadId)!;
        const linked = state()
          .listAssociations('leads', leadId, 'deals')
          .map((association) => association.toObjectId);
        if (hasLeads) {
          expect(lead.properties.hs_pipeline_stage).toBe('qualified-stage-id');
          expect(linked).toEqual([dealId]);
        } else {
          expect(lead.properties.hs_pipeline_stage).toBe('new-stage-id');
          expect(linked).toEqual([]);
        }
        expect(state().getObject('contacts', contactId)!.properties.lifecyclestage).toBe(
          'opportunity',
        );
      });

      it('return → an open marketing lead carries the reason (or nothing changes without Leads)', async () => {
        await handOff(h, contactId);
        const returned = await h.card('POST', `/api/contacts/${contactId}/return-to-marketing`, {
          reason: 'no_budget',
        });
        expect(returned).toMatchObject({ ok: true });
        const leads = leadsOf(contactId);
        expect(leads.map((lead) => lead.id)).toEqual([leadId]);
        if (hasLeads) {
          expect(leads[0]!.properties).toMatchObject({
            hs_pipeline: 'lead-pipeline-id',
            hs_pipeline_stage: 'new-stage-id',
            hs_lead_type: 'RE_ATTEMPTING',
          });
          expect(leads[0]!.properties.hs_lead_name).toContain('No budget');
        } else {
          expect(leads[0]!.properties.hs_pipeline_stage).toBe('new-stage-id');
          expect(leads[0]!.properties.hs_lead_name).toBe('Inbound demo request');
        }
        expect(state().getObject('contacts', contactId)!.properties.lifecyclestage).toBe('lead');
      });

      it('return of a contact without a lead → a new lead with the reason (none without Leads)', async () => {
        await handOff(h, fresh);
        const returned = await h.card('POST', `/api/contacts/${fresh}/return-to-marketing`, {
          reason: 'bad_timing',
        });
        expect(returned).toMatchObject({ ok: true });
        const leads = leadsOf(fresh);
        if (hasLeads) {
          expect(leads).toHaveLength(1);
          expect(leads[0]!.properties).toMatchObject({ hs_pipeline_stage: 'new-stage-id' });
          expect(leads[0]!.properties.hs_lead_name).toContain('Bad timing');
        } else {
          expect(leads).toEqual([]);
        }
      });
    });
  }
});
