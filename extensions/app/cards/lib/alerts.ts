// The alert a card raises when the backend did not do an action (hand-off, return to marketing).
import type { I18n } from './i18n.ts';
import type { ApiError } from './types.ts';

/**
 * The alert for an action the backend refused, with its reason in the user's language. Still
 * completing is not a failure: the backend finishes the change by itself, so it only warns.
 */
export function failureAlert(error: ApiError, i18n: I18n) {
  const completing = error.code === 'still_completing';
  return {
    type: completing ? ('warning' as const) : ('danger' as const),
    title: completing ? i18n.t.common.stillCompletingTitle : i18n.t.common.failedTitle,
    message: i18n.pick(error.message),
  };
}
