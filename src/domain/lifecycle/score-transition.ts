// The one scoring transition. Every path that scores a contact — a webhook, the card's "rescore
// now", the sweep, the bulk rescore and the scoring at install — calls `scoreContact`, so all of
// them write the same properties (the score, `op_scored_at`, `op_score_next_change_at`) and promote
// to MQL by the same rule. It is pure: it returns effects, which the server's effect runner
// executes (one contact at a time, or many folded into batch calls).
import { CONTACT_PROPERTIES } from '../properties.ts';
import {
  SCORE_PROPERTY_NAMES,
  evaluate,
  nextScoreChangeAt,
  propertiesReadBy,
  scoreWrites,
  type PropertyValues,
  type ScoreResult,
  type ScoringModel,
} from '../scoring/index.ts';
import type { Effect } from './effects.ts';
import type { ScoreChangedEvent } from './events.ts';
import { promotesOnScore } from './guards.ts';
import { stageFromPortalValue, type LifecyclePolicy } from './policy.ts';
import type { LeadState } from './state.ts';
import { transition } from './transition.ts';

/** What scoring needs besides the contact: the model, the lifecycle policy, the clock, who. */
export interface ScoringContext {
  model: ScoringModel;
  policy: LifecyclePolicy;
  now: Date;
  /** `system` for webhooks, sweeps and bulk rescores; the user id for the card. */
  actor: string;
  /** Names for the promotion's note (the acting user's), resolved by the caller. */
  names?: ScoreChangedEvent['names'];
}

/** The contact properties a scoring decision reads besides the model's own. */
export const SCORING_STATE_PROPERTIES = [
  'lifecyclestage',
  ...SCORE_PROPERTY_NAMES,
  CONTACT_PROPERTIES.scoreNextChangeAt.name,
] as const;

/** Every property `scoreContact` reads for `model` (one read or search serves the decision). */
export function scoringReadProperties(model: ScoringModel): string[] {
  return [...new Set([...propertiesReadBy(model), ...SCORING_STATE_PROPERTIES])];
}

/** The `scoreChanged` event of a result, built in one place. */
export function scoreChangedEvent(
  result: ScoreResult,
  actor: string,
  names?: ScoreChangedEvent['names'],
): ScoreChangedEvent {
  return {
    ...(names ? { names } : {}),
    type: 'scoreChanged',
    actor,
    total: result.total,
    fit: result.fit,
    engagement: result.engagement,
    grade: result.grade,
    band: result.band,
  };
}

/** What scoring one contact decided. */
export interface ScoreDecision {
  contactId: string;
  result: ScoreResult;
  /** When the shown score next changes by itself; null: not within the horizon. */
  nextChangeAt: Date | null;
  /** The properties the score write sets, or null when the record already shows them. */
  writes: Record<string, string> | null;
  /**
   * Whether the contact's stage (from its `lifecyclestage`) and new band call for a promotion to
   * MQL. Without a lead state the decision holds only the score write: promote by deciding again
   * with the state, under the contact's lock.
   */
  promotes: boolean;
  /** The effects, in order: the score write (when something changed), then the promotion's. */
  effects: Effect[];
  /** The lead state after the promotion, when one was decided. */
  state?: LeadState;
}

/**
 * Scores a contact as of `context.now` and decides what HubSpot must be told. With `state` (the
 * contact's lead state, read under its lock) a due promotion is decided too (`transition`'s
 * `scoreChanged` rule); without it only the score write is.
 */
export function scoreContact(
  contact: { id: string; properties: PropertyValues; state?: LeadState },
  context: ScoringContext,
): ScoreDecision {
  const { model, policy, now } = context;
  const result = evaluate(contact.properties, model, now);
  const nextChangeAt = nextScoreChangeAt(contact.properties, model, now, result);
  const writes = scoreWrites(contact.properties, result, nextChangeAt, now);
  const stage =
    contact.state?.stage ?? stageFromPortalValue(contact.properties.lifecyclestage, policy);
  const promotes = promotesOnScore(stage, result.band, policy);
  const effects: Effect[] = writes
    ? [
        {
          type: 'writeProperties',
          target: { object: 'contact', id: contact.id },
          properties: writes,
        },
      ]
    : [];
  const decision: ScoreDecision = {
    contactId: contact.id,
    result,
    nextChangeAt,
    writes,
    promotes,
    effects,
  };
  if (!contact.state || !promotes) return decision;
  const decided = transition(
    contact.state,
    scoreChangedEvent(result, context.actor, context.names),
    policy,
    now,
  );
  if (!decided.ok) return decision;
  return { ...decision, effects: [...effects, ...decided.effects], state: decided.state };
}
