// The card API's answers as the cards see them (the contract in the backend's card routes).
// Domain types are imported type-only: they are erased when HubSpot bundles the cards, so nothing
// outside extensions/ is needed at runtime (HubSpot uploads only the project's srcDir).
import type { Localized } from '../../../../src/domain/errors.ts';
import type { BuyingRole } from '../../../../src/domain/properties.ts';
import type {
  CompletenessItemId,
  SectionContentMap,
  SectionKey,
  StageGate,
} from '../../../../src/domain/plan/index.ts';
import type {
  QualificationPolicy,
  QuestionId,
  Threat,
  TrendDirection,
  Verdict,
} from '../../../../src/domain/assessment/index.ts';
import type { LeadBand, LeadGrade, ScoringModel } from '../../../../src/domain/scoring/index.ts';
import type { LifecyclePolicy } from '../../../../src/domain/lifecycle/policy.ts';
import type { LoopEntryKind } from '../../../../src/domain/lifecycle/state.ts';
import type { CompetitorCatalog, PreviousScoring } from '../../../../src/domain/settings-extras.ts';

export type {
  BuyingRole,
  CompletenessItemId,
  LeadBand,
  LeadGrade,
  Localized,
  LoopEntryKind,
  QuestionId,
  SectionContentMap,
  SectionKey,
  Threat,
  TrendDirection,
  Verdict,
};
export type {
  AccountTeam,
  BuyingProcess,
  BuyingStep,
  Competition,
  Competitor,
  CustomerProfile,
  KeyPeople,
  OpportunitySummary,
  Stakeholder,
  StepStatus,
  ActNowDecision,
  AttitudeToChange,
  OpinionOfUs,
  Level,
} from '../../../../src/domain/plan/index.ts';

/** Error codes of the card API, plus the two the card itself raises for transport failures. */
export type ApiErrorCode =
  | 'validation_failed'
  | 'conflict'
  | 'too_large'
  | 'not_found'
  | 'rejected'
  | 'not_installed'
  | 'rate_limited'
  /** A hand-off or return is recorded but not finished; it completes by itself. */
  | 'still_completing'
  | 'hubspot_error'
  | 'internal'
  | 'network';

/** An expected failure as the backend (or the transport) reports it. */
export interface ApiError {
  code: ApiErrorCode;
  message: Localized;
  fields?: { path: string; message: string }[];
  current?: unknown;
  changedFields?: string[];
}

/** The envelope every card API answer comes in. */
export type ApiResult<T> = { ok: true; data: T } | { ok: false; error: ApiError };

/** One stored plan section with its revision. */
export interface SectionState<K extends SectionKey = SectionKey> {
  rev: number;
  updatedAt: string | null;
  updatedBy: string | null;
  content: SectionContentMap[K];
}

/** Something a section still lacks, as the backend's completeness rules say. */
export interface MissingItem {
  item: CompletenessItemId | string;
  label: Localized;
}

/** How complete one section is. */
export interface SectionCompletenessView {
  percent: number;
  filled: number;
  total: number;
  missing: MissingItem[];
}

/** How complete the whole plan is. */
export interface CompletenessView {
  overall: number;
  sections: Record<SectionKey, SectionCompletenessView>;
}

/** One answer to a qualification question. */
export interface AnswerView {
  question: QuestionId;
  value: number;
  evidence: string;
}

/** The deal's qualification: latest assessment, history, trend, re-qualification, competitors. */
export interface AssessmentView {
  latest: null | {
    id: string;
    answeredAt: string;
    answeredBy: string;
    answers: AnswerView[];
    expectedDecisionDate: string;
    score: number;
    verdict: Verdict;
  };
  series: { at: string; score: number; verdict: Verdict; by: string }[];
  trend: { direction: TrendDirection; delta: number };
  requalification: { due: boolean; dueDate: string | null; reasons: Localized[] };
  competitors: { competitorId: string; score: number; threat: Threat; answeredAt: string }[];
}

/** A HubSpot owner as the backend lists them. */
export interface OwnerView {
  id: string;
  /** The HubSpot user behind the owner (plan views carry it to name a section's last editor). */
  userId?: string | null;
  name: string;
  email: string | null;
  team: 'marketing' | 'sales' | null;
}

/** A reason to return a lead to marketing. */
export interface ReturnReasonView {
  code: string;
  label: Localized;
}

/** A contact associated with the deal, with its buying-role association labels. */
export interface StakeholderContact {
  contactId: string;
  name: string;
  email: string | null;
  jobTitle: string | null;
  roles: BuyingRole[];
}

/** GET /api/deals/{dealId}/plan */
export interface PlanView {
  dealId: string;
  dealName: string;
  dealStage: string;
  pipelineId: string;
  amount: string | null;
  currency: string | null;
  sections: { [K in SectionKey]: SectionState<K> };
  completeness: CompletenessView;
  assessment: AssessmentView;
  stakeholders: StakeholderContact[];
  loop: { count: number; lastReturnReason: string | null };
  returnReasons: ReturnReasonView[];
  /** The gate of the NEXT stage (the one "Move to next stage" enters), null when it has none. */
  stageGate: { allowed: boolean; reasons: Localized[] } | null;
  /** The open stage after the current one; null at the last open stage. */
  nextStage?: { stageId: string; label: string } | null;
  /** Every open stage of the deal's pipeline with its gate status (the stage path). */
  stagePath?: StagePathStepView[];
  /** The portal's owners: the account team's lead and members are picked from them. */
  owners?: OwnerView[];
}

