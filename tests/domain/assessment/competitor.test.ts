import {
  DEFAULT_QUALIFICATION_POLICY,
  THREAT_LABELS,
  competitorAssessmentSchema,
  latestPerCompetitor,
  qualificationPolicySchema,
  rankCompetitors,
  scoreCompetitor,
} from '../../../src/domain/assessment/index.ts';
import { validate } from '../../../src/domain/errors.ts';
import type { Values } from './build.ts';
import { answersOf, competitorOf, dayAfterStart } from './build.ts';

describe('competitorAssessmentSchema', () => {
  const valid = {
    competitorId: 'comp-a',
    answeredAt: '2025-03-01T10:00:00.000Z',
    answeredBy: '42',
    answers: answersOf([4, 4, 3, 2]),
  };

  it('GIVEN a complete competitor assessment WHEN parsed THEN it is kept', () => {
    expect(validate(competitorAssessmentSchema, { ...valid, note: 'Incumbent' })).toEqual({
      ok: true,
      value: { ...valid, note: 'Incumbent' },
    });
  });

  it.each([
    ['a blank competitor id', { competitorId: ' ' }, 'competitorId'],
    ['a missing instant', { answeredAt: undefined }, 'answeredAt'],
    ['a blank user', { answeredBy: '' }, 'answeredBy'],
    ['three answers', { answers: answersOf([3, 3, 3, 3]).slice(0, 3) }, 'answers'],
    ['an answer of 7', { answers: answersOf([7, 3, 3, 3]) }, 'answers.0.value'],
    ['a note over 2000 characters', { note: 'n'.repeat(2001) }, 'note'],
    ['an unknown field', { threat: 'high' }, '(root)'],
  ])('GIVEN %s WHEN parsed THEN the error names %s', (_case, override, path) => {
    const result = validate(competitorAssessmentSchema, { ...valid, ...override });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors.map((e) => e.path)).toContain(path);
  });
});

describe('scoreCompetitor', () => {
  it.each<[string, Values, number, string]>([
    ['a competitor who can clearly win', [5, 5, 4, 4], 88, 'high'],
    ['a competitor with an even chance', [3, 3, 3, 3], 50, 'medium'],
    ['a competitor with little chance', [2, 2, 2, 1], 19, 'low'],
    ['a competitor for whom it is no real opportunity', [1, 5, 5, 5], 75, 'low'],
    ['a competitor with a clear weakness', [5, 5, 5, 1], 75, 'medium'],
  ])('GIVEN %s THEN score and threat follow our own rules', (_case, values, score, threat) => {
    const result = scoreCompetitor(competitorOf({ values }), DEFAULT_QUALIFICATION_POLICY);
    expect(result).toMatchObject({ score, threat });
  });

  it('names the questions where the competitor is weakest, lowest first', () => {
    const result = scoreCompetitor(
      competitorOf({ values: [5, 2, 4, 3] }),
      DEFAULT_QUALIFICATION_POLICY,
    );
    expect(result.weakest).toEqual(['competitive_position', 'can_win', 'good_deal']);
  });

  it('uses the policy weights and thresholds', () => {
    const policy = qualificationPolicySchema.parse({ thresholds: { qualified: 40, atRisk: 10 } });
    expect(scoreCompetitor(competitorOf({ values: [3, 3, 3, 3] }), policy).threat).toBe('high');
  });

  it('labels every threat in both languages', () => {
    for (const label of Object.values(THREAT_LABELS)) {
      expect(label.en).not.toBe('');
      expect(label.de).not.toBe(label.en);
    }
  });
});

describe('latestPerCompetitor', () => {
  it('GIVEN no competitor assessments THEN there are none', () => {
    expect(latestPerCompetitor({ competitors: [] })).toEqual([]);
  });

  it('GIVEN several assessments per competitor THEN only the latest of each is kept, by competitor id', () => {
    const oldB = competitorOf({
      competitorId: 'b',
      answeredAt: dayAfterStart(0),
      values: [1, 1, 1, 1],
    });
    const newB = competitorOf({
      competitorId: 'b',
      answeredAt: dayAfterStart(5),
      values: [5, 5, 5, 5],
    });
    const onlyA = competitorOf({ competitorId: 'a', answeredAt: dayAfterStart(2) });
    // Out of order on purpose: the latest is found by time, not by position.
    expect(latestPerCompetitor({ competitors: [newB, onlyA, oldB] })).toEqual([onlyA, newB]);
  });

  it('GIVEN two assessments of one competitor at the same instant THEN the later in the list wins', () => {
    const first = competitorOf({ note: 'first' });
    const second = competitorOf({ note: 'second' });
    expect(latestPerCompetitor({ competitors: [first, second] })).toEqual([second]);
  });
});

describe('rankCompetitors', () => {
  it('orders the latest assessment of each competitor by score, most dangerous first', () => {
    const weak = competitorOf({ competitorId: 'a', values: [2, 2, 2, 2] });
    const strong = competitorOf({ competitorId: 'b', values: [5, 5, 4, 4] });
    const outdatedStrong = competitorOf({
      competitorId: 'c',
      answeredAt: dayAfterStart(0),
      values: [5, 5, 5, 5],
    });
    const currentWeakC = competitorOf({
      competitorId: 'c',
      answeredAt: dayAfterStart(1),
      values: [3, 3, 3, 3],
    });
    const ranked = rankCompetitors(
      { competitors: [weak, strong, outdatedStrong, currentWeakC] },
      DEFAULT_QUALIFICATION_POLICY,
    );
    expect(ranked.map((r) => [r.assessment.competitorId, r.score, r.threat])).toEqual([
      ['b', 88, 'high'],
      ['c', 50, 'medium'],
      ['a', 25, 'low'],
    ]);
  });

  it('keeps competitor id order among equal scores', () => {
    const ranked = rankCompetitors(
      { competitors: [competitorOf({ competitorId: 'z' }), competitorOf({ competitorId: 'm' })] },
      DEFAULT_QUALIFICATION_POLICY,
    );
    expect(ranked.map((r) => r.assessment.competitorId)).toEqual(['m', 'z']);
  });
});
