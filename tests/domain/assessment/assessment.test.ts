import fc from 'fast-check';
import type { QualificationPolicy } from '../../../src/domain/assessment/index.ts';
import {
  DEFAULT_QUALIFICATION_POLICY,
  QUESTION_IDS,
  VERDICTS,
  VERDICT_LABELS,
  assessmentEntrySchema,
  computeScore,
  qualificationPolicySchema,
  scoreAnswers,
  scoreAssessment,
  verdictForScore,
} from '../../../src/domain/assessment/index.ts';
import { validate } from '../../../src/domain/errors.ts';
import type { Values } from './build.ts';
import { answersOf, entryOf } from './build.ts';

const policyWith = (input: unknown): QualificationPolicy => qualificationPolicySchema.parse(input);

describe('assessmentEntrySchema', () => {
  const valid = {
    id: 'a1',
    answeredAt: '2025-03-01T10:00:00.000Z',
    answeredBy: '42',
    answers: answersOf([5, 4, 3, 2]),
    expectedDecisionDate: '2025-06-30',
  };

  it('GIVEN a complete entry WHEN parsed THEN it is kept as given', () => {
    const result = validate(assessmentEntrySchema, {
      ...valid,
      dealStageId: 'qualifiedtobuy',
      note: 'n',
    });
    expect(result).toEqual({
      ok: true,
      value: { ...valid, dealStageId: 'qualifiedtobuy', note: 'n' },
    });
  });

  it('GIVEN answers without evidence WHEN parsed THEN evidence defaults to empty text', () => {
    const answers = QUESTION_IDS.map((question) => ({ question, value: 3 }));
    const parsed = assessmentEntrySchema.parse({ ...valid, answers });
    expect(parsed.answers.map((a) => a.evidence)).toEqual(['', '', '', '']);
  });

  it.each([
    ['an empty id', { id: '' }, 'id'],
    ['a blank id', { id: '   ' }, 'id'],
    ['an id over 64 characters', { id: 'x'.repeat(65) }, 'id'],
    ['a missing user', { answeredBy: '' }, 'answeredBy'],
    ['a date instead of an instant', { answeredAt: '2025-03-01' }, 'answeredAt'],
    [
      'an instant as decision date',
      { expectedDecisionDate: '2025-06-30T00:00:00Z' },
      'expectedDecisionDate',
    ],
    ['an impossible decision date', { expectedDecisionDate: '2025-02-30' }, 'expectedDecisionDate'],
    ['a note over 2000 characters', { note: 'x'.repeat(2001) }, 'note'],
    ['a stage id over 64 characters', { dealStageId: 's'.repeat(65) }, 'dealStageId'],
    ['an unknown field', { score: 80 }, '(root)'],
    ['an answer of 0', { answers: answersOf([0, 3, 3, 3]) }, 'answers.0.value'],
    ['an answer of 6', { answers: answersOf([3, 6, 3, 3]) }, 'answers.1.value'],
    ['a fractional answer', { answers: answersOf([3, 3, 2.5, 3]) }, 'answers.2.value'],
    [
      'evidence over 2000 characters',
      { answers: answersOf([3, 3, 3, 3], ['', '', '', 'e'.repeat(2001)]) },
      'answers.3.evidence',
    ],
    [
      'an unknown question',
      { answers: [...answersOf([3, 3, 3, 3]).slice(0, 3), { question: 'budget', value: 3 }] },
      'answers.3.question',
    ],
  ])('GIVEN %s WHEN parsed THEN the error names %s', (_case, override, path) => {
    const result = validate(assessmentEntrySchema, { ...valid, ...override });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors.map((e) => e.path)).toContain(path);
  });

  it('accepts evidence of exactly 2000 characters', () => {
    const answers = answersOf([3, 3, 3, 3], ['e'.repeat(2000)]);
    expect(validate(assessmentEntrySchema, { ...valid, answers }).ok).toBe(true);
  });

  it('GIVEN a question answered twice WHEN parsed THEN the duplicate and the missing one are named', () => {
    const answers = answersOf([3, 3, 3, 3]);
    answers[3] = { question: 'good_deal', value: 4, evidence: '' };
    const result = validate(assessmentEntrySchema, { ...valid, answers });
    expect(result).toEqual({
      ok: false,
      errors: [
        {
          path: 'answers.3.question',
          message: 'The question "good_deal" is answered more than once',
        },
        { path: 'answers', message: 'The question "can_win" is not answered' },
      ],
    });
  });

  it('GIVEN only three answers WHEN parsed THEN the missing question is named', () => {
    const result = validate(assessmentEntrySchema, {
      ...valid,
      answers: answersOf([3, 3, 3, 3]).slice(1),
    });
    expect(result).toEqual({
      ok: false,
      errors: [{ path: 'answers', message: 'The question "real_opportunity" is not answered' }],
    });
  });

  it('accepts the answers in any order', () => {
    const answers = answersOf([1, 2, 3, 4]).reverse();
    expect(validate(assessmentEntrySchema, { ...valid, answers }).ok).toBe(true);
  });
});

