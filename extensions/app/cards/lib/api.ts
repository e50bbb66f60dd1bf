// The only module that calls the backend. Every call goes through hubspot.fetch (HubSpot signs it
// and adds portalId/userId to the query), always with a timeout, and every answer is read as the
// card API's envelope `{ ok, data | error }`. hubspot.fetch turns any non-2xx into an opaque error,
// so the backend answers expected failures with 200 and `ok: false`; anything else that goes wrong
// on the way (timeout, 401, unreadable body) becomes the `network` error here, so the cards handle
// exactly one shape. Every request body is typed by the contract's input types, which are the
// backend's own body schemas (src/contract/card-inputs.ts): a body that drifts fails the typecheck.
// https://developers.hubspot.com/docs/apps/developer-platform/add-features/ui-extensibility/fetching-data
import { useMemo } from 'react';
import { hubspot, useExtensionContext } from '@hubspot/ui-extensions';
import type { HubSpotFetchOptions } from '@hubspot/ui-extensions';
import type {
  CompanyAccountView,
  SaveCompanyProfileInput,
  SettleProfileInput,
} from './account-types.ts';
import { resolveBackendUrl } from './backend-url.ts';
import type {
  ApiError,
  ApiResult,
  ApplyCalibrationInput,
  AssessmentInput,
  AssessmentView,
  CalibrationView,
  CalibrationWriteView,
  CompetitorAssessmentInput,
  DealReturnResult,
  DeletedDraftsView,
  DraftsView,
  HandOffInput,
  HandOffResult,
  LoopAnalytics,
  MoveToNextStageInput,
  MoveToNextStageResult,
  PlanView,
  PreviewScoreInput,
  PutDraftInput,
  QualificationView,
  ReportsToInput,
  RescoreProgress,
  RestoreScoringInput,
  ReturnInput,
  SavedSettings,
  SaveSectionInput,
  SaveSectionResult,
  SaveSettingsInput,
  ScoreView,
  SectionDraftView,
  SectionKey,
  SectionState,
  SettingsView,
  ContactMatchView,
} from './types.ts';

/** HubSpot's own default and a seller's patience: 15 s per call. */
export const FETCH_TIMEOUT_MS = 15_000;

type FetchMethod = NonNullable<HubSpotFetchOptions['method']>;
/** The transport: hubspot.fetch in HubSpot, a fake in the api module's own tests. */
export type FetchLike = (url: string, options: HubSpotFetchOptions) => Promise<Response>;

const NETWORK_ERROR: ApiError = {
  code: 'network',
  message: {
    en: 'The Opportunity Plan service could not be reached. Check your connection and try again.',
    de: 'Der Dienst von Opportunity Plan ist nicht erreichbar. Prüfen Sie die Verbindung und versuchen Sie es erneut.',
  },
};

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const isLocalized = (value: unknown): value is { en: string; de: string } =>
  isRecord(value) && typeof value.en === 'string' && typeof value.de === 'string';

/** Reads a response body as the card API's envelope; anything else is a `network` error. */
export function parseEnvelope<T>(body: unknown): ApiResult<T> {
  if (isRecord(body) && body.ok === true && 'data' in body) {
    return { ok: true, data: body.data as T };
  }
  if (isRecord(body) && body.ok === false && isRecord(body.error)) {
    const error = body.error;
    if (typeof error.code === 'string' && isLocalized(error.message)) {
      return { ok: false, error: error as unknown as ApiError };
    }
  }
  return { ok: false, error: NETWORK_ERROR };
}

