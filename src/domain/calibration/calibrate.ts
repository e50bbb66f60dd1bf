// The calibration as one pure function: loop histories and the current model in, findings, a
// proposal with reasons and an honest backtest out — or, below the minimum sample, a plain
// statement that there is not enough data yet.
import type { Localized } from '../errors.ts';
import type { ReturnReason } from '../lifecycle/policy.ts';
import type { ScoringModel } from '../scoring/model.ts';
import { backtest, type Backtest } from './backtest.ts';
import {
  DEFAULT_CALIBRATION_LIMITS,
  gatherEvidence,
  type CalibrationLimits,
  type Evidence,
} from './evidence.ts';
import { propose, type Proposal } from './proposal.ts';
import { isDecided, type HandOffRecord } from './records.ts';

/** The calibration of one portal's scoring model from its loop. */
export interface Calibration {
  /** Every hand-off found, open ones included. */
  handOffs: number;
  /** Hand-offs whose outcome is known (won, lost or returned). */
  decided: number;
  /** Decided hand-offs that recorded their rule points (older histories did not). */
  withRulePoints: number;
  /** The portal has at least `limits.minHandOffs` decided hand-offs. */
  enough: boolean;
  limits: CalibrationLimits;
  evidence: Evidence;
  /** Fitted on every decided hand-off; empty below the minimum sample. */
  proposal: Proposal;
  backtest: Backtest;
  summary: Localized;
}

/** Calibrates `model` from the hand-off records (see handOffRecords). */
export function calibrate(
  records: readonly HandOffRecord[],
  model: ScoringModel,
  reasons: readonly ReturnReason[],
  limits: CalibrationLimits = DEFAULT_CALIBRATION_LIMITS,
): Calibration {
  const decided = records.filter(isDecided);
  const enough = decided.length >= limits.minHandOffs;
  const proposal = propose(decided, model, reasons, limits);
  const changes = proposal.rules.length + proposal.thresholds.length;
  let summary: Localized;
  if (!enough) {
    summary = {
      en: `${decided.length} decided hand-offs (${records.length} in all): not enough data to calibrate the scoring — at least ${limits.minHandOffs} are needed.`,
      de: `${decided.length} entschiedene Übergaben (${records.length} insgesamt): zu wenige Daten, um das Scoring zu kalibrieren — mindestens ${limits.minHandOffs} sind nötig.`,
    };
  } else if (changes === 0) {
    summary = {
      en: `${decided.length} decided hand-offs: no rule and no threshold differs from the rest by more than chance; the model stays as it is.`,
      de: `${decided.length} entschiedene Übergaben: Keine Regel und keine Schwelle unterscheidet sich stärker als zufällig vom Rest; das Modell bleibt, wie es ist.`,
    };
  } else {
    summary = {
      en: `${decided.length} decided hand-offs: ${proposal.rules.length} rule changes and ${proposal.thresholds.length} threshold changes proposed.`,
      de: `${decided.length} entschiedene Übergaben: ${proposal.rules.length} Regeländerungen und ${proposal.thresholds.length} Schwellenänderungen vorgeschlagen.`,
    };
  }
  return {
    handOffs: records.length,
    decided: decided.length,
    withRulePoints: decided.filter((record) => record.rules !== undefined).length,
    enough,
    limits,
    evidence: gatherEvidence(decided, model, reasons, limits),
    proposal,
    backtest: backtest(decided, model, reasons, limits),
    summary,
  };
}
