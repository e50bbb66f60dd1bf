// The account against the local portal: the company-level customer profile shared by a company's
// deals (with the migration of deal-level copies), the company card's read model, reporting lines
// as contact↔contact labels, the relationship map's gaps and the next deal's proposals.
import { COMPANY_PROPERTIES, DEAL_PROPERTIES } from '../../src/domain/properties.ts';
import { SECTION_PROPERTY } from '../../src/domain/plan/index.ts';
import type { PortalState } from '../../src/local-portal/state.ts';
import { startHarness, type Harness } from './harness.ts';

let h: Harness;
let portal: PortalState;

beforeAll(async () => {
  h = await startHarness({ contacts: 10 });
  await h.install(h.demoPortalId);
  portal = h.portal.registry.get(h.demoPortalId)!;
}, 60_000);

afterAll(async () => {
  await h?.close();
});

const profileDoc = (content: Record<string, unknown>, rev = 1) =>
  JSON.stringify({
    schemaVersion: 1,
    section: 'customerProfile',
    rev,
    updatedAt: '2026-11-01T10:00:00.000Z',
    updatedBy: '7',
    content,
  });

let counter = 0;
function company(properties: Record<string, string> = {}): string {
  counter += 1;
  return portal.createObject('companies', { name: `Account Test ${counter} GmbH`, ...properties })
    .id;
}
function contact(firstname: string, lastname: string): string {
  return portal.createObject('contacts', {
    firstname,
    lastname,
    email: `${firstname}.${lastname}.${counter}@example.com`,
  }).id;
}
function deal(
  companyId: string | null,
  properties: Record<string, string> = {},
  contactIds: string[] = [],
): string {
  counter += 1;
  return portal.createObject(
    'deals',
    {
      dealname: `Deal ${counter}`,
      pipeline: 'default',
      dealstage: 'appointmentscheduled',
      ...properties,
    },
    {
      associations: [
        ...(companyId
          ? [
              {
                to: { id: companyId },
                types: [{ associationCategory: 'HUBSPOT_DEFINED' as const, associationTypeId: 5 }],
              },
            ]
          : []),
        ...contactIds.map((id) => ({
          to: { id },
          types: [{ associationCategory: 'HUBSPOT_DEFINED' as const, associationTypeId: 3 }],
        })),
      ],
    },
  ).id;
}

interface PlanData {
  sections: { customerProfile: { rev: number; content: { businessAreas: string[] } } };
  completeness: { sections: { keyPeople: { missing: { item: string }[] } } };
  account: {
    companyId: string | null;
    profileSource: 'company' | 'deal';
    migratedFrom: string | null;
    alternatives: { source: string; version: string; content: { businessAreas: string[] } }[];
    proposal: null | {
      fromDealId: string;
      accountTeam: { teamLead: string | null } | null;
      stakeholders: { contactId: string }[] | null;
    };
    relationshipMap: {
      nodes: { contactId: string; depth: number; managerId: string | null; inCommittee: boolean }[];
      gaps: { role: string; item: string }[];
    };
  };
}
const plan = (dealId: string) => h.card<PlanData>('GET', `/api/deals/${dealId}/plan`);
const storedProfile = (companyId: string) =>
  JSON.parse(
    portal.getObject('companies', companyId)!.properties[COMPANY_PROPERTIES.accountProfile.name]!,
  ) as { rev: number; content: { businessAreas: string[] }; settled: Record<string, string> };

