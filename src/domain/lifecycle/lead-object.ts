// HubSpot's Leads object (0-136) in the loop: a hand-off qualifies the contact's open lead and links
// it to the deal; a return puts a lead back into marketing's lead pipeline with the reason, so the
// prospecting workspace and HubSpot's lead reports show the loop. The decision is made here, as one
// effect appended after the lifecycle's own effects; the runner carries it out only in a portal
// that has the Leads object (and skips it otherwise), and re-asserts the contact's lifecycle stage
// after its lead write, so HubSpot's lead/deal lifecycle sync cannot leave another stage behind.
// https://developers.hubspot.com/docs/api-reference/latest/crm/objects/leads/guide
import type { Effect, DealRef } from './effects.ts';
import type { LifecycleEvent } from './events.ts';
import { findReturnReason, type LifecyclePolicy } from './policy.ts';

type Decided = { ok: true; effects: Effect[] };

type LeadMove = Extract<Effect, { type: 'syncLeadObject' }>['move'];

/** `decided` with the lead-object step (`move`, then the contact's stage re-asserted) at the end. */
function withSync<T extends Decided>(
  decided: T,
  contactId: string,
  lifecycleStage: string,
  move: LeadMove,
): T {
  const sync: Effect = { type: 'syncLeadObject', contactId, lifecycleStage, move };
  return { ...decided, effects: [...decided.effects, sync] };
}

/** The deal a hand-off's effects open or reopen. */
function handOffDeal(effects: readonly Effect[]): DealRef | undefined {
  for (const effect of effects) {
    if (effect.type === 'createDeal') return { ref: 'newDeal' };
    if (effect.type === 'reopenDeal') return effect.deal;
  }
  return undefined;
}

/**
 * The effects of a decided hand-off or return with the lead-object step appended (policy `auto`);
 * other events, and portals set to `off`, keep their effects as they are.
 */
export function withLeadObjectEffect<T extends Decided>(
  decided: T,
  event: LifecycleEvent,
  contactId: string,
  policy: LifecyclePolicy,
): T {
  if (policy.leadsObject.mode === 'off') return decided;
  if (event.type === 'handOff') {
    const deal = handOffDeal(decided.effects);
    if (deal === undefined) return decided;
    return withSync(decided, contactId, policy.stageMap.opportunity, { to: 'qualified', deal });
  }
  if (event.type === 'returnToMarketing') {
    const reason = findReturnReason(policy, event.reason);
    if (reason === undefined) return decided;
    const note = event.note?.trim();
    return withSync(decided, contactId, policy.stageMap.lead, {
      to: 'returned',
      reasonCode: reason.code,
      reason: reason.label,
      ...(note ? { note } : {}),
    });
  }
  return decided;
}
