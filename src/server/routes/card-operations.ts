// The card API as one table of transport-agnostic operations: each names its HTTP route (mounted
// by express for the marketplace form) and runs from plain inputs (called by HubSpot app functions
// in the private form). Path parameters and inputs are checked here, once, for both.
import { z } from 'zod';
import type { RescoreProgress } from '../../contract/card-api.ts';
import {
  assessmentBodySchema,
  competitorAssessmentBodySchema,
  handOffBodySchema,
  moveToNextStageBodySchema,
  putDraftBodySchema,
  returnBodySchema,
  saveSectionBodySchema,
} from '../../contract/card-inputs.ts';
import { SECTION_KEYS, type SectionKey } from '../../domain/plan/index.ts';
import type { StoredDataDamagedError } from '../../domain/errors.ts';
import { loopAnalytics } from '../read-models/analytics.ts';
import { ACCOUNT_OPERATIONS } from './account-operations.ts';
import { SETTINGS_OPERATIONS } from './settings-operations.ts';
import { parsedBody, recordId } from './params.ts';
import { CALIBRATION_OPERATIONS } from '../handlers/calibration.ts';
import { ApiFailure, fail, invalid, ok, withBody, type ApiResult } from '../http/envelope.ts';
import type { HandlerContext } from '../handlers/context.ts';
import {
  getQualification,
  handOff,
  rescoreContact,
  returnContactToMarketing,
  returnDealToMarketing,
} from '../handlers/lifecycle.ts';
import {
  loadPlan,
  saveSection,
  submitAssessment,
  submitCompetitorAssessment,
} from '../handlers/plan.ts';
import { moveToNextStage } from '../handlers/stage-gates.ts';
import { deleteDrafts, listDrafts, putDraft } from '../handlers/drafts.ts';

/** Background work the card API can start (the bulk rescore); absent where it cannot run. */
export interface RescoreJobs {
  start(ctx: HandlerContext): Promise<RescoreProgress | null>;
  progress(ctx: HandlerContext): Promise<RescoreProgress | null>;
  cancel(ctx: HandlerContext): Promise<RescoreProgress | null>;
}

/** What an operation runs with, besides its inputs. */
export type OperationContext = HandlerContext & {
  settingsVersion: number;
  rescore?: RescoreJobs;
  /** Only for an operation that `repairsSettings`: why the stored settings cannot be used. */
  settingsDamage?: StoredDataDamagedError | null;
};

export interface CardOperation {
  method: 'get' | 'post' | 'put' | 'delete';
  /** The express route under /api. */
  path: string;
  /**
   * The schema the request body is parsed with (src/contract/card-inputs.ts), whose input type is
   * the contract's body type the cards send; absent for an operation without a body.
   */
  body?: z.ZodType;
  /** `params`: path parameters and query values; `body`: the parsed JSON body. */
  run(
    params: Record<string, unknown>,
    body: Record<string, unknown>,
    ctx: OperationContext,
  ): Promise<ApiResult<unknown>>;
  /**
   * The settings page's own operations: they still run when the stored settings are damaged
   * (every other operation is refused with stored_data_damaged), with the defaults to edit and
   * `settingsDamage` to show, so an admin can repair them. docs/architecture.md, "Damaged data".
   */
  repairsSettings?: true;
}

/** A plan section parameter; a bad one answers `validation_failed` naming it. */
function sectionKey(params: Record<string, unknown>): SectionKey {
  const section = z.enum(SECTION_KEYS).safeParse(params.section);
  if (!section.success) {
    throw new ApiFailure({
      code: 'validation_failed',
      message: {
        en: `section must be one of ${SECTION_KEYS.join(', ')}`,
        de: `section muss einer der Abschnitte ${SECTION_KEYS.join(', ')} sein`,
      },
      fields: [{ path: 'section', message: `must be one of ${SECTION_KEYS.join(', ')}` }],
    });
  }
  return section.data;
}

/** The deal of a `:dealId` path, as the record its plan's drafts belong to. */
const dealOf = (p: Record<string, unknown>) => ({
  objectType: 'deal' as const,
  recordId: recordId(p, 'dealId'),
});

const noJobs = () =>
  fail('internal', {
    en: 'Bulk rescoring is not available in this deployment.',
    de: 'Die Neuberechnung aller Scores ist in dieser Installation nicht verfügbar.',
  });

