import type { ScoringRule } from '../../../src/domain/scoring/index.ts';
import {
  bandOf,
  evaluate,
  gradeOf,
  matchesRule,
  topReasons,
} from '../../../src/domain/scoring/index.ts';
import { daysAgo, daysAgoIso, modelWith, NOW, rule } from './model-builders.ts';

type Spec = Partial<ScoringRule> & Pick<ScoringRule, 'operator'>;

describe('matchesRule', () => {
  // [operator spec, HubSpot value, expected]
  const cases: [string, Spec, string | null | undefined, boolean][] = [
    // text (case-insensitive, trimmed)
    ['eq matches ignoring case', { operator: 'eq', value: 'Germany' }, ' germany ', true],
    ['eq does not match another value', { operator: 'eq', value: 'Germany' }, 'France', false],
    ['eq with a number compares numerically', { operator: 'eq', value: 5 }, '5.0', true],
    ['eq with a number rejects another number', { operator: 'eq', value: 5 }, '6', false],
    ['eq with a number rejects text', { operator: 'eq', value: 5 }, 'five', false],
    ['eq matches booleans as text', { operator: 'eq', value: 'true' }, 'TRUE', true],
    ['neq matches a different value', { operator: 'neq', value: 'a' }, 'b', true],
    ['neq does not match the same value', { operator: 'neq', value: 'a' }, 'A', false],
    [
      'contains matches a substring',
      { operator: 'contains', value: 'Director' },
      'Sales director EMEA',
      true,
    ],
    [
      'contains does not match without substring',
      { operator: 'contains', value: 'vp' },
      'Manager',
      false,
    ],
    [
      'not_contains matches without substring',
      { operator: 'not_contains', value: 'vp' },
      'Manager',
      true,
    ],
    [
      'not_contains rejects with substring',
      { operator: 'not_contains', value: 'vp' },
      'SVP',
      false,
    ],
    [
      'starts_with matches a prefix',
      { operator: 'starts_with', value: 'head' },
      'Head of IT',
      true,
    ],
    [
      'starts_with rejects elsewhere',
      { operator: 'starts_with', value: 'IT' },
      'Head of IT',
      false,
    ],
    [
      'ends_with matches a suffix',
      { operator: 'ends_with', value: '@gmail.com' },
      'A@Gmail.com',
      true,
    ],
    [
      'ends_with rejects elsewhere',
      { operator: 'ends_with', value: '@gmail.com' },
      'a@acme.com',
      false,
    ],
    ['in matches a listed value', { operator: 'in', value: ['de', 'at'] }, 'AT', true],
    ['in rejects an unlisted value', { operator: 'in', value: ['de', 'at'] }, 'fr', false],
    ['in compares whole values', { operator: 'in', value: ['de'] }, 'denmark', false],
    ['not_in matches an unlisted value', { operator: 'not_in', value: ['de'] }, 'fr', true],
    ['not_in rejects a listed value', { operator: 'not_in', value: ['de'] }, 'De', false],
    // numbers (decimal strings)
    ['gt matches above', { operator: 'gt', value: 10 }, '10.5', true],
    ['gt rejects equal', { operator: 'gt', value: 10 }, '10', false],
    ['gte matches equal', { operator: 'gte', value: 10 }, '10', true],
    ['gte rejects below', { operator: 'gte', value: 10 }, '9.99', false],
    ['lt matches below', { operator: 'lt', value: 10 }, '-3', true],
    ['lt rejects equal', { operator: 'lt', value: 10 }, '10', false],
    ['lte matches equal', { operator: 'lte', value: 10 }, '10', true],
    ['lte rejects above', { operator: 'lte', value: 10 }, '11', false],
    ['between includes min', { operator: 'between', value: [5, 10] }, '5', true],
    ['between includes max', { operator: 'between', value: [5, 10] }, '10', true],
    ['between rejects below', { operator: 'between', value: [5, 10] }, '4.9', false],
    ['between rejects above', { operator: 'between', value: [5, 10] }, '10.1', false],
    ['numbers in exponent notation are read', { operator: 'gte', value: 1000 }, '1e3', true],
    ['thousands separators are not numbers', { operator: 'gte', value: 1 }, '1,000', false],
    ['trailing text is not a number', { operator: 'gte', value: 1 }, '12abc', false],
    ['an enumeration range is not a number', { operator: 'gte', value: 1 }, '500-1000', false],
    // enumerations (multi-checkbox values are ;-separated)
    [
      'is_any_of matches one selected option',
      { operator: 'is_any_of', value: ['b', 'x'] },
      'a;B;c',
      true,
    ],
    ['is_any_of rejects when none selected', { operator: 'is_any_of', value: ['x'] }, 'a;b', false],
    ['is_any_of trims options', { operator: 'is_any_of', value: ['b'] }, 'a; b ;', true],
    [
      'is_none_of matches when none selected',
      { operator: 'is_none_of', value: ['x'] },
      'a;b',
      true,
    ],
    [
      'is_none_of rejects when one selected',
      { operator: 'is_none_of', value: ['b'] },
      'a;b',
      false,
    ],
    // dates (epoch ms or ISO)
    [
      'within_last_days matches a recent epoch date',
      { operator: 'within_last_days', value: 30 },
      daysAgo(29),
      true,
    ],
    [
      'within_last_days includes the boundary',
      { operator: 'within_last_days', value: 30 },
      daysAgo(30),
      true,
    ],
    [
      'within_last_days rejects an older date',
      { operator: 'within_last_days', value: 30 },
      daysAgo(31),
      false,
    ],
    [
      'within_last_days rejects a future date',
      { operator: 'within_last_days', value: 30 },
      daysAgo(-1),
      false,
    ],
    [
      'within_last_days reads ISO dates',
      { operator: 'within_last_days', value: 30 },
      daysAgoIso(3),
      true,
    ],
    [
      'within_last_days reads date-only ISO',
      { operator: 'within_last_days', value: 30 },
      '2025-05-20',
      true,
    ],
    [
      'older_than_days matches an older date',
      { operator: 'older_than_days', value: 90 },
      daysAgo(91),
      true,
    ],
    [
      'older_than_days rejects the boundary',
      { operator: 'older_than_days', value: 90 },
      daysAgo(90),
      false,
    ],
    [
      'before matches an earlier date',
      { operator: 'before', value: '2024-01-01' },
      '2023-12-31T23:59:59Z',
      true,
    ],
    [
      'before rejects the same instant',
      { operator: 'before', value: '2024-01-01' },
      '2024-01-01',
      false,
    ],
    [
      'after matches a later date',
      { operator: 'after', value: '2024-01-01T00:00:00Z' },
      String(Date.UTC(2024, 0, 2)),
      true,
    ],
    [
      'after rejects an earlier date',
      { operator: 'after', value: '2024-01-01' },
      '2023-06-01',
      false,
    ],
    ['dates reject free text', { operator: 'within_last_days', value: 30 }, 'yesterday', false],
    [
      'dates reject impossible ISO dates',
      { operator: 'after', value: '2024-01-01' },
      '2024-13-40',
      false,
    ],
    // presence
    ['is_known matches a value', { operator: 'is_known' }, 'x', true],
    ['is_known rejects a blank value', { operator: 'is_known' }, '   ', false],
    ['is_unknown matches null', { operator: 'is_unknown' }, null, true],
    ['is_unknown matches an empty string', { operator: 'is_unknown' }, '', true],
    ['is_unknown rejects a value', { operator: 'is_unknown' }, '0', false],
  ];

  it.each(cases)('%s', (_name, spec, value, expected) => {
    // GIVEN a rule and a HubSpot value
    const subject = rule('r', { property: 'prop', ...spec });
    // WHEN the rule is matched THEN it matches exactly when expected
    expect(matchesRule(subject, { prop: value }, NOW)).toBe(expected);
  });

  const missingCases: Spec[] = [
    { operator: 'eq', value: 'a' },
    { operator: 'eq', value: 1 },
    { operator: 'neq', value: 'a' },
    { operator: 'contains', value: 'a' },
    { operator: 'not_contains', value: 'a' },
    { operator: 'starts_with', value: 'a' },
    { operator: 'ends_with', value: 'a' },
    { operator: 'in', value: ['a'] },
    { operator: 'not_in', value: ['a'] },
    { operator: 'gt', value: 0 },
    { operator: 'gte', value: 0 },
    { operator: 'lt', value: 0 },
    { operator: 'lte', value: 0 },
    { operator: 'between', value: [0, 1] },
    { operator: 'is_any_of', value: ['a'] },
    { operator: 'is_none_of', value: ['a'] },
    { operator: 'within_last_days', value: 1 },
    { operator: 'older_than_days', value: 1 },
    { operator: 'before', value: '2030-01-01' },
    { operator: 'after', value: '2000-01-01' },
    { operator: 'is_known' },
  ];

  it.each(missingCases.map((spec) => [spec.operator, spec] as const))(
    '%s never matches a missing value (null, undefined, blank, absent)',
    (_name, spec) => {
      const subject = rule('r', { property: 'prop', ...spec });
      for (const properties of [{ prop: null }, { prop: undefined }, { prop: '  ' }, {}]) {
        expect(matchesRule(subject, properties, NOW)).toBe(false);
      }
    },
  );

  it('never matches a date rule whose own value is not a date (unvalidated input)', () => {
    const subject = { ...rule('r', { operator: 'before', value: '2024-01-01' }), value: 'soon' };
    expect(matchesRule(subject as ScoringRule, { prop: '2000-01-01' }, NOW)).toBe(false);
    const after = { ...rule('r', { operator: 'after', value: '2024-01-01' }), value: 'soon' };
    expect(matchesRule(after as ScoringRule, { prop: '2030-01-01' }, NOW)).toBe(false);
  });

  it('rejects an operator the schema does not know (unvalidated input)', () => {
    const subject = { ...rule('r', { operator: 'is_known' }), operator: 'resembles' };
    expect(() => matchesRule(subject as unknown as ScoringRule, { prop: 'x' }, NOW)).toThrow(
      /Unhandled rule/,
    );
  });
});