/** Every backend route the cards, the settings page and the app page use. */
export interface CardApi {
  getPlan(dealId: string): Promise<ApiResult<PlanView>>;
  saveSection<K extends SectionKey>(
    dealId: string,
    section: K,
    rev: SaveSectionInput<K>['rev'],
    content: SaveSectionInput<K>['content'],
  ): Promise<ApiResult<SaveSectionResult<K>>>;
  /** The acting user's unsaved drafts of the deal's sections (kept by the backend, 14 days). */
  listDrafts(dealId: string): Promise<ApiResult<DraftsView>>;
  putDraft(
    dealId: string,
    section: SectionKey,
    draft: PutDraftInput,
  ): Promise<ApiResult<SectionDraftView>>;
  deleteDraft(dealId: string, section: SectionKey): Promise<ApiResult<DeletedDraftsView>>;
  /** Deletes every draft of the acting user on the deal. */
  deleteDrafts(dealId: string): Promise<ApiResult<DeletedDraftsView>>;
  submitAssessment(dealId: string, input: AssessmentInput): Promise<ApiResult<AssessmentView>>;
  submitCompetitorAssessment(
    dealId: string,
    competitorId: string,
    input: CompetitorAssessmentInput,
  ): Promise<ApiResult<AssessmentView>>;
  returnDealToMarketing(dealId: string, input: ReturnInput): Promise<ApiResult<DealReturnResult>>;
  /** Checks the next stage's gate, then moves the deal there. */
  moveToNextStage(
    dealId: string,
    input: MoveToNextStageInput,
  ): Promise<ApiResult<MoveToNextStageResult>>;
  getQualification(contactId: string): Promise<ApiResult<QualificationView>>;
  handOff(contactId: string, input: HandOffInput): Promise<ApiResult<HandOffResult>>;
  returnContactToMarketing(
    contactId: string,
    input: ReturnInput,
  ): Promise<ApiResult<QualificationView>>;
  rescoreContact(contactId: string): Promise<ApiResult<QualificationView>>;
  getSettings(): Promise<ApiResult<SettingsView>>;
  saveSettings(
    version: SaveSettingsInput['version'],
    settings: SaveSettingsInput['settings'],
  ): Promise<ApiResult<SavedSettings>>;
  previewScore(
    model: PreviewScoreInput['model'],
    contactId: PreviewScoreInput['contactId'],
  ): Promise<ApiResult<ScoreView>>;
  /** Contacts whose name or email matches, for the score preview (at most 10). */
  searchContacts(query: string): Promise<ApiResult<ContactMatchView[]>>;
  startRescore(): Promise<ApiResult<RescoreProgress | null>>;
  getRescore(): Promise<ApiResult<RescoreProgress | null>>;
  cancelRescore(): Promise<ApiResult<RescoreProgress | null>>;
  getLoopAnalytics(weeks: number): Promise<ApiResult<LoopAnalytics>>;
  getCalibration(): Promise<ApiResult<CalibrationView>>;
  applyCalibration(
    version: ApplyCalibrationInput['version'],
    proposal: ApplyCalibrationInput['proposal'],
  ): Promise<ApiResult<CalibrationWriteView>>;
  restoreScoring(version: RestoreScoringInput['version']): Promise<ApiResult<CalibrationWriteView>>;
  getCompanyAccount(companyId: string): Promise<ApiResult<CompanyAccountView>>;
  saveCompanyProfile(
    companyId: string,
    rev: SaveCompanyProfileInput['rev'],
    content: SaveCompanyProfileInput['content'],
  ): Promise<ApiResult<{ section: SectionState<'customerProfile'> }>>;
  /** The acting user's unsaved edit of the company's profile (0 or 1 draft, customerProfile). */
  getCompanyProfileDraft(companyId: string): Promise<ApiResult<DraftsView>>;
  putCompanyProfileDraft(
    companyId: string,
    draft: PutDraftInput,
  ): Promise<ApiResult<SectionDraftView>>;
  deleteCompanyProfileDraft(companyId: string): Promise<ApiResult<DeletedDraftsView>>;
  settleProfileCopy(
    companyId: string,
    input: SettleProfileInput,
  ): Promise<ApiResult<{ section: SectionState<'customerProfile'> }>>;
  setReportsTo(
    contactId: string,
    managerId: ReportsToInput['managerId'],
  ): Promise<ApiResult<{ contactId: string; managerId: string | null }>>;
}

const id = (value: string): string => encodeURIComponent(value);

/**
 * Errors after which the same user action may already be partly done in HubSpot: its retry must
 * carry the same operation id, so the backend completes that operation instead of deciding anew.
 */
const RETRY_SAME_OPERATION = new Set<string>([
  'still_completing',
  'network',
  'rate_limited',
  'hubspot_error',
  'internal',
]);

/** A new operation id: 8–64 letters, digits, "-" (the backend's operationId rule). */
function newOperationId(): string {
  const random = globalThis.crypto?.randomUUID?.();
  return random ?? `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 14)}`;
}

