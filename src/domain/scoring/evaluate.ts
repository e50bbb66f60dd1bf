// Scores one contact with a scoring model and explains every point.
//
// How a score is built, in order:
//  1. Each matching rule contributes its points. An engagement rule with a `decayDateProperty`
//     contributes points × 0.5^(ageDays / halfLifeDays), ageDays counted from that date to `now`.
//     A missing, unreadable or future date means no decay (the activity is treated as current: the
//     rule matched on other evidence and we cannot say how old it is), as does `decay: null`.
//  2. Group cap: a group's points add up to at most its `cap`.
//  3. Dimension cap: fit and engagement each lie between 0 and their `cap`.
//  4. Total cap: fit + engagement is at most `totalCap`.
//  Each cap is applied by scaling the contributions that push past it (the positive ones at an upper
//  cap, the negative ones at the floor of 0) proportionally, so the reasons always add up to the
//  score and a capped reason says so. Scores and reason points are reported rounded to integers; the
//  rounded reasons may differ from the rounded score by rounding only. A reason a cap or the floor
//  took down to 0 stays in the list (marked `capped`, it still explains the score); rules worth 0
//  and reasons decayed to 0 are left out. fit + engagement = total unless the total cap is hit.
//
// Missing values: a rule matches only on evidence. A property that is unset or blank matches
// `is_unknown` and nothing else, including the negative operators (`neq`, `not_contains`, `not_in`,
// `is_none_of`). A value of the wrong type (text where a number or date is expected) matches nothing.
import type { Localized } from '../errors.ts';
import type { Dimension, ScoringModel, ScoringRule } from './model.ts';
import { DIMENSIONS, parseIsoDate } from './model.ts';
import type { PropertyValues } from './property-value.ts';
import {
  ageInDays,
  DAY_MS,
  readDate,
  readNumber,
  readOptions,
  readText,
} from './property-value.ts';
import { describeRule } from './explain.ts';

/** Fit letter (A best) followed by engagement digit (1 most engaged). */
export type LeadGrade = `${'A' | 'B' | 'C'}${1 | 2 | 3}`;
/** Where the total score places the contact: sales-qualified, marketing-qualified, or still a lead. */
export type LeadBand = 'sql' | 'mql' | 'lead';

/** Why a contact received some points: one matched rule. */
export interface ScoreReason {
  ruleId: string;
  groupId: string;
  dimension: Dimension;
  /** Points after decay and caps, rounded to an integer. */
  points: number;
  label: Localized;
  /** The condition that matched and its points, e.g. `Job title contains "director" (+10)`. */
  why: Localized;
  /** True when a group, dimension or total cap reduced this rule's points. */
  capped?: boolean;
}

/** The scores of one contact and the reasons behind them. */
export interface ScoreResult {
  fit: number;
  engagement: number;
  total: number;
  grade: LeadGrade;
  band: LeadBand;
  /** Sorted by absolute points, largest first; ties keep the model's rule order. */
  reasons: ScoreReason[];
}

/** The values of a score a record shows (no reasons): what `nextScoreChangeAt` watches. */
export interface ShownScore {
  fit: number;
  engagement: number;
  total: number;
  grade: LeadGrade;
  band: LeadBand;
}

/** Scores `properties` (as HubSpot returns them) with `model`, as of `now`. */
export function evaluate(properties: PropertyValues, model: ScoringModel, now: Date): ScoreResult {
  const matched = matchRules(properties, model, now);
  const combined = combine(matched, model, now.getTime());
  return { ...combined.shown, reasons: toReasons(matched, combined) };
}

/** The shown values of the score as of `now`, without building the reasons (cheaper). */
export function shownScore(properties: PropertyValues, model: ScoringModel, now: Date): ShownScore {
  return combine(matchRules(properties, model, now), model, now.getTime()).shown;
}

/**
 * The shown score as a function of time for the rules that match as of `now`: valid until a date
 * rule flips (next-change.ts finds those instants), much cheaper than `shownScore` per instant.
 */
export function scoreCurve(
  properties: PropertyValues,
  model: ScoringModel,
  now: Date,
): (at: Date) => ShownScore {
  const matched = matchRules(properties, model, now);
  const scratch = scratchFor(matched);
  return (at) => combine(matched, model, at.getTime(), scratch).shown;
}

