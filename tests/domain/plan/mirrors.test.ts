// The plan's deal mirrors and the carry-over to the company of a won deal (src/domain/plan/mirrors.ts).
import {
  MAX_TEXTAREA_JSON_BYTES,
  measureUtf8Bytes,
  truncateUtf8,
} from '../../../src/domain/hubspot-limits.ts';
import {
  MAX_LIST_ITEMS,
  MAX_NAME_LENGTH,
  SECTION_KEYS,
  carryOverDocument,
  emptyContent,
  emptySection,
  getSectionSchema,
  planContents,
  planMirrors,
  type PlanContents,
} from '../../../src/domain/plan/index.ts';
import { COMPANY_PROPERTIES, DEAL_PROPERTIES } from '../../../src/domain/properties.ts';

const empty = (): PlanContents =>
  Object.fromEntries(SECTION_KEYS.map((key) => [key, emptyContent(key)])) as PlanContents;

describe('planMirrors', () => {
  it('mirrors completeness, budget, a known champion and the most threatening competitor', () => {
    // GIVEN a plan with a budget, a champion and two competitors of different threat
    const contents = {
      ...empty(),
      opportunitySummary: getSectionSchema('opportunitySummary').parse({
        budget: { amount: 125000, currency: 'EUR' },
      }),
      keyPeople: getSectionSchema('keyPeople').parse({
        stakeholders: [{ id: 's1', contactId: '11', buyingRoles: ['champion'] }],
      }),
      competition: getSectionSchema('competition').parse({
        competitors: [
          { id: 'c1', name: 'Rival Low', threatLevel: 'low' },
          { id: 'c2', name: 'Rival High', threatLevel: 'high' },
        ],
      }),
    };
    // THEN the mirrors say so, as HubSpot property strings
    expect(planMirrors(contents, { overall: 42 })).toEqual({
      [DEAL_PROPERTIES.completeness.name]: '42',
      [DEAL_PROPERTIES.budget.name]: '125000',
      [DEAL_PROPERTIES.championKnown.name]: 'true',
      [DEAL_PROPERTIES.primaryCompetitor.name]: 'Rival High',
    });
  });

  it('clears budget and competitor of an empty plan and says no champion is known', () => {
    expect(planMirrors(empty(), { overall: 0 })).toEqual({
      [DEAL_PROPERTIES.completeness.name]: '0',
      [DEAL_PROPERTIES.budget.name]: '',
      [DEAL_PROPERTIES.championKnown.name]: 'false',
      [DEAL_PROPERTIES.primaryCompetitor.name]: '',
    });
  });

  it('reads the contents of section documents', () => {
    const documents = Object.fromEntries(SECTION_KEYS.map((key) => [key, emptySection(key)]));
    expect(planContents(documents as Parameters<typeof planContents>[0])).toEqual(empty());
  });
});

