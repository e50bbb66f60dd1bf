// A calibrated model proposed from the evidence: point changes for rules whose matching leads came
// back (or were won) clearly more often than the others, and an SQL threshold that holds back the
// score range that mostly came back. Every change carries its reason in plain words.
//
// Why the proposal never repeats itself: a rule's target points are anchored on the points it
// carried at the recorded hand-offs, not on the current model — so once applied, the same history
// proposes the same target again, which is no change. The SQL threshold is the one that does best
// on the history rescored with the proposed rules; applied, it is the best one again.
import type { Localized } from '../errors.ts';
import type { ReturnReason } from '../lifecycle/policy.ts';
import type { ScoringModel } from '../scoring/model.ts';
import { MAX_RULE_POINTS } from '../scoring/model.ts';
import type { CalibrationLimits, RuleEvidence } from './evidence.ts';
import { DEFAULT_CALIBRATION_LIMITS, reasonLabel, ruleEvidence } from './evidence.ts';
import type { DecidedRecord, HandOffRecord } from './records.ts';
import { percent, returnRate, returnRateZ, tallyOf, topReason, winRate } from './tally.ts';

/** Points a rule moves per unit of difference in return rate (a 25-point difference: 10 points). */
export const POINTS_PER_RETURN_RATE = 40;
/** The smallest and largest change of one rule in one calibration, in points. */
export const MIN_RULE_STEP = 2;
export const MAX_RULE_STEP = 15;
/** The SQL threshold is tuned on a grid of this many points. */
export const THRESHOLD_STEP = 5;

/** One proposed change of a rule's points. */
export interface RuleChange {
  ruleId: string;
  label: Localized;
  from: number;
  to: number;
  reason: Localized;
}

/** A proposed change of the SQL threshold. */
export interface ThresholdChange {
  threshold: 'sql';
  from: number;
  to: number;
  /** Decided hand-offs whose admission the change flips, with their returns and wins. */
  affected: number;
  returns: number;
  wins: number;
  reason: Localized;
}

/** The calibrated model as a list of changes to the current one. */
export interface Proposal {
  rules: RuleChange[];
  thresholds: ThresholdChange[];
}

const clampPoints = (points: number): number =>
  Math.max(-MAX_RULE_POINTS, Math.min(MAX_RULE_POINTS, points));

const signed = (points: number): string => (points > 0 ? `+${points}` : String(points));

/** The change the evidence asks of one rule, or undefined when it asks for none. */
export function ruleChangeFor(
  evidence: RuleEvidence,
  reasons: readonly ReturnReason[],
  limits: CalibrationLimits = DEFAULT_CALIBRATION_LIMITS,
): RuleChange | undefined {
  if (!evidence.enough || evidence.recordedPoints === undefined) return undefined;
  if (Math.abs(evidence.z) < limits.zCritical) return undefined;
  const difference = returnRate(evidence.matched) - returnRate(evidence.unmatched);
  const size = Math.min(
    MAX_RULE_STEP,
    Math.max(MIN_RULE_STEP, Math.round(Math.abs(difference) * POINTS_PER_RETURN_RATE)),
  );
  const direction = difference > 0 ? -1 : 1;
  const target = clampPoints(evidence.recordedPoints + direction * size);
  // Only move towards the target: a rule already at or past it (in that direction) stays.
  if (direction < 0 ? evidence.points <= target : evidence.points >= target) return undefined;
  const m = evidence.matched;
  const u = evidence.unmatched;
  const change = target - evidence.points;
  let reason: Localized;
  if (direction < 0) {
    const top = topReason(m);
    const label = top === undefined ? undefined : reasonLabel(reasons, top.reason);
    const mostly =
      top === undefined || label === undefined
        ? { en: '', de: '' }
        : {
            en: `, ${top.count} of them for “${label.en}”`,
            de: `, ${top.count} davon wegen „${label.de}“`,
          };
    reason = {
      en: `Leads matching “${evidence.label.en}” came back ${m.returned} of ${m.decided} times (${percent(m.returned, m.decided)} %)${mostly.en}; other leads came back ${u.returned} of ${u.decided} times (${percent(u.returned, u.decided)} %): ${signed(change)} points.`,
      de: `Leads mit „${evidence.label.de}“ kamen ${m.returned} von ${m.decided} Mal zurück (${percent(m.returned, m.decided)} %)${mostly.de}; andere Leads kamen ${u.returned} von ${u.decided} Mal zurück (${percent(u.returned, u.decided)} %): ${signed(change)} Punkte.`,
    };
  } else {
    reason = {
      en: `Leads matching “${evidence.label.en}” came back only ${m.returned} of ${m.decided} times (${percent(m.returned, m.decided)} %) and were won ${m.won} times (${percent(m.won, m.decided)} %); other leads came back ${u.returned} of ${u.decided} times (${percent(u.returned, u.decided)} %), won ${percent(Math.round(winRate(u) * u.decided), u.decided)} %: ${signed(change)} points.`,
      de: `Leads mit „${evidence.label.de}“ kamen nur ${m.returned} von ${m.decided} Mal zurück (${percent(m.returned, m.decided)} %) und wurden ${m.won} Mal gewonnen (${percent(m.won, m.decided)} %); andere Leads kamen ${u.returned} von ${u.decided} Mal zurück (${percent(u.returned, u.decided)} %), gewonnen ${percent(Math.round(winRate(u) * u.decided), u.decided)} %: ${signed(change)} Punkte.`,
    };
  }
  return {
    ruleId: evidence.ruleId,
    label: evidence.label,
    from: evidence.points,
    to: target,
    reason,
  };
}