describe('evaluate: points and caps', () => {
  it('adds the points of matching rules and ignores the others', () => {
    // GIVEN two fit rules, one matching
    const model = modelWith({
      fitRules: [
        rule('match', { property: 'jobtitle', operator: 'contains', value: 'vp' }, 20),
        rule('miss', { property: 'jobtitle', operator: 'contains', value: 'cto' }, 30),
      ],
    });
    // WHEN scored
    const result = evaluate({ jobtitle: 'VP Sales' }, model, NOW);
    // THEN only the matching rule counts
    expect(result.fit).toBe(20);
    expect(result.engagement).toBe(0);
    expect(result.total).toBe(20);
    expect(result.reasons.map((r) => r.ruleId)).toEqual(['match']);
  });

  it('limits a group to its cap and marks the scaled reasons as capped', () => {
    const model = modelWith({
      fitGroupCap: 15,
      fitRules: [
        rule('a', { property: 'p', operator: 'is_known' }, 10),
        rule('b', { property: 'p', operator: 'is_known' }, 10),
      ],
    });
    const result = evaluate({ p: 'x' }, model, NOW);
    expect(result.fit).toBe(15);
    expect(result.reasons.map((r) => [r.ruleId, r.points, r.capped])).toEqual([
      ['a', 8, true],
      ['b', 8, true],
    ]);
  });

  it('lets negative points in a capped group reduce the group below its cap', () => {
    const model = modelWith({
      fitGroupCap: 15,
      fitRules: [
        rule('plus', { property: 'p', operator: 'is_known' }, 20),
        rule('minus', { property: 'p', operator: 'is_known' }, -10),
      ],
    });
    const result = evaluate({ p: 'x' }, model, NOW);
    // 20 - 10 = 10 stays under the cap of 15: nothing is capped
    expect(result.fit).toBe(10);
    expect(result.reasons.every((r) => r.capped === undefined)).toBe(true);
  });

  it('caps each dimension', () => {
    const model = modelWith({
      fitCap: 25,
      engagementCap: 5,
      fitRules: [rule('f', { property: 'p', operator: 'is_known' }, 30)],
      engagementRules: [rule('e', { property: 'p', operator: 'is_known' }, 30)],
    });
    const result = evaluate({ p: 'x' }, model, NOW);
    expect([result.fit, result.engagement, result.total]).toEqual([25, 5, 30]);
    expect(result.reasons.map((r) => [r.ruleId, r.points, r.capped])).toEqual([
      ['f', 25, true],
      ['e', 5, true],
    ]);
  });

  it('never scores a dimension below 0, scaling the negative reasons to what they took', () => {
    const model = modelWith({
      fitRules: [
        rule('plus', { property: 'p', operator: 'is_known' }, 10),
        rule('minus', { property: 'p', operator: 'is_known' }, -40),
      ],
    });
    const result = evaluate({ p: 'x' }, model, NOW);
    expect(result.fit).toBe(0);
    expect(result.reasons).toEqual([
      expect.objectContaining({ ruleId: 'plus', points: 10 }),
      expect.objectContaining({ ruleId: 'minus', points: -10, capped: true }),
    ]);
  });

  it('caps the total, keeping fit and engagement as the dimension scores', () => {
    const model = modelWith({
      totalCap: 50,
      fitRules: [rule('f', { property: 'p', operator: 'is_known' }, 60)],
      engagementRules: [rule('e', { property: 'p', operator: 'is_known' }, 40)],
    });
    const result = evaluate({ p: 'x' }, model, NOW);
    expect([result.fit, result.engagement, result.total]).toEqual([60, 40, 50]);
    // the reasons are scaled to add up to the capped total
    expect(result.reasons.map((r) => [r.ruleId, r.points, r.capped])).toEqual([
      ['f', 30, true],
      ['e', 20, true],
    ]);
  });

  it('scores 0 everywhere for an empty contact', () => {
    const result = evaluate(
      {},
      modelWith({ fitRules: [rule('a', { operator: 'is_known' })] }),
      NOW,
    );
    expect(result).toEqual({
      fit: 0,
      engagement: 0,
      total: 0,
      grade: 'C3',
      band: 'lead',
      reasons: [],
    });
  });

  it('ignores rules worth 0 points', () => {
    const model = modelWith({ fitRules: [rule('zero', { operator: 'is_known' }, 0)] });
    expect(evaluate({ prop: 'x' }, model, NOW).reasons).toEqual([]);
  });
});

