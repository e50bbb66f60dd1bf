// The types the settings page works with: the card API's views (shared with the cards) and the
// domain's settings shapes. Type-only imports: erased when HubSpot bundles the page, so nothing
// outside extensions/ is needed at runtime.
import type {
  ScoringGroup,
  ScoringModel,
  ScoringRule,
} from '../../../../src/domain/scoring/index.ts';
import type { LifecyclePolicy, ReturnReason } from '../../../../src/domain/lifecycle/policy.ts';
import type { QualificationPolicy } from '../../../../src/domain/assessment/index.ts';
import type { StageGate } from '../../../../src/domain/plan/index.ts';

import type { SettingsView } from '../../cards/lib/types.ts';

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
  Settings,
  SettingsView,
} from '../../cards/lib/types.ts';
export type {
  LifecyclePolicy,
  QualificationPolicy,
  ReturnReason,
  ScoringGroup,
  ScoringModel,
  ScoringRule,
  StageGate,
};

/** The product's languages; a HubSpot user's locale maps onto one of them. */
export type Language = 'en' | 'de';

/** A pipeline with its stages, as GET /api/settings lists them. */
export type PipelineView = SettingsView['pipelines'][number];
