// Builders for assessment test data: valid entries with only the fields a test cares about.
import type {
  AssessmentEntry,
  CompetitorAssessment,
} from '../../../src/domain/assessment/index.ts';
import {
  QUESTION_IDS,
  assessmentEntrySchema,
  competitorAssessmentSchema,
} from '../../../src/domain/assessment/index.ts';

/** Answer values in question order: real_opportunity, competitive_position, good_deal, can_win. */
export type Values = [number, number, number, number];

/** The four answers with the given values (question order) and no evidence. */
export function answersOf(values: Values, evidence: string[] = []) {
  return QUESTION_IDS.map((question, index) => {
    const value = values[index];
    if (value === undefined) throw new Error(`answersOf: no value for the question ${question}`);
    return { question, value, evidence: evidence[index] ?? '' };
  });
}

/** A valid assessment entry; `values` default to all 3. */
export function entryOf(
  overrides: Partial<Omit<AssessmentEntry, 'answers'>> & {
    values?: Values;
    evidence?: string[];
  } = {},
): AssessmentEntry {
  const { values = [3, 3, 3, 3], evidence, ...rest } = overrides;
  return assessmentEntrySchema.parse({
    id: 'a1',
    answeredAt: '2025-03-01T10:00:00.000Z',
    answeredBy: 'user-1',
    answers: answersOf(values, evidence),
    expectedDecisionDate: '2025-06-30',
    ...rest,
  });
}

/** A valid competitor assessment; `values` default to all 3. */
export function competitorOf(
  overrides: Partial<Omit<CompetitorAssessment, 'answers'>> & { values?: Values } = {},
): CompetitorAssessment {
  const { values = [3, 3, 3, 3], ...rest } = overrides;
  return competitorAssessmentSchema.parse({
    competitorId: 'comp-a',
    answeredAt: '2025-03-01T10:00:00.000Z',
    answeredBy: 'user-1',
    answers: answersOf(values),
    ...rest,
  });
}

/** An ISO instant `days` days after 2025-03-01T10:00Z. */
export function dayAfterStart(days: number): string {
  return new Date(Date.UTC(2025, 2, 1, 10) + days * 86_400_000).toISOString();
}