describe('customer profile at company level', () => {
  it('migrates a deal-level profile on first read and offers a differing copy of another deal', async () => {
    // GIVEN a company with two deals that each kept their own, different, profile
    const companyId = company();
    const first = deal(companyId, {
      [SECTION_PROPERTY.customerProfile]: profileDoc({ businessAreas: ['Logistics'] }),
    });
    const second = deal(companyId, {
      [SECTION_PROPERTY.customerProfile]: profileDoc({ businessAreas: ['Retail'] }, 3),
    });

    // WHEN the first deal's plan is read, its copy becomes the company's profile
    const a = await plan(first);
    expect(a.ok).toBe(true);
    expect(a.data!.account).toMatchObject({
      companyId,
      profileSource: 'company',
      migratedFrom: `deal:${first}`,
      alternatives: [],
    });
    expect(storedProfile(companyId)).toMatchObject({
      rev: 1,
      content: { businessAreas: ['Logistics'] },
    });

    // THEN the second deal shows the company's profile and offers its own copy; nothing was lost
    const b = await plan(second);
    expect(b.data!.sections.customerProfile.content.businessAreas).toEqual(['Logistics']);
    expect(b.data!.account.alternatives).toEqual([
      expect.objectContaining({
        source: `deal:${second}`,
        version: '3',
        content: expect.objectContaining({ businessAreas: ['Retail'] }),
      }),
    ]);
    expect(
      portal.getObject('deals', second)!.properties[SECTION_PROPERTY.customerProfile],
    ).toContain('Retail');

    // WHEN the user takes the second deal's copy
    const taken = await h.card<{ section: { rev: number } }>(
      'POST',
      `/api/companies/${companyId}/profile/settle`,
      { rev: 1, source: `deal:${second}`, version: '3', take: true },
    );
    expect(taken).toMatchObject({ ok: true, data: { section: { rev: 2 } } });
    // THEN both deals show it and nothing is offered any more
    for (const id of [first, second]) {
      const view = await plan(id);
      expect(view.data!.sections.customerProfile.content.businessAreas).toEqual(['Retail']);
      expect(view.data!.account.alternatives).toEqual([]);
    }
  });

  it('setting a copy aside keeps the company profile and stops offering it', async () => {
    const companyId = company();
    const first = deal(companyId, {
      [SECTION_PROPERTY.customerProfile]: profileDoc({ businessAreas: ['Energy'] }),
    });
    const second = deal(companyId, {
      [SECTION_PROPERTY.customerProfile]: profileDoc({ businessAreas: ['Water'] }, 2),
    });
    await plan(first);
    const offered = (await plan(second)).data!.account.alternatives[0]!;
    const aside = await h.card('POST', `/api/companies/${companyId}/profile/settle`, {
      rev: 1,
      source: offered.source,
      version: offered.version,
      take: false,
    });
    expect(aside.ok).toBe(true);
    const again = await plan(second);
    expect(again.data!.sections.customerProfile.content.businessAreas).toEqual(['Energy']);
    expect(again.data!.account.alternatives).toEqual([]);
    expect(storedProfile(companyId).settled[`deal:${second}`]).toBe('2');
  });

  it('an edit on one deal appears on the other; a stale revision is a conflict, a retry is not', async () => {
    const companyId = company();
    const first = deal(companyId);
    const second = deal(companyId);
    const start = await plan(first);
    expect(start.data!.sections.customerProfile.rev).toBe(0);
    const content = { businessAreas: ['Machine building'], products: ['Presses'] };
    const saved = await h.card<{ section: { rev: number } }>(
      'PUT',
      `/api/deals/${first}/plan/customerProfile`,
      { rev: 0, content },
    );
    expect(saved).toMatchObject({ ok: true, data: { section: { rev: 1 } } });
    // A retry of the same save (its answer was lost) completes instead of conflicting.
    const retried = await h.card('PUT', `/api/deals/${first}/plan/customerProfile`, {
      rev: 0,
      content,
    });
    expect(retried).toMatchObject({ ok: true, data: { section: { rev: 1 } } });
    const other = await plan(second);
    expect(other.data!.sections.customerProfile).toMatchObject({
      rev: 1,
      content: { businessAreas: ['Machine building'] },
    });
    // The deal's own section is untouched: the profile lives on the company.
    expect(
      portal.getObject('deals', first)!.properties[SECTION_PROPERTY.customerProfile] ?? '',
    ).toBe('');
    const stale = await h.card('PUT', `/api/deals/${second}/plan/customerProfile`, {
      rev: 0,
      content: { businessAreas: ['Something else'] },
    });
    expect(stale).toMatchObject({ ok: false, error: { code: 'conflict' } });
    // Completeness of the deal counts the company's profile.
    expect(
      Number(portal.getObject('deals', first)!.properties[DEAL_PROPERTIES.completeness.name]),
    ).toBeGreaterThan(0);
  });

  it('a deal without a company keeps its own profile', async () => {
    const alone = deal(null);
    const saved = await h.card('PUT', `/api/deals/${alone}/plan/customerProfile`, {
      rev: 0,
      content: { businessAreas: ['Solo'] },
    });
    expect(saved.ok).toBe(true);
    const view = await plan(alone);
    expect(view.data!.account).toMatchObject({ companyId: null, profileSource: 'deal' });
    expect(
      portal.getObject('deals', alone)!.properties[SECTION_PROPERTY.customerProfile],
    ).toContain('Solo');
  });

  it('names the field of a bad profile and of a bad copy source', async () => {
    const companyId = company();
    const bad = await h.card('PUT', `/api/companies/${companyId}/profile`, {
      rev: 0,
      content: { financials: { currency: 'euro' } },
    });
    expect(bad).toMatchObject({ ok: false, error: { code: 'validation_failed' } });
    expect(bad.error!.fields![0]!.path).toBe('content.financials.currency');
    const source = await h.card('POST', `/api/companies/${companyId}/profile/settle`, {
      rev: 0,
      source: 'somewhere',
      version: '1',
      take: true,
    });
    expect(source.error!.fields![0]!.path).toBe('source');
  });
});

