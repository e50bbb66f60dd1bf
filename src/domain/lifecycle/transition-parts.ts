// The building blocks every rule of `transition` (transition.ts, deal-close.ts) shares: the
// result and context types, the rejection, stage moves, the contact's history write, stamps.
import type { Localized } from '../errors.ts';
import { CONTACT_PROPERTIES } from '../properties.ts';
import type { DealRef, Effect, RecordRef } from './effects.ts';
import type { LifecyclePolicy } from './policy.ts';
import type { Rejection, RejectionCode } from './rejection.ts';
import { indexOfStage, serializeLoopHistory } from './state.ts';
import type { LeadState, LifecycleStage, LoopEntry } from './state.ts';

/** The outcome of one event: the next state and its effects, or why the event was refused. */
export type TransitionResult =
  { ok: true; state: LeadState; effects: Effect[] } | { ok: false; rejection: Rejection };

/** What every rule needs besides the state and the event. */
export interface RuleContext {
  policy: LifecyclePolicy;
  /** `now` as an ISO 8601 instant. */
  at: string;
}

export const reject = (code: RejectionCode, message: Localized): TransitionResult => ({
  ok: false,
  rejection: { code, message },
});

// ---- shared building blocks -----------------------------------------------------------------

/** Moves the contact's (or company's) lifecycle stage, clearing first when it moves backwards. */
export function setStage(
  object: 'contact' | 'company',
  id: string,
  from: LifecycleStage | undefined,
  to: LifecycleStage,
  policy: LifecyclePolicy,
): Effect {
  const backwards = from !== undefined && indexOfStage(to) < indexOfStage(from);
  return {
    type: 'setLifecycleStage',
    object,
    id,
    value: policy.stageMap[to],
    clearFirst: backwards,
  };
}

export const contactRef = (state: LeadState): RecordRef => ({
  object: 'contact',
  id: state.contactId,
});
export const dealRef = (deal: DealRef): RecordRef => ({ object: 'deal', deal });

/** Writes the history (and the given mirrors) to the contact, so HubSpot holds the whole state. */
export function writeContact(next: LeadState, properties: Record<string, string> = {}): Effect {
  return {
    type: 'writeProperties',
    target: contactRef(next),
    properties: {
      ...properties,
      [CONTACT_PROPERTIES.loopHistory.name]: serializeLoopHistory(next.history),
    },
  };
}

/** A history entry stamped with the context's instant and the event's actor. */
export function stampEntry(
  kind: LoopEntry['kind'],
  actor: string,
  context: RuleContext,
  state: LeadState,
  details: Omit<LoopEntry, 'kind' | 'at' | 'by' | 'score' | 'grade' | 'rules'> = {},
): LoopEntry {
  return {
    kind,
    at: context.at,
    by: actor,
    ...details,
    ...(state.score === undefined ? {} : { score: state.score.total }),
  };
}

/** The state without its deal id (used when the deal id is replaced or not known yet). */
export function withoutDealId(state: LeadState): Omit<LeadState, 'dealId'> {
  const { dealId: _dropped, ...rest } = state;
  return rest;
}
