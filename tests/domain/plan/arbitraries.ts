// fast-check generators for valid plan content (the parsed form, every field present) and for
// stored section documents. Shared by the round-trip and monotonicity properties.
import fc from 'fast-check';
import { BUYING_ROLES } from '../../../src/domain/properties.ts';
import type {
  SectionContent,
  SectionContentMap,
  SectionDocument,
  SectionKey,
} from '../../../src/domain/plan/index.ts';
import {
  ACT_NOW_DECISIONS,
  ATTITUDES_TO_CHANGE,
  CURRENT_SCHEMA_VERSION,
  INFLUENCER_KINDS,
  LEVELS,
  OPINIONS_OF_US,
  SECTION_KEYS,
  STEP_STATUSES,
} from '../../../src/domain/plan/index.ts';

const text = (maxLength: number) => fc.string({ maxLength });
const shortText = text(40);
const longText = text(120);
const name = fc.string({ minLength: 1, maxLength: 30 }).filter((s) => s.trim().length > 0);
const recordId = fc.stringMatching(/^[1-9][0-9]{0,11}$/);
const list = <T>(item: fc.Arbitrary<T>) => fc.array(item, { maxLength: 4 });
const textList = list(shortText);
const money = fc.option(fc.integer({ min: 0, max: 10_000_000 }), { nil: null });
const currency = fc.option(fc.constantFrom('EUR', 'USD', 'CHF'), { nil: null });
const rating = fc.option(fc.integer({ min: 1, max: 5 }), { nil: null });
const isoDate = fc
  .date({
    min: new Date('2000-01-01T00:00:00Z'),
    max: new Date('2099-12-31T00:00:00Z'),
    noInvalidDate: true,
  })
  .map((d) => d.toISOString().slice(0, 10));
const monthDay = isoDate.map((d) => d.slice(5));

/** A list of items with unique ids `<prefix>-<index>`. */
const items = <T extends object>(prefix: string, item: fc.Arbitrary<T>) =>
  list(item).map((entries) =>
    entries.map((entry, index) => ({ id: `${prefix}-${index}`, ...entry })),
  );

export const contentArbitraries: { [K in SectionKey]: fc.Arbitrary<SectionContentMap[K]> } = {
  accountTeam: fc.record({
    teamLead: fc.option(recordId, { nil: null }),
    members: items('m', fc.record({ ownerId: recordId, role: shortText })),
    externalMembers: items('x', fc.record({ name, organisation: shortText, role: shortText })),
  }),
  customerProfile: fc.record({
    businessAreas: textList,
    products: textList,
    financials: fc.record({
      annualRevenue: money,
      currency,
      employees: fc.option(fc.integer({ min: 0, max: 1_000_000 }), { nil: null }),
      fiscalYearEnd: fc.option(monthDay, { nil: null }),
      notes: longText,
    }),
    customersOfCustomer: textList,
    competitorsOfCustomer: textList,
    contactPoints: items(
      'c',
      fc.record({ name, role: shortText, contactId: fc.option(recordId, { nil: null }) }),
    ),
  }),
  opportunitySummary: fc.record({
    projectDescription: longText,
    solution: longText,
    budget: fc.record({ amount: money, currency, confirmed: fc.boolean() }),
    problems: textList,
    actNow: fc.record({ decision: fc.constantFrom(...ACT_NOW_DECISIONS), why: longText }),
    consequencesOfInaction: longText,
    timeline: fc.record({ description: longText, targetDate: fc.option(isoDate, { nil: null }) }),
    expectedResults: textList,
  }),
  buyingProcess: fc.record({
    steps: items(
      's',
      fc.record({
        name,
        dueDate: fc.option(isoDate, { nil: null }),
        status: fc.constantFrom(...STEP_STATUSES),
        owner: shortText,
        needsApproval: fc.boolean(),
        legalRequirement: fc.boolean(),
      }),
    ),
    customerDeadlines: items('d', fc.record({ name, date: isoDate })),
  }),
  keyPeople: fc.record({
    stakeholders: items(
      'p',
      fc.record({
        contactId: recordId,
        buyingRoles: fc.subarray([...BUYING_ROLES]),
        roleInProcess: shortText,
        familiarity: rating,
        attitudeToChange: fc.option(fc.constantFrom(...ATTITUDES_TO_CHANGE), { nil: null }),
        opinionOfUs: fc.constantFrom(...OPINIONS_OF_US),
        influence: fc.option(fc.constantFrom(...LEVELS), { nil: null }),
        addressedWell: rating,
        perceivedBenefits: textList,
        decisionCriteria: textList,
      }),
    ),
    externalInfluencers: items(
      'i',
      fc.record({
        name,
        organisation: shortText,
        kind: fc.constantFrom(...INFLUENCER_KINDS),
        influence: fc.constantFrom(...LEVELS),
      }),
    ),
  }),
  competition: items(
    'k',
    fc.record({
      name,
      historyWithAccount: longText,
      positioning: longText,
      strategy: longText,
      strengths: textList,
      weaknesses: textList,
      objectionsAgainstUs: textList,
      stumblingBlocks: textList,
      winStrategy: longText,
      threatLevel: fc.option(fc.constantFrom(...LEVELS), { nil: null }),
    }),
  ).chain((competitors) =>
    fc
      .boolean()
      .map((flag) => ({ competitors, noCompetitionKnown: competitors.length === 0 && flag })),
  ),
};

/** Any section key. */
export const sectionKeyArbitrary = fc.constantFrom(...SECTION_KEYS);

/** A stored document of section `key` as the app writes it. */
export function documentArbitrary<K extends SectionKey>(key: K): fc.Arbitrary<SectionDocument<K>> {
  return fc
    .record({
      rev: fc.nat({ max: 10_000 }),
      instant: fc.date({
        min: new Date('2020-01-01T00:00:00Z'),
        max: new Date('2040-01-01T00:00:00Z'),
        noInvalidDate: true,
      }),
      updatedBy: recordId,
      content: contentArbitraries[key] as fc.Arbitrary<SectionContent<K>>,
    })
    .map(({ rev, instant, updatedBy, content }) => ({
      schemaVersion: CURRENT_SCHEMA_VERSION,
      section: key,
      rev,
      updatedAt: rev === 0 ? null : instant.toISOString(),
      updatedBy: rev === 0 ? null : updatedBy,
      content,
    }));
}

/** A whole plan: every section's content. */
export const planArbitrary: fc.Arbitrary<SectionContentMap> = fc.record(contentArbitraries);
