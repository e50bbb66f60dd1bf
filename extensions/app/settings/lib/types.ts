// The types the settings page works with: the card API's contract (shared with the cards) and the
// domain's settings shapes. Type-only imports: erased when HubSpot bundles the page, so nothing
// outside extensions/ is needed at runtime.
import type {
  ScoringGroup,
  ScoringModel,
  ScoringRule,
} from '../../../../src/domain/scoring/index.ts';
import type { LifecyclePolicy, ReturnReason } from '../../../../src/domain/lifecycle/policy.ts';
import type { RuleExplanation, ScoreExplanation } from '../../../../src/domain/scoring/index.ts';
import type { QualificationPolicy } from '../../../../src/domain/assessment/index.ts';
import type { StageGate } from '../../../../src/domain/plan/index.ts';

export type {
  ApiError,
  ApiResult,
  CalibrationView,
  CalibrationWriteView,
  CompetitorCatalog,
  Localized,
  LoopAnalytics,
  RecordLink,
  ReviewedProposal,
  OwnerView,
  RescoreProgress,
  ScoreView,
  PipelineView,
  RescoreStatus,
  Settings,
  SavedSettings,
  SettingsView,
  ContactMatchView,
  PropertyView,
  TeamView,
} from '../../../../src/contract/card-api.ts';
export type {
  LifecyclePolicy,
  QualificationPolicy,
  ReturnReason,
  RuleExplanation,
  ScoreExplanation,
  ScoringGroup,
  ScoringModel,
  ScoringRule,
  StageGate,
};

/** The product's languages; a HubSpot user's locale maps onto one of them. */
export type Language = 'en' | 'de';