describe('evaluate: decay', () => {
  const decaying = (halfLifeDays: number | null) =>
    modelWith({
      halfLifeDays,
      engagementRules: [
        rule(
          'visited',
          { property: 'visits', operator: 'gte', value: 1, decayDateProperty: 'last_visit' },
          40,
        ),
      ],
    });

  it.each([
    ['no age', 0, 40],
    ['one half-life', 10, 20],
    ['two half-lives', 20, 10],
    ['three half-lives', 30, 5],
  ])('halves the points per half-life (%s)', (_name, age, expected) => {
    const result = evaluate({ visits: '3', last_visit: daysAgo(age) }, decaying(10), NOW);
    expect(result.engagement).toBe(expected);
    expect(result.reasons[0]?.points).toBe(expected);
  });

  it('reads ISO decay dates as well as epoch milliseconds', () => {
    const result = evaluate({ visits: '3', last_visit: daysAgoIso(10) }, decaying(10), NOW);
    expect(result.engagement).toBe(20);
  });

  it.each([
    ['a missing date', undefined],
    ['an unreadable date', 'last week'],
    ['a future date', daysAgo(-5)],
  ])('does not decay with %s', (_name, lastVisit) => {
    const result = evaluate({ visits: '3', last_visit: lastVisit }, decaying(10), NOW);
    expect(result.engagement).toBe(40);
  });

  it('does not decay when the model has no decay', () => {
    const result = evaluate({ visits: '3', last_visit: daysAgo(100) }, decaying(null), NOW);
    expect(result.engagement).toBe(40);
  });

  it('explains decayed points with the rule points', () => {
    const result = evaluate({ visits: '3', last_visit: daysAgo(10) }, decaying(10), NOW);
    expect(result.reasons[0]?.why).toEqual({
      en: 'visits is at least 1 (+20: +40 reduced by decay)',
      de: 'visits ist mindestens 1 (+20: +40, durch Verfall verringert)',
    });
    expect(result.reasons[0]?.capped).toBeUndefined();
  });

  it('drops a reason decayed to nothing', () => {
    const result = evaluate({ visits: '3', last_visit: daysAgo(200) }, decaying(10), NOW);
    expect(result.engagement).toBe(0);
    expect(result.reasons).toEqual([]);
  });
});

