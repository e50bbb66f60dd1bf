// The state guards of the hand-off and the return: what `transition` refuses before it looks at
// the event's details (owner, reason, note). The card asks the same functions whether to offer
// the buttons (src/server/handlers/lifecycle.ts), so it never offers what the domain refuses;
// tests/domain/lifecycle/guards.property.test.ts checks that the two agree.
import type { Rejection } from './rejection.ts';
import type { LeadState, LifecycleStage } from './state.ts';

export const isCustomerStage = (stage: LifecycleStage): boolean =>
  stage === 'customer' || stage === 'evangelist';

/**
 * Whether a new score promotes the contact to MQL: the policy allows it, the band is MQL or
 * better and the contact is still a subscriber or lead. Never a demotion, never past MQL.
 */
export const promotesOnScore = (
  stage: LifecycleStage,
  band: string,
  policy: { autoPromoteToMql: boolean },
): boolean =>
  policy.autoPromoteToMql && (stage === 'subscriber' || stage === 'lead') && band !== 'lead';

/** Why `state` cannot be handed off to sales, whatever the event says; undefined when it can. */
export function handOffRefusal(state: LeadState): Rejection | undefined {
  if (isCustomerStage(state.stage)) {
    return {
      code: 'customer_cannot_hand_off',
      message: {
        en: 'This contact is already a customer; open a new deal in HubSpot instead of handing it off.',
        de: 'Dieser Kontakt ist bereits Kunde; legen Sie in HubSpot einen neuen Deal an, statt ihn zu übergeben.',
      },
    };
  }
  if (state.stage === 'other') {
    return {
      code: 'stage_not_eligible',
      message: {
        en: 'Contacts in the lifecycle stage "other" are outside the funnel: move the contact to lead first.',
        de: 'Kontakte in der Lebenszyklusphase „Sonstige“ sind nicht im Funnel: Setzen Sie den Kontakt zuerst auf Lead.',
      },
    };
  }
  if ((state.stage === 'sql' || state.stage === 'opportunity') && state.dealStatus === 'open') {
    return {
      code: 'already_opportunity',
      message: {
        en: 'This contact is already with sales and has an open deal.',
        de: 'Dieser Kontakt ist bereits beim Vertrieb und hat einen offenen Deal.',
      },
    };
  }
  return undefined;
}

/** Why `state` cannot be returned to marketing by stage; undefined when its stage allows it. */
export function returnStageRefusal(state: LeadState): Rejection | undefined {
  if (isCustomerStage(state.stage)) {
    return {
      code: 'customer_cannot_return',
      message: {
        en: 'Customers cannot be returned to marketing.',
        de: 'Kunden können nicht an das Marketing zurückgegeben werden.',
      },
    };
  }
  if (state.stage !== 'sql' && state.stage !== 'opportunity') {
    return {
      code: 'not_with_sales',
      message: {
        en: 'Only sales-qualified leads and opportunities can be returned to marketing.',
        de: 'Nur vertriebsqualifizierte Leads und Opportunities können an das Marketing zurückgegeben werden.',
      },
    };
  }
  return undefined;
}

/** The return waits while the hand-off's deal is still being created (no id yet). */
export function dealPendingRefusal(state: LeadState): Rejection | undefined {
  if (state.dealStatus === 'open' && state.dealId === undefined) {
    return {
      code: 'deal_pending',
      message: {
        en: 'The deal of this hand-off is still being created; try again in a moment.',
        de: 'Der Deal dieser Übergabe wird noch angelegt; versuchen Sie es gleich noch einmal.',
      },
    };
  }
  return undefined;
}

/** True when a hand-off of `state` can succeed (given an owner the policy accepts). */
export function canHandOff(state: LeadState): boolean {
  return handOffRefusal(state) === undefined;
}

/** True when a return of `state` can succeed (given a known reason, and a note where required). */
export function canReturn(state: LeadState): boolean {
  return returnStageRefusal(state) === undefined && dealPendingRefusal(state) === undefined;
}
