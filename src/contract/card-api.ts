// The card API's contract, declared once: every view the backend answers with, every input the
// cards send, and the error envelope. The handlers (src/server/handlers/*, src/server/*) build
// these types and the cards, the settings page and the app page (extensions/app/*) read them.
// The inputs (request bodies) are not written here by hand: they are the input types of the zod
// schemas the backend parses them with (card-inputs.ts), so a body cannot drift from its parser.
//
// Types only, and only domain types (and the input schemas' types) imported: HubSpot bundles the
// extensions from the project's srcDir alone, so every import from here into extensions/ must be
// erased at build time (`import type`; eslint.config.js enforces it for extensions/).
import type { z } from 'zod';
import type {
  AssessmentEntry,
  QuestionId,
  Threat,
  TrendDirection,
  Verdict,
} from '../domain/assessment/index.ts';
import type { Calibration } from '../domain/calibration/index.ts';
import type { FieldError, Localized } from '../domain/errors.ts';
import type { LoopEntry } from '../domain/lifecycle/state.ts';
import type { LoopAnalytics } from '../domain/loop-analytics.ts';
import type {
  CompletenessItemId,
  SectionContentMap,
  SectionDocument,
  SectionKey,
} from '../domain/plan/index.ts';
import type { BuyingRole } from '../domain/properties.ts';
import type { DealAccountView } from './account.ts';
import type { LeadBand, LeadGrade, ScoreExplanation } from '../domain/scoring/index.ts';
import type { Settings } from '../domain/settings.ts';
import type { CompetitorCatalog } from '../domain/settings-extras.ts';
import type {
  applyCalibrationBodySchema,
  assessmentBodySchema,
  competitorAssessmentBodySchema,
  handOffBodySchema,
  moveToNextStageBodySchema,
  previewScoreBodySchema,
  putDraftBodySchema,
  reportsToBodySchema,
  restoreScoringBodySchema,
  returnBodySchema,
  saveSectionBodySchema,
  saveSettingsBodySchema,
} from './card-inputs.ts';

export type { FieldError, Localized };
export type {
  Backtest,
  Calibration,
  Evidence,
  GradeEvidence,
  Proposal,
  ReasonEvidence,
  RuleChange,
  RuleEvidence,
  ScoreBandEvidence,
  Tally,
  ThresholdChange,
  ThresholdEvidence,
} from '../domain/calibration/index.ts';
export type {
  CompetitorRow,
  FunnelStep,
  LoopAnalytics,
  LoopNumberRow,
  RecordLink,
} from '../domain/loop-analytics.ts';
export type { CompetitorCatalog };

// ---------------------------------------------------------------------------------------------
// The envelope

/** Error codes the backend answers with. */
export type ServerErrorCode =
  | 'validation_failed'
  | 'conflict'
  | 'too_large'
  | 'not_found'
  | 'rejected'
  | 'not_installed'
  | 'rate_limited'
  /** A durable operation is recorded but not finished; it completes by itself. */
  | 'still_completing'
  | 'hubspot_error'
  /** A value stored earlier no longer parses; the message names the record and property. */
  | 'stored_data_damaged'
  | 'internal';

/** What the cards handle: the backend's codes plus `network`, raised by the cards' transport. */
export type ApiErrorCode = ServerErrorCode | 'network';

/** An expected failure as the backend (or the cards' transport) reports it. */
export interface ApiError<C extends string = ApiErrorCode> {
  code: C;
  message: Localized;
  /** Every bad field, by dotted path below the request body (`content.financials.annualRevenue`). */
  fields?: FieldError[];
  /** `conflict`: the stored value the edit collided with. */
  current?: unknown;
  /** `conflict`: the fields the other person changed since the revision the edit started from. */
  changedFields?: string[];
}

/** The envelope every card API answer comes in (HTTP 200 for expected failures too). */
export type ApiResult<T, C extends string = ApiErrorCode> =
  { ok: true; data: T } | { ok: false; error: ApiError<C> };

