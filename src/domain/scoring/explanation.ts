// A score explained in plain words for the people who read it: every rule of the model, matched
// or not, with its condition, its points and what changed them; the grade and the band with the
// thresholds that decide them; and how engagement decays. Pure: the caller passes the contact's
// properties, the model, the result and the time (the same `evaluate` was given).
import type { Language, Localized } from '../errors.ts';
import { matchesRule, type ScoreResult } from './evaluate.ts';
import { describeCondition, describePoints, formatNumber, formatPoints } from './explain.ts';
import { DIMENSIONS, type Dimension, type ScoringModel, type ScoringRule } from './model.ts';
import type { PropertyValues } from './property-value.ts';

/** One rule of the model as it applied to the contact. */
export interface RuleExplanation {
  ruleId: string;
  dimension: Dimension;
  label: Localized;
  /** `Annual revenue is at least 10,000,000`. */
  condition: Localized;
  /** The rule's points as configured. */
  points: number;
  /** The points it gave after decay and caps; null when it did not match. */
  earned: number | null;
  /** The points in words, with what changed them (`+7: +10 reduced by decay`); null when unmatched. */
  detail: Localized | null;
}

/** A whole score in words. */
export interface ScoreExplanation {
  /** Matched rules first (weightiest first), then the rules that did not match, in model order. */
  rules: RuleExplanation[];
  /** `Grade B2: fit 45 points (B from 40), engagement 30 points (2 from 20).` */
  grade: Localized;
  /** `75 of at most 100 points: MQL from 50, SQL from 80.` */
  band: Localized;
  /** How engagement points fade, or null when decay is off. */
  decay: Localized | null;
}

const both = (make: (language: Language) => string): Localized => ({
  en: make('en'),
  de: make('de'),
});

/** Explains `result`, the score `evaluate(properties, model, now)` gave. */
export function explainScore(
  properties: PropertyValues,
  model: ScoringModel,
  result: ScoreResult,
  now: Date,
): ScoreExplanation {
  const reasons = new Map(result.reasons.map((reason) => [reason.ruleId, reason]));
  const matched: RuleExplanation[] = [];
  const unmatched: RuleExplanation[] = [];
  for (const dimension of DIMENSIONS) {
    for (const group of model[dimension].groups) {
      for (const rule of group.rules) {
        const hit = rule.points !== 0 && matchesRule(rule, properties, now);
        const reason = reasons.get(rule.id);
        const earned = hit ? (reason?.points ?? 0) : null;
        const entry: RuleExplanation = {
          ruleId: rule.id,
          dimension,
          label: rule.label,
          condition: conditionOf(rule),
          points: rule.points,
          earned,
          detail:
            earned === null
              ? null
              : describePoints(rule.points, earned, {
                  capped: reason?.capped === true,
                  decayed: earned !== rule.points && reason?.capped !== true,
                }),
        };
        (hit ? matched : unmatched).push(entry);
      }
    }
  }
  matched.sort((a, b) => Math.abs(b.earned ?? 0) - Math.abs(a.earned ?? 0));
  return {
    rules: [...matched, ...unmatched],
    grade: gradeText(model, result),
    band: bandText(model, result),
    decay: decayText(model),
  };
}

/** The property (by its label when the rule carries one) and the condition. */
function conditionOf(rule: ScoringRule): Localized {
  const subject = rule.propertyLabel ?? { en: rule.property, de: rule.property };
  const condition = describeCondition(rule);
  return { en: `${subject.en} ${condition.en}`, de: `${subject.de} ${condition.de}` };
}

function gradeText(model: ScoringModel, result: ScoreResult): Localized {
  const { fit, engagement } = model.grades;
  const letter = result.grade.charAt(0);
  const digit = result.grade.charAt(1);
  const fitFrom = letter === 'A' ? fit.A : letter === 'B' ? fit.B : null;
  const engagementFrom = digit === '1' ? engagement['1'] : digit === '2' ? engagement['2'] : null;
  return both((language) => {
    const n = (value: number) => formatNumber(value, language);
    const de = language === 'de';
    const fitPart =
      fitFrom === null
        ? de
          ? `unter ${n(fit.B)}`
          : `below ${n(fit.B)}`
        : de
          ? `${letter} ab ${n(fitFrom)}`
          : `${letter} from ${n(fitFrom)}`;
    const engagementPart =
      engagementFrom === null
        ? de
          ? `unter ${n(engagement['2'])}`
          : `below ${n(engagement['2'])}`
        : de
          ? `${digit} ab ${n(engagementFrom)}`
          : `${digit} from ${n(engagementFrom)}`;
    return de
      ? `Einstufung ${result.grade}: Fit ${n(result.fit)} Punkte (${fitPart}), Engagement ${n(result.engagement)} Punkte (${engagementPart}). Der Buchstabe sagt, wie gut der Kontakt passt (A am besten), die Ziffer, wie aktiv er ist (1 am aktivsten).`
      : `Grade ${result.grade}: fit ${n(result.fit)} points (${fitPart}), engagement ${n(result.engagement)} points (${engagementPart}). The letter says how well the contact fits (A is best), the digit how engaged it is (1 is most engaged).`;
  });
}

function bandText(model: ScoringModel, result: ScoreResult): Localized {
  const { mql, sql } = model.thresholds;
  return both((language) => {
    const n = (value: number) => formatNumber(value, language);
    return language === 'de'
      ? `${n(result.total)} von höchstens ${n(model.totalCap)} Punkten: MQL ab ${n(mql)}, SQL ab ${n(sql)}.`
      : `${n(result.total)} of at most ${n(model.totalCap)} points: MQL from ${n(mql)}, SQL from ${n(sql)}.`;
  });
}

function decayText(model: ScoringModel): Localized | null {
  const decay = model.engagement.decay;
  if (decay === null) return null;
  const days = decay.halfLifeDays;
  return both((language) =>
    language === 'de'
      ? `Engagement-Punkte verfallen: Sie halbieren sich alle ${formatNumber(days, 'de')} ${days === 1 ? 'Tag' : 'Tage'} nach der Aktivität (z. B. ${formatPoints(10, 'de')} nach ${formatNumber(days, 'de')} Tagen noch ${formatPoints(5, 'de')}).`
      : `Engagement points decay: they halve every ${formatNumber(days, 'en')} ${days === 1 ? 'day' : 'days'} after the activity (e.g. ${formatPoints(10, 'en')} is ${formatPoints(5, 'en')} after ${formatNumber(days, 'en')} days).`,
  );
}

/**
 * The model with each rule that names no property label given the portal's label for its
 * property (HubSpot has one label per property, so it serves both languages). Labels an admin or
 * the default model set are kept.
 */
export function withPropertyLabels(
  model: ScoringModel,
  labels: ReadonlyMap<string, string>,
): ScoringModel {
  const label = (rule: ScoringRule): ScoringRule => {
    const portalLabel = labels.get(rule.property);
    if (rule.propertyLabel !== undefined || portalLabel === undefined) return rule;
    return { ...rule, propertyLabel: { en: portalLabel, de: portalLabel } };
  };
  const dimension = <D extends ScoringModel['fit'] | ScoringModel['engagement']>(d: D): D => ({
    ...d,
    groups: d.groups.map((group) => ({ ...group, rules: group.rules.map(label) })),
  });
  return { ...model, fit: dimension(model.fit), engagement: dimension(model.engagement) };
}
