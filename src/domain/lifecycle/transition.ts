// The rules of the lead ↔ opportunity loop, in the style of @xstate/fsm's `transition`: a pure
// function from (state, event, policy, now) to the next state and the effects that make HubSpot
// agree with it. An illegal event is never thrown: it comes back as a rejection with a stable code,
// and the caller's state is left as it was.
import { withLeadObjectEffect } from './lead-object.ts';
import { loseDeal, winDeal } from './deal-close.ts';
import {
  contactRef,
  dealRef,
  reject,
  setStage,
  stampEntry,
  withoutDealId,
  writeContact,
  type RuleContext,
  type TransitionResult,
} from './transition-parts.ts';
import { CONTACT_PROPERTIES, DEAL_PROPERTIES } from '../properties.ts';
import type { DealRef, Effect } from './effects.ts';
import type {
  HandOffEvent,
  LifecycleEvent,
  ReturnToMarketingEvent,
  ScoreChangedEvent,
} from './events.ts';
import {
  dealPendingRefusal,
  handOffRefusal,
  promotesOnScore,
  returnStageRefusal,
} from './guards.ts';
import {
  handOffNote,
  noteFor,
  promotionNote,
  returnNote,
  type HandOffDeal,
  type ReturnDeal,
} from './loop-notes.ts';
import { MAX_LABEL_LENGTH, OTHER_REASON_CODE, findReturnReason } from './policy.ts';
import type { LifecyclePolicy } from './policy.ts';
import { appendHistory, indexOfStage } from './state.ts';
import type { DealStatus, LeadState } from './state.ts';

export type { TransitionResult } from './transition-parts.ts';

/** A decided hand-off or return, with HubSpot's Leads object step (lead-object.ts) appended. */
const withLeadObject = (
  result: TransitionResult,
  event: LifecycleEvent,
  state: LeadState,
  policy: LifecyclePolicy,
): TransitionResult =>
  result.ok ? withLeadObjectEffect(result, event, state.contactId, policy) : result;

/** Decides what `event` does to `state` under `policy` at `now`; never throws for an illegal event. */
export function transition(
  state: LeadState,
  event: LifecycleEvent,
  policy: LifecyclePolicy,
  now: Date,
): TransitionResult {
  if (Number.isNaN(now.getTime())) {
    return reject('invalid_clock', {
      en: 'The current time is not a valid date; nothing was changed.',
      de: 'Die aktuelle Zeit ist kein gültiges Datum; es wurde nichts geändert.',
    });
  }
  const context: RuleContext = { policy, at: now.toISOString() };
  switch (event.type) {
    case 'scoreChanged':
      return changeScore(state, event, context);
    case 'handOff':
      return withLeadObject(handOff(state, event, context), event, state, policy);
    case 'returnToMarketing':
      return withLeadObject(returnToMarketing(state, event, context), event, state, policy);
    case 'dealWon':
      return winDeal(state, event, context);
    case 'dealLost':
      return loseDeal(state, event, context);
    default: {
      const unknownEvent: never = event;
      const type = String((unknownEvent as { type?: unknown }).type);
      return reject('unknown_event', {
        en: `The event "${type}" is not part of the lead lifecycle.`,
        de: `Das Ereignis „${type}“ gehört nicht zum Lead-Lebenszyklus.`,
      });
    }
  }
}

// ---- scoreChanged ---------------------------------------------------------------------------

/**
 * Remembers the score; promotes a subscriber or lead to MQL when the policy allows it and the band
 * is MQL or better. It never demotes and never goes past MQL: the hand-off to sales is a decision.
 */
function changeScore(
  state: LeadState,
  event: ScoreChangedEvent,
  context: RuleContext,
): TransitionResult {
  const scored: LeadState = {
    ...state,
    score: { total: event.total, grade: event.grade, band: event.band },
  };
  if (!promotesOnScore(state.stage, event.band, context.policy))
    return { ok: true, state: scored, effects: [] };

  const next: LeadState = {
    ...scored,
    stage: 'mql',
    history: appendHistory(state.history, stampEntry('promoted', event.actor, context, scored)),
  };
  const body = promotionNote({
    actor: event.actor,
    at: context.at,
    score: next.score,
    names: event.names,
  });
  return {
    ok: true,
    state: next,
    effects: [
      setStage('contact', state.contactId, state.stage, 'mql', context.policy),
      writeContact(next),
      noteFor(contactRef(next), body, context.policy, state.ownerId),
    ],
  };
}

// ---- handOff --------------------------------------------------------------------------------

type OwnerChoice = { ok: true; ownerId: string } | { ok: false; result: TransitionResult };