/** A rule that matched, with the instant its points decay from (epoch ms; null: no decay). */
interface MatchedRule {
  rule: ScoringRule;
  groupId: string;
  dimension: Dimension;
  decayFrom: number | null;
}

/** The rules of one group that matched, in the model's order. */
interface MatchedGroup {
  cap: number | undefined;
  rules: MatchedRule[];
}

/**
 * The rules that matched, per dimension and group in the model's order. Their flat index (fit's
 * groups first, then engagement's) is the index of their points in `Combined`.
 */
interface Matched {
  groups: Record<Dimension, MatchedGroup[]>;
  count: number;
}

function matchRules(properties: PropertyValues, model: ScoringModel, now: Date): Matched {
  const matched: Matched = { groups: { fit: [], engagement: [] }, count: 0 };
  for (const dimension of DIMENSIONS) {
    for (const group of model[dimension].groups) {
      const rules: MatchedRule[] = [];
      for (const rule of group.rules) {
        if (rule.points === 0 || !matchesRule(rule, properties, now)) continue;
        const decayFrom = decayDate(rule, properties, model, dimension);
        rules.push({
          rule,
          groupId: group.id,
          dimension,
          decayFrom: decayFrom === null ? null : decayFrom.getTime(),
        });
      }
      if (rules.length === 0) continue;
      matched.groups[dimension].push({ cap: group.cap, rules });
      matched.count += rules.length;
    }
  }
  return matched;
}

/** The matched rules' points by flat index (see `Matched`), and the values the record shows. */
interface Combined {
  /** Points after decay, before caps. */
  decayed: Float64Array;
  /** Points after decay and every cap, the total cap included (unrounded). */
  points: Float64Array;
  /** 1 where a group, dimension or total cap (or the floor of 0) scaled the points. */
  capped: Uint8Array;
  shown: ShownScore;
}

/** The arrays `combine` fills. */
type Scratch = Pick<Combined, 'decayed' | 'points' | 'capped'>;

function scratchFor(matched: Matched): Scratch {
  return {
    decayed: new Float64Array(matched.count),
    points: new Float64Array(matched.count),
    capped: new Uint8Array(matched.count),
  };
}

/**
 * Decays the matched rules' points as of `now` (epoch ms) and applies the caps. The points live in
 * flat arrays, each group and each dimension one run of indices, so a score allocates three
 * arrays instead of an object per rule: `nextScoreChangeAt` combines one contact dozens of times.
 */
function combine(
  matched: Matched,
  model: ScoringModel,
  now: number,
  /** Arrays to reuse (a curve combines the same rules again and again); they are overwritten. */
  scratch: Scratch = scratchFor(matched),
): Combined {
  const { decayed, points, capped } = scratch;
  capped.fill(0);
  const halfLife = model.engagement.decay?.halfLifeDays ?? null;
  const dimensionScore: Record<Dimension, number> = { fit: 0, engagement: 0 };
  let index = 0;
  for (const dimension of DIMENSIONS) {
    const dimensionStart = index;
    for (const group of matched.groups[dimension]) {
      const groupStart = index;
      for (const { rule, decayFrom } of group.rules) {
        const value = rule.points * decayFactorFrom(decayFrom, halfLife, now);
        decayed[index] = value;
        points[index] = value;
        index += 1;
      }
      if (group.cap !== undefined) limitTo(points, capped, groupStart, index, -Infinity, group.cap);
    }
    dimensionScore[dimension] = limitTo(
      points,
      capped,
      dimensionStart,
      index,
      0,
      model[dimension].cap,
    );
  }
  // The total cap scales the reasons of both dimensions alike, so the reasons add up to the total;
  // fit and engagement stay the dimension scores the grade is read from. The total is built from
  // the rounded dimension scores so that fit + engagement = total whenever the total cap is not hit.
  limitTo(points, capped, 0, index, 0, model.totalCap);
  const fit = roundScore(dimensionScore.fit);
  const engagement = roundScore(dimensionScore.engagement);
  const total = Math.min(fit + engagement, model.totalCap);
  return {
    decayed,
    points,
    capped,
    shown: {
      fit,
      engagement,
      total,
      grade: gradeOf(fit, engagement, model),
      band: bandOf(total, model),
    },
  };
}

