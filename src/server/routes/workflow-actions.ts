// Custom workflow actions — https://developers.hubspot.com/docs/apps/developer-platform/add-features/custom-workflow-actions
// HubSpot POSTs { callbackId, origin.portalId, object, inputFields } to the action's URL and reads
// { outputFields: { hs_execution_state, … } }. A callbackId is executed once, however often
// HubSpot retries it: the first run's result is stored and replayed.
import { z } from 'zod';
import {
  latestAssessment,
  requalification,
  scoreAssessment,
} from '../../domain/assessment/index.ts';
import {
  canEnterStage,
  nextOpenStage,
  planCompleteness,
  SECTION_KEYS,
  type SectionKey,
} from '../../domain/plan/index.ts';
import { dealOutcomeOf } from '../handlers/plan.ts';
import type { HandlerContext } from '../handlers/context.ts';
import {
  handOff,
  returnContactToMarketing,
  returnDealToMarketing,
  rescoreContact,
} from '../handlers/lifecycle.ts';
import { readPlanDocuments } from '../handlers/plan.ts';
import { HubSpotUnavailableError } from '../../hubspot/errors.ts';
import type { ApiResult } from '../http/envelope.ts';

export const WORKFLOW_ACTIONS = [
  'score-lead',
  'hand-off-to-sales',
  'return-to-marketing',
  'check-qualification',
] as const;
export type WorkflowActionName = (typeof WORKFLOW_ACTIONS)[number];

/** HubSpot's request body for an action execution. */
export const workflowRequestSchema = z.object({
  callbackId: z.string().min(1, 'HubSpot sent no callbackId'),
  origin: z.object({ portalId: z.number().int().positive() }).loose(),
  context: z
    .object({ source: z.string().optional(), workflowId: z.number().optional() })
    .loose()
    .optional(),
  object: z
    .object({
      objectId: z.union([z.number(), z.string()]).transform(String),
      objectType: z.string(),
    })
    .loose(),
  inputFields: z.record(z.string(), z.unknown()).default({}),
});
export type WorkflowRequest = z.output<typeof workflowRequestSchema>;

export type OutputFields = Record<string, string | number | boolean> & {
  hs_execution_state: 'SUCCESS' | 'FAIL_CONTINUE' | 'BLOCK';
};

/** A failure shown in the workflow's history: HubSpot displays the message and continues. */
function failContinue(message: string): { outputFields: OutputFields; errorMessage: string } {
  return {
    outputFields: { hs_execution_state: 'FAIL_CONTINUE', error_message: message },
    errorMessage: message,
  };
}

const str = (value: unknown): string | undefined =>
  value === undefined || value === null || value === '' ? undefined : String(value);

/**
 * An operation left pending is not a failure to report: throwing lets the route release the
 * callback and answer 429, so HubSpot retries and the retry (same callbackId, so same operation
 * id) completes it.
 */
function unlessStillCompleting<T extends ApiResult<unknown>>(result: T): T {
  if (!result.ok && result.error.code === 'still_completing') {
    throw new HubSpotUnavailableError(result.error.message.en, { attempts: 0 });
  }
  return result;
}

/** What one action gets: the enrolled object and the execution's operation id. */
interface ActionInput {
  objectType: string;
  id: string;
  operationId: string;
  request: WorkflowRequest;
}

interface ActionAnswer {
  outputFields: OutputFields;
}

/** A validation failure lists its fields (`path: message`); anything else says its message. */
function failureMessage(error: {
  code: string;
  message: { en: string };
  fields?: { path: string; message: string }[];
}): string {
  const fields = error.fields?.map((field) => `${field.path}: ${field.message}`).join('; ');
  return error.code === 'validation_failed' && fields ? fields : error.message.en;
}

/** score-lead: scores the contact now and answers the score. */
async function scoreLead(
  { objectType, id, operationId }: ActionInput,
  ctx: HandlerContext,
): Promise<ActionAnswer> {
  if (objectType !== 'CONTACT')
    return failContinue(`score-lead works on contacts, not ${objectType}`);
  const result = unlessStillCompleting(await rescoreContact({ contactId: id, operationId }, ctx));
  if (!result.ok) return failContinue(result.error.message.en);
  const score = result.data.score;
  return {
    outputFields: {
      hs_execution_state: 'SUCCESS',
      fit_score: score.fit,
      engagement_score: score.engagement,
      total_score: score.total,
      grade: score.grade,
      band: score.band,
      top_reasons: score.reasons
        .slice(0, 3)
        .map((reason) => `${reason.points > 0 ? '+' : ''}${reason.points} ${reason.label.en}`)
        .join('; '),
    },
  };
}

