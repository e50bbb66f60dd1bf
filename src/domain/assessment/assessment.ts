// One qualification assessment: the four questions answered at one moment by one seller, with
// evidence, and how it is scored. Scores are explainable on purpose: a weighted mean of the answers
// mapped from the 1..5 scale onto 0..100, a verdict from two thresholds, and two knock-out rules a
// seller can read on the card (see `scoreAssessment`).
import { z } from 'zod';
import type { Localized } from '../errors.ts';
import type { QuestionId, ScaleValue } from './questions.ts';
import { QUESTION_IDS, SCALE_MAX, SCALE_MIN, getQuestion } from './questions.ts';

/** Maximum length of the evidence given for one answer, in characters. */
export const MAX_EVIDENCE_LENGTH = 2000;
/** Maximum length of an assessment's note, in characters. */
export const MAX_NOTE_LENGTH = 2000;
/** Maximum length of an assessment id, a HubSpot user id or a deal stage id. */
export const MAX_ASSESSMENT_ID_LENGTH = 64;

const notBlank = (s: string): boolean => s.trim().length > 0;

/** A caller-supplied id (the domain has no randomness, so it cannot make its own). */
export const idSchema = z
  .string()
  .max(MAX_ASSESSMENT_ID_LENGTH)
  .refine(notBlank, 'An id is required');

/** The HubSpot user id of whoever answered. */
export const userIdSchema = z
  .string()
  .max(MAX_ASSESSMENT_ID_LENGTH)
  .refine(notBlank, 'A user id is required');

/** One answer: a question, a step of the 1..5 scale and the evidence behind it. */
export const answerSchema = z.strictObject({
  question: z.enum(QUESTION_IDS),
  value: z
    .number()
    .int()
    .min(SCALE_MIN)
    .max(SCALE_MAX)
    .transform((value) => value as ScaleValue),
  evidence: z.string().max(MAX_EVIDENCE_LENGTH).default(''),
});
/** One answer as stored. */
export type Answer = z.output<typeof answerSchema>;

/** The answers of one assessment: each of the four questions exactly once, in any order. */
export const answersSchema = z.array(answerSchema).superRefine((answers, ctx) => {
  const seen = new Set<QuestionId>();
  answers.forEach((answer, index) => {
    if (seen.has(answer.question)) {
      ctx.addIssue({
        code: 'custom',
        path: [index, 'question'],
        message: `The question "${answer.question}" is answered more than once`,
        input: answer.question,
      });
    }
    seen.add(answer.question);
  });
  for (const question of QUESTION_IDS) {
    if (!seen.has(question)) {
      ctx.addIssue({
        code: 'custom',
        message: `The question "${question}" is not answered`,
        input: answers,
      });
    }
  }
});

/** One assessment: who answered, when, what, and the decision date expected at that moment. */
export const assessmentEntrySchema = z.strictObject({
  id: idSchema,
  /** ISO 8601 instant in UTC (`…Z`), so entries sort and compare reliably. */
  answeredAt: z.iso.datetime(),
  answeredBy: userIdSchema,
  answers: answersSchema,
  /** The calendar day the seller expects the customer to decide (answer to "…and when?"). */
  expectedDecisionDate: z.iso.date(),
  /** The deal's pipeline stage when the assessment was made; a later stage change asks for a new one. */
  dealStageId: z.string().max(MAX_ASSESSMENT_ID_LENGTH).optional(),
  note: z.string().max(MAX_NOTE_LENGTH).optional(),
});
/** One assessment as stored. */
export type AssessmentEntry = z.output<typeof assessmentEntrySchema>;
/** One assessment as a caller submits it (evidence may be left out). */
export type AssessmentEntryInput = z.input<typeof assessmentEntrySchema>;

const weight = z.number().nonnegative().max(1000).default(1);

/** How assessments are scored and how long one stays valid; kept per portal in the settings. */
export const qualificationPolicySchema = z.strictObject({
  /** Relative weight of each question in the score; equal by default. */
  weights: z
    .strictObject({
      real_opportunity: weight,
      competitive_position: weight,
      good_deal: weight,
      can_win: weight,
    })
    .prefault({})
    .refine(
      (weights) => QUESTION_IDS.some((question) => weights[question] > 0),
      'At least one question needs a weight above zero',
    ),
  thresholds: z
    .strictObject({
      /** A score at or above this is "qualified". */
      qualified: z.number().min(0).max(100).default(70),
      /** A score at or above this (and below `qualified`) is "at risk"; below it "not qualified". */
      atRisk: z.number().min(0).max(100).default(45),
    })
    .prefault({})
    .refine((t) => t.qualified > t.atRisk, {
      message: 'The "qualified" threshold must be above the "at risk" threshold',
      path: ['qualified'],
    }),
  /** An assessment older than this many days asks for a new one. */
  maxAgeDays: z.number().int().min(1).max(3650).default(30),
  /** At most this many assessments are kept per deal (and as many competitor assessments). */
  historyLimit: z.number().int().min(1).max(500).default(50),
});
/** A validated qualification policy. */
export type QualificationPolicy = z.output<typeof qualificationPolicySchema>;
/** A qualification policy as configured (every field optional). */
export type QualificationPolicyInput = z.input<typeof qualificationPolicySchema>;

/** The policy a portal gets until an admin changes it. */
export const DEFAULT_QUALIFICATION_POLICY: QualificationPolicy = qualificationPolicySchema.parse(
  {},
);

/** The three verdicts, best first; the same values as the deal's verdict mirror property. */
export const VERDICTS = ['qualified', 'at_risk', 'not_qualified'] as const;
/** How qualified a deal is. */
export type Verdict = (typeof VERDICTS)[number];