/** One stage on the plan's stage path. */
export interface StagePathStepView {
  stageId: string;
  label: string;
  status: 'passed' | 'current' | 'ready' | 'blocked';
  gated: boolean;
  reasons: Localized[];
}

/** Body of POST /api/deals/{dealId}/move-to-next-stage */
export interface MoveToNextStageInput {
  fromStageId: string;
  toStageId: string;
}

/** Answer of POST /api/deals/{dealId}/move-to-next-stage */
export interface MoveToNextStageResult {
  dealStage: string;
  moved: boolean;
}

/** PUT /api/deals/{dealId}/plan/{section} */
export interface SaveSectionResult<K extends SectionKey = SectionKey> {
  section: SectionState<K>;
  completeness: CompletenessView;
}

/** Body of POST /api/deals/{dealId}/assessments */
export interface AssessmentInput {
  answers: AnswerView[];
  expectedDecisionDate: string;
  note?: string;
}

/** Body of POST /api/deals/{dealId}/competitors/{competitorId}/assessment */
export interface CompetitorAssessmentInput {
  answers: AnswerView[];
  note?: string;
}

/** Body of both return-to-marketing routes. */
export interface ReturnInput {
  reason: string;
  note?: string;
}

/** POST /api/deals/{dealId}/return-to-marketing */
export interface DealReturnResult {
  contactIds: string[];
  loopCount: number;
}

/** One reason behind a lead score. */
export interface ScoreReasonView {
  ruleId: string;
  points: number;
  label: Localized;
  why: Localized;
}

/** A contact's lead score. */
export interface ScoreView {
  fit: number;
  engagement: number;
  total: number;
  grade: LeadGrade | string;
  band: LeadBand;
  reasons: ScoreReasonView[];
}

/** One step of a contact's hand-off / return loop. */
export interface LoopHistoryEntry {
  kind: LoopEntryKind;
  at: string;
  by: string;
  reason?: string;
  note?: string;
  ownerId?: string;
  dealId?: string;
}

/** GET /api/contacts/{contactId}/qualification */
export interface QualificationView {
  contactId: string;
  name: string;
  email: string;
  lifecycleStage: string | null;
  leadStatus: string | null;
  ownerId: string | null;
  score: ScoreView;
  loop: { count: number; lastReturnReason: string | null; history: LoopHistoryEntry[] };
  dealId: string | null;
  owners: OwnerView[];
  returnReasons: ReturnReasonView[];
  canHandOff: boolean;
  canReturn: boolean;
  /** Open deals of the contact made in HubSpot, newest first (a hand-off can adopt one). */
  openDeals?: OpenDealView[];
}

/** An open deal of the contact that a hand-off can adopt. */
export interface OpenDealView {
  dealId: string;
  name: string;
  stageId: string | null;
  stageLabel: string | null;
  amount: string | null;
  createdAt: string | null;
}

/** Who becomes the sales owner on hand-off. */
export type SalesOwnerChoice =
  { mode: 'explicit'; ownerId: string } | { mode: 'round_robin' } | { mode: 'keep' };

/** Body of POST /api/contacts/{contactId}/hand-off */
export interface HandOffInput {
  salesOwner: SalesOwnerChoice;
  dealName?: string;
  /** Adopt an open deal of the contact, or open a new one (absent: a new one). */
  existingDeal?: { mode: 'new' } | { mode: 'adopt'; dealId: string } | { mode: 'adopt_newest' };
}

/** POST /api/contacts/{contactId}/hand-off */
export interface HandOffResult {
  dealId: string;
  ownerId: string | null;
  reopened: boolean;
  /** An existing open deal was adopted. */
  adopted?: boolean;
  qualification: QualificationView;
}

/** The per-portal settings the admin page edits. */
export interface Settings {
  scoring: ScoringModel;
  lifecycle: LifecyclePolicy;
  qualification: QualificationPolicy;
  stageGates: StageGate[];
  sectionWeights: Record<SectionKey, number>;
  competitors: CompetitorCatalog;
  previousScoring?: PreviousScoring;
}

/** GET /api/settings */
export interface SettingsView {
  version: number;
  settings: Settings;
  owners: OwnerView[];
  pipelines: { id: string; label: string; stages: { id: string; label: string }[] }[];
}

/** Progress of a portal-wide rescore. */
export interface RescoreProgress {
  status: 'running' | 'resuming' | 'done' | 'cancelled' | 'failed';
  processed: number;
  total: number;
  changed: number;
  errors: number;
  ratePerSecond: number;
  etaSeconds: number | null;
  startedAt: string;
  finishedAt: string | null;
}

/** GET /api/analytics/loop — declared once, in the server's view module. */
export type {
  CalibrationView,
  CalibrationWriteView,
  CompetitorCatalog,
  LoopAnalytics,
  RecordLink,
  ReviewedProposal,
} from '../../../../src/server/read-models/loop-views.ts';
