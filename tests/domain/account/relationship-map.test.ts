import { coverageOf, relationshipMap } from '../../../src/domain/account/index.ts';
import { keyPeopleSchema, type KeyPeople } from '../../../src/domain/plan/index.ts';

const people = (stakeholders: Record<string, unknown>[]): KeyPeople =>
  keyPeopleSchema.parse({ stakeholders });
const contacts = new Map([
  ['1', { name: 'Ada Boss', jobTitle: 'CEO' }],
  ['2', { name: 'Bert Middle', jobTitle: 'CFO' }],
  ['3', { name: 'Cleo Staff', jobTitle: null }],
  ['4', { name: 'Dora Outside', jobTitle: 'Board' }],
]);

describe('relationshipMap', () => {
  it('draws managers before their reports, depth by reporting line, outside managers included', () => {
    const map = relationshipMap({
      committees: [
        {
          dealId: 'd1',
          keyPeople: people([
            { id: 'a', contactId: '3', buyingRoles: ['user'] },
            { id: 'b', contactId: '2', buyingRoles: ['budget_holder'] },
            { id: 'c', contactId: '1', buyingRoles: ['decision_maker', 'champion'] },
          ]),
        },
      ],
      reportsTo: new Map([
        ['3', '2'],
        ['2', '1'],
        ['1', '4'],
      ]),
      contacts,
    });
    expect(map.nodes.map((n) => [n.contactId, n.depth, n.inCommittee])).toEqual([
      ['4', 0, false],
      ['1', 1, true],
      ['2', 2, true],
      ['3', 3, true],
    ]);
    expect(map.nodes[1]).toMatchObject({ name: 'Ada Boss', managerId: '4', dealIds: ['d1'] });
    expect(map.gaps).toEqual([]);
  });

  it('puts a placeholder for each missing committee role, from the completeness items', () => {
    const map = relationshipMap({
      committees: [
        {
          dealId: 'd',
          keyPeople: people([{ id: 'a', contactId: '3', buyingRoles: ['champion'] }]),
        },
      ],
      reportsTo: new Map(),
      contacts,
    });
    expect(map.gaps.map((g) => [g.role, g.item])).toEqual([
      ['decision_maker', 'keyPeople.decisionMaker'],
      ['budget_holder', 'keyPeople.budgetHolder'],
    ]);
    expect(map.gaps[0]!.hint.de).toMatch(/Entscheidung/);
  });

  it('cuts a reporting circle instead of looping', () => {
    const map = relationshipMap({
      committees: [
        {
          dealId: 'd',
          keyPeople: people([
            { id: 'a', contactId: '1' },
            { id: 'b', contactId: '2' },
          ]),
        },
      ],
      reportsTo: new Map([
        ['1', '2'],
        ['2', '1'],
      ]),
      contacts,
    });
    expect(map.nodes).toHaveLength(2);
    expect(map.nodes.filter((n) => n.depth === 0)).toHaveLength(1);
  });

  it('merges the committees of several deals: roles united, first deal gives the attributes', () => {
    const map = relationshipMap({
      committees: [
        {
          dealId: 'new',
          keyPeople: people([
            { id: 'a', contactId: '1', buyingRoles: ['champion'], opinionOfUs: 'supporter' },
          ]),
        },
        {
          dealId: 'old',
          keyPeople: people([
            { id: 'b', contactId: '1', buyingRoles: ['decision_maker'], opinionOfUs: 'critic' },
          ]),
        },
      ],
      reportsTo: new Map(),
      contacts,
    });
    expect(map.nodes).toEqual([
      expect.objectContaining({
        contactId: '1',
        buyingRoles: ['champion', 'decision_maker'],
        opinionOfUs: 'supporter',
        dealIds: ['new', 'old'],
      }),
    ]);
    expect(map.gaps.map((g) => g.role)).toEqual(['budget_holder']);
  });

  it('flags influential critics and influential people we hardly cover', () => {
    const map = relationshipMap({
      committees: [
        {
          dealId: 'd',
          keyPeople: people([
            {
              id: 'a',
              contactId: '1',
              influence: 'high',
              opinionOfUs: 'critic',
              familiarity: 5,
              addressedWell: 5,
            },
            { id: 'b', contactId: '2', influence: 'high', familiarity: 2 },
            { id: 'c', contactId: '3', influence: 'high', familiarity: 4, addressedWell: 5 },
            { id: 'd', contactId: '4', influence: 'low' },
          ]),
        },
      ],
      reportsTo: new Map(),
      contacts,
    });
    expect(map.risks).toEqual([
      { contactId: '1', reason: 'critic_with_influence' },
      { contactId: '2', reason: 'influential_uncovered' },
    ]);
  });
});

describe('coverageOf', () => {
  it('is decided by the weaker rating; no rating is unknown', () => {
    expect(coverageOf({ familiarity: null, addressedWell: null })).toBe('unknown');
    expect(coverageOf({ familiarity: 5, addressedWell: 4 })).toBe('strong');
    expect(coverageOf({ familiarity: 5, addressedWell: 3 })).toBe('partial');
    expect(coverageOf({ familiarity: 2, addressedWell: null })).toBe('weak');
  });
});

describe('relationshipMap: names and order', () => {
  it('names an unknown contact by id and orders siblings by name', () => {
    const map = relationshipMap({
      committees: [
        {
          dealId: 'd',
          keyPeople: people([
            { id: 'a', contactId: '99' },
            { id: 'b', contactId: '3' },
            { id: 'c', contactId: '1' },
            { id: 'd', contactId: '1' },
          ]),
        },
      ],
      reportsTo: new Map([['3', '3']]),
      contacts,
    });
    expect(map.nodes.map((n) => n.name)).toEqual(['#99', 'Ada Boss', 'Cleo Staff']);
    expect(map.nodes.every((n) => n.managerId === null)).toBe(true);
  });
});
