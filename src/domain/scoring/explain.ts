// Texts that explain a score: one sentence per matched rule in every product language, and the
// short summary written to the contact's "Top score reasons" property.
import type { Language, Localized } from '../errors.ts';
import type { ScoringRule } from './model.ts';
import type { ScoreResult } from './evaluate.ts';

/** Default number of reasons in the contact property summary. */
export const DEFAULT_REASON_COUNT = 3;

/** Signed points as shown to users: `+10`, `-5`, `0`. */
export function formatPoints(points: number): string {
  return points > 0 ? `+${points}` : String(points);
}

/**
 * Explains a matched rule, e.g. `Job title contains "director" (+10)`. When decay or a cap
 * changed the rule's points, both are shown: `(+7 of +10)`.
 */
export function describeRule(rule: ScoringRule, points: number): Localized {
  const subject = rule.propertyLabel ?? { en: rule.property, de: rule.property };
  const condition = describeCondition(rule);
  const shown =
    points === rule.points
      ? { en: formatPoints(points), de: formatPoints(points) }
      : {
          en: `${formatPoints(points)} of ${formatPoints(rule.points)}`,
          de: `${formatPoints(points)} von ${formatPoints(rule.points)}`,
        };
  return {
    en: `${subject.en} ${condition.en} (${shown.en})`,
    de: `${subject.de} ${condition.de} (${shown.de})`,
  };
}

/** The condition of a rule in words: `contains "director"`, `is at least 200`. */
export function describeCondition(rule: ScoringRule): Localized {
  switch (rule.operator) {
    case 'eq': {
      const value = typeof rule.value === 'number' ? String(rule.value) : quote(rule.value);
      return { en: `is ${value}`, de: `ist ${value}` };
    }
    case 'neq':
      return { en: `is not ${quote(rule.value)}`, de: `ist nicht ${quote(rule.value)}` };
    case 'contains':
      return { en: `contains ${quote(rule.value)}`, de: `enthält ${quote(rule.value)}` };
    case 'not_contains':
      return {
        en: `does not contain ${quote(rule.value)}`,
        de: `enthält nicht ${quote(rule.value)}`,
      };
    case 'contains_word':
      return {
        en: `contains the word ${quote(rule.value)}`,
        de: `enthält das Wort ${quote(rule.value)}`,
      };
    case 'starts_with':
      return { en: `starts with ${quote(rule.value)}`, de: `beginnt mit ${quote(rule.value)}` };
    case 'ends_with':
      return { en: `ends with ${quote(rule.value)}`, de: `endet mit ${quote(rule.value)}` };
    case 'in':
      return { en: `is one of ${list(rule.value)}`, de: `ist einer von ${list(rule.value)}` };
    case 'not_in':
      return { en: `is none of ${list(rule.value)}`, de: `ist keiner von ${list(rule.value)}` };
    case 'gt':
      return { en: `is greater than ${rule.value}`, de: `ist größer als ${rule.value}` };
    case 'gte':
      return { en: `is at least ${rule.value}`, de: `ist mindestens ${rule.value}` };
    case 'lt':
      return { en: `is less than ${rule.value}`, de: `ist kleiner als ${rule.value}` };
    case 'lte':
      return { en: `is at most ${rule.value}`, de: `ist höchstens ${rule.value}` };
    case 'between':
      return {
        en: `is between ${rule.value[0]} and ${rule.value[1]}`,
        de: `liegt zwischen ${rule.value[0]} und ${rule.value[1]}`,
      };
    case 'is_any_of':
      return {
        en: `includes any of ${list(rule.value)}`,
        de: `enthält einen von ${list(rule.value)}`,
      };
    case 'is_none_of':
      return {
        en: `includes none of ${list(rule.value)}`,
        de: `enthält keinen von ${list(rule.value)}`,
      };
    case 'within_last_days':
      return {
        en: `is within the last ${rule.value} days`,
        de: `liegt in den letzten ${rule.value} Tagen`,
      };
    case 'older_than_days':
      return {
        en: `is more than ${rule.value} days ago`,
        de: `liegt mehr als ${rule.value} Tage zurück`,
      };
    case 'before':
      return { en: `is before ${rule.value}`, de: `liegt vor ${rule.value}` };
    case 'after':
      return { en: `is after ${rule.value}`, de: `liegt nach ${rule.value}` };
    case 'is_known':
      return { en: 'is known', de: 'ist bekannt' };
    case 'is_unknown':
      return { en: 'is unknown', de: 'ist unbekannt' };
  }
}

/**
 * A short summary of the weightiest reasons for a contact property, e.g.
 * `+20 Job title VP; +15 Company size 200+`. Empty when nothing matched.
 */
export function formatReasons(
  result: ScoreResult,
  language: Language,
  n: number = DEFAULT_REASON_COUNT,
): string {
  return result.reasons
    .slice(0, Math.max(0, Math.floor(n)))
    .map((reason) => `${formatPoints(reason.points)} ${reason.label[language]}`)
    .join('; ');
}

function quote(value: string): string {
  return `"${value}"`;
}

function list(values: readonly string[]): string {
  return values.map(quote).join(', ');
}
