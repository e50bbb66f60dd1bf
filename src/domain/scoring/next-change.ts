// When does a stored score go stale without anyone touching the record? Engagement decays with
// time and date rules (`within_last_days`, `older_than_days`) start or stop matching, so the score a
// record shows changes on its own. `nextScoreChangeAt` finds the next instant at which a value the
// record shows (fit, engagement, total, grade, band — so also the MQL threshold) would differ from
// its value now; the product stores it on the contact (`op_score_next_change_at`) and the sweep
// searches for contacts whose instant has passed, so decay reaches HubSpot without rescoring the
// whole portal. The reasons' points are refreshed whenever the score is written, not tracked here.
//
// How: between two breakpoints (the instants a date rule flips or a decay starts) the set of
// matching rules is fixed and every decaying contribution shrinks by the same factor
// 0.5^(t / halfLife), so each group's sum moves one way; the shown values are checked at each
// breakpoint and, inside the first segment where they differ, the first whole minute with a new
// value is found by bisection. The answer is a whole minute at which the change has happened
// (at most a minute after the exact instant), so a sweep at or after it sees the new value.
import type { ScoringModel, ScoringRule } from './model.ts';
import type { PropertyValues } from './property-value.ts';
import { DAY_MS, readDate } from './property-value.ts';
import { scoreCurve, shownScore, type ShownScore } from './evaluate.ts';

/** The grid the next change is reported on: whole minutes. */
export const NEXT_CHANGE_RESOLUTION_MS = 60_000;
/** How far ahead a change is looked for; beyond it the score counts as settled (no instant). */
export const NEXT_CHANGE_HORIZON_DAYS = 3_650;

const sameShown = (a: ShownScore, b: ShownScore): boolean =>
  a.fit === b.fit &&
  a.engagement === b.engagement &&
  a.total === b.total &&
  a.grade === b.grade &&
  a.band === b.band;

const ceilToGrid = (ms: number): number =>
  Math.ceil(ms / NEXT_CHANGE_RESOLUTION_MS) * NEXT_CHANGE_RESOLUTION_MS;
/** The first grid minute strictly after `ms`: a rule flips just after its boundary instant
 * (`within_last_days` still holds at exactly its last day), so this minute shows the flip. */
const afterOnGrid = (ms: number): number =>
  Math.floor(ms / NEXT_CHANGE_RESOLUTION_MS) * NEXT_CHANGE_RESOLUTION_MS +
  NEXT_CHANGE_RESOLUTION_MS;

/** The instants (epoch ms) at which a rule of `model` starts or stops matching, or starts decaying. */
function breakpoints(properties: PropertyValues, model: ScoringModel): number[] {
  const instants: number[] = [];
  const decays = model.engagement.decay !== null;
  const visit = (rule: ScoringRule, decaying: boolean) => {
    if (rule.points === 0) return;
    if (rule.operator === 'within_last_days' || rule.operator === 'older_than_days') {
      const date = readDate(properties[rule.property]);
      if (date !== null) {
        instants.push(date.getTime() + rule.value * DAY_MS);
        // within_last_days also needs the date reached (a future date does not match yet).
        if (rule.operator === 'within_last_days') instants.push(date.getTime());
      }
    }
    if (decaying && rule.decayDateProperty !== undefined) {
      const date = readDate(properties[rule.decayDateProperty]);
      if (date !== null) instants.push(date.getTime());
    }
  };
  for (const group of model.fit.groups) for (const rule of group.rules) visit(rule, false);
  for (const group of model.engagement.groups) for (const rule of group.rules) visit(rule, decays);
  return instants;
}

/** Whether any matching engagement rule decays (so values can move between breakpoints). */
function anyDecay(properties: PropertyValues, model: ScoringModel): boolean {
  if (model.engagement.decay === null) return false;
  return model.engagement.groups.some((group) =>
    group.rules.some(
      (rule) =>
        rule.points !== 0 &&
        rule.decayDateProperty !== undefined &&
        readDate(properties[rule.decayDateProperty]) !== null,
    ),
  );
}

/**
 * The first whole minute after `now` at which the shown score of `properties` differs from the one
 * as of `now`, or null when it does not change within the horizon (nothing decays or flips).
 */
export function nextScoreChangeAt(
  properties: PropertyValues,
  model: ScoringModel,
  now: Date,
  /** The shown score as of `now`, when the caller has it already (saves one evaluation). */
  shownNow?: ShownScore,
): Date | null {
  const start = now.getTime();
  if (!Number.isFinite(start)) return null;
  const horizon = ceilToGrid(start + NEXT_CHANGE_HORIZON_DAYS * DAY_MS);
  const decaying = anyDecay(properties, model);
  const flips = breakpoints(properties, model)
    .filter((ms) => ms >= start && ms < horizon)
    .map(afterOnGrid);
  if (!decaying && flips.length === 0) return null;
  const base = shownNow ?? shownScore(properties, model, now);
  const differs = (ms: number) => !sameShown(shownScore(properties, model, new Date(ms)), base);
  // Inside a segment the matching rules stay those of its start: only decay is recomputed.
  const differsWithin = (segmentStart: number) => {
    const curve = scoreCurve(properties, model, new Date(segmentStart));
    return (ms: number) => !sameShown(curve(new Date(ms)), base);
  };
  // Checkpoints: each breakpoint's first grid minute, and the horizon when something decays.
  const checkpoints = [...new Set(decaying ? [...flips, horizon] : flips)].sort((a, b) => a - b);
  // The last grid minute not after now: the values there count as the values now.
  const floor = Math.floor(start / NEXT_CHANGE_RESOLUTION_MS) * NEXT_CHANGE_RESOLUTION_MS;
  let low = floor;
  for (const checkpoint of checkpoints) {
    if (checkpoint <= low) continue;
    // Inside (low, checkpoint) the matching rules are fixed: only decay moves the values.
    const beforeFlip = checkpoint - NEXT_CHANGE_RESOLUTION_MS;
    if (decaying && beforeFlip > low) {
      const inSegment = differsWithin(low === floor ? start : low);
      if (inSegment(beforeFlip)) return new Date(bisect(low, beforeFlip, inSegment));
    }
    if (differs(checkpoint)) return new Date(checkpoint);
    low = checkpoint;
  }
  return null;
}

/** The first grid minute in (low, high] where `differs` holds, given it holds at `high` and not at `low`. */
function bisect(low: number, high: number, differs: (ms: number) => boolean): number {
  let lo = low;
  let hi = high;
  while (hi - lo > NEXT_CHANGE_RESOLUTION_MS) {
    // lo and hi lie on the grid and at least two steps apart, so mid lies strictly between.
    const mid = ceilToGrid(lo + (hi - lo) / 2);
    if (differs(mid)) hi = mid;
    else lo = mid;
  }
  return hi;
}
