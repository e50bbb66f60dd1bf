// The cards' API module and the backend's operation table describe the same routes: every method
// of `createCardApi` must hit an operation of CARD_OPERATIONS with the same method and path, and
// every operation must be reachable from the cards. The argument table is typed by CardApi, so a
// new method without an entry here fails the typecheck before it can drift.
import { createCardApi, type CardApi } from '../../extensions/app/cards/lib/api.ts';
import { CARD_OPERATIONS, type CardOperation } from '../../src/server/routes/card-operations.ts';
import { DEFAULT_SETTINGS } from '../../src/domain/settings.ts';
import type { Settings } from '../../extensions/app/cards/lib/types.ts';

const settings = structuredClone(DEFAULT_SETTINGS) as Settings;

const ARGUMENTS: { [K in keyof CardApi]: Parameters<CardApi[K]> } = {
  getPlan: ['101'],
  saveSection: ['101', 'buyingProcess', 2, { steps: [], customerDeadlines: [] }],
  submitAssessment: ['101', { answers: [], expectedDecisionDate: '2026-12-31' }],
  submitCompetitorAssessment: ['101', 'competitor-a', { answers: [] }],
  returnDealToMarketing: ['101', { reason: 'no_budget' }],
  getQualification: ['202'],
  handOff: ['202', { salesOwner: { mode: 'round_robin' } }],
  returnContactToMarketing: ['202', { reason: 'no_budget' }],
  rescoreContact: ['202'],
  getSettings: [],
  saveSettings: [3, settings],
  previewScore: [settings.scoring, '202'],
  searchContacts: ['Jana Berger'],
  startRescore: [],
  getRescore: [],
  cancelRescore: [],
  getLoopAnalytics: [12],
  getCalibration: [],
  applyCalibration: [3, { rules: [], thresholds: [] }],
  restoreScoring: [3],
  getCompanyAccount: ['500'],
  saveCompanyProfile: [
    '500',
    1,
    {
      businessAreas: [],
      products: [],
      financials: {
        annualRevenue: null,
        currency: null,
        employees: null,
        fiscalYearEnd: null,
        notes: '',
      },
      customersOfCustomer: [],
      competitorsOfCustomer: [],
      contactPoints: [],
    },
  ],
  settleProfileCopy: ['500', { rev: 1, source: 'deal:101', version: 'v1', take: true }],
  setReportsTo: ['202', '203'],
  moveToNextStage: ['101', { fromStageId: 'qualifiedtobuy', toStageId: 'presentationscheduled' }],
};

/** An express path (`/deals/:dealId/plan`) as a pattern over one path segment per parameter. */
const routePattern = (path: string) =>
  new RegExp(`^${path.replace(/:[A-Za-z]+/g, '[^/]+').replace(/\//g, '\\/')}$`);

const OPERATIONS = Object.entries(CARD_OPERATIONS) as [string, CardOperation][];

async function requestOf(method: keyof CardApi): Promise<{ method: string; path: string }> {
  const calls: { url: string; method: string }[] = [];
  const api = createCardApi('https://backend.test', async (url, options) => {
    calls.push({ url, method: options.method ?? 'GET' });
    return { ok: true, json: async () => ({ ok: true, data: {} }) } as unknown as Response;
  });
  await (api[method] as (...args: unknown[]) => Promise<unknown>)(...ARGUMENTS[method]);
  expect(calls).toHaveLength(1);
  const url = new URL(calls[0]!.url);
  expect(url.origin).toBe('https://backend.test');
  expect(url.pathname.startsWith('/api/')).toBe(true);
  return { method: calls[0]!.method.toLowerCase(), path: url.pathname.slice('/api'.length) };
}

describe('card API contract', () => {
  const methods = Object.keys(ARGUMENTS) as (keyof CardApi)[];

  it('covers every method the cards API module has', () => {
    const api = createCardApi('https://backend.test', jest.fn());
    expect(Object.keys(api).sort()).toEqual([...methods].sort());
  });

  it.each(methods)(
    '%s hits an operation of CARD_OPERATIONS with its method and path',
    async (name) => {
      const request = await requestOf(name);
      const matches = OPERATIONS.filter(
        ([, operation]) =>
          operation.method === request.method && routePattern(operation.path).test(request.path),
      );
      expect({ name, request, operations: matches.map(([operation]) => operation) }).toEqual({
        name,
        request,
        operations: [expect.any(String)],
      });
    },
  );

  it('leaves no operation unreachable from the cards', async () => {
    const reached = new Set<string>();
    for (const name of methods) {
      const request = await requestOf(name);
      for (const [operationName, operation] of OPERATIONS) {
        if (operation.method === request.method && routePattern(operation.path).test(request.path))
          reached.add(operationName);
      }
    }
    expect(OPERATIONS.map(([name]) => name).filter((name) => !reached.has(name))).toEqual([]);
  });

  it('would notice a path that drifted', () => {
    // The matcher itself: a different segment or method does not match.
    expect(routePattern('/deals/:dealId/plan').test('/deals/101/plan')).toBe(true);
    expect(routePattern('/deals/:dealId/plan').test('/deals/101/plans')).toBe(false);
    expect(routePattern('/deals/:dealId/plan').test('/deals/1/2/plan')).toBe(false);
  });
});