describe('qualificationPolicySchema', () => {
  it('GIVEN nothing WHEN parsed THEN it yields the documented defaults', () => {
    expect(DEFAULT_QUALIFICATION_POLICY).toEqual({
      weights: { real_opportunity: 1, competitive_position: 1, good_deal: 1, can_win: 1 },
      thresholds: { qualified: 70, atRisk: 45 },
      maxAgeDays: 30,
      historyLimit: 50,
    });
  });

  it('GIVEN one weight WHEN parsed THEN the other weights keep their default', () => {
    expect(policyWith({ weights: { good_deal: 3 } }).weights).toEqual({
      real_opportunity: 1,
      competitive_position: 1,
      good_deal: 3,
      can_win: 1,
    });
  });

  it.each([
    ['a negative weight', { weights: { can_win: -1 } }, 'weights.can_win'],
    [
      'all weights zero',
      { weights: { real_opportunity: 0, competitive_position: 0, good_deal: 0, can_win: 0 } },
      'weights',
    ],
    [
      'qualified equal to at risk',
      { thresholds: { qualified: 50, atRisk: 50 } },
      'thresholds.qualified',
    ],
    ['qualified below at risk', { thresholds: { qualified: 40 } }, 'thresholds.qualified'],
    ['a threshold above 100', { thresholds: { qualified: 101 } }, 'thresholds.qualified'],
    ['a threshold below 0', { thresholds: { atRisk: -1 } }, 'thresholds.atRisk'],
    ['a maximum age of 0 days', { maxAgeDays: 0 }, 'maxAgeDays'],
    ['a fractional maximum age', { maxAgeDays: 1.5 }, 'maxAgeDays'],
    ['a history limit of 0', { historyLimit: 0 }, 'historyLimit'],
    ['an unknown question weight', { weights: { budget: 1 } }, 'weights'],
  ])('GIVEN %s WHEN parsed THEN the error names %s', (_case, input, path) => {
    const result = validate(qualificationPolicySchema, input);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors.map((e) => e.path)).toContain(path);
  });

  it('accepts a single non-zero weight', () => {
    const input = {
      weights: { real_opportunity: 0, competitive_position: 0, good_deal: 0, can_win: 2 },
    };
    expect(validate(qualificationPolicySchema, input).ok).toBe(true);
  });
});

