// The card API's views of the loop analytics and the calibration, declared once: the server
// answers with them and the app page and settings page (extensions/app) import them, type-only.
import type { Calibration } from '../../domain/calibration/index.ts';
import type { LoopAnalytics } from '../../domain/loop-analytics.ts';

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
} from '../../domain/calibration/index.ts';
export type {
  CompetitorRow,
  FunnelStep,
  LoopAnalytics,
  LoopNumberRow,
  RecordLink,
} from '../../domain/loop-analytics.ts';
export type { CompetitorCatalog } from '../../domain/settings-extras.ts';

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

/** The changes the admin reviewed, sent with Apply so the server applies exactly those. */
export interface ReviewedProposal {
  rules: { ruleId: string; to: number }[];
  thresholds: { threshold: 'sql'; to: number }[];
}

/** POST /api/settings/calibration/apply and …/restore */
export interface CalibrationWriteView {
  version: number;
  applied: { rules: number; thresholds: number };
}
