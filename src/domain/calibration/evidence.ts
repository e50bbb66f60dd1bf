// What the loop history says about the scoring model, with the counts behind every statement:
// how leads that matched each rule fared against those that did not, how the MQL/SQL thresholds
// and the grades separate good hand-offs from returns, and which return reasons the score does not
// see coming.
import type { Localized } from '../errors.ts';
import type { ReturnReason } from '../lifecycle/policy.ts';
import type { Dimension, ScoringModel } from '../scoring/model.ts';
import { DIMENSIONS } from '../scoring/model.ts';
import type { DecidedRecord } from './records.ts';
import { count, emptyTally, percent, returnRateZ, tallyOf, type Tally } from './tally.ts';

/** The limits below which the calibration says nothing (all counts are decided hand-offs). */
export interface CalibrationLimits {
  /** Decided hand-offs the portal needs before any change is proposed. */
  minHandOffs: number;
  /** Decided hand-offs needed on each side of a rule (matched and not) before it may change. */
  minRuleSample: number;
  /** |z| a difference in return rates must reach to count as more than chance (1.96 ≈ 95 %). */
  zCritical: number;
  /** Share of the newest decided hand-offs the backtest holds out (0 … 1). */
  holdOutShare: number;
  /** How many avoided returns one lost win is worth when the SQL threshold is tuned. */
  winWeight: number;
}

/**
 * The defaults. 30 hand-offs overall and 15 per side keep a single rule change from resting on a
 * handful of deals; 95 % is the usual bar for "not chance"; a quarter of the newest hand-offs is held
 * out so the backtest judges the method on hand-offs it never saw; a lost win is weighed as three
 * avoided returns because a return costs a few calls and a lost win costs a deal.
 */
export const DEFAULT_CALIBRATION_LIMITS: CalibrationLimits = {
  minHandOffs: 30,
  minRuleSample: 15,
  zCritical: 1.96,
  holdOutShare: 0.25,
  winWeight: 3,
};

/** How the leads that matched one rule fared against the others. */
export interface RuleEvidence {
  ruleId: string;
  groupId: string;
  dimension: Dimension;
  label: Localized;
  /** Points of the rule in the current model. */
  points: number;
  /** Points the rule carried at the matched hand-offs (their median); absent when none matched. */
  recordedPoints?: number;
  matched: Tally;
  unmatched: Tally;
  /** z of matched minus unmatched return rate. */
  z: number;
  /** Both sides reach the minimum sample. */
  enough: boolean;
  /** The finding in words, counts included. */
  summary: Localized;
}

/** Outcomes of the hand-offs whose recorded score fell into [from, to]. */
export interface ScoreBandEvidence {
  from: number;
  to: number;
  tally: Tally;
}

/** How a threshold of the current model splits the hand-offs. */
export interface ThresholdEvidence {
  threshold: 'mql' | 'sql';
  value: number;
  atOrAbove: Tally;
  below: Tally;
  z: number;
}

/** Outcomes per grade at hand-off (A1 … C3). */
export interface GradeEvidence {
  grade: string;
  tally: Tally;
}

/** A return reason and how well the score saw it coming. */
export interface ReasonEvidence {
  reason: string;
  label: Localized;
  returns: number;
  /** Returns for this reason whose fit grade was A at hand-off. */
  fitGradeA: number;
  /** Returns for this reason whose score was at or above the SQL threshold. */
  aboveSql: number;
  /** The score rated these leads as highly as the leads that were won: it does not predict it. */
  unpredicted: boolean;
  summary: Localized;
}

/** Everything the history says about the model. */
export interface Evidence {
  rules: RuleEvidence[];
  bands: ScoreBandEvidence[];
  thresholds: ThresholdEvidence[];
  grades: GradeEvidence[];
  reasons: ReasonEvidence[];
}

/** Width of a score band on the findings chart, in points. */
export const SCORE_BAND_WIDTH = 10;

/** The label of a return reason code, from the portal's policy (the code itself when unknown). */
export function reasonLabel(reasons: readonly ReturnReason[], code: string): Localized {
  return reasons.find((reason) => reason.code === code)?.label ?? { en: code, de: code };
}

