// A closed deal (won or lost in its pipeline) is finished business: it is not returned to
// marketing from the deal and not re-qualified. The cards, the card API and the workflow action
// all ask here, so a banner never offers what the API would refuse.
import type { Localized } from '../errors.ts';

/** Why a closed deal refuses a return (not a transition's rejection: no contact state decides it). */
export interface ClosedDealRefusal {
  code: 'deal_closed';
  message: Localized;
}

/** A deal's stage as the loop sees it (classifyDealStage). */
export type DealOutcome = 'open' | 'won' | 'lost';

/** What a deal in this state still offers. */
export interface DealOffers {
  closed: 'won' | 'lost' | null;
  canReturn: boolean;
  canRequalify: boolean;
}

/** What the deal offers: only an open deal can be returned or re-qualified. */
export function dealOffers(outcome: DealOutcome): DealOffers {
  const open = outcome === 'open';
  return { closed: open ? null : outcome, canReturn: open, canRequalify: open };
}

/** Why a closed deal cannot be returned to marketing, or null for an open one. */
export function closedDealReturnRefusal(outcome: DealOutcome): ClosedDealRefusal | null {
  if (outcome === 'won') {
    return {
      code: 'deal_closed',
      message: {
        en: 'This deal is closed won; it cannot be returned to marketing.',
        de: 'Dieser Deal ist gewonnen abgeschlossen; er kann nicht an das Marketing zurückgegeben werden.',
      },
    };
  }
  if (outcome === 'lost') {
    return {
      code: 'deal_closed',
      message: {
        en: 'This deal is closed lost; it cannot be returned to marketing. Return the contact from its contact record instead.',
        de: 'Dieser Deal ist verloren abgeschlossen; er kann nicht an das Marketing zurückgegeben werden. Geben Sie stattdessen den Kontakt über seinen Kontaktdatensatz zurück.',
      },
    };
  }
  return null;
}