/** Verdict labels as sellers see them. */
export const VERDICT_LABELS: Record<Verdict, Localized> = {
  qualified: { en: 'Qualified', de: 'Qualifiziert' },
  at_risk: { en: 'At risk', de: 'Gefährdet' },
  not_qualified: { en: 'Not qualified', de: 'Nicht qualifiziert' },
};

/** Why a verdict is worse than the score alone would give. */
export interface VerdictCap {
  question: QuestionId;
  /** The best verdict allowed by this answer. */
  cap: Verdict;
  reason: Localized;
}

/** The outcome of scoring one assessment. */
export interface AssessmentScore {
  /** 0..100, integer: the weighted mean of the answers mapped from 1..5 onto 0..100. */
  score: number;
  verdict: Verdict;
  /** Questions answered below "Yes, proven", lowest answer first (ties: higher weight, then question order). */
  weakest: QuestionId[];
  /** The knock-out rule that lowered the verdict, or null when the score alone decided. */
  cappedBy: VerdictCap | null;
}

/** Answers the scoring needs: the question and its step on the scale. */
export type ScoredAnswers = readonly { question: QuestionId; value: number }[];

/** The weighted mean of `answers` mapped onto 0..100 and rounded to an integer. */
export function computeScore(answers: ScoredAnswers, policy: QualificationPolicy): number {
  let weighted = 0;
  let totalWeight = 0;
  // Summed in question order, not answer order: floating-point sums depend on their order, and
  // the same answers must always give the same score.
  for (const answer of inQuestionOrder(answers)) {
    const w = policy.weights[answer.question];
    weighted += w * (answer.value - SCALE_MIN);
    totalWeight += w;
  }
  // Every operation here is monotone in IEEE arithmetic, so raising an answer never lowers the score.
  if (totalWeight === 0) return 0;
  const score = Math.round(((weighted / totalWeight) * 100) / (SCALE_MAX - SCALE_MIN));
  return Math.min(100, Math.max(0, score));
}

/** The answers sorted by question order. */
function inQuestionOrder(answers: ScoredAnswers): ScoredAnswers {
  return answers
    .slice()
    .sort((a, b) => QUESTION_IDS.indexOf(a.question) - QUESTION_IDS.indexOf(b.question));
}

/** The verdict the score alone earns under the policy's thresholds. */
export function verdictForScore(score: number, policy: QualificationPolicy): Verdict {
  if (score >= policy.thresholds.qualified) return 'qualified';
  if (score >= policy.thresholds.atRisk) return 'at_risk';
  return 'not_qualified';
}

const VERDICT_RANK: Record<Verdict, number> = { qualified: 0, at_risk: 1, not_qualified: 2 };

/**
 * The knock-out rules, strictest first. A weighted mean hides a clear "no", so:
 * - "Is this a real opportunity?" answered 1 ("No / clearly not") caps the verdict at not_qualified:
 *   without a real opportunity nothing else matters, however well the rest scores.
 * - Any other question answered 1 caps the verdict at at_risk: a deal with a clear "no" somewhere
 *   is never reported as qualified, but one weakness alone does not disqualify it. The first such
 *   question in question order is named.
 * Weights do not switch the rules off: they are about the score, the rules about a clear "no".
 */
function findCap(answers: ScoredAnswers): VerdictCap | null {
  const knockOut = answers.find((a) => a.question === 'real_opportunity' && a.value === SCALE_MIN);
  if (knockOut !== undefined) {
    return {
      question: 'real_opportunity',
      cap: 'not_qualified',
      reason: {
        en: '"Is this a real opportunity?" is answered "No / clearly not", so the deal is not qualified whatever the score.',
        de: '„Ist das eine echte Opportunity?“ ist mit „Nein / eindeutig nicht“ beantwortet, daher ist das Geschäft unabhängig vom Score nicht qualifiziert.',
      },
    };
  }
  const clearNo = inQuestionOrder(answers).find((a) => a.value === SCALE_MIN);
  if (clearNo !== undefined) {
    const label = getQuestion(clearNo.question).label;
    return {
      question: clearNo.question,
      cap: 'at_risk',
      reason: {
        en: `"${label.en}" is answered "No / clearly not", so the deal is at best at risk whatever the score.`,
        de: `„${label.de}“ ist mit „Nein / eindeutig nicht“ beantwortet, daher ist das Geschäft unabhängig vom Score höchstens gefährdet.`,
      },
    };
  }
  return null;
}

/** Scores a set of answers: score, verdict (after the knock-out rules) and the weakest questions. */
export function scoreAnswers(answers: ScoredAnswers, policy: QualificationPolicy): AssessmentScore {
  const score = computeScore(answers, policy);
  const byScore = verdictForScore(score, policy);
  const cap = findCap(answers);
  const capped = cap !== null && VERDICT_RANK[cap.cap] > VERDICT_RANK[byScore];
  const weakest = answers
    .filter((a) => a.value < SCALE_MAX)
    .sort(
      (a, b) =>
        a.value - b.value ||
        policy.weights[b.question] - policy.weights[a.question] ||
        QUESTION_IDS.indexOf(a.question) - QUESTION_IDS.indexOf(b.question),
    )
    .map((a) => a.question);
  return {
    score,
    verdict: capped ? cap.cap : byScore,
    weakest,
    cappedBy: capped ? cap : null,
  };
}

/** Scores one assessment entry under the policy (see `scoreAnswers` for the rules). */
export function scoreAssessment(
  entry: Pick<AssessmentEntry, 'answers'>,
  policy: QualificationPolicy,
): AssessmentScore {
  return scoreAnswers(entry.answers, policy);
}
