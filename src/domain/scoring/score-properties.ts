// The contact properties a score is written to, and whether a new score changes them. Webhooks,
// workflow actions, the card's "rescore now" and the bulk rescore all write through this, so a
// contact whose score did not change is never written (HubSpot's budget is the bottleneck).
import { CONTACT_PROPERTIES } from '../properties.ts';
import { evaluate, type ScoreResult } from './evaluate.ts';
import type { ScoringModel } from './model.ts';
import { nextScoreChangeAt } from './next-change.ts';
import type { PropertyValues } from './property-value.ts';
import { formatReasons } from './explain.ts';

/** Properties that hold a score; `scoredAt` is left out so an unchanged score writes nothing. */
export const SCORE_PROPERTY_NAMES = [
  CONTACT_PROPERTIES.fitScore.name,
  CONTACT_PROPERTIES.engagementScore.name,
  CONTACT_PROPERTIES.totalScore.name,
  CONTACT_PROPERTIES.grade.name,
  CONTACT_PROPERTIES.band.name,
  CONTACT_PROPERTIES.topReasons.name,
] as const;

/** The score as HubSpot property values (strings); reasons in English, HubSpot has one value. */
export function scorePropertyValues(result: ScoreResult): Record<string, string> {
  return {
    [CONTACT_PROPERTIES.fitScore.name]: String(result.fit),
    [CONTACT_PROPERTIES.engagementScore.name]: String(result.engagement),
    [CONTACT_PROPERTIES.totalScore.name]: String(result.total),
    [CONTACT_PROPERTIES.grade.name]: result.grade,
    [CONTACT_PROPERTIES.band.name]: result.band,
    [CONTACT_PROPERTIES.topReasons.name]: formatReasons(result, 'en'),
  };
}

/**
 * The score properties to write for a contact whose stored values are `current`, or null when
 * nothing changed. HubSpot returns numbers as strings ("12" or "12.0"), so numbers compare by value.
 */
export function changedScoreProperties(
  current: Record<string, string | null | undefined>,
  result: ScoreResult,
): Record<string, string> | null {
  const next = scorePropertyValues(result);
  const differs = SCORE_PROPERTY_NAMES.some((name) => {
    const stored = current[name] ?? '';
    const wanted = next[name] ?? '';
    if (stored === wanted) return false;
    const a = Number(stored);
    const b = Number(wanted);
    return !(stored !== '' && wanted !== '' && Number.isFinite(a) && Number.isFinite(b) && a === b);
  });
  return differs ? next : null;
}

/** Whether two stored instants (ISO 8601 or epoch ms, '' for none) name the same instant. */
function sameInstant(stored: string | null | undefined, wanted: Date | null): boolean {
  if (!stored) return wanted === null;
  if (wanted === null) return false;
  const ms = /^\d+$/.test(stored) ? Number(stored) : Date.parse(stored);
  return ms === wanted.getTime();
}

/**
 * Everything a scoring writes to a contact whose stored values are `current`, or null when the
 * record already shows it: the score properties, the next instant the score changes by itself
 * (`op_score_next_change_at`, '' for never) and when it was scored (`op_scored_at`, written with
 * every write but never a reason for one, so an unchanged score writes nothing).
 */
export function scoreWrites(
  current: Record<string, string | null | undefined>,
  result: ScoreResult,
  nextChangeAt: Date | null,
  now: Date,
): Record<string, string> | null {
  const changed = changedScoreProperties(current, result);
  const nextName = CONTACT_PROPERTIES.scoreNextChangeAt.name;
  if (!changed && sameInstant(current[nextName], nextChangeAt)) return null;
  return {
    ...scorePropertyValues(result),
    [nextName]: nextChangeAt === null ? '' : nextChangeAt.toISOString(),
    [CONTACT_PROPERTIES.scoredAt.name]: now.toISOString(),
  };
}

/** What scoring `properties` with `model` as of `now` writes (`scoreWrites`), or null. */
export function storedScoreWrites(
  properties: PropertyValues,
  model: ScoringModel,
  now: Date,
): Record<string, string> | null {
  const result = evaluate(properties, model, now);
  return scoreWrites(properties, result, nextScoreChangeAt(properties, model, now, result), now);
}
