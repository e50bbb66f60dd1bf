import fc from 'fast-check';
import type {
  CompletenessItemId,
  SectionContent,
  SectionContentMap,
  SectionKey,
} from '../../../src/domain/plan/index.ts';
import {
  ALL_COMPLETENESS_ITEMS,
  COMPLETENESS_ITEM_IDS,
  DEFAULT_SECTION_WEIGHTS,
  SECTION_KEYS,
  SECTION_SCHEMAS,
  emptyContent,
  planCompleteness,
  sectionCompleteness,
  sectionWeightsSchema,
} from '../../../src/domain/plan/index.ts';
import { contentArbitraries, planArbitrary } from './arbitraries.ts';

/** Parses section input into full content (defaults filled in). */
const content = <K extends SectionKey>(key: K, input: unknown): SectionContent<K> =>
  SECTION_SCHEMAS[key].parse(input) as SectionContent<K>;

/** A plan in which every completeness item is met. */
const FULL: SectionContentMap = {
  accountTeam: content('accountTeam', {
    teamLead: '11',
    members: [{ id: 'm1', ownerId: '12', role: 'Presales' }],
  }),
  customerProfile: content('customerProfile', {
    businessAreas: ['Logistics'],
    products: ['Freight software'],
    financials: { annualRevenue: 2e8, currency: 'EUR', employees: 900 },
    customersOfCustomer: ['Retailers'],
    competitorsOfCustomer: ['Other forwarder'],
    contactPoints: [{ id: 'c1', name: 'Jana Berg' }],
  }),
  opportunitySummary: content('opportunitySummary', {
    projectDescription: 'Replace the dispatch system',
    solution: 'Our routing suite ends manual dispatch',
    budget: { amount: 250000, currency: 'EUR', confirmed: true },
    problems: ['Late deliveries'],
    actNow: { decision: 'act_now', why: 'Old contract ends' },
    consequencesOfInaction: 'Penalties from key accounts',
    timeline: { description: 'Live before peak season', targetDate: '2025-09-30' },
    expectedResults: ['On-time rate above 98 %'],
  }),
  buyingProcess: content('buyingProcess', {
    steps: [
      { id: 's1', name: 'Demo', dueDate: '2025-03-01', owner: 'Jana' },
      { id: 's2', name: 'Legal review', dueDate: '2025-04-01', owner: 'Legal dept.' },
    ],
    customerDeadlines: [{ id: 'd1', name: 'Board meeting', date: '2025-06-30' }],
  }),
  keyPeople: content('keyPeople', {
    stakeholders: [
      {
        id: 'p1',
        contactId: '901',
        buyingRoles: ['decision_maker', 'budget_holder'],
        opinionOfUs: 'neutral',
        decisionCriteria: ['Total cost'],
      },
      { id: 'p2', contactId: '902', buyingRoles: ['champion'], opinionOfUs: 'supporter' },
    ],
  }),
  competition: content('competition', {
    competitors: [{ id: 'k1', name: 'Rival', threatLevel: 'high', winStrategy: 'Show TCO' }],
  }),
};

type Breaker = [
  CompletenessItemId,
  SectionKey,
  (full: SectionContentMap) => unknown,
  CompletenessItemId[],
];

