// The fixed orders and option lists the plan forms show. They mirror the domain's constants
// (src/domain/plan/sections.ts, src/domain/assessment/questions.ts, src/domain/properties.ts),
// which cannot be imported at runtime: HubSpot builds the cards from extensions/ alone. `satisfies`
// makes the type checker reject any value the domain does not know; the catalogues' Record types
// make it reject a missing label.
import type {
  ActNowDecision,
  AttitudeToChange,
  BuyingRole,
  Level,
  OpinionOfUs,
  QuestionId,
  SectionKey,
  StepStatus,
} from './types.ts';

export const SECTION_ORDER = [
  'accountTeam',
  'customerProfile',
  'opportunitySummary',
  'buyingProcess',
  'keyPeople',
  'competition',
] as const satisfies readonly SectionKey[];

export const QUESTION_ORDER = [
  'real_opportunity',
  'competitive_position',
  'good_deal',
  'can_win',
] as const satisfies readonly QuestionId[];

export const SCALE_VALUES = [1, 2, 3, 4, 5] as const;

export const STEP_STATUSES = [
  'planned',
  'in_progress',
  'done',
  'blocked',
] as const satisfies readonly StepStatus[];

export const ACT_NOW_DECISIONS = [
  'act_now',
  'wait',
  'undecided',
] as const satisfies readonly ActNowDecision[];

export const ATTITUDES = [
  'innovator',
  'early_adopter',
  'pragmatist',
  'conservative',
  'skeptic',
] as const satisfies readonly AttitudeToChange[];

export const OPINIONS = [
  'supporter',
  'neutral',
  'critic',
  'unknown',
] as const satisfies readonly OpinionOfUs[];

export const INFLUENCER_KINDS = ['partner', 'consultant', 'other'] as const;

export const LEVELS = ['low', 'medium', 'high'] as const satisfies readonly Level[];

export const BUYING_ROLES = [
  'champion',
  'budget_holder',
  'decision_maker',
  'influencer',
  'technical_evaluator',
  'user',
  'approver_legal',
  'blocker',
  'external_consultant',
] as const satisfies readonly BuyingRole[];

/** Select options from a list of values and their labels. */
export function optionsOf<V extends string>(
  values: readonly V[],
  labels: Record<V, string>,
): { value: V; label: string }[] {
  return values.map((value) => ({ value, label: labels[value] }));
}