/** The owner choice that cannot be made, and why. */
const noOwner = (...why: Parameters<typeof reject>): OwnerChoice => ({
  ok: false,
  result: reject(...why),
});

/** Picks the sales owner as the event asks, or says why it cannot. */
function chooseSalesOwner(
  state: LeadState,
  event: HandOffEvent,
  policy: LifecyclePolicy,
): OwnerChoice {
  const choice = event.salesOwner;
  switch (choice.mode) {
    case 'explicit':
      if (choice.ownerId.trim() === '') {
        return noOwner('owner_required', {
          en: 'Choose the sales owner who takes over this lead.',
          de: 'Wählen Sie den Deal-Inhaber im Vertrieb, der diesen Lead übernimmt.',
        });
      }
      return { ok: true, ownerId: choice.ownerId };
    case 'round_robin': {
      const owners = policy.salesOwnerIds;
      if (owners.length === 0) {
        return noOwner('no_sales_owners', {
          en: 'Round robin needs at least one sales owner: add sales owners in the app settings.',
          de: 'Round Robin braucht mindestens einen Deal-Inhaber im Vertrieb: Tragen Sie ihn in den App-Einstellungen ein.',
        });
      }
      if (!Number.isSafeInteger(choice.cursor) || choice.cursor < 0) {
        return noOwner('invalid_cursor', {
          en: `The round-robin position ${choice.cursor} is not a whole number of zero or more.`,
          de: `Die Position ${choice.cursor} im Round Robin ist keine ganze Zahl ab null.`,
        });
      }
      const index = choice.cursor % owners.length;
      return { ok: true, ownerId: owners[index] as string };
    }
    case 'keep':
      if (state.ownerId === undefined) {
        return noOwner('no_owner_to_keep', {
          en: 'This contact has no owner to keep: choose a sales owner or use round robin.',
          de: 'Dieser Kontakt hat keinen Kontaktinhaber, der bleiben könnte: Wählen Sie einen Deal-Inhaber im Vertrieb oder Round Robin.',
        });
      }
      return { ok: true, ownerId: state.ownerId };
    default: {
      const unknownMode: never = choice;
      return noOwner('owner_required', {
        en: `The owner choice "${String((unknownMode as { mode?: unknown }).mode)}" is unknown.`,
        de: `Die Auswahl des Deal-Inhabers „${String((unknownMode as { mode?: unknown }).mode)}“ ist unbekannt.`,
      });
    }
  }
}

/** Fills the policy's deal name pattern; drops separators left dangling by a missing company. */
export function formatDealName(
  pattern: string,
  values: { company?: string; contact: string },
): string {
  const filled = pattern
    .replaceAll('{company}', values.company?.trim() ?? '')
    .replaceAll('{contact}', values.contact.trim())
    .replace(/^[\s\-–—|:,/]+|[\s\-–—|:,/]+$/g, '')
    .replace(/\s{2,}/g, ' ');
  return (filled === '' ? values.contact.trim() : filled).slice(0, MAX_LABEL_LENGTH);
}

/**
 * Hands the contact to sales. From subscriber, lead or MQL (and from SQL or an opportunity whose
 * deal is not open) the contact becomes an opportunity with an open deal. The lifecycle is written
 * in two steps, SQL then opportunity, so HubSpot records the date the contact became an SQL and its
 * funnel reports count the hand-off (https://knowledge.hubspot.com/records/use-lifecycle-stages).
 * A deal that already exists (lost, or returned while still open) is reopened so its plan survives
 * the loop; otherwise a deal is created in the configured pipeline and stage.
 */