/** Each case takes the full plan, removes one thing, and names every item that goes missing. */
const BREAKERS: Breaker[] = [
  [
    'accountTeam.lead',
    'accountTeam',
    (f) => ({ ...f.accountTeam, teamLead: null }),
    ['accountTeam.lead'],
  ],
  [
    'accountTeam.members',
    'accountTeam',
    (f) => ({ ...f.accountTeam, members: [] }),
    ['accountTeam.members'],
  ],
  [
    'customerProfile.businessAreas',
    'customerProfile',
    (f) => ({ ...f.customerProfile, businessAreas: ['  '] }),
    ['customerProfile.businessAreas'],
  ],
  [
    'customerProfile.products',
    'customerProfile',
    (f) => ({ ...f.customerProfile, products: [] }),
    ['customerProfile.products'],
  ],
  [
    'customerProfile.revenue',
    'customerProfile',
    (f) => ({
      ...f.customerProfile,
      financials: { ...f.customerProfile.financials, currency: null },
    }),
    ['customerProfile.revenue'],
  ],
  [
    'customerProfile.revenue',
    'customerProfile',
    (f) => ({
      ...f.customerProfile,
      financials: { ...f.customerProfile.financials, annualRevenue: null },
    }),
    ['customerProfile.revenue'],
  ],
  [
    'customerProfile.employees',
    'customerProfile',
    (f) => ({
      ...f.customerProfile,
      financials: { ...f.customerProfile.financials, employees: null },
    }),
    ['customerProfile.employees'],
  ],
  [
    'customerProfile.customers',
    'customerProfile',
    (f) => ({ ...f.customerProfile, customersOfCustomer: [] }),
    ['customerProfile.customers'],
  ],
  [
    'customerProfile.competitors',
    'customerProfile',
    (f) => ({ ...f.customerProfile, competitorsOfCustomer: [] }),
    ['customerProfile.competitors'],
  ],
  [
    'customerProfile.contactPoints',
    'customerProfile',
    (f) => ({ ...f.customerProfile, contactPoints: [] }),
    ['customerProfile.contactPoints'],
  ],
  [
    'opportunitySummary.description',
    'opportunitySummary',
    (f) => ({ ...f.opportunitySummary, projectDescription: ' \n' }),
    ['opportunitySummary.description'],
  ],
  [
    'opportunitySummary.solution',
    'opportunitySummary',
    (f) => ({ ...f.opportunitySummary, solution: '' }),
    ['opportunitySummary.solution'],
  ],
  [
    'opportunitySummary.budgetAmount',
    'opportunitySummary',
    (f) => ({ ...f.opportunitySummary, budget: { ...f.opportunitySummary.budget, amount: null } }),
    ['opportunitySummary.budgetAmount'],
  ],
  [
    'opportunitySummary.budgetAmount',
    'opportunitySummary',
    (f) => ({
      ...f.opportunitySummary,
      budget: { ...f.opportunitySummary.budget, currency: null },
    }),
    ['opportunitySummary.budgetAmount'],
  ],
  [
    'opportunitySummary.budgetConfirmed',
    'opportunitySummary',
    (f) => ({
      ...f.opportunitySummary,
      budget: { ...f.opportunitySummary.budget, confirmed: false },
    }),
    ['opportunitySummary.budgetConfirmed'],
  ],
  [
    'opportunitySummary.problems',
    'opportunitySummary',
    (f) => ({ ...f.opportunitySummary, problems: [] }),
    ['opportunitySummary.problems'],
  ],
  [
    'opportunitySummary.actNowDecision',
    'opportunitySummary',
    (f) => ({ ...f.opportunitySummary, actNow: { decision: 'undecided', why: '' } }),
    ['opportunitySummary.actNowDecision'],
  ],
  [
    'opportunitySummary.consequences',
    'opportunitySummary',
    (f) => ({ ...f.opportunitySummary, consequencesOfInaction: '' }),
    ['opportunitySummary.consequences'],
  ],
  [
    'opportunitySummary.timeline',
    'opportunitySummary',
    (f) => ({
      ...f.opportunitySummary,
      timeline: { ...f.opportunitySummary.timeline, targetDate: null },
    }),
    ['opportunitySummary.timeline'],
  ],
  [
    'opportunitySummary.expectedResults',
    'opportunitySummary',
    (f) => ({ ...f.opportunitySummary, expectedResults: [''] }),
    ['opportunitySummary.expectedResults'],
  ],
  [
    'buyingProcess.steps',
    'buyingProcess',
    (f) => ({ ...f.buyingProcess, steps: [] }),
    ['buyingProcess.steps', 'buyingProcess.stepsDated', 'buyingProcess.stepOwners'],
  ],
  [
    'buyingProcess.stepsDated',
    'buyingProcess',
    (f) => ({
      ...f.buyingProcess,
      steps: f.buyingProcess.steps.map((s, i) => (i === 1 ? { ...s, dueDate: null } : s)),
    }),
    ['buyingProcess.stepsDated'],
  ],
  [
    'buyingProcess.stepOwners',
    'buyingProcess',
    (f) => ({
      ...f.buyingProcess,
      steps: f.buyingProcess.steps.map((s, i) => (i === 0 ? { ...s, owner: '' } : s)),
    }),
    ['buyingProcess.stepOwners'],
  ],
  [
    'buyingProcess.customerDeadlines',
    'buyingProcess',
    (f) => ({ ...f.buyingProcess, customerDeadlines: [] }),
    ['buyingProcess.customerDeadlines'],
  ],
  [
    'keyPeople.stakeholders',
    'keyPeople',
    (f) => ({ ...f.keyPeople, stakeholders: [] }),
    [
      'keyPeople.stakeholders',
      'keyPeople.decisionMaker',
      'keyPeople.champion',
      'keyPeople.budgetHolder',
      'keyPeople.decisionCriteria',
      'keyPeople.opinionsKnown',
    ],
  ],
  [
    'keyPeople.decisionMaker',
    'keyPeople',
    (f) => ({
      ...f.keyPeople,
      stakeholders: f.keyPeople.stakeholders.map((s) => ({
        ...s,
        buyingRoles: s.buyingRoles.filter((r) => r !== 'decision_maker'),
      })),
    }),
    ['keyPeople.decisionMaker', 'keyPeople.decisionCriteria'],
  ],
  [
    'keyPeople.champion',
    'keyPeople',
    (f) => ({ ...f.keyPeople, stakeholders: f.keyPeople.stakeholders.slice(0, 1) }),
    ['keyPeople.champion'],
  ],
  [
    'keyPeople.budgetHolder',
    'keyPeople',
    (f) => ({
      ...f.keyPeople,
      stakeholders: f.keyPeople.stakeholders.map((s) => ({
        ...s,
        buyingRoles: s.buyingRoles.filter((r) => r !== 'budget_holder'),
      })),
    }),
    ['keyPeople.budgetHolder'],
  ],
  [
    'keyPeople.decisionCriteria',
    'keyPeople',
    (f) => ({
      ...f.keyPeople,
      // criteria held only by someone who is not the decision maker do not count
      stakeholders: f.keyPeople.stakeholders.map((s, i) => ({
        ...s,
        decisionCriteria: i === 0 ? [] : ['Speed'],
      })),
    }),
    ['keyPeople.decisionCriteria'],
  ],
  [
    'keyPeople.opinionsKnown',
    'keyPeople',
    (f) => ({
      ...f.keyPeople,
      stakeholders: f.keyPeople.stakeholders.map((s, i) =>
        i === 1 ? { ...s, opinionOfUs: 'unknown' } : s,
      ),
    }),
    ['keyPeople.opinionsKnown'],
  ],
  [
    'competition.competitors',
    'competition',
    () => ({ competitors: [], noCompetitionKnown: false }),
    ['competition.competitors', 'competition.threatLevels', 'competition.winStrategies'],
  ],
  [
    'competition.threatLevels',
    'competition',
    (f) => ({
      ...f.competition,
      competitors: [
        ...f.competition.competitors,
        { ...f.competition.competitors[0]!, id: 'k2', threatLevel: null },
      ],
    }),
    ['competition.threatLevels'],
  ],
  [
    'competition.winStrategies',
    'competition',
    (f) => ({
      ...f.competition,
      competitors: f.competition.competitors.map((c) => ({ ...c, winStrategy: '   ' })),
    }),
    ['competition.winStrategies'],
  ],
];

