// The cards' API module and the backend's operation table describe the same routes: every method
// of `createCardApi` must hit an operation of CARD_OPERATIONS with the same method and path, and
// every operation must be reachable from the cards. The argument table is typed by CardApi, so a
// new method without an entry here fails the typecheck before it can drift.
//
// The bodies too: every body the cards send must parse with the schema its operation parses it
// with (`operation.body`, from src/contract/card-inputs.ts), and the cards' parameter types must be
// exactly those schemas' input types (checked by the typecheck `npm test` runs first).
import type { z } from 'zod';
import { createCardApi, type CardApi } from '../../extensions/app/cards/lib/api.ts';
import { CARD_OPERATIONS, type CardOperation } from '../../src/server/routes/card-operations.ts';
import { QUESTION_IDS } from '../../src/domain/assessment/index.ts';
import { DEFAULT_SETTINGS } from '../../src/domain/settings.ts';
import type {
  AssessmentInput,
  HandOffInput,
  PutDraftInput,
  ReportsToInput,
  ReturnInput,
  Settings,
} from '../../extensions/app/cards/lib/types.ts';
import type {
  applyCalibrationBodySchema,
  assessmentBodySchema,
  competitorAssessmentBodySchema,
  handOffBodySchema,
  moveToNextStageBodySchema,
  previewScoreBodySchema,
  putDraftBodySchema,
  reportsToBodySchema,
  restoreScoringBodySchema,
  returnBodySchema,
  saveCompanyProfileBodySchema,
  saveSectionBodySchema,
  saveSettingsBodySchema,
  settleProfileBodySchema,
} from '../../src/contract/card-inputs.ts';

const settings = structuredClone(DEFAULT_SETTINGS) as Settings;
const answers = QUESTION_IDS.map((question) => ({ question, value: 3, evidence: '' }));