/** The first `n` reasons (the weightiest). */
export function topReasons(result: ScoreResult, n: number): ScoreReason[] {
  return result.reasons.slice(0, Math.max(0, Math.floor(n)));
}

/** Grade from rounded fit and engagement scores, by the model's grade thresholds. */
export function gradeOf(fit: number, engagement: number, model: ScoringModel): LeadGrade {
  const { grades } = model;
  const letter = fit >= grades.fit.A ? 'A' : fit >= grades.fit.B ? 'B' : 'C';
  const digit =
    engagement >= grades.engagement['1'] ? 1 : engagement >= grades.engagement['2'] ? 2 : 3;
  return `${letter}${digit}`;
}

/** Band from the rounded total score, by the model's MQL and SQL thresholds. */
export function bandOf(total: number, model: ScoringModel): LeadBand {
  if (total >= model.thresholds.sql) return 'sql';
  if (total >= model.thresholds.mql) return 'mql';
  return 'lead';
}

/** Whether `rule` matches the contact's properties as of `now`. */
export function matchesRule(rule: ScoringRule, properties: PropertyValues, now: Date): boolean {
  const raw = properties[rule.property];
  const text = readText(raw);
  if (rule.operator === 'is_unknown') return text === null;
  if (text === null) return false;
  const lower = text.toLowerCase();
  switch (rule.operator) {
    case 'is_known':
      return true;
    case 'eq':
      if (typeof rule.value === 'number') return readNumber(raw) === rule.value;
      return lower === rule.value.trim().toLowerCase();
    case 'neq':
      return lower !== rule.value.trim().toLowerCase();
    case 'contains':
      return lower.includes(rule.value.trim().toLowerCase());
    case 'not_contains':
      return !lower.includes(rule.value.trim().toLowerCase());
    case 'contains_word':
      return containsWords(lower, rule.value);
    case 'starts_with':
      return lower.startsWith(rule.value.trim().toLowerCase());
    case 'ends_with':
      return lower.endsWith(rule.value.trim().toLowerCase());
    case 'in':
      return lowerSet(rule.value).has(lower);
    case 'not_in':
      return !lowerSet(rule.value).has(lower);
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte':
    case 'between':
      return compareNumber(rule, readNumber(raw));
    case 'is_any_of': {
      const wanted = lowerSet(rule.value);
      return readOptions(raw).some((option) => wanted.has(option));
    }
    case 'is_none_of': {
      const unwanted = lowerSet(rule.value);
      return readOptions(raw).every((option) => !unwanted.has(option));
    }
    case 'within_last_days':
    case 'older_than_days':
    case 'before':
    case 'after':
      return compareDate(rule, readDate(raw), now);
    default:
      return assertNever(rule);
  }
}