/** Applies rule changes and threshold changes to a model (the result is a new model). */
export function applyProposal(model: ScoringModel, proposal: Proposal): ScoringModel {
  const targets = new Map(proposal.rules.map((change) => [change.ruleId, change.to]));
  const sql = proposal.thresholds.find((change) => change.threshold === 'sql');
  const mapGroups = (groups: ScoringModel['fit']['groups']) =>
    groups.map((group) => ({
      ...group,
      rules: group.rules.map((rule) =>
        targets.has(rule.id) ? { ...rule, points: targets.get(rule.id) as number } : rule,
      ),
    }));
  return {
    ...model,
    fit: { ...model.fit, groups: mapGroups(model.fit.groups) },
    engagement: { ...model.engagement, groups: mapGroups(model.engagement.groups) },
    thresholds: sql === undefined ? model.thresholds : { ...model.thresholds, sql: sql.to },
  };
}

/**
 * The score a hand-off would have had under `model`: its recorded total moved by the change of every
 * rule it matched (the model's points minus the points recorded), within 0 … the total cap. Group
 * and dimension caps are not re-applied — the history keeps the points of the matched rules, not
 * the contact's properties — so a changed rule in a capped group moves the score a little too
 * much; undefined when the hand-off recorded no score.
 */
export function rescore(record: HandOffRecord, model: ScoringModel): number | undefined {
  if (record.score === undefined) return undefined;
  let total = record.score;
  if (record.rules !== undefined) {
    const current = new Map<string, number>();
    for (const dimension of ['fit', 'engagement'] as const) {
      for (const group of model[dimension].groups) {
        for (const rule of group.rules) current.set(rule.id, rule.points);
      }
    }
    for (const [ruleId, recorded] of Object.entries(record.rules)) {
      total += (current.get(ruleId) ?? 0) - recorded;
    }
  }
  return Math.max(0, Math.min(model.totalCap, total));
}

/** True when `model` would have handed the lead off: its rescored total reaches the SQL threshold. */
export function admits(record: HandOffRecord, model: ScoringModel): boolean {
  const score = rescore(record, model);
  return score !== undefined && score >= model.thresholds.sql;
}

/**
 * The SQL threshold that does best on the history rescored with `model`, weighing a lost win as
 * `winWeight` avoided returns; undefined when no grid value beats the current threshold by a
 * margin the sample supports.
 */