function handOff(state: LeadState, event: HandOffEvent, context: RuleContext): TransitionResult {
  const { policy } = context;
  const refused = handOffRefusal(state);
  if (refused) return { ok: false, rejection: refused };
  const owner = chooseSalesOwner(state, event, policy);
  if (!owner.ok) return owner.result;

  const adopted = event.adoptDeal;
  const reopen =
    adopted === undefined &&
    state.dealId !== undefined &&
    (state.dealStatus === 'lost' || state.dealStatus === 'open');
  const existingDeal = adopted?.id ?? (reopen ? state.dealId : undefined);
  const deal: DealRef = existingDeal === undefined ? { ref: 'newDeal' } : { id: existingDeal };

  const effects: Effect[] = [];
  if (indexOfStage(state.stage) < indexOfStage('sql')) {
    effects.push(setStage('contact', state.contactId, state.stage, 'sql', policy));
  }
  if (state.stage !== 'opportunity') {
    effects.push(setStage('contact', state.contactId, 'sql', 'opportunity', policy));
  }
  if (event.salesOwner.mode !== 'keep') {
    effects.push({
      type: 'setOwner',
      object: 'contact',
      id: state.contactId,
      ownerId: owner.ownerId,
    });
  }
  effects.push({
    type: 'setLeadStatus',
    contactId: state.contactId,
    value: policy.handOffLeadStatus,
  });

  let dealNote: HandOffDeal;
  if (existingDeal === undefined) {
    const name =
      event.dealName?.trim() ||
      formatDealName(policy.newDeal.namePattern, {
        company: event.companyName,
        contact: event.contactName?.trim() || state.contactId,
      });
    effects.push({
      type: 'createDeal',
      name,
      pipelineId: policy.newDeal.pipelineId,
      stageId: policy.newDeal.stageId,
      ownerId: owner.ownerId,
      contactId: state.contactId,
      ...(state.companyId === undefined ? {} : { companyId: state.companyId }),
    });
    dealNote = { kind: 'new', name };
  } else {
    if (adopted !== undefined) {
      // An open deal made in HubSpot: it keeps its stage (its seller already works it there); it
      // gets the hand-off's owner unless the owner is kept.
      if (event.salesOwner.mode !== 'keep') {
        effects.push({
          type: 'writeProperties',
          target: dealRef(deal),
          properties: { hubspot_owner_id: owner.ownerId },
        });
      }
    } else {
      effects.push({
        type: 'reopenDeal',
        deal,
        stageId: policy.newDeal.stageId,
        ownerId: owner.ownerId,
      });
    }
    // Idempotent in HubSpot; makes sure the reopened deal is linked even when its id came from a
    // webhook rather than from our own createDeal.
    effects.push({ type: 'associate', from: dealRef(deal), to: contactRef(state) });
    if (state.companyId !== undefined) {
      effects.push({
        type: 'associate',
        from: dealRef(deal),
        to: { object: 'company', id: state.companyId },
      });
    }
    dealNote =
      adopted !== undefined
        ? { kind: 'adopted', dealId: existingDeal, name: adopted.name }
        : { kind: 'reopened', dealId: existingDeal };
  }

  const base = withoutDealId(state);
  const next: LeadState = {
    ...base,
    ...(existingDeal === undefined ? {} : { dealId: existingDeal }),
    stage: 'opportunity',
    ownerId: owner.ownerId,
    dealStatus: 'open',
    handedOffAt: context.at,
    history: appendHistory(state.history, {
      ...stampEntry('handoff', event.actor, context, state, {
        ownerId: owner.ownerId,
        ...(state.ownerId === undefined ? {} : { previousOwnerId: state.ownerId }),
        ...(existingDeal === undefined ? {} : { dealId: existingDeal }),
        ...(adopted === undefined ? {} : { adopted: true }),
      }),
      ...(event.scoring === undefined
        ? {}
        : {
            score: event.scoring.total,
            grade: event.scoring.grade,
            rules: event.scoring.rules,
          }),
    }),
  };
  const body = handOffNote({
    actor: event.actor,
    at: context.at,
    ownerId: owner.ownerId,
    deal: dealNote,
    score: state.score,
    names: event.names,
  });
  effects.push(writeContact(next, { [CONTACT_PROPERTIES.handedOffAt.name]: context.at }));
  // Both read by the new sales owner, in their language.
  effects.push(noteFor(contactRef(state), body, policy, owner.ownerId));
  effects.push(noteFor(dealRef(deal), body, policy, owner.ownerId));
  return { ok: true, state: next, effects };
}

// ---- returnToMarketing ----------------------------------------------------------------------

/**
 * Sales returns an SQL or opportunity to marketing with a reason. MQLs are not returnable: they
 * have not been handed off, and counting them would inflate the loop. The contact goes back to
 * lead (cleared first: HubSpot's stage does not move backwards), gets the reason's lead status and
 * the marketing owner — or keeps its owner, said so in the note, when none is configured, so a
 * missing setting never blocks a return. An open deal is closed lost or moved to the configured
 * stage; a lost deal stays as it is. The loop is counted and mirrored on contact and deal.
 */