describe('plan completeness', () => {
  it.each(SECTION_KEYS)('rates a fully filled %s section 100 % with nothing missing', (key) => {
    const result = sectionCompleteness(key, FULL[key]);
    expect(result.percent).toBe(100);
    expect(result.filled).toBe(result.total);
    expect(result.missing).toEqual([]);
  });

  it.each(SECTION_KEYS)('rates an empty %s section 0 % with every item missing', (key) => {
    const result = sectionCompleteness(key, emptyContent(key));
    expect(result).toMatchObject({ percent: 0, filled: 0 });
    expect(result.missing.map((m) => m.item)).toEqual(
      ALL_COMPLETENESS_ITEMS.filter((i) => i.section === key).map((i) => i.item),
    );
  });

  it.each(BREAKERS)(
    'counts %s as missing when it is taken out of a full %s section',
    (_item, key, breakIt, missing) => {
      // GIVEN a full plan with one thing taken out WHEN rating the section THEN exactly those items are missing
      const result = sectionCompleteness(key, content(key, breakIt(FULL)));
      expect(result.missing.map((m) => m.item)).toEqual(missing);
      expect(result.filled).toBe(result.total - missing.length);
    },
  );

  it('covers every completeness item with a case', () => {
    expect(new Set(BREAKERS.map(([item]) => item))).toEqual(new Set(COMPLETENESS_ITEM_IDS));
  });

  it('counts "no competition known" as a complete competition section', () => {
    const result = sectionCompleteness(
      'competition',
      content('competition', { noCompetitionKnown: true }),
    );
    expect(result).toEqual({ percent: 100, filled: 3, total: 3, missing: [] });
  });

  it('explains each missing item in English and German', () => {
    const result = sectionCompleteness('accountTeam', emptyContent('accountTeam'));
    expect(result.missing[0]).toEqual({
      item: 'accountTeam.lead',
      label: {
        en: 'Name the lead of the account team.',
        de: 'Benennen Sie die Leitung des Account-Teams.',
      },
    });
  });

  it.each([
    ['accountTeam', { teamLead: '1' }, 50],
    ['opportunitySummary', { projectDescription: 'x', solution: 'y', problems: ['z'] }, 33],
    [
      'opportunitySummary',
      {
        projectDescription: 'x',
        solution: 'y',
        problems: ['z'],
        expectedResults: ['r'],
        consequencesOfInaction: 'c',
        budget: { confirmed: true },
      },
      66,
    ],
    ['customerProfile', { products: ['a'] }, 14],
    ['keyPeople', { stakeholders: [{ id: 'p', contactId: '1', opinionOfUs: 'critic' }] }, 33],
    ['buyingProcess', { steps: [{ id: 's', name: 'Demo' }] }, 25],
  ] as [SectionKey, unknown, number][])('rates %s %p at %i %', (key, input, percent) => {
    expect(sectionCompleteness(key, content(key, input)).percent).toBe(percent);
  });

  it('lists every item once, with a section, a title and a hint in both languages', () => {
    expect(ALL_COMPLETENESS_ITEMS.map((i) => i.item)).toEqual([...COMPLETENESS_ITEM_IDS]);
    for (const entry of ALL_COMPLETENESS_ITEMS) {
      expect(entry.item.startsWith(`${entry.section}.`)).toBe(true);
      for (const text of [entry.title.en, entry.title.de, entry.hint.en, entry.hint.de]) {
        expect(text.trim()).not.toBe('');
      }
      expect(entry.hint.en).not.toBe(entry.hint.de);
    }
  });

  describe('of the whole plan', () => {
    it('is 100 % when every section is full', () => {
      const result = planCompleteness(FULL);
      expect(result.overall).toBe(100);
      for (const key of SECTION_KEYS) expect(result.sections[key].percent).toBe(100);
    });

    it('treats missing sections as empty', () => {
      const result = planCompleteness({});
      expect(result.overall).toBe(0);
      expect(result.sections.keyPeople.missing).toHaveLength(6);
    });

    it('weighs sections by the default weights', () => {
      // GIVEN only the account team (weight 1 of 9) and key people (weight 2 of 9) are full
      const result = planCompleteness({ accountTeam: FULL.accountTeam, keyPeople: FULL.keyPeople });
      // THEN the overall is 3/9 = 33 %
      expect(DEFAULT_SECTION_WEIGHTS).toMatchObject({ accountTeam: 1, keyPeople: 2 });
      expect(result.overall).toBe(33);
    });

    it('weighs exact section shares, not rounded section percents', () => {
      // GIVEN one of three competition items (33.3 %) and equal weights elsewhere zero
      const only = {
        accountTeam: 0,
        customerProfile: 0,
        opportunitySummary: 0,
        buyingProcess: 0,
        keyPeople: 0,
      };
      const result = planCompleteness(
        {
          competition: content('competition', {
            competitors: [{ id: 'k', name: 'R', threatLevel: 'low' }],
          }),
        },
        { ...only, competition: 3 },
      );
      expect(result.sections.competition.percent).toBe(66);
      expect(result.overall).toBe(66);
    });

    it('lets settings override weights per section', () => {
      const weights = {
        accountTeam: 1,
        customerProfile: 0,
        opportunitySummary: 0,
        buyingProcess: 0,
        keyPeople: 0,
        competition: 1,
      };
      expect(planCompleteness({ accountTeam: FULL.accountTeam }, weights).overall).toBe(50);
      expect(planCompleteness({ accountTeam: FULL.accountTeam }, { accountTeam: 7 }).overall).toBe(
        Math.floor((7 / 15) * 100),
      );
    });

    it('is 0 % when every weight is zero', () => {
      const zero = Object.fromEntries(SECTION_KEYS.map((k) => [k, 0]));
      expect(planCompleteness(FULL, zero).overall).toBe(0);
    });

    it.each([-1, Number.NaN, Number.POSITIVE_INFINITY])(
      'refuses a section weight of %p',
      (weight) => {
        expect(() => planCompleteness(FULL, { keyPeople: weight })).toThrow(RangeError);
      },
    );

    it.each([
      [{ keyPeople: 3 }, true],
      [{}, true],
      [{ keyPeople: -1 }, false],
      [{ keyPeople: 101 }, false],
      [{ unknownSection: 1 }, false],
    ])('validates admin weights %p: %s', (weights, ok) => {
      expect(sectionWeightsSchema.safeParse(weights).success).toBe(ok);
    });
  });

  describe('is monotonic (property)', () => {
    type Path = (string | number)[];
    const isRecord = (v: unknown): v is Record<string, unknown> =>
      typeof v === 'object' && v !== null && !Array.isArray(v);
    /** A value a seller has not filled in yet. */
    const isUnfilled = (v: unknown) =>
      v === '' ||
      v === null ||
      v === false ||
      v === 'undecided' ||
      v === 'unknown' ||
      (Array.isArray(v) && v.length === 0);

    /** Paths where `a` is unfilled and `b` holds a filled-in value for the same field. */
    function fillablePaths(a: unknown, b: unknown, path: Path = []): Path[] {
      if (isUnfilled(a)) return b === undefined || isUnfilled(b) ? [] : [path];
      if (Array.isArray(a) && Array.isArray(b)) {
        return a.flatMap((entry, i) =>
          i < b.length ? fillablePaths(entry, b[i], [...path, i]) : [],
        );
      }
      if (isRecord(a) && isRecord(b))
        return Object.keys(a).flatMap((k) => fillablePaths(a[k], b[k], [...path, k]));
      return [];
    }

    function valueAt(value: unknown, path: Path): unknown {
      return path.reduce<unknown>((v, key) => (v as Record<string | number, unknown>)[key], value);
    }

    function withValueAt(value: unknown, path: Path, replacement: unknown): unknown {
      if (path.length === 0) return replacement;
      const [head, ...rest] = path as [string | number, ...Path];
      const copy = (Array.isArray(value) ? [...value] : { ...(value as object) }) as Record<
        string | number,
        unknown
      >;
      copy[head] = withValueAt(copy[head], rest, replacement);
      return copy;
    }

    const sparse = <K extends SectionKey>(key: K) =>
      fc.oneof(fc.constant(emptyContent(key)), contentArbitraries[key]);
    const sparsePlan = fc.record(
      Object.fromEntries(SECTION_KEYS.map((k) => [k, sparse(k)])) as {
        [K in SectionKey]: fc.Arbitrary<SectionContent<K>>;
      },
    );

    it('never lowers a section or the overall when a field is filled in', () => {
      // GIVEN a sparse plan A and a filled plan B WHEN A's unfilled fields are filled from B one at a time
      // THEN no section percent and no overall percent ever goes down
      fc.assert(
        fc.property(
          sparsePlan,
          planArbitrary,
          fc.array(fc.nat(), { maxLength: 8 }),
          (a, b, picks) => {
            let plan: SectionContentMap = a;
            let before = planCompleteness(plan);
            for (const pick of picks) {
              const candidates = SECTION_KEYS.flatMap((key) =>
                fillablePaths(plan[key], b[key]).map((path) => ({ key, path })),
              );
              if (candidates.length === 0) return;
              const { key, path } = candidates[pick % candidates.length]!;
              const filledIn = SECTION_SCHEMAS[key].safeParse(
                withValueAt(plan[key], path, valueAt(b[key], path)),
              );
              if (!filledIn.success) continue; // e.g. "no competition known" next to listed competitors
              plan = { ...plan, [key]: filledIn.data };
              const after = planCompleteness(plan);
              for (const k of SECTION_KEYS) {
                expect(after.sections[k].percent).toBeGreaterThanOrEqual(
                  before.sections[k].percent,
                );
              }
              expect(after.overall).toBeGreaterThanOrEqual(before.overall);
              before = after;
            }
          },
        ),
        { numRuns: 300 },
      );
    });
  });
});