// ---------------------------------------------------------------------------------------------
// Shared pieces

/** A HubSpot owner as the backend lists them. */
export interface OwnerView {
  id: string;
  /** The HubSpot user behind the owner: sections' `updatedBy` names a user, shown by name. */
  userId: string | null;
  name: string;
  email: string | null;
  /** The hand-off rules' team this owner belongs to. */
  team: 'marketing' | 'sales' | null;
}

/** A reason to return a lead to marketing. */
export interface ReturnReasonView {
  code: string;
  label: Localized;
}

/** One reason behind a lead score. */
export interface ScoreReasonView {
  ruleId: string;
  points: number;
  label: Localized;
  why: Localized;
}

/** A contact's lead score with its reasons. */
export interface ScoreView {
  fit: number;
  engagement: number;
  total: number;
  grade: LeadGrade | string;
  band: LeadBand;
  reasons: ScoreReasonView[];
  /** Every rule, matched or not, the grade, band and decay in plain words (src/domain/scoring/explanation.ts). */
  explanation?: ScoreExplanation;
}

// ---------------------------------------------------------------------------------------------
// The deal: Opportunity Plan

/** One stored plan section with its revision. */
export type SectionState<K extends SectionKey = SectionKey> = SectionDocument<K>;

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

/** One answer to a qualification question (1–5), as the plan view shows it. */
export interface AnswerView {
  question: QuestionId;
  value: number;
  evidence: string;
}

