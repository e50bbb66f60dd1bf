import {
  buyingRoleChanges,
  isNoChange,
  keyPeopleSchema,
  mergeLabelledRoles,
  stakeholderIdFor,
  MAX_LIST_ITEMS,
} from '../../../src/domain/plan/index.ts';

const people = (entries: { id: string; contactId: string; buyingRoles: string[] }[]) =>
  keyPeopleSchema.parse({ stakeholders: entries, externalInfluencers: [] });

describe('buyingRoleChanges', () => {
  it('GIVEN labels in HubSpot WHEN the plan adds, keeps and drops roles THEN only the difference is listed', () => {
    const changes = buyingRoleChanges(
      [
        { contactId: '1', buyingRoles: ['champion', 'decision_maker'] },
        { contactId: '2', buyingRoles: [] },
      ],
      [
        { contactId: '1', roles: ['decision_maker', 'blocker'] },
        { contactId: '2', roles: ['influencer'] },
        { contactId: '3', roles: ['user'] },
      ],
    );
    expect(changes).toEqual({
      associate: [],
      add: [{ contactId: '1', roles: ['champion'] }],
      remove: [
        { contactId: '1', roles: ['blocker'] },
        { contactId: '2', roles: ['influencer'] },
        // no longer a stakeholder: its labels go, the association itself stays
        { contactId: '3', roles: ['user'] },
      ],
    });
  });

  it('GIVEN a stakeholder the deal has no association with THEN it is to be associated with its roles', () => {
    const changes = buyingRoleChanges(
      [{ contactId: '9', buyingRoles: ['technical_evaluator', 'champion'] }],
      [{ contactId: '1', roles: [] }],
    );
    expect(changes.associate).toEqual([
      { contactId: '9', roles: ['champion', 'technical_evaluator'] },
    ]);
    expect(changes.add).toEqual([]);
  });

  it('GIVEN the labels already say what the plan says (a retried save) THEN nothing is applied again', () => {
    const stakeholders = [{ contactId: '1', buyingRoles: ['champion' as const] }];
    const first = buyingRoleChanges(stakeholders, [{ contactId: '1', roles: [] }]);
    expect(isNoChange(first)).toBe(false);
    const afterApplying = buyingRoleChanges(stakeholders, [
      { contactId: '1', roles: ['champion'] },
    ]);
    expect(isNoChange(afterApplying)).toBe(true);
  });

  it('GIVEN one contact listed twice THEN its wanted roles are the union of both entries', () => {
    const changes = buyingRoleChanges(
      [
        { contactId: '1', buyingRoles: ['champion'] },
        { contactId: '1', buyingRoles: ['user'] },
      ],
      [{ contactId: '1', roles: ['user'] }],
    );
    expect(changes).toEqual({
      associate: [],
      add: [{ contactId: '1', roles: ['champion'] }],
      remove: [],
    });
  });
});

describe('mergeLabelledRoles (HubSpot wins)', () => {
  it('GIVEN a label changed in HubSpot THEN the plan shows HubSpot’s roles and keeps the seller’s notes', () => {
    const stored = keyPeopleSchema.parse({
      stakeholders: [
        { id: 'a', contactId: '1', buyingRoles: ['influencer'], roleInProcess: 'Head of IT' },
      ],
      externalInfluencers: [],
    });
    const merged = mergeLabelledRoles(stored, [{ contactId: '1', roles: ['champion'] }]);
    expect(merged.content.stakeholders[0]).toMatchObject({
      id: 'a',
      buyingRoles: ['champion'],
      roleInProcess: 'Head of IT',
    });
    expect(merged.changedContactIds).toEqual(['1']);
  });

  it('GIVEN a label set in HubSpot on a contact the plan does not list THEN it becomes a stakeholder with a stable id', () => {
    const merged = mergeLabelledRoles(people([]), [
      { contactId: '5', roles: ['decision_maker'] },
      { contactId: '6', roles: [] },
    ]);
    expect(merged.content.stakeholders).toHaveLength(1);
    expect(merged.content.stakeholders[0]).toMatchObject({
      id: stakeholderIdFor('5'),
      contactId: '5',
      buyingRoles: ['decision_maker'],
    });
    // the merged section is a valid section
    expect(keyPeopleSchema.safeParse(merged.content).success).toBe(true);
  });

  it('GIVEN a stakeholder whose association was removed in HubSpot THEN it keeps its entry without roles and is reported', () => {
    const merged = mergeLabelledRoles(
      people([{ id: 'a', contactId: '1', buyingRoles: ['champion'] }]),
      [],
    );
    expect(merged.content.stakeholders[0]!.buyingRoles).toEqual([]);
    expect(merged.unassociatedContactIds).toEqual(['1']);
  });

  it('GIVEN labels equal to the plan THEN nothing changes', () => {
    const stored = people([{ id: 'a', contactId: '1', buyingRoles: ['champion', 'user'] }]);
    const merged = mergeLabelledRoles(stored, [{ contactId: '1', roles: ['user', 'champion'] }]);
    expect(merged.changedContactIds).toEqual([]);
    expect(merged.content).toEqual(stored);
  });

  it('GIVEN a full section THEN labelled contacts beyond its limit stay in HubSpot only', () => {
    const full = people(
      Array.from({ length: MAX_LIST_ITEMS }, (_, index) => ({
        id: `s${index}`,
        contactId: String(index),
        buyingRoles: [],
      })),
    );
    const associated = [
      ...full.stakeholders.map((s) => ({ contactId: s.contactId, roles: [] })),
      { contactId: 'extra', roles: ['champion' as const] },
    ];
    const merged = mergeLabelledRoles(full, associated);
    expect(merged.content.stakeholders).toHaveLength(MAX_LIST_ITEMS);
    expect(keyPeopleSchema.safeParse(merged.content).success).toBe(true);
  });
});