/** The words of a text: runs of letters and digits in any script, lower-cased. */
function wordsOf(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

/** Whether the words of `phrase` appear in `text` one after another, as whole words. */
function containsWords(text: string, phrase: string): boolean {
  const wanted = wordsOf(phrase);
  if (wanted.length === 0) return false;
  const words = wordsOf(text);
  for (let start = 0; start + wanted.length <= words.length; start += 1) {
    if (wanted.every((word, offset) => words[start + offset] === word)) return true;
  }
  return false;
}

type NumberRule = Extract<ScoringRule, { operator: 'gt' | 'gte' | 'lt' | 'lte' | 'between' }>;
type DateRule = Extract<
  ScoringRule,
  { operator: 'within_last_days' | 'older_than_days' | 'before' | 'after' }
>;

function compareNumber(rule: NumberRule, number: number | null): boolean {
  if (number === null) return false;
  switch (rule.operator) {
    case 'gt':
      return number > rule.value;
    case 'gte':
      return number >= rule.value;
    case 'lt':
      return number < rule.value;
    case 'lte':
      return number <= rule.value;
    case 'between':
      return number >= rule.value[0] && number <= rule.value[1];
  }
}

function compareDate(rule: DateRule, date: Date | null, now: Date): boolean {
  if (date === null) return false;
  switch (rule.operator) {
    case 'within_last_days': {
      const age = ageInDays(date, now);
      return age >= 0 && age <= rule.value;
    }
    case 'older_than_days':
      return ageInDays(date, now) > rule.value;
    case 'before':
      // The schema guarantees a parseable date; `?? NaN` only satisfies the type.
      return date.getTime() < (parseIsoDate(rule.value)?.getTime() ?? NaN);
    case 'after':
      return date.getTime() > (parseIsoDate(rule.value)?.getTime() ?? NaN);
  }
}

/** The date an engagement rule's points decay from; null when nothing decays. */
function decayDate(
  rule: ScoringRule,
  properties: PropertyValues,
  model: ScoringModel,
  dimension: Dimension,
): Date | null {
  if (dimension !== 'engagement' || model.engagement.decay === null) return null;
  if (rule.decayDateProperty === undefined) return null;
  return readDate(properties[rule.decayDateProperty]);
}

/** 0.5^(ageDays / halfLifeDays) from `from` to `now` (epoch ms); 1 when nothing decays or `from` is ahead. */
function decayFactorFrom(from: number | null, halfLifeDays: number | null, now: number): number {
  if (from === null || halfLifeDays === null) return 1;
  const age = (now - from) / DAY_MS;
  return age <= 0 ? 1 : Math.pow(0.5, age / halfLifeDays);
}

/**
 * Keeps the sum of `points[from..to)` within [min, max] by scaling the side that overshoots, marks
 * the scaled ones in `capped`, and returns the (clamped) sum.
 */
function limitTo(
  points: Float64Array,
  capped: Uint8Array,
  from: number,
  to: number,
  min: number,
  max: number,
): number {
  let up = 0;
  let down = 0;
  for (let i = from; i < to; i += 1) {
    const value = points[i]!;
    if (value > 0) up += value;
    else if (value < 0) down += value;
  }
  const total = up + down;
  if (total > max) {
    // up > 0 here: max ≥ 0 and down ≤ 0, so total > max needs positive points.
    scale(points, capped, from, to, 1, (max - down) / up);
    return max;
  }
  if (total < min) {
    // down < 0 here: min ≤ 0 ≤ up, so total < min needs negative points.
    scale(points, capped, from, to, -1, (min - up) / down);
    return min;
  }
  return total;
}

/** Scales the points of one sign (1: the positive ones, -1: the negative ones) by `factor`. */
function scale(
  points: Float64Array,
  capped: Uint8Array,
  from: number,
  to: number,
  sign: 1 | -1,
  factor: number,
): void {
  for (let i = from; i < to; i += 1) {
    const value = points[i]!;
    if (sign === 1 ? value > 0 : value < 0) {
      points[i] = value * factor;
      capped[i] = 1;
    }
  }
}

function toReasons(matched: Matched, combined: Combined): ScoreReason[] {
  const reasons: ScoreReason[] = [];
  let index = 0;
  for (const dimension of DIMENSIONS) {
    for (const group of matched.groups[dimension]) {
      for (const { rule, groupId } of group.rules) {
        const capped = combined.capped[index] === 1;
        const points = roundPoints(combined.points[index]!);
        const decayed = combined.decayed[index] !== rule.points;
        index += 1;
        // A rule decayed to nothing explains nothing; one a cap or the floor of 0 took away still
        // explains the score ("0 of -15: Job title contains student").
        if (points === 0 && !capped) continue;
        const reason: ScoreReason = {
          ruleId: rule.id,
          groupId,
          dimension,
          points,
          label: rule.label,
          why: describeRule(rule, points, { capped, decayed }),
        };
        if (capped) reason.capped = true;
        reasons.push(reason);
      }
    }
  }
  // Array.prototype.sort is stable, so equal weights keep the model's order.
  return reasons.sort((a, b) => Math.abs(b.points) - Math.abs(a.points));
}

/** Rounds to an integer without producing -0 (which would print as "0" but compare oddly). */
function roundPoints(points: number): number {
  const rounded = Math.round(points);
  return rounded === 0 ? 0 : rounded;
}

function roundScore(score: number): number {
  return roundPoints(Math.max(0, score));
}

// A rule's value list is the same array for every contact: its lower-cased set is built once.
const lowerSets = new WeakMap<readonly string[], Set<string>>();

function lowerSet(values: readonly string[]): Set<string> {
  let set = lowerSets.get(values);
  if (!set) {
    set = new Set(values.map((value) => value.trim().toLowerCase()));
    lowerSets.set(values, set);
  }
  return set;
}

function assertNever(value: never): never {
  throw new Error(`Unhandled rule: ${JSON.stringify(value)}`);
}