describe('relationship map and reporting lines', () => {
  it('stores reports-to as a contact↔contact label both users see, and draws the tree with gaps', async () => {
    const companyId = company();
    const boss = contact('Berta', 'Boss');
    const staff = contact('Sven', 'Staff');
    const dealId = deal(companyId, {}, [boss, staff]);
    const keyPeople = {
      stakeholders: [
        { id: 'p1', contactId: staff, buyingRoles: ['champion'], influence: 'medium' },
        { id: 'p2', contactId: boss, buyingRoles: ['influencer'], influence: 'high' },
      ],
    };
    const saved = await h.card('PUT', `/api/deals/${dealId}/plan/keyPeople`, {
      rev: 0,
      content: keyPeople,
    });
    expect(saved.ok).toBe(true);

    const line = await h.card('PUT', `/api/contacts/${staff}/reports-to`, { managerId: boss });
    expect(line).toMatchObject({ ok: true, data: { managerId: boss } });
    // HubSpot users see the label on both contacts.
    const fromStaff = portal.listAssociations('contacts', staff, 'contacts');
    expect(
      fromStaff.find((a) => a.toObjectId === boss)!.associationTypes.map((t) => t.label),
    ).toContain('Reports to');
    const fromBoss = portal.listAssociations('contacts', boss, 'contacts');
    expect(
      fromBoss.find((a) => a.toObjectId === staff)!.associationTypes.map((t) => t.label),
    ).toContain('Manager of');

    const view = await plan(dealId);
    const map = view.data!.account.relationshipMap;
    expect(map.nodes.map((n) => [n.contactId, n.depth])).toEqual([
      [boss, 0],
      [staff, 1],
    ]);
    // No decision maker and no budget holder: placeholders on the map and missing in completeness.
    expect(map.gaps.map((g) => g.role)).toEqual(['decision_maker', 'budget_holder']);
    const missing = view.data!.completeness.sections.keyPeople.missing.map((m) => m.item);
    expect(missing).toEqual(
      expect.arrayContaining(['keyPeople.decisionMaker', 'keyPeople.budgetHolder']),
    );

    // A circle is refused, naming the field; clearing the line removes the label.
    const circle = await h.card('PUT', `/api/contacts/${boss}/reports-to`, { managerId: staff });
    expect(circle).toMatchObject({ ok: false, error: { fields: [{ path: 'managerId' }] } });
    const cleared = await h.card('PUT', `/api/contacts/${staff}/reports-to`, { managerId: null });
    expect(cleared.ok).toBe(true);
    const after = portal.listAssociations('contacts', staff, 'contacts');
    expect(after.flatMap((a) => a.associationTypes.map((t) => t.label))).not.toContain(
      'Reports to',
    );
  });
});

