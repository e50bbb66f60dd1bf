// An honest backtest: the decided hand-offs are ordered by time, the newest share is held out, the
// proposal is fitted on the older ones only, and both models are judged on the held-out hand-offs
// they never saw. "Would have handed off" means the rescored total reaches the model's SQL
// threshold, for the current model and for the proposal alike.
import type { Localized } from '../errors.ts';
import type { ReturnReason } from '../lifecycle/policy.ts';
import type { ScoringModel } from '../scoring/model.ts';
import type { CalibrationLimits } from './evidence.ts';
import { DEFAULT_CALIBRATION_LIMITS } from './evidence.ts';
import { admits, applyProposal, propose, type Proposal } from './proposal.ts';
import type { DecidedRecord } from './records.ts';
import { percent } from './tally.ts';

/** What one model would have handed off among the held-out hand-offs. */
export interface ModelOutcome {
  /** Held-out hand-offs the model would have handed off. */
  handedOff: number;
  returns: number;
  wins: number;
}

/** The backtest's result. */
export interface Backtest {
  method: 'holdout_newest';
  /** Decided hand-offs the proposal was fitted on (the oldest). */
  trained: number;
  /** Decided hand-offs held out (the newest); the fit never saw them. */
  heldOut: number;
  /** The first held-out hand-off (ISO 8601), so the split can be checked. */
  heldOutFrom?: string;
  /** The proposal fitted on the older hand-offs only. */
  fitted: Proposal;
  current: ModelOutcome;
  proposed: ModelOutcome;
  returnsAvoided: number;
  /** Avoided returns as a share of the current model's returns, in percent. */
  returnsAvoidedPercent: number;
  winsLost: number;
  /** Lost wins as a share of the current model's wins, in percent. */
  winsLostPercent: number;
  /** Enough hand-offs on both sides of the split to judge. */
  enough: boolean;
  summary: Localized;
}

function outcome(records: readonly DecidedRecord[], model: ScoringModel): ModelOutcome {
  const handedOff = records.filter((record) => admits(record, model));
  return {
    handedOff: handedOff.length,
    returns: handedOff.filter((record) => record.outcome === 'returned').length,
    wins: handedOff.filter((record) => record.outcome === 'won').length,
  };
}

/**
 * Splits the decided, scored hand-offs by time (the order of `records` breaks ties) and returns the
 * older part for fitting and the newest `holdOutShare` for testing.
 */
export function splitByTime(
  records: readonly DecidedRecord[],
  holdOutShare: number,
): { train: DecidedRecord[]; test: DecidedRecord[] } {
  const scored = records
    .map((record, index) => ({ record, index }))
    .filter(({ record }) => record.score !== undefined)
    .sort((a, b) => Date.parse(a.record.at) - Date.parse(b.record.at) || a.index - b.index)
    .map(({ record }) => record);
  const testCount = Math.min(scored.length, Math.ceil(scored.length * holdOutShare));
  return {
    train: scored.slice(0, scored.length - testCount),
    test: scored.slice(scored.length - testCount),
  };
}

/** Fits the proposal on the older hand-offs and compares both models on the newest ones. */
export function backtest(
  records: readonly DecidedRecord[],
  model: ScoringModel,
  reasons: readonly ReturnReason[],
  limits: CalibrationLimits = DEFAULT_CALIBRATION_LIMITS,
): Backtest {
  const { train, test } = splitByTime(records, limits.holdOutShare);
  const fitted = propose(train, model, reasons, limits);
  const proposedModel = applyProposal(model, fitted);
  const current = outcome(test, model);
  const proposed = outcome(test, proposedModel);
  const returnsAvoided = current.returns - proposed.returns;
  const winsLost = current.wins - proposed.wins;
  const enough = train.length >= limits.minHandOffs && test.length >= limits.minRuleSample;
  const share = Math.round(limits.holdOutShare * 100);
  const changes = fitted.rules.length + fitted.thresholds.length;
  let summary: Localized;
  if (!enough) {
    summary = {
      en: `${train.length} older and ${test.length} newer decided hand-offs: not enough for a backtest (at least ${limits.minHandOffs} to fit and ${limits.minRuleSample} to test).`,
      de: `${train.length} ältere und ${test.length} neuere entschiedene Übergaben: zu wenige für einen Backtest (mindestens ${limits.minHandOffs} zum Anpassen und ${limits.minRuleSample} zum Prüfen).`,
    };
  } else if (changes === 0) {
    summary = {
      en: `Fitted on the oldest ${train.length} hand-offs, the calibration proposed no change, so it was tested on nothing new.`,
      de: `Auf den ältesten ${train.length} Übergaben angepasst, schlug die Kalibrierung keine Änderung vor; geprüft wurde daher nichts Neues.`,
    };
  } else {
    summary = {
      en: `Fitted on the oldest ${train.length} hand-offs and tested on the newest ${test.length} (${share} %, never used to fit): the proposal would have avoided ${returnsAvoided} of ${current.returns} returns (${percent(returnsAvoided, current.returns)} %) and lost ${winsLost} of ${current.wins} wins (${percent(winsLost, current.wins)} %).`,
      de: `Auf den ältesten ${train.length} Übergaben angepasst und auf den neuesten ${test.length} geprüft (${share} %, nie zum Anpassen verwendet): Der Vorschlag hätte ${returnsAvoided} von ${current.returns} Rückgaben vermieden (${percent(returnsAvoided, current.returns)} %) und ${winsLost} von ${current.wins} Gewinnen gekostet (${percent(winsLost, current.wins)} %).`,
    };
  }
  return {
    method: 'holdout_newest',
    trained: train.length,
    heldOut: test.length,
    ...(test[0] === undefined ? {} : { heldOutFrom: test[0].at }),
    fitted,
    current,
    proposed,
    returnsAvoided,
    returnsAvoidedPercent: percent(returnsAvoided, current.returns),
    winsLost,
    winsLostPercent: percent(winsLost, current.wins),
    enough,
    summary,
  };
}