const ARGUMENTS: { [K in keyof CardApi]: Parameters<CardApi[K]> } = {
  getPlan: ['101'],
  saveSection: ['101', 'buyingProcess', 2, { steps: [], customerDeadlines: [] }],
  listDrafts: ['101'],
  putDraft: [
    '101',
    'buyingProcess',
    {
      baseRev: 2,
      content: { steps: [{ id: 's1', name: 'Pilot, ren' }], customerDeadlines: [] },
      baseContent: { steps: [], customerDeadlines: [] },
    },
  ],
  deleteDraft: ['101', 'buyingProcess'],
  deleteDrafts: ['101'],
  submitAssessment: ['101', { answers, expectedDecisionDate: '2026-12-31' }],
  submitCompetitorAssessment: ['101', 'competitor-a', { answers, note: 'Strong in DACH' }],
  returnDealToMarketing: ['101', { reason: 'no_budget', note: 'Budget frozen until Q3' }],
  getQualification: ['202'],
  handOff: [
    '202',
    { salesOwner: { mode: 'round_robin' }, dealName: 'Acme', existingDeal: { mode: 'new' } },
  ],
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
  getCompanyProfileDraft: ['500'],
  putCompanyProfileDraft: ['500', { baseRev: 1, content: { businessAreas: [] }, baseContent: {} }],
  deleteCompanyProfileDraft: ['500'],
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

async function requestOf(
  method: keyof CardApi,
): Promise<{ method: string; path: string; body: unknown }> {
  const calls: { url: string; method: string; body: unknown }[] = [];
  const api = createCardApi('https://backend.test', async (url, options) => {
    calls.push({ url, method: options.method ?? 'GET', body: options.body });
    return { ok: true, json: async () => ({ ok: true, data: {} }) } as unknown as Response;
  });
  await (api[method] as (...args: unknown[]) => Promise<unknown>)(...ARGUMENTS[method]);
  expect(calls).toHaveLength(1);
  const url = new URL(calls[0]!.url);
  expect(url.origin).toBe('https://backend.test');
  expect(url.pathname.startsWith('/api/')).toBe(true);
  return {
    method: calls[0]!.method.toLowerCase(),
    path: url.pathname.slice('/api'.length),
    body: calls[0]!.body,
  };
}

/** The one operation a card request hits. */
function operationOf(request: { method: string; path: string }): CardOperation {
  const matches = OPERATIONS.filter(
    ([, operation]) =>
      operation.method === request.method && routePattern(operation.path).test(request.path),
  );
  expect(matches).toHaveLength(1);
  return matches[0]![1];
}

// Type-level: the cards' parameters are exactly the input types of the backend's body schemas, so
// a hand-typed parameter that widens or narrows a body fails the typecheck.
type Equal<A, B> =
  (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type Input<S extends z.ZodType> = z.input<S>;
type WithoutOperationId<S extends z.ZodType> = Omit<Input<S>, 'operationId'>;
type Param<K extends keyof CardApi, I extends number> = Parameters<CardApi[K]>[I];
const BODY_TYPES_MATCH: true[] = [
  true satisfies Equal<Param<'saveSection', 2>, Input<typeof saveSectionBodySchema>['rev']>,
  true satisfies Equal<Param<'putDraft', 2>, Input<typeof putDraftBodySchema>>,
  true satisfies Equal<Param<'submitAssessment', 1>, Input<typeof assessmentBodySchema>>,
  true satisfies Equal<
    Param<'submitCompetitorAssessment', 2>,
    Input<typeof competitorAssessmentBodySchema>
  >,
  true satisfies Equal<Param<'moveToNextStage', 1>, Input<typeof moveToNextStageBodySchema>>,
  true satisfies Equal<Param<'handOff', 1>, WithoutOperationId<typeof handOffBodySchema>>,
  true satisfies Equal<
    Param<'returnDealToMarketing', 1>,
    WithoutOperationId<typeof returnBodySchema>
  >,
  true satisfies Equal<
    Param<'returnContactToMarketing', 1>,
    WithoutOperationId<typeof returnBodySchema>
  >,
  true satisfies Equal<Param<'saveSettings', 0>, Input<typeof saveSettingsBodySchema>['version']>,
  true satisfies Equal<Param<'saveSettings', 1>, Input<typeof saveSettingsBodySchema>['settings']>,
  true satisfies Equal<Param<'previewScore', 0>, Input<typeof previewScoreBodySchema>['model']>,
  true satisfies Equal<Param<'previewScore', 1>, Input<typeof previewScoreBodySchema>['contactId']>,
  true satisfies Equal<
    Param<'applyCalibration', 1>,
    Input<typeof applyCalibrationBodySchema>['proposal']
  >,
  true satisfies Equal<
    Param<'restoreScoring', 0>,
    Input<typeof restoreScoringBodySchema>['version']
  >,
  true satisfies Equal<
    Param<'saveCompanyProfile', 2>,
    Input<typeof saveCompanyProfileBodySchema>['content']
  >,
  true satisfies Equal<Param<'settleProfileCopy', 1>, Input<typeof settleProfileBodySchema>>,
  true satisfies Equal<Param<'setReportsTo', 1>, Input<typeof reportsToBodySchema>['managerId']>,
];

// Type-level: a body that drifts from what the backend parses does not typecheck.
const DRIFTED_BODIES = [
  // @ts-expect-error the hand-off's sales owner has no mode "roundrobin"
  { salesOwner: { mode: 'roundrobin' } } satisfies HandOffInput,
  // @ts-expect-error a draft names the revision it started from as `baseRev`
  { rev: 2, content: {}, baseContent: {} } satisfies PutDraftInput,
  // @ts-expect-error a return needs its reason
  { note: 'no reason given' } satisfies ReturnInput,
  // @ts-expect-error the backend parses no `manager` (it is `managerId`)
  { manager: '203' } satisfies ReportsToInput,
  // @ts-expect-error the decision date is a string (an ISO date), not a Date
  { answers, expectedDecisionDate: new Date() } satisfies AssessmentInput,
];

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

  it.each(methods)(
    '%s sends a body its operation parses (or none to one without)',
    async (name) => {
      const request = await requestOf(name);
      const operation = operationOf(request);
      if (request.body === undefined) {
        expect({ name, body: operation.body }).toEqual({ name, body: undefined });
        return;
      }
      expect({ name, schema: operation.body !== undefined }).toEqual({ name, schema: true });
      const parsed = operation.body!.safeParse(request.body);
      expect({ name, issues: parsed.error?.issues ?? [] }).toEqual({ name, issues: [] });
    },
  );

  it('every operation that parses a body is sent one by the cards', async () => {
    const withBody = new Set<string>();
    for (const name of methods) {
      const request = await requestOf(name);
      if (request.body !== undefined)
        withBody.add(`${request.method} ${operationOf(request).path}`);
    }
    const parsing = OPERATIONS.filter(([, operation]) => operation.body !== undefined).map(
      ([, operation]) => `${operation.method} ${operation.path}`,
    );
    expect([...withBody].sort()).toEqual(parsing.sort());
  });

  it('refuses bodies that drifted from the contract', async () => {
    // The same checks the typecheck makes above, at runtime: renamed, missing or mistyped fields.
    const bodyOf = async (name: keyof CardApi) => operationOf(await requestOf(name)).body!;
    const drifted: [keyof CardApi, unknown][] = [
      ['handOff', { salesOwner: { mode: 'roundrobin' } }],
      ['handOff', { salesOwner: { mode: 'keep' }, dealOwner: '7' }],
      ['returnContactToMarketing', { note: 'no reason given' }],
      ['setReportsTo', { manager: '203' }],
      ['saveSection', { revision: 2, content: {} }],
      ['saveSettings', { version: '3', settings }],
      ['submitAssessment', { answers, expectedDecisionDate: 20261231 }],
      ['moveToNextStage', { from: 'a', to: 'b' }],
      [
        'applyCalibration',
        { version: 3, proposal: { rules: [{ id: 'r', to: 1 }], thresholds: [] } },
      ],
      ['settleProfileCopy', { rev: 1, source: 'deal:101', version: 'v1' }],
      ['putDraft', { rev: 2, content: {}, baseContent: {} }],
      ['putDraft', { baseRev: 2, content: ['not', 'an', 'object'], baseContent: {} }],
      ['putDraft', { baseRev: 2, content: { notes: 'x'.repeat(300 * 1024) }, baseContent: {} }],
    ];
    for (const [name, body] of drifted) {
      const parsed = (await bodyOf(name)).safeParse(body);
      expect({ name, body, refused: !parsed.success }).toEqual({ name, body, refused: true });
    }
    expect(BODY_TYPES_MATCH.every(Boolean)).toBe(true);
    expect(DRIFTED_BODIES).toHaveLength(5);
  });

  it('would notice a path that drifted', () => {
    // The matcher itself: a different segment or method does not match.
    expect(routePattern('/deals/:dealId/plan').test('/deals/101/plan')).toBe(true);
    expect(routePattern('/deals/:dealId/plan').test('/deals/101/plans')).toBe(false);
    expect(routePattern('/deals/:dealId/plan').test('/deals/1/2/plan')).toBe(false);
  });
});