function median(values: number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : Math.round(((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2);
}

/** Rules of a model with their group and dimension, in model order. */
export function rulesOf(model: ScoringModel) {
  return DIMENSIONS.flatMap((dimension) =>
    model[dimension].groups.flatMap((group) =>
      group.rules.map((rule) => ({ rule, groupId: group.id, dimension })),
    ),
  );
}

function ruleSummary(
  label: Localized,
  matched: Tally,
  unmatched: Tally,
  enough: boolean,
  limits: CalibrationLimits,
): Localized {
  if (!enough) {
    const n = Math.min(matched.decided, unmatched.decided);
    return {
      en: `“${label.en}”: ${matched.decided} decided hand-offs matched it and ${unmatched.decided} did not — ${n} is not enough to change this rule (at least ${limits.minRuleSample} on each side).`,
      de: `„${label.de}“: ${matched.decided} entschiedene Übergaben erfüllten die Regel, ${unmatched.decided} nicht — ${n} reichen nicht, um diese Regel zu ändern (mindestens ${limits.minRuleSample} auf jeder Seite).`,
    };
  }
  return {
    en: `“${label.en}”: ${matched.returned} of ${matched.decided} matching leads came back (${percent(matched.returned, matched.decided)} %), ${matched.won} were won; of the others ${unmatched.returned} of ${unmatched.decided} came back (${percent(unmatched.returned, unmatched.decided)} %).`,
    de: `„${label.de}“: ${matched.returned} von ${matched.decided} passenden Leads kamen zurück (${percent(matched.returned, matched.decided)} %), ${matched.won} wurden gewonnen; von den übrigen kamen ${unmatched.returned} von ${unmatched.decided} zurück (${percent(unmatched.returned, unmatched.decided)} %).`,
  };
}

/** Per-rule evidence over the hand-offs that recorded their rule points. */
export function ruleEvidence(
  records: readonly DecidedRecord[],
  model: ScoringModel,
  limits: CalibrationLimits = DEFAULT_CALIBRATION_LIMITS,
): RuleEvidence[] {
  const scored = records.filter((record) => record.rules !== undefined);
  return rulesOf(model).map(({ rule, groupId, dimension }) => {
    const matched = emptyTally();
    const unmatched = emptyTally();
    const recorded: number[] = [];
    for (const record of scored) {
      const points = record.rules?.[rule.id];
      if (points === undefined) {
        count(unmatched, record);
      } else {
        count(matched, record);
        recorded.push(points);
      }
    }
    const enough =
      matched.decided >= limits.minRuleSample && unmatched.decided >= limits.minRuleSample;
    const recordedPoints = median(recorded);
    return {
      ruleId: rule.id,
      groupId,
      dimension,
      label: rule.label,
      points: rule.points,
      ...(recordedPoints === undefined ? {} : { recordedPoints }),
      matched,
      unmatched,
      z: returnRateZ(matched, unmatched),
      enough,
      summary: ruleSummary(rule.label, matched, unmatched, enough, limits),
    };
  });
}

/** Outcomes per band of recorded score (SCORE_BAND_WIDTH points wide), lowest first. */
export function scoreBands(records: readonly DecidedRecord[]): ScoreBandEvidence[] {
  const bands = new Map<number, Tally>();
  for (const record of records) {
    if (record.score === undefined) continue;
    const from = Math.floor(record.score / SCORE_BAND_WIDTH) * SCORE_BAND_WIDTH;
    count(bands.get(from) ?? bands.set(from, emptyTally()).get(from)!, record);
  }
  return [...bands.keys()]
    .sort((a, b) => a - b)
    .map((from) => ({ from, to: from + SCORE_BAND_WIDTH - 1, tally: bands.get(from)! }));
}

/** How the model's MQL and SQL thresholds split the hand-offs by recorded score. */
export function thresholdEvidence(
  records: readonly DecidedRecord[],
  model: ScoringModel,
): ThresholdEvidence[] {
  const scored = records.filter((record) => record.score !== undefined);
  return (['mql', 'sql'] as const).map((threshold) => {
    const value = model.thresholds[threshold];
    const atOrAbove = tallyOf(scored.filter((record) => (record.score as number) >= value));
    const below = tallyOf(scored.filter((record) => (record.score as number) < value));
    return { threshold, value, atOrAbove, below, z: returnRateZ(below, atOrAbove) };
  });
}

/** Outcomes per grade at hand-off, best grade first. */
export function gradeEvidence(records: readonly DecidedRecord[]): GradeEvidence[] {
  const grades = new Map<string, Tally>();
  for (const record of records) {
    if (record.grade === undefined) continue;
    count(
      grades.get(record.grade) ?? grades.set(record.grade, emptyTally()).get(record.grade)!,
      record,
    );
  }
  return [...grades.keys()].sort().map((grade) => ({ grade, tally: grades.get(grade)! }));
}

/**
 * Return reasons the score fails to predict: a reason is unpredicted when the leads returned for
 * it had fit grade A at least as often as the leads that were won — the fit score rated them as
 * good as the wins, so it cannot see this reason coming.
 */
export function reasonEvidence(
  records: readonly DecidedRecord[],
  model: ScoringModel,
  reasons: readonly ReturnReason[],
): ReasonEvidence[] {
  const graded = records.filter((record) => record.grade !== undefined);
  const wins = graded.filter((record) => record.outcome === 'won');
  const winsA = wins.filter((record) => record.grade?.startsWith('A')).length;
  const codes = [
    ...new Set(
      records
        .filter((record) => record.outcome === 'returned')
        .map((record) => record.reason ?? 'other'),
    ),
  ].sort();
  return codes
    .map((code) => {
      const returned = records.filter(
        (record) => record.outcome === 'returned' && (record.reason ?? 'other') === code,
      );
      const gradedReturns = returned.filter((record) => record.grade !== undefined);
      const fitGradeA = gradedReturns.filter((record) => record.grade?.startsWith('A')).length;
      const aboveSql = returned.filter(
        (record) => record.score !== undefined && record.score >= model.thresholds.sql,
      ).length;
      const unpredicted =
        gradedReturns.length > 0 &&
        wins.length > 0 &&
        fitGradeA / gradedReturns.length >= winsA / wins.length;
      const label = reasonLabel(reasons, code);
      const summary: Localized = unpredicted
        ? {
            en: `“${label.en}”: ${fitGradeA} of ${gradedReturns.length} such returns had fit grade A (wins: ${winsA} of ${wins.length}) — the score does not see this reason coming.`,
            de: `„${label.de}“: ${fitGradeA} von ${gradedReturns.length} solchen Rückgaben hatten die Fit-Einstufung A (Gewinne: ${winsA} von ${wins.length}) — der Score sieht diesen Grund nicht kommen.`,
          }
        : {
            en: `“${label.en}”: ${fitGradeA} of ${gradedReturns.length} such returns had fit grade A (wins: ${winsA} of ${wins.length}) — the fit score rates these leads lower than the wins.`,
            de: `„${label.de}“: ${fitGradeA} von ${gradedReturns.length} solchen Rückgaben hatten die Fit-Einstufung A (Gewinne: ${winsA} von ${wins.length}) — der Fit-Score stuft diese Leads niedriger ein als die Gewinne.`,
          };
      return {
        reason: code,
        label,
        returns: returned.length,
        fitGradeA,
        aboveSql,
        unpredicted,
        summary,
      };
    })
    .sort((a, b) => b.returns - a.returns || (a.reason < b.reason ? -1 : 1));
}

/** All evidence at once. */
export function gatherEvidence(
  records: readonly DecidedRecord[],
  model: ScoringModel,
  reasons: readonly ReturnReason[],
  limits: CalibrationLimits = DEFAULT_CALIBRATION_LIMITS,
): Evidence {
  return {
    rules: ruleEvidence(records, model, limits),
    bands: scoreBands(records),
    thresholds: thresholdEvidence(records, model),
    grades: gradeEvidence(records),
    reasons: reasonEvidence(records, model, reasons),
  };
}
