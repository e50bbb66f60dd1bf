// What every card operation needs besides its handler, whatever the transport (express for the
// marketplace form, HubSpot app functions for the private form): the portal's validated settings,
// and the mapping of thrown errors to the card envelope.
import { DEFAULT_SETTINGS, validateSettings, type Settings } from '../domain/settings.ts';
import {
  HubSpotAuthError,
  HubSpotError,
  HubSpotNotFoundError,
  HubSpotRateLimitError,
  HubSpotValidationError,
} from '../hubspot/errors.ts';
import type { Store } from '../store/store.ts';
import { ApiFailure, fail, type ApiResult } from './envelope.ts';
import { describeRefusal, failedEffectOf, withFailedStep } from './hubspot-refusal.ts';
import { NotInstalledError } from './installations.ts';
import { LockBusyError } from './record-locks.ts';
import type { Logger } from './logger.ts';

/** The portal's settings, validated; a damaged stored copy falls back to defaults (and says so). */
export async function loadSettings(
  store: Store,
  portalId: number,
  logger: Logger,
): Promise<{ version: number; settings: Settings }> {
  const stored = await store.getSettings(portalId);
  if (!stored) return { version: 0, settings: DEFAULT_SETTINGS };
  const parsed = validateSettings(stored.value);
  if (!parsed.ok) {
    logger.error(
      { portalId, errors: parsed.errors },
      'stored settings are invalid; using defaults',
    );
    return { version: stored.version, settings: DEFAULT_SETTINGS };
  }
  return { version: stored.version, settings: parsed.value };
}

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