/** hand-off-to-sales: hands the contact to sales (adopting its newest open deal by default). */
async function handOffToSales(
  { objectType, id, operationId, request }: ActionInput,
  ctx: HandlerContext,
): Promise<ActionAnswer> {
  if (objectType !== 'CONTACT')
    return failContinue(`hand-off-to-sales works on contacts, not ${objectType}`);
  const mode = str(request.inputFields.sales_owner_mode) ?? 'round_robin';
  const ownerId = str(request.inputFields.sales_owner_id);
  const salesOwner =
    mode === 'explicit' ? { mode, ownerId } : mode === 'keep' ? { mode } : { mode: 'round_robin' };
  const dealName = str(request.inputFields.deal_name);
  // Adopting the contact's newest open deal is the default: a deal made in HubSpot before the
  // workflow ran is not duplicated (issue 15 item 5); `create_new` opens a new one anyway.
  const existingDeal =
    str(request.inputFields.existing_deal) === 'create_new'
      ? { mode: 'new' as const }
      : { mode: 'adopt_newest' as const };
  const result = unlessStillCompleting(
    await handOff(
      {
        contactId: id,
        body: { salesOwner, existingDeal, ...(dealName ? { dealName } : {}) },
        operationId,
      },
      ctx,
    ),
  );
  if (!result.ok) return failContinue(failureMessage(result.error));
  return {
    outputFields: {
      hs_execution_state: 'SUCCESS',
      deal_id: result.data.dealId ?? '',
      owner_id: result.data.ownerId ?? '',
      reopened: result.data.reopened,
      adopted: result.data.adopted ?? false,
    },
  };
}

/** return-to-marketing: returns a deal or a contact to marketing with a reason. */
async function returnToMarketing(
  { objectType, id, operationId, request }: ActionInput,
  ctx: HandlerContext,
): Promise<ActionAnswer> {
  const body = {
    reason: str(request.inputFields.reason),
    ...(str(request.inputFields.note) ? { note: str(request.inputFields.note) } : {}),
  };
  if (objectType === 'DEAL') {
    const result = unlessStillCompleting(
      await returnDealToMarketing({ dealId: id, body, operationId }, ctx),
    );
    if (!result.ok) return failContinue(result.error.message.en);
    return {
      outputFields: { hs_execution_state: 'SUCCESS', loop_count: result.data.loopCount },
    };
  }
  if (objectType !== 'CONTACT')
    return failContinue(`return-to-marketing works on contacts and deals, not ${objectType}`);
  const result = unlessStillCompleting(
    await returnContactToMarketing({ contactId: id, body, operationId }, ctx),
  );
  if (!result.ok) return failContinue(failureMessage(result.error));
  return {
    outputFields: { hs_execution_state: 'SUCCESS', loop_count: result.data.loop.count },
  };
}

/** check-qualification: the deal's verdict, completeness and the gate of its next stage. */
async function checkQualification(
  { objectType, id }: ActionInput,
  ctx: HandlerContext,
): Promise<ActionAnswer> {
  if (objectType !== 'DEAL')
    return failContinue(`check-qualification works on deals, not ${objectType}`);
  const { deal, sections, history } = await readPlanDocuments(ctx, id);
  const contents = Object.fromEntries(SECTION_KEYS.map((key) => [key, sections[key].content])) as {
    [K in SectionKey]: (typeof sections)[K]['content'];
  };
  const completeness = planCompleteness(contents, ctx.settings.sectionWeights);
  const latest = latestAssessment(history);
  const scored = latest ? scoreAssessment(latest, ctx.settings.qualification) : null;
  const stageId = deal.properties.dealstage ?? null;
  const outcome = await dealOutcomeOf(ctx, stageId);
  const due = requalification(
    history,
    { currentStageId: stageId, closed: outcome === 'open' ? null : outcome },
    ctx.settings.qualification,
    ctx.now,
  );
  const missing = SECTION_KEYS.flatMap((key) =>
    completeness.sections[key].missing.map((item) => item.label.en),
  );
  // The gate of the stage the deal moves to next (its pipeline's next open stage).
  const next = nextOpenStage(
    await ctx.gateway.listPipelines('deals'),
    deal.properties.pipeline,
    stageId,
  );
  const gate = next
    ? canEnterStage({
        stageId: next.id,
        gates: ctx.settings.stageGates,
        completeness,
        verdict: scored?.verdict,
      })
    : null;
  return {
    outputFields: {
      hs_execution_state: 'SUCCESS',
      // A deal never assessed is not "not qualified": nobody has judged it yet.
      verdict: scored?.verdict ?? 'never_assessed',
      assessed: scored !== null,
      qualification_score: scored?.score ?? 0,
      completeness: completeness.overall,
      missing_items: missing.slice(0, 5).join('; '),
      requalification_due: due.due,
      next_stage_id: next?.id ?? '',
      next_stage_allowed: gate?.allowed ?? true,
      next_stage_missing:
        gate && !gate.allowed
          ? gate.reasons
              .map((reason) => reason.en)
              .join('; ')
              .slice(0, 1000)
          : '',
    },
  };
}

const ACTIONS: Record<
  WorkflowActionName,
  (input: ActionInput, ctx: HandlerContext) => Promise<ActionAnswer>
> = {
  'score-lead': scoreLead,
  'hand-off-to-sales': handOffToSales,
  'return-to-marketing': returnToMarketing,
  'check-qualification': checkQualification,
};

/** Runs one action for one enrolled object. `ctx.userId` is 'workflow'. */
export async function executeWorkflowAction(
  action: WorkflowActionName,
  request: WorkflowRequest,
  ctx: HandlerContext,
): Promise<ActionAnswer> {
  const run = ACTIONS[action] as (typeof ACTIONS)[WorkflowActionName] | undefined;
  if (!run) return failContinue(`Unknown action ${String(action)}`);
  return run(
    {
      objectType: request.object.objectType.toUpperCase(),
      id: request.object.objectId,
      // The operation id of whatever this execution changes: the callbackId is unique per portal
      // (and the store keys operations by portal), and every retry of the execution carries it.
      operationId: `workflow:${request.callbackId}`,
      request,
    },
    ctx,
  );
}
