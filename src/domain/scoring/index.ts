// Explainable lead scoring: the model schema, the evaluation, the explanations and the default model.
export type { Dimension, Operator, ScoringGroup, ScoringModel, ScoringRule } from './model.ts';
export {
  DATE_OPERATORS,
  DIMENSION_LABELS,
  DIMENSIONS,
  ENUMERATION_OPERATORS,
  formatModelError,
  MAX_RULE_POINTS,
  NUMBER_OPERATORS,
  OPERATORS,
  PRESENCE_OPERATORS,
  propertiesReadBy,
  SCORING_MODEL_VERSION,
  scoringModelSchema,
  TEXT_OPERATORS,
  validateModel,
} from './model.ts';
export type { LeadBand, LeadGrade, ScoreReason, ScoreResult } from './evaluate.ts';
export { bandOf, evaluate, gradeOf, matchesRule, topReasons } from './evaluate.ts';
export {
  DEFAULT_REASON_COUNT,
  describeRule,
  formatNumber,
  formatPoints,
  formatReasons,
} from './explain.ts';
export type { RuleExplanation, ScoreExplanation } from './explanation.ts';
export { explainScore, withPropertyLabels } from './explanation.ts';
export type { PropertyValues } from './property-value.ts';
export {
  DEFAULT_MODEL_PROPERTY_SOURCE,
  DEFAULT_SCORING_MODEL,
  DEFAULT_SCORING_PROPERTIES,
} from './default-model.ts';
export * from './score-properties.ts';
export type { ShownScore } from './evaluate.ts';
export { shownScore } from './evaluate.ts';
export {
  NEXT_CHANGE_HORIZON_DAYS,
  NEXT_CHANGE_RESOLUTION_MS,
  nextScoreChangeAt,
} from './next-change.ts';