describe('scoreAssessment', () => {
  it.each<[string, Values, number, string]>([
    ['all "No"', [1, 1, 1, 1], 0, 'not_qualified'],
    ['all "Yes, proven"', [5, 5, 5, 5], 100, 'qualified'],
    ['all "Unclear"', [3, 3, 3, 3], 50, 'at_risk'],
    ['all "Rather yes"', [4, 4, 4, 4], 75, 'qualified'],
    ['all "Rather not"', [2, 2, 2, 2], 25, 'not_qualified'],
    ['mixed 5/4/3/2 (62.5 rounds up to 63)', [5, 4, 3, 2], 63, 'at_risk'],
    ['mixed 4/4/4/3 (68.75 rounds up to 69)', [4, 4, 4, 3], 69, 'at_risk'],
    ['mixed 4/4/3/3 (62.5 rounds up to 63)', [4, 4, 3, 3], 63, 'at_risk'],
    ['mixed 3/3/2/3 (43.75 rounds to 44)', [3, 3, 2, 3], 44, 'not_qualified'],
    ['mixed 3/3/3/2 (43.75 rounds to 44)', [3, 2, 3, 3], 44, 'not_qualified'],
  ])(
    'GIVEN %s with equal weights THEN score and verdict follow',
    (_case, values, score, verdict) => {
      const result = scoreAssessment(entryOf({ values }), DEFAULT_QUALIFICATION_POLICY);
      expect(result.score).toBe(score);
      expect(result.verdict).toBe(verdict);
    },
  );

  it.each<[string, Values, string]>([
    ['a score equal to the qualified threshold is qualified', [4, 4, 4, 4], 'qualified'],
    ['a score equal to the at-risk threshold is at risk', [3, 3, 3, 3], 'at_risk'],
    ['a score just below the at-risk threshold is not qualified', [3, 3, 3, 2], 'not_qualified'],
  ])('GIVEN thresholds 75/50: %s', (_case, values, verdict) => {
    const policy = policyWith({ thresholds: { qualified: 75, atRisk: 50 } });
    expect(scoreAssessment(entryOf({ values }), policy).verdict).toBe(verdict);
  });

  it.each([
    [70, 'qualified'],
    [69, 'at_risk'],
    [45, 'at_risk'],
    [44, 'not_qualified'],
    [0, 'not_qualified'],
    [100, 'qualified'],
  ] as const)('maps score %i to %s under the default thresholds', (score, verdict) => {
    expect(verdictForScore(score, DEFAULT_QUALIFICATION_POLICY)).toBe(verdict);
  });

  it('GIVEN weights THEN the score is the weighted mean mapped onto 0..100', () => {
    // real_opportunity 5 weighs 3, can_win 1 weighs 1, the others 0: (3·4 + 1·0) / 4 / 4 = 75 %.
    const policy = policyWith({
      weights: { real_opportunity: 3, competitive_position: 0, good_deal: 0, can_win: 1 },
    });
    expect(scoreAssessment(entryOf({ values: [5, 2, 2, 1] }), policy).score).toBe(75);
  });

  it('GIVEN custom thresholds THEN the verdict follows them', () => {
    const policy = policyWith({ thresholds: { qualified: 50, atRisk: 20 } });
    expect(scoreAssessment(entryOf({ values: [3, 3, 3, 3] }), policy).verdict).toBe('qualified');
    expect(scoreAssessment(entryOf({ values: [2, 2, 2, 2] }), policy).verdict).toBe('at_risk');
  });

  describe('knock-out rules', () => {
    const generous = policyWith({ thresholds: { qualified: 10, atRisk: 5 } });

    it('GIVEN "real opportunity" answered 1 THEN the deal is not qualified whatever the score', () => {
      const result = scoreAssessment(entryOf({ values: [1, 5, 5, 5] }), generous);
      expect(result.score).toBe(75);
      expect(result.verdict).toBe('not_qualified');
      expect(result.cappedBy).toMatchObject({ question: 'real_opportunity', cap: 'not_qualified' });
      expect(result.cappedBy?.reason.de).toContain('echte Opportunity');
    });

    it.each<[string, Values]>([
      ['competitive_position', [5, 1, 5, 5]],
      ['good_deal', [5, 5, 1, 5]],
      ['can_win', [5, 5, 5, 1]],
    ])('GIVEN %s answered 1 THEN the deal is at best at risk', (question, values) => {
      const result = scoreAssessment(entryOf({ values }), DEFAULT_QUALIFICATION_POLICY);
      expect(result.score).toBe(75);
      expect(result.verdict).toBe('at_risk');
      expect(result.cappedBy).toMatchObject({ question, cap: 'at_risk' });
    });

    it('GIVEN a clear no AND a score already below the cap THEN the score decides and nothing is capped', () => {
      const result = scoreAssessment(
        entryOf({ values: [2, 1, 2, 2] }),
        DEFAULT_QUALIFICATION_POLICY,
      );
      expect(result.verdict).toBe('not_qualified');
      expect(result.cappedBy).toBeNull();
    });

    it('GIVEN "real opportunity" answered 1 and another 1 THEN the stricter cap applies', () => {
      const result = scoreAssessment(entryOf({ values: [1, 1, 5, 5] }), generous);
      expect(result.verdict).toBe('not_qualified');
      expect(result.cappedBy?.question).toBe('real_opportunity');
    });

    it('GIVEN no answer of 1 THEN nothing is capped', () => {
      expect(
        scoreAssessment(entryOf({ values: [2, 5, 5, 5] }), DEFAULT_QUALIFICATION_POLICY).cappedBy,
      ).toBeNull();
    });
  });

  describe('weakest questions', () => {
    it.each<[string, Values, Record<string, number> | undefined, string[]]>([
      [
        'lowest answer first',
        [4, 2, 3, 5],
        undefined,
        ['competitive_position', 'good_deal', 'real_opportunity'],
      ],
      ['ties in question order', [2, 2, 2, 2], undefined, [...QUESTION_IDS]],
      [
        'ties by higher weight first',
        [3, 3, 5, 3],
        { can_win: 4, competitive_position: 2 },
        ['can_win', 'competitive_position', 'real_opportunity'],
      ],
      ['none when everything is proven', [5, 5, 5, 5], undefined, []],
    ])('orders %s', (_case, values, weights, expected) => {
      const policy = policyWith({ weights });
      expect(scoreAssessment(entryOf({ values }), policy).weakest).toEqual(expected);
    });
  });

  it('labels every verdict in both languages', () => {
    for (const verdict of VERDICTS) {
      expect(VERDICT_LABELS[verdict].en).not.toBe('');
      expect(VERDICT_LABELS[verdict].de).not.toBe(VERDICT_LABELS[verdict].en);
    }
  });
});

