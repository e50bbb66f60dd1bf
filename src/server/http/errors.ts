// The one mapping of thrown errors to HTTP answers, whatever the transport (express for the
// marketplace form, HubSpot app functions for the private form): the card envelope (expected
// failures answer 200 with a message in English and German), and the status + Retry-After a
// workflow action or a webhook batch answers when it must defer to HubSpot's redelivery.
import {
  HubSpotAuthError,
  HubSpotError,
  HubSpotNotFoundError,
  HubSpotRateLimitError,
  HubSpotUnavailableError,
  HubSpotValidationError,
} from '../../hubspot/errors.ts';
import { ApiFailure, fail, type ApiResult } from './envelope.ts';
import { describeRefusal, failedEffectOf, withFailedStep } from '../effects/hubspot-refusal.ts';
import { NotInstalledError } from '../../runtime/token-manager.ts';
import { LockBusyError } from '../effects/record-locks.ts';
import { StoredDataDamagedError } from '../../domain/errors.ts';

/**
 * Maps a thrown error to the card envelope (expected failures answer 200); an error from the effect
 * runner also says which step failed and what was done before it.
 */
export function errorToResult(error: unknown, requestId: string): ApiResult<never> {
  const result = describeError(error, requestId);
  const step = failedEffectOf(error);
  if (result.ok || !step) return result;
  return {
    ok: false,
    error: { ...result.error, message: withFailedStep(result.error.message, step) },
  };
}

function describeError(error: unknown, requestId: string): ApiResult<never> {
  if (error instanceof ApiFailure) return { ok: false, error: error.error };
  if (error instanceof NotInstalledError) {
    return fail('not_installed', {
      en: 'Opportunity Plan is not installed in this portal (or was uninstalled). Ask an admin to install it again.',
      de: 'Opportunity Plan ist in diesem Portal nicht installiert (oder wurde deinstalliert). Bitten Sie einen Admin, es erneut zu installieren.',
    });
  }
  if (error instanceof StoredDataDamagedError) {
    return fail('stored_data_damaged', {
      en: `The stored value of ${error.property} on ${error.record} is damaged (${error.problem}). It was left unchanged; repair or clear it in HubSpot, then try again (request ${requestId}).`,
      de: `Der gespeicherte Wert von ${error.property} an ${error.record} ist beschädigt (${error.problem}). Er wurde nicht verändert; reparieren oder leeren Sie ihn in HubSpot und versuchen Sie es dann erneut (Anfrage ${requestId}).`,
    });
  }
  if (error instanceof HubSpotRateLimitError) {
    // The card fails fast instead of passing hubspot.fetch's 15 s timeout; say when to retry.
    const seconds = Math.max(1, Math.ceil((error.retryAfterMs ?? 10_000) / 1000));
    return fail('rate_limited', {
      en: `HubSpot is busy for this portal right now. Please retry in ${seconds} s.`,
      de: `HubSpot ist für dieses Portal gerade ausgelastet. Bitte versuchen Sie es in ${seconds} s erneut.`,
    });
  }
  if (error instanceof LockBusyError) {
    const seconds = Math.max(1, Math.ceil(error.retryAfterMs / 1000));
    return fail('conflict', {
      en: `This record is being changed by another request right now. Please retry in ${seconds} s.`,
      de: `Dieser Datensatz wird gerade von einer anderen Anfrage geändert. Bitte versuchen Sie es in ${seconds} s erneut.`,
    });
  }
  if (error instanceof HubSpotNotFoundError) {
    return fail('not_found', {
      en: 'HubSpot does not know this record (it may have been deleted).',
      de: 'HubSpot kennt diesen Datensatz nicht (er wurde evtl. gelöscht).',
    });
  }
  if (error instanceof HubSpotAuthError) {
    return fail('not_installed', {
      en: 'HubSpot refused the app’s access. Ask an admin to reinstall it.',
      de: 'HubSpot hat den Zugriff der App verweigert. Bitten Sie einen Admin, sie neu zu installieren.',
    });
  }
  if (error instanceof HubSpotValidationError) {
    const refusal = describeRefusal(error);
    if (refusal) return fail('hubspot_error', refusal.message, { fields: refusal.fields });
  }
  if (error instanceof HubSpotError) {
    return fail('hubspot_error', {
      en: `HubSpot refused the change: ${error.hubspotMessage ?? error.message} (request ${requestId})`,
      de: `HubSpot hat die Änderung abgelehnt: ${error.hubspotMessage ?? error.message} (Anfrage ${requestId})`,
    });
  }
  return fail('internal', {
    en: `Something went wrong on our side. Please try again; if it persists, quote request ${requestId}.`,
    de: `Bei uns ist etwas schiefgelaufen. Bitte erneut versuchen; falls es bleibt, nennen Sie Anfrage ${requestId}.`,
  });
}

/** Seconds to wait before retrying after `error`, from its retryAfterMs (10 s when unknown). */
function retryAfterSeconds(error: { retryAfterMs?: number | undefined }): number {
  return Math.max(1, Math.ceil((error.retryAfterMs ?? 10_000) / 1000));
}

/**
 * A workflow action HubSpot should redeliver later (HubSpot retries on 429 and honours
 * Retry-After): its budget is spent, or HubSpot is down. Null for every other error, which
 * fails the action (FAIL_CONTINUE) with the envelope's message.
 */
export function workflowDeferral(error: unknown): { retryAfterSeconds: number } | null {
  if (error instanceof HubSpotRateLimitError)
    return { retryAfterSeconds: retryAfterSeconds(error) };
  if (error instanceof HubSpotUnavailableError) return { retryAfterSeconds: 30 };
  return null;
}

/**
 * How a webhook batch that could not be processed defers to HubSpot's redelivery: a budget or a
 * busy record answers 429 with Retry-After (HubSpot honours it); anything else (an outage) 503.
 */
export function webhookDeferral(error: unknown): { status: 429 | 503; retryAfterSeconds: number } {
  if (error instanceof HubSpotRateLimitError || error instanceof LockBusyError)
    return { status: 429, retryAfterSeconds: retryAfterSeconds(error) };
  return { status: 503, retryAfterSeconds: 30 };
}