export function thresholdChangeFor(
  records: readonly DecidedRecord[],
  model: ScoringModel,
  limits: CalibrationLimits = DEFAULT_CALIBRATION_LIMITS,
): ThresholdChange | undefined {
  const scored = records
    .map((record) => ({ record, score: rescore(record, model) }))
    .filter(
      (entry): entry is { record: DecidedRecord; score: number } => entry.score !== undefined,
    );
  const current = model.thresholds.sql;
  let best: ThresholdChange | undefined;
  let bestGain = 0;
  for (
    let candidate = Math.ceil(model.thresholds.mql / THRESHOLD_STEP) * THRESHOLD_STEP;
    candidate <= model.totalCap;
    candidate += THRESHOLD_STEP
  ) {
    if (candidate === current) continue;
    const low = Math.min(candidate, current);
    const high = Math.max(candidate, current);
    const between = scored.filter((entry) => entry.score >= low && entry.score < high);
    if (between.length < limits.minRuleSample) continue;
    const flipped = tallyOf(between.map((entry) => entry.record));
    // Compared with the hand-offs both thresholds admit.
    const rest = tallyOf(
      scored.filter((entry) => entry.score >= high).map((entry) => entry.record),
    );
    const raising = candidate > current;
    // Raising holds the flipped range back: it gains its returns and loses its wins; lowering
    // admits it: it gains its wins and adds its returns.
    const gain = raising
      ? flipped.returned - limits.winWeight * flipped.won
      : limits.winWeight * flipped.won - flipped.returned;
    const z = returnRateZ(flipped, rest);
    const significant = raising ? z >= limits.zCritical : z <= -limits.zCritical;
    // Ties go to the smaller move: change the threshold no further than the history asks.
    const tie = best !== undefined && gain === bestGain;
    const closer =
      best !== undefined && Math.abs(candidate - current) < Math.abs(best.to - current);
    if (!significant || gain <= 0 || gain < bestGain || (tie && !closer)) continue;
    bestGain = gain;
    best = {
      threshold: 'sql',
      from: current,
      to: candidate,
      affected: flipped.decided,
      returns: flipped.returned,
      wins: flipped.won,
      reason: raising
        ? {
            en: `Hand-offs scoring ${low}–${high - 1} came back ${flipped.returned} of ${flipped.decided} times (${percent(flipped.returned, flipped.decided)} %) and were won ${flipped.won} times: raise the SQL threshold from ${current} to ${candidate} (holds back ${flipped.returned} returns at the cost of ${flipped.won} wins).`,
            de: `Übergaben mit ${low}–${high - 1} Punkten kamen ${flipped.returned} von ${flipped.decided} Mal zurück (${percent(flipped.returned, flipped.decided)} %) und wurden ${flipped.won} Mal gewonnen: SQL-Schwelle von ${current} auf ${candidate} anheben (hält ${flipped.returned} Rückgaben zurück und kostet ${flipped.won} Gewinne).`,
          }
        : {
            en: `Hand-offs scoring ${low}–${high - 1} were won ${flipped.won} of ${flipped.decided} times and came back only ${flipped.returned} times: lower the SQL threshold from ${current} to ${candidate}.`,
            de: `Übergaben mit ${low}–${high - 1} Punkten wurden ${flipped.won} von ${flipped.decided} Mal gewonnen und kamen nur ${flipped.returned} Mal zurück: SQL-Schwelle von ${current} auf ${candidate} senken.`,
          },
    };
  }
  return best;
}

/** The proposal the decided hand-offs support: rule changes first, then the SQL threshold. */
export function propose(
  records: readonly DecidedRecord[],
  model: ScoringModel,
  reasons: readonly ReturnReason[],
  limits: CalibrationLimits = DEFAULT_CALIBRATION_LIMITS,
): Proposal {
  if (records.length < limits.minHandOffs) return { rules: [], thresholds: [] };
  const rules = ruleEvidence(records, model, limits)
    .map((evidence) => ruleChangeFor(evidence, reasons, limits))
    .filter((change): change is RuleChange => change !== undefined);
  const withRules = applyProposal(model, { rules, thresholds: [] });
  const threshold = thresholdChangeFor(records, withRules, limits);
  return { rules, thresholds: threshold === undefined ? [] : [threshold] };
}