export const CARD_OPERATIONS = {
  'get-plan': {
    method: 'get',
    path: '/deals/:dealId/plan',
    run: (p, _b, ctx) => loadPlan({ dealId: recordId(p, 'dealId') }, ctx),
  },
  'save-section': {
    method: 'put',
    path: '/deals/:dealId/plan/:section',
    body: saveSectionBodySchema,
    run: async (p, b, ctx) => {
      const section = z.enum(SECTION_KEYS).safeParse(p.section);
      if (!section.success)
        return invalid([{ path: 'section', message: `must be one of ${SECTION_KEYS.join(', ')}` }]);
      return withBody(saveSectionBodySchema, b, (body) =>
        saveSection({ dealId: recordId(p, 'dealId'), section: section.data, ...body }, ctx),
      );
    },
  },
  'list-drafts': {
    method: 'get',
    path: '/deals/:dealId/drafts',
    run: (p, _b, ctx) => listDrafts({ record: dealOf(p) }, ctx),
  },
  'put-draft': {
    method: 'put',
    path: '/deals/:dealId/drafts/:section',
    ...parsedBody(putDraftBodySchema, (p, draft, ctx: OperationContext) =>
      putDraft({ record: dealOf(p), section: sectionKey(p), draft }, ctx),
    ),
  },
  'delete-draft': {
    method: 'delete',
    path: '/deals/:dealId/drafts/:section',
    run: (p, _b, ctx) => deleteDrafts({ record: dealOf(p), section: sectionKey(p) }, ctx),
  },
  'delete-drafts': {
    method: 'delete',
    path: '/deals/:dealId/drafts',
    run: (p, _b, ctx) => deleteDrafts({ record: dealOf(p) }, ctx),
  },
  'submit-assessment': {
    method: 'post',
    path: '/deals/:dealId/assessments',
    ...parsedBody(assessmentBodySchema, (p, body, ctx: OperationContext) =>
      submitAssessment({ dealId: recordId(p, 'dealId'), ...body }, ctx),
    ),
  },
  'submit-competitor-assessment': {
    method: 'post',
    path: '/deals/:dealId/competitors/:competitorId/assessment',
    ...parsedBody(competitorAssessmentBodySchema, (p, body, ctx: OperationContext) =>
      submitCompetitorAssessment(
        { dealId: recordId(p, 'dealId'), competitorId: String(p.competitorId), ...body },
        ctx,
      ),
    ),
  },
  'move-to-next-stage': {
    method: 'post',
    path: '/deals/:dealId/move-to-next-stage',
    body: moveToNextStageBodySchema,
    run: (p, b, ctx) => moveToNextStage({ dealId: recordId(p, 'dealId'), body: b }, ctx),
  },
  'return-deal-to-marketing': {
    method: 'post',
    path: '/deals/:dealId/return-to-marketing',
    body: returnBodySchema,
    run: (p, b, ctx) => returnDealToMarketing({ dealId: recordId(p, 'dealId'), body: b }, ctx),
  },
  'get-qualification': {
    method: 'get',
    path: '/contacts/:contactId/qualification',
    run: (p, _b, ctx) => getQualification({ contactId: recordId(p, 'contactId') }, ctx),
  },
  'hand-off': {
    method: 'post',
    path: '/contacts/:contactId/hand-off',
    body: handOffBodySchema,
    run: (p, b, ctx) => handOff({ contactId: recordId(p, 'contactId'), body: b }, ctx),
  },
  'return-contact-to-marketing': {
    method: 'post',
    path: '/contacts/:contactId/return-to-marketing',
    body: returnBodySchema,
    run: (p, b, ctx) =>
      returnContactToMarketing({ contactId: recordId(p, 'contactId'), body: b }, ctx),
  },
  'rescore-contact': {
    method: 'post',
    path: '/contacts/:contactId/rescore',
    run: (p, _b, ctx) => rescoreContact({ contactId: recordId(p, 'contactId') }, ctx),
  },
  'start-rescore': {
    method: 'post',
    path: '/rescore',
    run: async (_p, _b, ctx) => (ctx.rescore ? ok(await ctx.rescore.start(ctx)) : noJobs()),
  },
  'get-rescore': {
    method: 'get',
    path: '/rescore',
    run: async (_p, _b, ctx) => (ctx.rescore ? ok(await ctx.rescore.progress(ctx)) : noJobs()),
  },
  'cancel-rescore': {
    method: 'post',
    path: '/rescore/cancel',
    run: async (_p, _b, ctx) => (ctx.rescore ? ok(await ctx.rescore.cancel(ctx)) : noJobs()),
  },
  'get-loop-analytics': {
    method: 'get',
    path: '/analytics/loop',
    run: async (p, _b, ctx) => {
      const weeks = z.coerce.number().int().min(1).max(52).default(12).safeParse(p.weeks);
      if (!weeks.success)
        return invalid([{ path: 'weeks', message: 'must be a whole number from 1 to 52' }]);
      return ok(await loopAnalytics(ctx, weeks.data));
    },
  },
  ...SETTINGS_OPERATIONS,
  ...CALIBRATION_OPERATIONS,
  ...ACCOUNT_OPERATIONS,
} satisfies Record<string, CardOperation>;

export type CardOperationName = keyof typeof CARD_OPERATIONS;
export const CARD_OPERATION_NAMES = Object.keys(CARD_OPERATIONS) as CardOperationName[];