describe('grades and bands', () => {
  const model = modelWith();
  it.each([
    [40, 25, 'A1'],
    [39, 25, 'B1'],
    [20, 24, 'B2'],
    [19, 10, 'C2'],
    [40, 9, 'A3'],
    [0, 0, 'C3'],
    [100, 100, 'A1'],
  ])('fit %i and engagement %i grade %s', (fit, engagement, grade) => {
    expect(gradeOf(fit, engagement, model)).toBe(grade);
  });

  it.each([
    [0, 'lead'],
    [39, 'lead'],
    [40, 'mql'],
    [69, 'mql'],
    [70, 'sql'],
    [100, 'sql'],
  ])('total %i is in band %s', (total, band) => {
    expect(bandOf(total, model)).toBe(band);
  });

  it('grades and bands the evaluated scores', () => {
    const scored = modelWith({
      fitRules: [rule('f', { operator: 'is_known' }, 40)],
      engagementRules: [rule('e', { operator: 'is_known' }, 30)],
    });
    const result = evaluate({ prop: 'x' }, scored, NOW);
    expect([result.grade, result.band, result.total]).toEqual(['A1', 'sql', 70]);
  });
});

describe('reasons', () => {
  const model = modelWith({
    fitRules: [
      rule(
        'small',
        { property: 'p', operator: 'is_known', propertyLabel: { en: 'P', de: 'P-de' } },
        5,
      ),
      rule('negative', { property: 'p', operator: 'eq', value: 'x' }, -30),
      rule('large', { property: 'p', operator: 'contains', value: 'x' }, 50),
      rule('tie-first', { property: 'p', operator: 'starts_with', value: 'x' }, 5),
    ],
    engagementRules: [rule('engaged', { property: 'p', operator: 'is_known' }, 20)],
  });
  const result = evaluate({ p: 'x' }, model, NOW);

  it('sorts by absolute points, largest first, ties in model order', () => {
    expect(result.reasons.map((r) => [r.ruleId, r.points])).toEqual([
      ['large', 50],
      ['negative', -30],
      ['engaged', 20],
      ['small', 5],
      ['tie-first', 5],
    ]);
  });

  it('names the rule, group and dimension of each reason', () => {
    expect(result.reasons[2]).toEqual({
      ruleId: 'engaged',
      groupId: 'engagement-group',
      dimension: 'engagement',
      points: 20,
      label: { en: 'Rule engaged', de: 'Regel engaged' },
      why: { en: 'p is known (+20)', de: 'p ist bekannt (+20)' },
    });
  });

  it('explains with the property label when the rule has one', () => {
    expect(result.reasons[3]?.why).toEqual({ en: 'P is known (+5)', de: 'P-de ist bekannt (+5)' });
    expect(result.reasons[1]?.why).toEqual({ en: 'p is "x" (-30)', de: 'p ist "x" (-30)' });
  });

  it('returns the top n reasons', () => {
    expect(topReasons(result, 2).map((r) => r.ruleId)).toEqual(['large', 'negative']);
    expect(topReasons(result, 0)).toEqual([]);
    expect(topReasons(result, -1)).toEqual([]);
    expect(topReasons(result, 99)).toHaveLength(5);
  });
});
