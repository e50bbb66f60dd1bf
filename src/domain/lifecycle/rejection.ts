// Why `transition` refused an event. Codes are stable (cards, workflow actions and logs match on
// them); messages are shown to users in English and German.
import type { Localized } from '../errors.ts';

export const REJECTION_CODES = [
  'invalid_clock',
  'unknown_event',
  'stage_not_eligible',
  'customer_cannot_hand_off',
  'already_opportunity',
  'owner_required',
  'no_owner_to_keep',
  'no_sales_owners',
  'invalid_cursor',
  'customer_cannot_return',
  'not_with_sales',
  'unknown_return_reason',
  'note_required',
  'deal_pending',
  'already_customer',
  'unknown_deal',
  'deal_already_won',
  'deal_already_lost',
] as const;
/** A stable reason code for a refused event. */
export type RejectionCode = (typeof REJECTION_CODES)[number];

/** A refused event: a stable code and a message for the user. */
export interface Rejection {
  code: RejectionCode;
  message: Localized;
}