describe('carryOverDocument', () => {
  const wonAt = new Date(Date.UTC(2026, 4, 6, 9, 30));

  it('carries the essentials, expected results, profile and customer-since date over', () => {
    // GIVEN a won plan with one stakeholder, expected results and a profile
    const contents = {
      ...empty(),
      opportunitySummary: getSectionSchema('opportunitySummary').parse({
        solution: 'Hosted platform',
        expectedResults: ['Fewer tickets', 'Faster onboarding'],
      }),
      keyPeople: getSectionSchema('keyPeople').parse({
        stakeholders: [
          {
            id: 's1',
            contactId: '11',
            buyingRoles: ['decision_maker'],
            decisionCriteria: ['Price'],
          },
        ],
      }),
    };
    const written = carryOverDocument({ dealId: '77', wonAt, contents });
    // THEN the company gets each value, all of them fitting a text property
    expect(JSON.parse(written[COMPANY_PROPERTIES.wonPlanEssentials.name]!)).toEqual({
      fromDealId: '77',
      wonAt: wonAt.toISOString(),
      stakeholders: [
        {
          contactId: '11',
          buyingRoles: ['decision_maker'],
          decisionCriteria: ['Price'],
          perceivedBenefits: [],
        },
      ],
      expectedResults: ['Fewer tickets', 'Faster onboarding'],
      timeline: contents.opportunitySummary.timeline,
      solution: 'Hosted platform',
    });
    expect(written[COMPANY_PROPERTIES.expectedResults.name]).toBe(
      'Fewer tickets; Faster onboarding',
    );
    expect(JSON.parse(written[COMPANY_PROPERTIES.customerProfile.name]!)).toEqual(
      contents.customerProfile,
    );
    expect(written[COMPANY_PROPERTIES.customerSince.name]).toBe('2026-05-06');
  });

  it('drops the stakeholders’ detail when the largest valid plan would not fit, keeping valid JSON', () => {
    // GIVEN the most stakeholders a plan holds, each with the most criteria and benefits of the
    // longest names, in two-byte characters (far past HubSpot's text property)
    const long = 'ü'.repeat(MAX_NAME_LENGTH);
    const stakeholders = Array.from({ length: MAX_LIST_ITEMS }, (_, index) => ({
      ...getSectionSchema('keyPeople').parse({
        stakeholders: [{ id: `s${index}`, contactId: String(100 + index), buyingRoles: ['user'] }],
      }).stakeholders[0]!,
      decisionCriteria: Array.from({ length: MAX_LIST_ITEMS }, () => long),
      perceivedBenefits: Array.from({ length: MAX_LIST_ITEMS }, () => long),
    }));
    const contents = { ...empty(), keyPeople: { ...emptyContent('keyPeople'), stakeholders } };
    const json = carryOverDocument({ dealId: '77', wonAt, contents })[
      COMPANY_PROPERTIES.wonPlanEssentials.name
    ]!;
    // THEN the essentials keep who was involved in which role, and fit
    expect(measureUtf8Bytes(json)).toBeLessThanOrEqual(MAX_TEXTAREA_JSON_BYTES);
    const essentials = JSON.parse(json) as { stakeholders: object[] };
    expect(essentials.stakeholders).toHaveLength(MAX_LIST_ITEMS);
    expect(essentials.stakeholders[0]).toEqual({ contactId: '100', buyingRoles: ['user'] });
  });

  it('keeps only the origin when even the reduced essentials would not fit', () => {
    // GIVEN more stakeholders than a plan holds (5,000): even their ids and roles are too large
    const stakeholders = Array.from({ length: 5_000 }, (_, index) => ({
      contactId: String(100_000 + index),
      buyingRoles: ['user'],
      decisionCriteria: [],
      perceivedBenefits: [],
    }));
    const contents = {
      ...empty(),
      keyPeople: {
        ...emptyContent('keyPeople'),
        stakeholders,
      } as unknown as PlanContents['keyPeople'],
    };
    const json = carryOverDocument({ dealId: '77', wonAt, contents })[
      COMPANY_PROPERTIES.wonPlanEssentials.name
    ]!;
    expect(JSON.parse(json)).toEqual({
      fromDealId: '77',
      wonAt: wonAt.toISOString(),
      truncated: true,
    });
  });

  it('leaves a customer profile out that would not fit (the company keeps its own)', () => {
    const huge = 'x'.repeat(MAX_TEXTAREA_JSON_BYTES);
    const contents = {
      ...empty(),
      customerProfile: { ...emptyContent('customerProfile'), businessAreas: [huge] },
    };
    const written = carryOverDocument({ dealId: '77', wonAt, contents });
    expect(written).not.toHaveProperty(COMPANY_PROPERTIES.customerProfile.name);
    expect(written).toHaveProperty(COMPANY_PROPERTIES.wonPlanEssentials.name);
  });
});

describe('truncateUtf8', () => {
  it('cuts at the byte budget without splitting a character', () => {
    expect(truncateUtf8('abc', 3)).toBe('abc');
    expect(truncateUtf8('aü', 2)).toBe('a');
    expect(truncateUtf8('aü', 3)).toBe('aü');
    expect(truncateUtf8('a😀b', 4)).toBe('a');
    expect(truncateUtf8('a😀b', 5)).toBe('a😀');
    expect(truncateUtf8('€€', 5)).toBe('€');
    // a lone surrogate counts as the 3-byte replacement character
    expect(truncateUtf8('\ud800x', 3)).toBe('\ud800');
  });
});
