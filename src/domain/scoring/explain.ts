// Texts that explain a score: one sentence per matched rule in every product language, and the
// short summary written to the contact's "Top score reasons" property.
import type { Language, Localized } from '../errors.ts';
import { parseIsoDate, type ScoringRule } from './model.ts';
import type { ScoreResult } from './evaluate.ts';

/** Default number of reasons in the contact property summary. */
export const DEFAULT_REASON_COUNT = 3;

/** Signed points as shown to users: `+10`, `-5`, `0` (`+1,000` / `+1.000` in German). */
export function formatPoints(points: number, language: Language = 'en'): string {
  const text = formatNumber(Math.abs(points), language);
  return points > 0 ? `+${text}` : points < 0 ? `-${text}` : text;
}

/** How a matched rule's points were changed on the way to the score. */
export interface PointsChange {
  /** A group, dimension or total cap (or the floor of 0) scaled the points. */
  capped: boolean;
  /** Engagement decay reduced the points. */
  decayed: boolean;
}

/**
 * Explains a matched rule, e.g. `Job title contains "director" (+10)`. When decay or a cap
 * changed the rule's points, the sentence says which: `(+7: +10 reduced by decay)`, and a rule the
 * floor of 0 cancelled says so instead of "0 of -15".
 */
export function describeRule(rule: ScoringRule, points: number, change?: PointsChange): Localized {
  const subject = rule.propertyLabel ?? { en: rule.property, de: rule.property };
  const condition = describeCondition(rule);
  const shown = describePoints(rule.points, points, change);
  return {
    en: `${subject.en} ${condition.en} (${shown.en})`,
    de: `${subject.de} ${condition.de} (${shown.de})`,
  };
}

/** The points of a matched rule in words, with what changed them. */
export function describePoints(full: number, points: number, change?: PointsChange): Localized {
  const en = (n: number) => formatPoints(n, 'en');
  const de = (n: number) => formatPoints(n, 'de');
  if (points === full) return { en: en(points), de: de(points) };
  if (change === undefined)
    return { en: `${en(points)} of ${en(full)}`, de: `${de(points)} von ${de(full)}` };
  if (points === 0 && change.capped) {
    return full < 0
      ? {
          en: `${en(full)} not counted: the score does not go below 0`,
          de: `${de(full)} nicht angerechnet: der Score wird nie negativ`,
        }
      : {
          en: `${en(full)} not counted: the limit was already reached`,
          de: `${de(full)} nicht angerechnet: die Obergrenze war bereits erreicht`,
        };
  }
  if (change.capped)
    return {
      en: `${en(points)}: ${en(full)} reduced by a limit`,
      de: `${de(points)}: ${de(full)}, durch eine Obergrenze verringert`,
    };
  return {
    en: `${en(points)}: ${en(full)} reduced by decay`,
    de: `${de(points)}: ${de(full)}, durch Verfall verringert`,
  };
}

/** The condition of a rule in words: `contains "director"`, `is at least 10,000,000`. */
export function describeCondition(rule: ScoringRule): Localized {
  let condition = conditions.get(rule);
  if (condition === undefined) {
    condition = { en: conditionIn(rule, 'en'), de: conditionIn(rule, 'de') };
    conditions.set(rule, condition);
  }
  return { ...condition };
}

// A rule's condition reads the same for every contact it explains (rules are never changed in
// place: a new model version brings new rule objects), so it is written once per rule.
const conditions = new WeakMap<ScoringRule, Localized>();

// Building an Intl formatter costs far more than formatting with it, and scoring explains every
// reason of every contact: one formatter per language, made once.
const NUMBER_FORMATS = {
  en: new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 }),
  de: new Intl.NumberFormat('de-DE', { maximumFractionDigits: 2 }),
};
const DATE_FORMATS = {
  en: new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeZone: 'UTC' }),
  de: new Intl.DateTimeFormat('de-DE', { dateStyle: 'medium', timeZone: 'UTC' }),
};

/** A number as users of `language` write it: 10,000,000 / 10.000.000. */
export function formatNumber(value: number, language: Language): string {
  // Whole numbers below 1,000 read alike in both languages (no grouping, no decimals, the same
  // minus sign): String() is exact for them and far cheaper than Intl, and reasons are built for
  // every contact a rescore reads. Intl writes -0 as "-0", so -0 takes the Intl path.
  if (Number.isInteger(value) && value > -1000 && value < 1000 && !Object.is(value, -0)) {
    return String(value);
  }
  return NUMBER_FORMATS[language === 'de' ? 'de' : 'en'].format(value);
}