describe('company card and the next deal', () => {
  it('shows open and past deals with completeness, the won plan essentials, and proposes the team', async () => {
    const companyId = company();
    const buyer = contact('Doris', 'Decider');
    const won = deal(
      companyId,
      {
        dealstage: 'closedwon',
        closedate: '2026-10-01T00:00:00.000Z',
        [SECTION_PROPERTY.accountTeam]: JSON.stringify({
          schemaVersion: 1,
          section: 'accountTeam',
          rev: 2,
          updatedAt: '2026-09-01T00:00:00.000Z',
          updatedBy: '7',
          content: { teamLead: h.seed.salesOwnerIds[0], members: [], externalMembers: [] },
        }),
        [SECTION_PROPERTY.keyPeople]: JSON.stringify({
          schemaVersion: 1,
          section: 'keyPeople',
          rev: 1,
          updatedAt: '2026-09-01T00:00:00.000Z',
          updatedBy: '7',
          content: {
            stakeholders: [{ id: 's1', contactId: buyer, buyingRoles: ['decision_maker'] }],
          },
        }),
        [SECTION_PROPERTY.opportunitySummary]: JSON.stringify({
          schemaVersion: 1,
          section: 'opportunitySummary',
          rev: 1,
          updatedAt: '2026-09-01T00:00:00.000Z',
          updatedBy: '7',
          content: {
            expectedResults: ['30 % less downtime'],
            timeline: { targetDate: '2027-03-31' },
          },
        }),
        [DEAL_PROPERTIES.loopCount.name]: '1',
      },
      [buyer],
    );
    portal.updateObject('companies', companyId, {
      [COMPANY_PROPERTIES.wonPlanEssentials.name]: JSON.stringify({
        fromDealId: won,
        wonAt: '2026-10-01T00:00:00.000Z',
      }),
      [COMPANY_PROPERTIES.customerProfile.name]: JSON.stringify({ businessAreas: ['Food'] }),
    });
    const next = deal(companyId);

    // The next deal starts with the profile filled and the won team and stakeholders proposed.
    const view = await plan(next);
    expect(view.data!.sections.customerProfile.content.businessAreas).toEqual(['Food']);
    expect(view.data!.account.migratedFrom).toBe('carriedOver');
    expect(view.data!.account.proposal).toMatchObject({
      fromDealId: won,
      accountTeam: { teamLead: h.seed.salesOwnerIds[0] },
      stakeholders: [{ contactId: buyer }],
    });

    const card = await h.card<{
      opportunities: {
        dealId: string;
        outcome: string;
        completeness: number | null;
        loopCount: number;
      }[];
      wonPlans: {
        dealId: string;
        expectedResults: string[];
        timeline: { targetDate: string | null };
        stakeholders: { contactId: string }[];
      }[];
      profile: { section: { content: { businessAreas: string[] } } };
      relationshipMap: { nodes: { contactId: string; dealIds: string[] }[] };
      contacts: Record<string, { name: string }>;
    }>('GET', `/api/companies/${companyId}/account`);
    expect(card.ok).toBe(true);
    expect(card.data!.opportunities.map((o) => [o.dealId, o.outcome])).toEqual([
      [next, 'open'],
      [won, 'won'],
    ]);
    expect(card.data!.opportunities[1]).toMatchObject({ loopCount: 1 });
    expect(card.data!.opportunities[1]!.completeness).toBeGreaterThan(0);
    expect(card.data!.wonPlans).toEqual([
      expect.objectContaining({
        dealId: won,
        expectedResults: ['30 % less downtime'],
        timeline: expect.objectContaining({ targetDate: '2027-03-31' }),
        stakeholders: [expect.objectContaining({ contactId: buyer })],
      }),
    ]);
    expect(card.data!.profile.section.content.businessAreas).toEqual(['Food']);
    expect(card.data!.relationshipMap.nodes).toEqual([
      expect.objectContaining({ contactId: buyer, dealIds: [won] }),
    ]);
    expect(card.data!.contacts[buyer]!.name).toBe('Doris Decider');
  });

  it('edits the profile from the company card and every deal shows it', async () => {
    const companyId = company();
    const dealId = deal(companyId);
    const saved = await h.card('PUT', `/api/companies/${companyId}/profile`, {
      rev: 0,
      content: { businessAreas: ['Chemicals'] },
    });
    expect(saved).toMatchObject({ ok: true, data: { section: { rev: 1 } } });
    // The deal's completeness mirror (for HubSpot reports) counts the company's new profile.
    expect(
      Number(portal.getObject('deals', dealId)!.properties[DEAL_PROPERTIES.completeness.name]),
    ).toBeGreaterThan(0);
    const view = await plan(dealId);
    expect(view.data!.sections.customerProfile.content.businessAreas).toEqual(['Chemicals']);
  });
});
