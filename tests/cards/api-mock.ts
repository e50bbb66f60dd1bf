// One jest.fn per card API route: the card tests mock lib/api.ts with this object, since
// hubspot.fetch is not mocked by HubSpot's testing kit.
import type { CardApi } from '../../extensions/app/cards/lib/api.ts';

/** Every route of the card API as a jest mock. */
export type CardApiMock = { [K in keyof CardApi]: jest.Mock };

/** A fresh set of mocks; each test sets the answers it needs. */
export function createApiMock(): CardApiMock {
  return {
    getPlan: jest.fn(),
    saveSection: jest.fn(),
    listDrafts: jest.fn(),
    putDraft: jest.fn(),
    deleteDraft: jest.fn(),
    deleteDrafts: jest.fn(),
    submitAssessment: jest.fn(),
    submitCompetitorAssessment: jest.fn(),
    returnDealToMarketing: jest.fn(),
    moveToNextStage: jest.fn(),
    getQualification: jest.fn(),
    handOff: jest.fn(),
    returnContactToMarketing: jest.fn(),
    rescoreContact: jest.fn(),
    getSettings: jest.fn(),
    saveSettings: jest.fn(),
    previewScore: jest.fn(),
    searchContacts: jest.fn(),
    startRescore: jest.fn(),
    getRescore: jest.fn(),
    cancelRescore: jest.fn(),
    getLoopAnalytics: jest.fn(),
    getCalibration: jest.fn(),
    applyCalibration: jest.fn(),
    restoreScoring: jest.fn(),
    getCompanyAccount: jest.fn(),
    saveCompanyProfile: jest.fn(),
    getCompanyProfileDraft: jest.fn(),
    putCompanyProfileDraft: jest.fn(),
    deleteCompanyProfileDraft: jest.fn(),
    settleProfileCopy: jest.fn(),
    setReportsTo: jest.fn(),
  };
}

/** The backend keeps every draft put (the default; a test may make it refuse them). */
export function keepDrafts(mock: CardApiMock): void {
  mock.putDraft.mockImplementation(async (_deal, section, draft) =>
    ok({ section, ...draft, updatedAt: new Date().toISOString() }),
  );
  mock.putCompanyProfileDraft.mockImplementation(async (_company, draft) =>
    ok({ section: 'customerProfile' as const, ...draft, updatedAt: new Date().toISOString() }),
  );
}

/**
 * Resets every mock; the drafts the plan and company cards keep at the backend answer "none kept" and
 * "done" unless a test says otherwise (most tests are not about them).
 */
export function resetApiMock(mock: CardApiMock): void {
  for (const fn of Object.values(mock)) fn.mockReset();
  mock.listDrafts.mockResolvedValue(ok({ drafts: [] }));
  keepDrafts(mock);
  mock.deleteDraft.mockResolvedValue(ok({ deleted: 1 }));
  mock.deleteDrafts.mockResolvedValue(ok({ deleted: 1 }));
  mock.getCompanyProfileDraft.mockResolvedValue(ok({ drafts: [] }));
  mock.deleteCompanyProfileDraft.mockResolvedValue(ok({ deleted: 1 }));
}

/** A successful envelope. */
export const ok = <T>(data: T) => ({ ok: true as const, data });

/** A failed envelope. */
export const fail = (code: string, en: string, de: string, extra: object = {}) => ({
  ok: false as const,
  error: { code, message: { en, de }, ...extra },
});