/** A rule's date value (ISO) as users of `language` read it: May 1, 2024 / 1. Mai 2024. */
function formatDate(iso: string, language: Language): string {
  const date = parseIsoDate(iso);
  if (date === null) return iso;
  return DATE_FORMATS[language === 'de' ? 'de' : 'en'].format(date);
}

const days = (n: number, language: Language) =>
  language === 'de'
    ? `${formatNumber(n, 'de')} ${n === 1 ? 'Tag' : 'Tagen'}`
    : `${formatNumber(n, 'en')} ${n === 1 ? 'day' : 'days'}`;

/** The words before a rule's value, `[English, German]`, for operators written "verb value". */
const VERBS = {
  neq: ['is not', 'ist nicht'],
  contains: ['contains', 'enthält'],
  not_contains: ['does not contain', 'enthält nicht'],
  contains_word: ['contains the word', 'enthält das Wort'],
  starts_with: ['starts with', 'beginnt mit'],
  ends_with: ['ends with', 'endet mit'],
  in: ['is', 'ist'],
  not_in: ['is neither', 'ist weder'],
  gt: ['is greater than', 'ist größer als'],
  gte: ['is at least', 'ist mindestens'],
  lt: ['is less than', 'ist kleiner als'],
  lte: ['is at most', 'ist höchstens'],
  is_any_of: ['includes', 'enthält'],
  is_none_of: ['includes neither', 'enthält weder'],
  before: ['is before', 'liegt vor dem'],
  after: ['is after', 'liegt nach dem'],
} as const satisfies Partial<Record<ScoringRule['operator'], readonly [string, string]>>;

function conditionIn(rule: ScoringRule, lang: Language): string {
  const de = lang === 'de';
  const n = (value: number) => formatNumber(value, lang);
  const verb = (operator: keyof typeof VERBS) => VERBS[operator][de ? 1 : 0];
  switch (rule.operator) {
    case 'eq':
      return `${de ? 'ist' : 'is'} ${typeof rule.value === 'number' ? n(rule.value) : quote(rule.value)}`;
    case 'neq':
    case 'contains':
    case 'not_contains':
    case 'contains_word':
    case 'starts_with':
    case 'ends_with':
      return `${verb(rule.operator)} ${quote(rule.value)}`;
    case 'in':
    case 'is_any_of':
      return `${verb(rule.operator)} ${list(rule.value, de ? 'oder' : 'or')}`;
    case 'not_in':
    case 'is_none_of':
      return `${verb(rule.operator)} ${list(rule.value, de ? 'noch' : 'nor')}`;
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte':
      return `${verb(rule.operator)} ${n(rule.value)}`;
    case 'before':
    case 'after':
      return `${verb(rule.operator)} ${formatDate(rule.value, lang)}`;
    case 'between':
      return de
        ? `liegt zwischen ${n(rule.value[0])} und ${n(rule.value[1])}`
        : `is between ${n(rule.value[0])} and ${n(rule.value[1])}`;
    case 'within_last_days':
      return de
        ? `liegt in den letzten ${days(rule.value, lang)}`
        : `is within the last ${days(rule.value, lang)}`;
    case 'older_than_days':
      return de
        ? `liegt mehr als ${days(rule.value, lang).replace(/Tagen$/, 'Tage')} zurück`
        : `is more than ${days(rule.value, lang)} ago`;
    case 'is_known':
      return de ? 'ist bekannt' : 'is known';
    case 'is_unknown':
      return de ? 'ist unbekannt' : 'is unknown';
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
    .map((reason) => `${formatPoints(reason.points, language)} ${reason.label[language]}`)
    .join('; ');
}

function quote(value: string): string {
  return `"${value}"`;
}

/** `"a", "b" or "c"` (one value: just `"a"`). */
function list(values: readonly string[], conjunction: string): string {
  const quoted = values.map(quote);
  if (quoted.length <= 1) return quoted.join('');
  return `${quoted.slice(0, -1).join(', ')} ${conjunction} ${quoted[quoted.length - 1]}`;
}
