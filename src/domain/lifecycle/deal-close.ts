// The rules for a deal HubSpot closed: won (contact and company become customers, the plan's
// essentials carry over) or lost. Part of `transition` (transition.ts).
// ---- dealWon / dealLost ---------------------------------------------------------------------
import type { Effect } from './effects.ts';
import type { DealLostEvent, DealWonEvent } from './events.ts';
import { isCustomerStage } from './guards.ts';
import { lostNote, noteFor, wonNote } from './loop-notes.ts';
import { appendHistory } from './state.ts';
import type { LeadState } from './state.ts';
import {
  contactRef,
  reject,
  setStage,
  stampEntry,
  writeContact,
  type RuleContext,
  type TransitionResult,
} from './transition-parts.ts';

/**
 * A deal of the contact was won in HubSpot: contact (and company) become customers and the plan's
 * essentials carry over to the company. The deal is already in a won stage, so its stage is not
 * written again. Any deal counts, not only the one the loop opened: the first win makes a customer.
 */
export function winDeal(
  state: LeadState,
  event: DealWonEvent,
  context: RuleContext,
): TransitionResult {
  const { policy } = context;
  if (isCustomerStage(state.stage)) {
    return reject('already_customer', {
      en: 'This contact is already a customer; nothing changes.',
      de: 'Dieser Kontakt ist bereits Kunde; es ändert sich nichts.',
    });
  }
  const next: LeadState = {
    ...state,
    stage: 'customer',
    dealId: event.dealId,
    dealStatus: 'won',
    history: appendHistory(
      state.history,
      stampEntry('won', event.actor, context, state, { dealId: event.dealId }),
    ),
  };
  const effects: Effect[] = [setStage('contact', state.contactId, state.stage, 'customer', policy)];
  if (state.companyId !== undefined) {
    // The company's own stage is unknown here: only move it forward, never clear it.
    effects.push(setStage('company', state.companyId, undefined, 'customer', policy));
    effects.push({ type: 'carryOverPlan', dealId: event.dealId, companyId: state.companyId });
  }
  effects.push(writeContact(next));
  effects.push(
    noteFor(
      contactRef(state),
      wonNote({
        actor: event.actor,
        at: context.at,
        dealId: event.dealId,
        score: state.score,
        names: event.names,
      }),
      policy,
      state.ownerId,
    ),
  );
  return { ok: true, state: next, effects };
}

/**
 * The contact's deal was lost in HubSpot. The lifecycle stays where it is (an opportunity whose deal
 * is lost can be handed off again, which reopens the deal). A deal created by the last hand-off
 * whose id is not attached yet is recognised by the event's id.
 */
export function loseDeal(
  state: LeadState,
  event: DealLostEvent,
  context: RuleContext,
): TransitionResult {
  const pendingNewDeal = state.dealId === undefined && state.dealStatus === 'open';
  if (!pendingNewDeal && state.dealId !== event.dealId) {
    return reject('unknown_deal', {
      en: `Deal ${event.dealId} is not this contact's opportunity; nothing changes.`,
      de: `Deal ${event.dealId} ist nicht die Opportunity dieses Kontakts; es ändert sich nichts.`,
    });
  }
  if (state.dealStatus === 'won') {
    return reject('deal_already_won', {
      en: 'This deal was won and the contact is a customer; it stays one.',
      de: 'Dieser Deal wurde gewonnen und der Kontakt ist Kunde; das bleibt so.',
    });
  }
  if (state.dealStatus === 'lost') {
    return reject('deal_already_lost', {
      en: 'This deal is already recorded as lost.',
      de: 'Dieser Deal ist bereits als verloren erfasst.',
    });
  }
  const reason = event.reason?.trim() || undefined;
  const next: LeadState = {
    ...state,
    dealId: event.dealId,
    dealStatus: 'lost',
    history: appendHistory(
      state.history,
      stampEntry('lost', event.actor, context, state, {
        dealId: event.dealId,
        ...(reason === undefined ? {} : { note: reason }),
      }),
    ),
  };
  const body = lostNote({
    actor: event.actor,
    at: context.at,
    dealId: event.dealId,
    reason,
    score: state.score,
    names: event.names,
  });
  return {
    ok: true,
    state: next,
    effects: [writeContact(next), noteFor(contactRef(state), body, context.policy, state.ownerId)],
  };
}