describe('computeScore', () => {
  it('GIVEN only zero-weighted answers THEN the score is 0 rather than NaN', () => {
    const policy = policyWith({ weights: { real_opportunity: 0, can_win: 1 } });
    expect(computeScore([{ question: 'real_opportunity', value: 5 }], policy)).toBe(0);
  });
});

describe('scoring properties', () => {
  const value = fc.integer({ min: 1, max: 5 });
  const values = fc.tuple(value, value, value, value) as fc.Arbitrary<Values>;
  const weight = fc.oneof(fc.constant(0), fc.double({ min: 0, max: 1000, noNaN: true }));
  const policy = fc
    .record({
      weights: fc.record({
        real_opportunity: weight,
        competitive_position: weight,
        good_deal: weight,
        can_win: weight,
      }),
      thresholds: fc
        .tuple(fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: 100 }))
        .filter(([a, b]) => a !== b)
        .map(([a, b]) => ({ qualified: Math.max(a, b), atRisk: Math.min(a, b) })),
    })
    .filter((p) => Object.values(p.weights).some((w) => w > 0))
    .map((p) => qualificationPolicySchema.parse(p));

  it('always scores an integer within 0..100', () => {
    fc.assert(
      fc.property(values, policy, (vs, pol) => {
        const { score } = scoreAnswers(answersOf(vs), pol);
        return Number.isInteger(score) && score >= 0 && score <= 100;
      }),
    );
  });

  it('never lowers the score or the verdict when one answer is raised', () => {
    const rank = { qualified: 2, at_risk: 1, not_qualified: 0 };
    fc.assert(
      fc.property(values, policy, fc.constantFrom(0, 1, 2, 3), (vs, pol, index) => {
        fc.pre(vs[index] < 5);
        const raised = [...vs] as Values;
        raised[index] += 1;
        const before = scoreAnswers(answersOf(vs), pol);
        const after = scoreAnswers(answersOf(raised), pol);
        return after.score >= before.score && rank[after.verdict] >= rank[before.verdict];
      }),
    );
  });

  it('does not depend on the order of the answers', () => {
    fc.assert(
      fc.property(values, policy, (vs, pol) => {
        const answers = answersOf(vs);
        expect(scoreAnswers([...answers].reverse(), pol)).toEqual(scoreAnswers(answers, pol));
      }),
    );
  });
});