function returnToMarketing(
  state: LeadState,
  event: ReturnToMarketingEvent,
  context: RuleContext,
): TransitionResult {
  const { policy } = context;
  const refused = returnStageRefusal(state);
  if (refused) return { ok: false, rejection: refused };
  const reason = findReturnReason(policy, event.reason);
  if (reason === undefined) {
    const codes = policy.returnReasons.map((known) => known.code).join(', ');
    return reject('unknown_return_reason', {
      en: `"${event.reason}" is not a return reason. Use one of: ${codes}.`,
      de: `„${event.reason}“ ist kein Rückgabegrund. Möglich sind: ${codes}.`,
    });
  }
  const note = event.note?.trim() || undefined;
  if (reason.code === OTHER_REASON_CODE && policy.requireNoteForOther && note === undefined) {
    return reject('note_required', {
      en: 'Explain the reason "Other" in a note.',
      de: 'Erläutern Sie den Grund „Sonstiges“ in einer Notiz.',
    });
  }
  const pending = dealPendingRefusal(state);
  if (pending) return { ok: false, rejection: pending };

  const effects: Effect[] = [
    setStage('contact', state.contactId, state.stage, 'lead', policy),
    { type: 'setLeadStatus', contactId: state.contactId, value: reason.leadStatus },
  ];
  const returnOwner = chooseReturnOwner(state, event, policy);
  const marketingOwner = returnOwner?.ownerId;
  if (marketingOwner !== undefined) {
    effects.push({
      type: 'setOwner',
      object: 'contact',
      id: state.contactId,
      ownerId: marketingOwner,
    });
  }

  const deal: DealRef | undefined = state.dealId === undefined ? undefined : { id: state.dealId };
  let dealStatus: DealStatus = state.dealStatus;
  let dealNote: ReturnDeal | undefined;
  if (deal !== undefined && state.dealStatus === 'open') {
    if (policy.onReturn.mode === 'close_lost') {
      const stageId = policy.lostStageIds[0] as string;
      effects.push({ type: 'closeDeal', deal, outcome: 'lost', stageId });
      dealStatus = 'lost';
      dealNote = { kind: 'closedLost', dealId: deal.id };
    } else {
      const { stageId } = policy.onReturn;
      effects.push({ type: 'moveDealStage', deal, stageId });
      dealNote = { kind: 'moved', dealId: deal.id, stageId };
    }
  }

  const loopCount = state.loopCount + 1;
  const ownerId = marketingOwner ?? state.ownerId;
  const next: LeadState = {
    ...state,
    stage: 'lead',
    ...(ownerId === undefined ? {} : { ownerId }),
    dealStatus,
    loopCount,
    lastReturnReason: reason.code,
    returnedAt: context.at,
    history: appendHistory(
      state.history,
      stampEntry('return', event.actor, context, state, {
        reason: reason.code,
        ...(note === undefined ? {} : { note }),
        ...(ownerId === undefined ? {} : { ownerId }),
        ...(state.dealId === undefined ? {} : { dealId: state.dealId }),
      }),
    ),
  };

  const body = returnNote({
    actor: event.actor,
    at: context.at,
    reasonLabel: reason.label,
    note,
    loopCount,
    owner: returnOwner,
    deal: dealNote,
    score: state.score,
    names: event.names,
  });

  const count = String(loopCount);
  effects.push(
    writeContact(next, {
      [CONTACT_PROPERTIES.loopCount.name]: count,
      [CONTACT_PROPERTIES.lastReturnReason.name]: reason.code,
      [CONTACT_PROPERTIES.returnedAt.name]: context.at,
    }),
  );
  if (deal !== undefined) {
    effects.push({
      type: 'writeProperties',
      target: dealRef(deal),
      properties: {
        [DEAL_PROPERTIES.loopCount.name]: count,
        [DEAL_PROPERTIES.lastReturnReason.name]: reason.code,
      },
    });
  }
  // The contact's note is read by its new owner; the deal's by the deal's (sales) owner.
  effects.push(noteFor(contactRef(state), body, policy, ownerId));
  if (deal !== undefined) effects.push(noteFor(dealRef(deal), body, policy, state.ownerId));
  return { ok: true, state: next, effects };
}

/**
 * Who owns the returned contact (policy.returnOwner): the owner before the last hand-off, the
 * configured marketing owner, or the team member whose turn it is; falls back to the marketing
 * owner, and to nobody (the owner is kept) when none is configured.
 */
function chooseReturnOwner(
  state: LeadState,
  event: ReturnToMarketingEvent,
  policy: LifecyclePolicy,
): { ownerId: string; source: 'previous' | 'configured' | 'team' } | undefined {
  const configured =
    policy.marketingOwnerId === undefined
      ? undefined
      : { ownerId: policy.marketingOwnerId, source: 'configured' as const };
  switch (policy.returnOwner.mode) {
    case 'previous_owner': {
      const handOff = [...state.history].reverse().find((entry) => entry.kind === 'handoff');
      return handOff?.previousOwnerId !== undefined
        ? { ownerId: handOff.previousOwnerId, source: 'previous' }
        : configured;
    }
    case 'team_round_robin':
      return event.teamOwnerId !== undefined
        ? { ownerId: event.teamOwnerId, source: 'team' }
        : configured;
    case 'configured':
      return configured;
  }
}