/** The deal's qualification: latest assessment, history, trend, re-qualification, competitors. */
export interface AssessmentView {
  latest: null | (AssessmentEntry & { score: number; verdict: Verdict });
  series: { at: string; score: number; verdict: Verdict; by: string }[];
  /** `delta`: latest score minus the previous one; null with fewer than two assessments. */
  trend: { direction: TrendDirection; delta: number | null };
  /** `dueDate`: null when the deal was never assessed. */
  requalification: { due: boolean; dueDate: string | null; reasons: Localized[] };
  competitors: { competitorId: string; score: number; threat: Threat; answeredAt: string }[];
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
  /** Null when the deal has no name in HubSpot. */
  dealName: string | null;
  dealStage: string | null;
  /**
   * Where the deal stands: `won` / `lost` for a closed stage (the settings' stage lists, else the
   * pipeline's metadata). A closed deal is never due for re-qualification.
   */
  outcome: 'open' | 'won' | 'lost';
  pipelineId: string | null;
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
  owners: OwnerView[];
  /** The deal's company: shared profile, proposals from the last won plan, relationship map. */
  account?: DealAccountView;
  /** Won or lost in its pipeline, or null while open: a closed deal offers no return or re-qualification. */
  closed: 'won' | 'lost' | null;
  /** The deal can be returned to marketing (open deals only). */
  canReturn: boolean;
  /** The deal can be re-qualified (open deals only). */
  canRequalify: boolean;
  /** The deal owner's id and name (HubSpot's hubspot_owner_id). */
  ownerId: string | null;
  ownerName: string | null;
  /** The deal's record page in HubSpot. */
  dealUrl: string;
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
export type MoveToNextStageInput = z.input<typeof moveToNextStageBodySchema>;

/** Answer of POST /api/deals/{dealId}/move-to-next-stage */
export interface MoveToNextStageResult {
  dealStage: string;
  moved: boolean;
}

/** Body of PUT /api/deals/{dealId}/plan/{section}: the content is the section's, per key. */
export type SaveSectionInput<K extends SectionKey = SectionKey> = Omit<
  z.input<typeof saveSectionBodySchema>,
  'content'
> & { content: SectionContentMap[K] };

/** PUT /api/deals/{dealId}/plan/{section} */
export interface SaveSectionResult<K extends SectionKey = SectionKey> {
  section: SectionState<K>;
  completeness: CompletenessView;
  /** Key people only: what the save changed in HubSpot's buying-role labels. */
  buyingRoles?: {
    associatedContactIds: string[];
    labelsAdded: number;
    labelsRemoved: number;
    message: Localized | null;
  };
}

/** One section's unsaved edit, as the backend keeps it for the acting user only. */
export interface SectionDraftView<K extends SectionKey = SectionKey> {
  section: K;
  /** As typed: not necessarily valid section content. */
  content: SectionContentMap[K];
  /** The stored revision the edit started from. */
  baseRev: number;
  /** The stored content at `baseRev` (a conflict names the fields changed since). */
  baseContent: SectionContentMap[K];
  /** When the draft was last put, ISO 8601. */
  updatedAt: string;
}

/** GET /api/deals/{dealId}/drafts: the acting user's drafts of the deal (14 days at most). */
export interface DraftsView {
  drafts: SectionDraftView[];
}

/** Body of PUT /api/deals/{dealId}/drafts/{section} */
export type PutDraftInput = z.input<typeof putDraftBodySchema>;

/** DELETE /api/deals/{dealId}/drafts and …/drafts/{section} */
export interface DeletedDraftsView {
  deleted: number;
}

/** Body of POST /api/deals/{dealId}/assessments */
export type AssessmentInput = z.input<typeof assessmentBodySchema>;

/** Body of POST /api/deals/{dealId}/competitors/{competitorId}/assessment */
export type CompetitorAssessmentInput = z.input<typeof competitorAssessmentBodySchema>;

/** Body of both return-to-marketing routes (the cards' API module adds the `operationId`). */
export type ReturnInput = Omit<z.input<typeof returnBodySchema>, 'operationId'>;

/** POST /api/deals/{dealId}/return-to-marketing */
export interface DealReturnResult {
  contactIds: string[];
  /** The returned contacts by name, when the backend read them. */
  contacts?: { id: string; name: string; url?: string | null }[];
  loopCount: number;
}

// ---------------------------------------------------------------------------------------------
// The contact: lead qualification

/** One step of a contact's hand-off / return loop. */
export type LoopHistoryEntry = LoopEntry;

/** GET /api/contacts/{contactId}/qualification */
export interface QualificationView {
  contactId: string;
  name: string;
  email: string | null;
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
  /**
   * True while a portal-wide rescore runs (after a scoring model change): the score shown is the
   * current model's, the stored `op_*` properties are still being updated.
   */
  storedScoresUpdating?: boolean;
}

/** An open deal of the contact that a hand-off can adopt. */
export interface OpenDealView {
  dealId: string;
  name: string;
  stageId: string | null;
  stageLabel: string | null;
  amount: string | null;
  /** ISO 8601, from HubSpot's `createdate`. */
  createdAt: string | null;
}

/**
 * Body of POST /api/contacts/{contactId}/hand-off (the cards' API module adds the `operationId`):
 * who becomes the sales owner, the new deal's name, and whether an open deal is adopted.
 */
export type HandOffInput = Omit<z.input<typeof handOffBodySchema>, 'operationId'>;

/** Who becomes the sales owner on hand-off. */
export type SalesOwnerChoice = HandOffInput['salesOwner'];

/** POST /api/contacts/{contactId}/hand-off */
export interface HandOffResult {
  dealId: string | null;
  /** The deal's name, when the backend read it (the card falls back to the name it sent). */
  dealName?: string | null;
  /** The deal's record page in HubSpot, when the backend knows it. */
  dealUrl?: string | null;
  ownerId: string | null;
  reopened: boolean;
  /** An existing open deal was adopted. */
  adopted?: boolean;
  qualification: QualificationView;
}

// ---------------------------------------------------------------------------------------------
// Settings, rescore, analytics, calibration

/** The per-portal settings the admin page edits: the domain's own (src/domain/settings.ts). */
export type { Settings };

/** A pipeline with its stages, as GET /api/settings lists them. */
export interface PipelineView {
  id: string;
  label: string;
  stages: { id: string; label: string }[];
}

/** A contact property of the portal, as the settings page's pickers offer it. */
export interface PropertyView {
  name: string;
  /** The label HubSpot shows (in the portal's language). */
  label: string;
  /** HubSpot's data type: `string`, `number`, `date`, `datetime`, `enumeration`, `bool` … */
  type: string;
  fieldType: string;
  /** An enumeration's choices, in HubSpot's order. */
  options: { label: string; value: string }[];
}

/** A HubSpot team (from the owners' team memberships), for the team round robin. */
export interface TeamView {
  id: string;
  name: string;
}

/** GET /api/settings */
export interface SettingsView {
  version: number;
  /** The defaults to edit when the stored settings are `damaged` (saving replaces them). */
  settings: Settings;
  /** The stored settings do not validate: where and why (every other operation is refused). */
  damaged?: { record: string; property: string; problem: string };
  owners: OwnerView[];
  pipelines: PipelineView[];
  /** The portal's visible contact properties; empty when HubSpot could not list them. */
  contactProperties: PropertyView[];
  teams: TeamView[];
}

/** One contact found by GET /api/settings/contacts?query=… (the score preview's picker). */
export interface ContactMatchView {
  id: string;
  name: string;
  email: string | null;
}

/** Body of PUT /api/settings */
export type SaveSettingsInput = z.input<typeof saveSettingsBodySchema>;

/** Body of POST /api/settings/preview-score: the edited model, scored for one contact. */
export type PreviewScoreInput = z.input<typeof previewScoreBodySchema>;

/** PUT /api/settings */
export interface SavedSettings {
  version: number;
  settings: Settings;
}

/** The states of a portal-wide rescore (the store's job states, plus `resuming`). */
export type RescoreStatus = 'running' | 'resuming' | 'completed' | 'cancelled' | 'failed';

/** Progress of a portal-wide rescore: POST /api/rescore, GET /api/rescore, POST …/cancel; the
 * job (src/jobs/rescore-progress.ts) builds it and stores it. */
export interface RescoreProgress {
  /** `resuming`: the stored job is running but its process died; it is being taken over. */
  status: RescoreStatus;
  /** Contacts read and scored so far (across resumed runs of the same job). */
  processed: number;
  /** Contacts in the portal as far as the job knows: processed + what search says remains (0
   * until the first search page answered). */
  total: number;
  /** Contacts whose score properties changed (queued for writing). */
  changed: number;
  /** Contacts HubSpot refused to update (counted, not fatal). */
  errors: number;
  /** Contacts scored per second in the current run. */
  ratePerSecond: number;
  /** Seconds left at the current rate; null until a rate is known. */
  etaSeconds: number | null;
  /** When the job first started, epoch ms (kept across resumes). */
  startedAt: number;
  /** When it completed, failed or was cancelled, epoch ms; null while it runs. */
  finishedAt: number | null;
  /** Why the job failed, when it did. */
  error: string | null;
}

/** GET /api/analytics/loop */
export type LoopAnalyticsView = LoopAnalytics;

/** GET /api/settings/calibration: the calibration of the settings version it was computed for. */
export interface CalibrationView {
  /** The settings version the calibration is based on; Apply and Restore send it back. */
  version: number;
  calibration: Calibration;
  thresholds: { mql: number; sql: number };
  /** The model a calibration or restore replaced, when there is one to restore. */
  previous: { version: number; replacedAt: string; replacedBy: string } | null;
}

/** Body of POST /api/settings/calibration/apply */
export type ApplyCalibrationInput = z.input<typeof applyCalibrationBodySchema>;

/** The changes the admin reviewed, sent with Apply so the server applies exactly those. */
export type ReviewedProposal = ApplyCalibrationInput['proposal'];

/** Body of POST /api/settings/calibration/restore */
export type RestoreScoringInput = z.input<typeof restoreScoringBodySchema>;

/** Body of PUT /api/contacts/{contactId}/reports-to */
export type ReportsToInput = z.input<typeof reportsToBodySchema>;

/** POST /api/settings/calibration/apply and …/restore */
export interface CalibrationWriteView {
  version: number;
  applied: { rules: number; thresholds: number };
}
