// The four qualification questions answered per competitor, from the competitor's point of view
// ("can they win?"). Stored in the same history document as our own assessments (history.ts), in
// its `competitors` list; `competitorId` is the id of the competitor in the plan's competition
// section (src/domain/plan/sections.ts).
import { z } from 'zod';
import type { Localized } from '../errors.ts';
import type { AssessmentScore, QualificationPolicy, Verdict } from './assessment.ts';
import {
  MAX_NOTE_LENGTH,
  answersSchema,
  idSchema,
  scoreAnswers,
  userIdSchema,
} from './assessment.ts';

/** One assessment of one competitor's chances, made by one seller at one moment. */
export const competitorAssessmentSchema = z.strictObject({
  competitorId: idSchema,
  /** ISO 8601 instant in UTC (`…Z`). */
  answeredAt: z.iso.datetime(),
  answeredBy: userIdSchema,
  /** The four questions, answered as the competitor would see them. */
  answers: answersSchema,
  note: z.string().max(MAX_NOTE_LENGTH).optional(),
});
/** One competitor assessment as stored. */
export type CompetitorAssessment = z.output<typeof competitorAssessmentSchema>;
/** One competitor assessment as a caller submits it. */
export type CompetitorAssessmentInput = z.input<typeof competitorAssessmentSchema>;

/** How dangerous a competitor is for this deal. */
export type Threat = 'low' | 'medium' | 'high';

/** Threat labels as sellers see them. */
export const THREAT_LABELS: Record<Threat, Localized> = {
  low: { en: 'Low threat', de: 'Geringe Bedrohung' },
  medium: { en: 'Medium threat', de: 'Mittlere Bedrohung' },
  high: { en: 'High threat', de: 'Hohe Bedrohung' },
};

/**
 * A competitor that would be "qualified" for the deal is a high threat, one "at risk" a medium one,
 * one "not qualified" a low one: the same scale, thresholds and knock-out rules as our own
 * assessment, so both read alike on the card.
 */
const THREAT_BY_VERDICT: Record<Verdict, Threat> = {
  qualified: 'high',
  at_risk: 'medium',
  not_qualified: 'low',
};

/** The score of a competitor assessment and the threat it means. */
export interface CompetitorScore {
  score: number;
  threat: Threat;
  /** Questions where the competitor is weakest, lowest first: where to attack. */
  weakest: AssessmentScore['weakest'];
}

/** Scores a competitor's chances with our own scoring rules and maps the verdict onto a threat. */
export function scoreCompetitor(
  assessment: Pick<CompetitorAssessment, 'answers'>,
  policy: QualificationPolicy,
): CompetitorScore {
  const scored = scoreAnswers(assessment.answers, policy);
  return {
    score: scored.score,
    threat: THREAT_BY_VERDICT[scored.verdict],
    weakest: scored.weakest,
  };
}

/** The latest assessment of every competitor, ordered by competitor id. */
export function latestPerCompetitor(history: {
  competitors: readonly CompetitorAssessment[];
}): CompetitorAssessment[] {
  const latest = new Map<string, CompetitorAssessment>();
  for (const assessment of history.competitors) {
    const known = latest.get(assessment.competitorId);
    // Later in the list wins a tie: the list is kept in answer order (history.ts).
    if (known === undefined || Date.parse(assessment.answeredAt) >= Date.parse(known.answeredAt)) {
      latest.set(assessment.competitorId, assessment);
    }
  }
  // Map keys are unique, so two entries never compare equal.
  return [...latest.values()].sort((a, b) => (a.competitorId < b.competitorId ? -1 : 1));
}

/** A competitor's latest assessment with its score. */
export interface RankedCompetitor {
  assessment: CompetitorAssessment;
  score: number;
  threat: Threat;
}

/** The latest assessment of every competitor, most dangerous first (ties by competitor id). */
export function rankCompetitors(
  history: { competitors: readonly CompetitorAssessment[] },
  policy: QualificationPolicy,
): RankedCompetitor[] {
  return latestPerCompetitor(history)
    .map((assessment) => ({ assessment, ...pickScore(scoreCompetitor(assessment, policy)) }))
    .sort((a, b) => b.score - a.score);
}

function pickScore(scored: CompetitorScore): { score: number; threat: Threat } {
  return { score: scored.score, threat: scored.threat };
}