/** The API bound to one backend base URL and transport. */
export function createCardApi(baseUrl: string, fetchImpl: FetchLike = hubspot.fetch): CardApi {
  async function call<T>(method: FetchMethod, path: string, body?: object): Promise<ApiResult<T>> {
    try {
      const response = await fetchImpl(`${baseUrl}${path}`, {
        method,
        timeout: FETCH_TIMEOUT_MS,
        ...(body === undefined ? {} : { body: body as Record<string, unknown> }),
      });
      if (!response.ok) return { ok: false, error: NETWORK_ERROR };
      return parseEnvelope<T>(await response.json());
    } catch {
      return { ok: false, error: NETWORK_ERROR };
    }
  }
  // The operation id of each lifecycle action the user started and that has not ended yet.
  const pendingOperations = new Map<string, string>();
  /** Sends a lifecycle action with its operation id, kept for a retry while it may be half done. */
  async function operation<T>(
    key: string,
    path: string,
    input: HandOffInput | ReturnInput,
  ): Promise<ApiResult<T>> {
    const operationId = pendingOperations.get(key) ?? newOperationId();
    pendingOperations.set(key, operationId);
    const result = await call<T>('POST', path, { ...input, operationId });
    if (result.ok || !RETRY_SAME_OPERATION.has(result.error.code)) pendingOperations.delete(key);
    return result;
  }
  return {
    getPlan: (dealId) => call('GET', `/api/deals/${id(dealId)}/plan`),
    saveSection: (dealId, section, rev, content) =>
      call('PUT', `/api/deals/${id(dealId)}/plan/${id(section)}`, {
        rev,
        content,
      } satisfies SaveSectionInput<typeof section>),
    listDrafts: (dealId) => call('GET', `/api/deals/${id(dealId)}/drafts`),
    putDraft: (dealId, section, draft) =>
      call('PUT', `/api/deals/${id(dealId)}/drafts/${id(section)}`, draft),
    deleteDraft: (dealId, section) =>
      call('DELETE', `/api/deals/${id(dealId)}/drafts/${id(section)}`),
    deleteDrafts: (dealId) => call('DELETE', `/api/deals/${id(dealId)}/drafts`),
    submitAssessment: (dealId, input) =>
      call('POST', `/api/deals/${id(dealId)}/assessments`, input),
    submitCompetitorAssessment: (dealId, competitorId, input) =>
      call('POST', `/api/deals/${id(dealId)}/competitors/${id(competitorId)}/assessment`, input),
    returnDealToMarketing: (dealId, input) =>
      operation(`return-deal:${dealId}`, `/api/deals/${id(dealId)}/return-to-marketing`, input),
    moveToNextStage: (dealId, input) =>
      call('POST', `/api/deals/${id(dealId)}/move-to-next-stage`, input),
    getQualification: (contactId) => call('GET', `/api/contacts/${id(contactId)}/qualification`),
    handOff: (contactId, input) =>
      operation(`hand-off:${contactId}`, `/api/contacts/${id(contactId)}/hand-off`, input),
    returnContactToMarketing: (contactId, input) =>
      operation(
        `return-contact:${contactId}`,
        `/api/contacts/${id(contactId)}/return-to-marketing`,
        input,
      ),
    rescoreContact: (contactId) => call('POST', `/api/contacts/${id(contactId)}/rescore`),
    getSettings: () => call('GET', '/api/settings'),
    saveSettings: (version, settings) =>
      call('PUT', '/api/settings', { version, settings } satisfies SaveSettingsInput),
    previewScore: (model, contactId) =>
      call('POST', '/api/settings/preview-score', { model, contactId } satisfies PreviewScoreInput),
    searchContacts: (query) =>
      call('GET', `/api/settings/contacts?query=${encodeURIComponent(query)}`),
    startRescore: () => call('POST', '/api/rescore'),
    getRescore: () => call('GET', '/api/rescore'),
    cancelRescore: () => call('POST', '/api/rescore/cancel'),
    getLoopAnalytics: (weeks) => call('GET', `/api/analytics/loop?weeks=${Math.trunc(weeks)}`),
    getCalibration: () => call('GET', '/api/settings/calibration'),
    applyCalibration: (version, proposal) =>
      call('POST', '/api/settings/calibration/apply', {
        version,
        proposal,
      } satisfies ApplyCalibrationInput),
    restoreScoring: (version) =>
      call('POST', '/api/settings/calibration/restore', { version } satisfies RestoreScoringInput),
    getCompanyAccount: (companyId) => call('GET', `/api/companies/${id(companyId)}/account`),
    saveCompanyProfile: (companyId, rev, content) =>
      call('PUT', `/api/companies/${id(companyId)}/profile`, {
        rev,
        content,
      } satisfies SaveCompanyProfileInput),
    getCompanyProfileDraft: (companyId) =>
      call('GET', `/api/companies/${id(companyId)}/profile/draft`),
    putCompanyProfileDraft: (companyId, draft) =>
      call('PUT', `/api/companies/${id(companyId)}/profile/draft`, draft),
    deleteCompanyProfileDraft: (companyId) =>
      call('DELETE', `/api/companies/${id(companyId)}/profile/draft`),
    settleProfileCopy: (companyId, input) =>
      call('POST', `/api/companies/${id(companyId)}/profile/settle`, input),
    setReportsTo: (contactId, managerId) =>
      call('PUT', `/api/contacts/${id(contactId)}/reports-to`, {
        managerId,
      } satisfies ReportsToInput),
  };
}

/** The API for the current extension, bound to the backend URL of this deployment. */
export function useCardApi(): CardApi {
  const context = useExtensionContext();
  const baseUrl = resolveBackendUrl(context.variables);
  return useMemo(() => createCardApi(baseUrl), [baseUrl]);
}
