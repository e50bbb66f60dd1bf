// The cards' backend-call module for the private form: the same `CardApi` as
// extensions/app/cards/lib/api.ts, but every call runs one of the app's serverless functions with
// `hubspot.serverless(name, { parameters })` instead of `hubspot.fetch` to a backend. The build
// (scripts/build-private.mjs) copies this file over the cards' lib/api.ts, rewriting the two
// imports below to `./fetch-api.ts` (the original module, kept for its types) and `./types.ts`.
// https://developers.hubspot.com/docs/apps/developer-platform/add-features/serverless-functions/reference
import { useMemo } from 'react';
import { hubspot, useExtensionContext } from '@hubspot/ui-extensions';
import { parseEnvelope } from '../../../extensions/app/cards/lib/api.ts';
import type { CardApi } from '../../../extensions/app/cards/lib/api.ts';
import type { ApiError, ApiResult } from '../../../extensions/app/cards/lib/types.ts';

export type { CardApi } from '../../../extensions/app/cards/lib/api.ts';
export { parseEnvelope } from '../../../extensions/app/cards/lib/api.ts';

/** Runs one app function: hubspot.serverless in HubSpot, a fake in tests. */
export type ServerlessLike = (
  name: string,
  options: { parameters: Record<string, unknown> },
) => Promise<unknown>;

/** Who is calling: the card's portal and user, from the extension context. */
export interface CardIdentity {
  portalId: number;
  userId: string;
}

const FUNCTION_ERROR: ApiError = {
  code: 'network',
  message: {
    en: 'The Opportunity Plan function in HubSpot did not answer. Please try again.',
    de: 'Die Funktion von Opportunity Plan in HubSpot hat nicht geantwortet. Bitte versuchen Sie es erneut.',
  },
};

/** Operations the private form does not offer yet (their express routes are not shared handlers). */
const NOT_IN_PRIVATE_FORM: ApiError = {
  code: 'internal',
  message: {
    en: 'This is not available in the private (HubSpot-hosted) edition of Opportunity Plan.',
    de: 'Dies ist in der privaten (bei HubSpot gehosteten) Ausgabe von Opportunity Plan nicht verfügbar.',
  },
};

const unavailable = async <T>(): Promise<ApiResult<T>> => ({
  ok: false,
  error: NOT_IN_PRIVATE_FORM,
});

/** HubSpot identifies an app function by its uid (scripts/build-private.mjs writes the same). */
export function functionUid(operation: string): string {
  return `opportunity_plan_fn_${operation.replaceAll('-', '_')}`;
}

/** The API bound to the caller's identity and the serverless runner. */
export function createCardApi(
  identity: CardIdentity,
  run: ServerlessLike = (name, options) =>
    hubspot.serverless(name, options as Parameters<typeof hubspot.serverless>[1]),
): CardApi {
  async function call<T>(name: string, parameters: object = {}): Promise<ApiResult<T>> {
    try {
      const answer = await run(functionUid(name), {
        parameters: { ...parameters, portalId: identity.portalId, userId: identity.userId },
      });
      const envelope = parseEnvelope<T>(answer);
      return envelope.ok || envelope.error.code !== 'network'
        ? envelope
        : { ok: false, error: FUNCTION_ERROR };
    } catch {
      return { ok: false, error: FUNCTION_ERROR };
    }
  }
  return {
    getPlan: (dealId) => call('get-plan', { dealId }),
    saveSection: (dealId, section, rev, content) =>
      call('save-section', { dealId, section, rev, content }),
    // Drafts are kept per user, and here the user is a parameter the card sets, not a signed
    // one: the private form keeps drafts in the worker's memory only (lib/section-drafts.ts).
    listDrafts: unavailable,
    putDraft: unavailable,
    deleteDraft: unavailable,
    deleteDrafts: unavailable,
    getCompanyProfileDraft: unavailable,
    putCompanyProfileDraft: unavailable,
    deleteCompanyProfileDraft: unavailable,
    submitAssessment: (dealId, input) => call('submit-assessment', { ...input, dealId }),
    submitCompetitorAssessment: (dealId, competitorId, input) =>
      call('submit-competitor-assessment', { ...input, dealId, competitorId }),
    returnDealToMarketing: (dealId, input) => call('return-deal-to-marketing', { dealId, input }),
    moveToNextStage: (dealId, input) => call('move-to-next-stage', { dealId, input }),
    getQualification: (contactId) => call('get-qualification', { contactId }),
    handOff: (contactId, input) => call('hand-off', { contactId, input }),
    returnContactToMarketing: (contactId, input) =>
      call('return-contact-to-marketing', { contactId, input }),
    rescoreContact: (contactId) => call('rescore-contact', { contactId }),
    getSettings: () => call('get-settings'),
    saveSettings: (version, settings) => call('put-settings', { version, settings }),
    previewScore: (model, contactId) => call('preview-score', { model, contactId }),
    searchContacts: (query) => call('search-contacts', { query }),
    startRescore: unavailable,
    getRescore: unavailable,
    cancelRescore: unavailable,
    getLoopAnalytics: (weeks) => call('get-loop-analytics', { weeks: Math.trunc(weeks) }),
    // The calibration reads every contact's history: beyond an app function's time limit too.
    getCalibration: unavailable,
    applyCalibration: unavailable,
    restoreScoring: unavailable,
    getCompanyAccount: (companyId) => call('get-company-account', { companyId }),
    saveCompanyProfile: (companyId, rev, content) =>
      call('save-company-profile', { companyId, rev, content }),
    settleProfileCopy: (companyId, input) => call('settle-profile-copy', { companyId, input }),
    setReportsTo: (contactId, managerId) => call('set-reports-to', { contactId, managerId }),
  };
}

/** The API for the current extension, calling the app's functions as its portal and user. */
export function useCardApi(): CardApi {
  const context = useExtensionContext();
  const portalId = context.portal.id;
  const userId = String(context.user.id);
  return useMemo(() => createCardApi({ portalId, userId }), [portalId, userId]);
}
