// The one place that executes the domain's effects through the gateway, in order. The domain
// decides (pure); this runs the decision. A created deal's id is only known here, so later
// effects that say `{ ref: 'newDeal' }` are resolved and the contact's loop history gets the id.
//
// Durable operations (issue 13): a hand-off, return, win or promotion is recorded in the store
// with its effects before the first one runs, and its progress after each, so a failure or a
// crash leaves a record that the next attempt or the background resumer completes. Every effect is
// idempotent against HubSpot's state: PATCHes and association PUTs by nature; a lifecycle stage
// is read back first when resuming; a deal carries its hand-off id in a unique property and a
// create in doubt is an upsert by it; a note carries a marker searched for before a create in doubt
// is repeated.
import {
  attachCreatedDeal,
  closingStageIn,
  serializeLoopHistory,
  type DealRef,
  type Effect,
  type LeadState,
  type RecordRef,
} from '../../domain/lifecycle/index.ts';
import type { Localized } from '../../domain/errors.ts';
import { CONTACT_PROPERTIES, DEAL_PROPERTIES } from '../../domain/properties.ts';
import {
  HubSpotAuthError,
  HubSpotNotFoundError,
  HubSpotRateLimitError,
  HubSpotValidationError,
} from '../../hubspot/errors.ts';
import type { AssociationType, CrmGateway, CrmObjectType } from '../../hubspot/gateway.ts';
import type { OperationRecord } from '../../store/store.ts';
import { readPlanDocuments } from '../handlers/plan.ts';
import type { HandlerContext } from '../handlers/context.ts';
import { recordFailedEffect } from './hubspot-refusal.ts';
import { createdWithMarker, noteMarker } from './marked-creates.ts';
import { syncLeadObject } from './lead-object-sync.ts';
import { OperationIncompleteError } from '../../runtime/operations.ts';
import { carryOverDocument, planContents, type DealWriteEffect } from '../../domain/plan/index.ts';

export { OperationIncompleteError };

export interface EffectRunResult {
  /** The id of the deal a `createDeal` effect opened. */
  createdDealId?: string;
  /** The state with the created deal's id attached. */
  state: LeadState;
  /** How many effects ran. */
  executed: number;
}

/** HubSpot's default association type ids — https://developers.hubspot.com/docs/api/crm/associations */
const DEFAULT_ASSOCIATION_TYPE: Record<string, number> = {
  'contacts->deals': 4,
  'deals->contacts': 3,
  'contacts->companies': 279,
  'companies->contacts': 280,
  'deals->companies': 341,
  'companies->deals': 342,
};

const objectTypeOf = (ref: RecordRef): CrmObjectType =>
  ref.object === 'contact' ? 'contacts' : ref.object === 'company' ? 'companies' : 'deals';

/**
 * A note's text: HubSpot notes have one body, so it holds the reader's language (`language`, the
 * owner's) or, when none is given, both. A durable operation's note ends with its marker (see
 * `noteMarker`), so a retry can find it.
 */
export function noteBody(body: Localized, marker?: string, language?: 'en' | 'de'): string {
  const escape = (text: string) => text.replace(/[&<>]/g, (c) => `&#${c.charCodeAt(0)};`);
  const reference = marker ? `<p>Ref. ${marker}</p>` : '';
  if (language) return `<p lang="${language}">${escape(body[language])}</p>${reference}`;
  return `<p>${escape(body.en)}</p><p lang="de">${escape(body.de)}</p>${reference}`;
}

export { NOTE_SEARCH_LAG_MS, noteMarker } from './marked-creates.ts';

type RunnerContext = Pick<HandlerContext, 'gateway' | 'logger' | 'now' | 'portalId'> &
  Partial<Pick<HandlerContext, 'store' | 'settings' | 'userId'>>;

/** How one effect runs inside a durable operation (absent for a plain `runEffects`). */
interface DurableRun {
  operationId: string;
  index: number;
  /** A later attempt: HubSpot may already hold this effect's result, so read before writing. */
  resuming: boolean;
  /** This effect is a create whose earlier attempt may have happened (its answer was lost). */
  inDoubtSince?: number;
}

/** The deal and state an effect list has reached so far. */
interface RunCursor {
  createdDealId?: string;
  current: LeadState;
}

/** Runs one effect; a deal it creates lands in `cursor`. */
async function runEffect(
  effect: Effect,
  cursor: RunCursor,
  ctx: RunnerContext,
  durable?: DurableRun,
): Promise<void> {
  // Operations recorded before `advanceRoundRobin` was removed may still carry it: it never did
  // anything (the store advances the cursor when the hand-off starts).
  if ((effect as { type: string }).type === 'advanceRoundRobin') return;
  const gateway: CrmGateway = ctx.gateway;
  const dealId = (ref: DealRef): string => {
    if ('id' in ref) return ref.id;
    if (!cursor.createdDealId)
      throw new Error('An effect refers to the new deal before it was created');
    return cursor.createdDealId;
  };
  const idOf = (ref: RecordRef): string => (ref.object === 'deal' ? dealId(ref.deal) : ref.id);

  switch (effect.type) {
    case 'setLifecycleStage':
      await runSetLifecycleStage(effect, gateway, durable);
      return;
    case 'setOwner':
      await gateway.updateObject(
        effect.object === 'contact' ? 'contacts' : 'companies',
        effect.id,
        {
          hubspot_owner_id: effect.ownerId,
        },
      );
      return;
    case 'setLeadStatus':
      await gateway.updateObject('contacts', effect.contactId, { hs_lead_status: effect.value });
      return;
    case 'createDeal':
      await runCreateDeal(effect, cursor, gateway, durable);
      return;
    case 'reopenDeal':
      await gateway.updateDeal(dealId(effect.deal), {
        dealstage: effect.stageId,
        ...(effect.ownerId ? { hubspot_owner_id: effect.ownerId } : {}),
      });
      return;
    case 'moveDealStage':
      await gateway.updateDeal(dealId(effect.deal), { dealstage: effect.stageId });
      return;
    case 'closeDeal':
      await runCloseDeal(effect, dealId(effect.deal), gateway);
      return;
    case 'writeProperties': {
      const properties = { ...effect.properties };
      // The pure decision could not know a new deal's id: write the history that carries it.
      if (effect.target.object === 'contact' && CONTACT_PROPERTIES.loopHistory.name in properties) {
        properties[CONTACT_PROPERTIES.loopHistory.name] = serializeLoopHistory(
          cursor.current.history,
        );
      }
      await gateway.updateObject(objectTypeOf(effect.target), idOf(effect.target), properties);
      return;
    }
    case 'associate': {
      const from = objectTypeOf(effect.from);
      const to = objectTypeOf(effect.to);
      const typeId = DEFAULT_ASSOCIATION_TYPE[`${from}->${to}`];
      if (typeId === undefined) throw new Error(`No default association from ${from} to ${to}`);
      const types: AssociationType[] = [{ category: 'HUBSPOT_DEFINED', typeId }];
      await gateway.associate(from, idOf(effect.from), to, idOf(effect.to), types);
      return;
    }
    case 'addNote':
      await runAddNote(effect, idOf(effect.target), ctx, durable);
      return;
    case 'createTask': {
      // Like a note: a create whose answer was lost is searched for by its marker first.
      const marker = durable ? noteMarker(ctx.portalId, durable.operationId, durable.index) : null;
      if (marker && durable && (await createdEarlier('tasks', marker, ctx, durable))) return;
      const escape = (text: string) => text.replace(/[&<>]/g, (c) => `&#${c.charCodeAt(0)};`);
      await gateway.createTask({
        subject: effect.subject[effect.language],
        body:
          `<p>${escape(effect.body[effect.language])}</p>` +
          (marker ? `<p>Ref. ${marker}</p>` : ''),
        dueAt: Date.parse(effect.dueAt),
        ...(effect.ownerId ? { ownerId: effect.ownerId } : {}),
        associations: [
          {
            objectType: objectTypeOf(effect.target) as 'contacts' | 'companies' | 'deals',
            id: idOf(effect.target),
          },
        ],
      });
      return;
    }
    case 'carryOverPlan':
      await carryOverPlan(effect.dealId, effect.companyId, ctx as HandlerContext);
      return;
    case 'syncLeadObject':
      await syncLeadObject(effect, dealId, {
        gateway,
        ...(ctx.settings ? { policy: ctx.settings.lifecycle } : {}),
        logger: ctx.logger,
      });
      return;
    default: {
      const unknown: never = effect;
      throw new Error(`Unknown effect ${JSON.stringify(unknown)}`);
    }
  }
}

async function runSetLifecycleStage(
  effect: Extract<Effect, { type: 'setLifecycleStage' }>,
  gateway: CrmGateway,
  durable?: DurableRun,
): Promise<void> {
  const objectType = effect.object === 'contact' ? 'contacts' : 'companies';
  let clearFirst = effect.clearFirst;
  if (durable?.resuming) {
    // Read-your-write: a stage already set is done; a stage left cleared ("") by a failed
    // attempt is set without clearing again (an empty stage is not "lead" — issue 13).
    const [record] = await gateway.batchRead(objectType, [effect.id], ['lifecyclestage']);
    const actual = record?.properties.lifecyclestage ?? '';
    if (actual === effect.value) return;
    if (actual === '') clearFirst = false;
  }
  await gateway.setLifecycleStage(objectType, effect.id, effect.value, { clearFirst });
}

async function runCreateDeal(
  effect: Extract<Effect, { type: 'createDeal' }>,
  cursor: RunCursor,
  gateway: CrmGateway,
  durable?: DurableRun,
): Promise<void> {
  const input = {
    properties: {
      dealname: effect.name,
      pipeline: effect.pipelineId,
      dealstage: effect.stageId,
      ...(effect.ownerId ? { hubspot_owner_id: effect.ownerId } : {}),
      ...(durable ? { [DEAL_PROPERTIES.handoffId.name]: durable.operationId } : {}),
    },
    contactId: effect.contactId,
    ...(effect.companyId ? { companyId: effect.companyId } : {}),
  };
  // The deal carries its hand-off's operation id in a unique property. A first attempt
  // creates it (one call; HubSpot would refuse a duplicate); an attempt after a lost answer
  // upserts by that id, so it finds the deal the first attempt made instead of a second.
  const deal =
    durable?.inDoubtSince !== undefined
      ? await gateway.upsertDeal({
          ...input,
          idProperty: DEAL_PROPERTIES.handoffId.name,
          idValue: durable.operationId,
        })
      : await gateway.createDeal(input);
  cursor.createdDealId = deal.id;
  cursor.current = attachCreatedDeal(cursor.current, deal.id);
}

async function runCloseDeal(
  effect: Extract<Effect, { type: 'closeDeal' }>,
  id: string,
  gateway: CrmGateway,
): Promise<void> {
  // The policy names one closing stage; a deal in another pipeline closes in its own.
  const pipelines = await gateway.listPipelines('deals');
  let stageId = effect.stageId;
  if (pipelines.length > 1) {
    const deal = await gateway.getDeal(id, ['pipeline']);
    stageId = closingStageIn(
      pipelines,
      deal.properties.pipeline ?? undefined,
      effect.outcome,
      effect.stageId,
    );
  }
  await gateway.updateDeal(id, { dealstage: stageId });
}

/** `createdWithMarker` for an effect of a durable run, which waits with OperationWaitError. */
function createdEarlier(
  objectType: 'notes' | 'tasks',
  marker: string,
  ctx: RunnerContext,
  durable: DurableRun,
): Promise<boolean> {
  const { inDoubtSince } = durable;
  if (inDoubtSince === undefined) return Promise.resolve(false);
  const kind = objectType === 'notes' ? 'note' : 'task';
  return createdWithMarker(
    ctx,
    { objectType, marker, inDoubtSince },
    `${kind} ${durable.index} of operation ${durable.operationId}`,
    OperationWaitError,
  );
}

async function runAddNote(
  effect: Extract<Effect, { type: 'addNote' }>,
  targetId: string,
  ctx: RunnerContext,
  durable?: DurableRun,
): Promise<void> {
  const gateway: CrmGateway = ctx.gateway;
  const marker = durable ? noteMarker(ctx.portalId, durable.operationId, durable.index) : null;
  if (marker && durable && (await createdEarlier('notes', marker, ctx, durable))) return;
  await gateway.createNote({
    body: noteBody(effect.body, marker ?? undefined, effect.language),
    timestamp: ctx.now.getTime(),
    associations: [
      {
        objectType: objectTypeOf(effect.target) as 'contacts' | 'companies' | 'deals',
        id: targetId,
      },
    ],
  });
}

/**
 * Runs `effects` for the lead `state` in order; stops at the first failure and rethrows it (HubSpot
 * errors are typed) with the failing step recorded beside it (failedEffectOf, hubspot-refusal.ts).
 */
export async function runEffects(
  effects: readonly Effect[],
  state: LeadState,
  ctx: RunnerContext,
): Promise<EffectRunResult> {
  const progress = { executed: 0 };
  try {
    return await runInOrder(effects, state, ctx, progress);
  } catch (error) {
    recordFailedEffect(error, effects, progress.executed);
    throw error;
  }
}

/**
 * Runs writes to deals that no lead state follows (a plan save: src/domain/plan/mirrors.ts), in
 * order, with the same failure record as `runEffects` (which step HubSpot refused).
 */
export async function runDealWrites(
  effects: readonly DealWriteEffect[],
  ctx: RunnerContext,
): Promise<void> {
  let executed = 0;
  try {
    for (const effect of effects) {
      await ctx.gateway.updateDeal(effect.target.deal.id, effect.properties);
      executed += 1;
    }
  } catch (error) {
    recordFailedEffect(error, effects, executed);
    throw error;
  }
}

async function runInOrder(
  effects: readonly Effect[],
  state: LeadState,
  ctx: RunnerContext,
  progress: { executed: number },
): Promise<EffectRunResult> {
  const cursor: RunCursor = { current: state };
  let executed = 0;
  for (const effect of effects) {
    await runEffect(effect, cursor, ctx);
    executed += 1;
    progress.executed = executed;
  }
  return {
    ...(cursor.createdDealId ? { createdDealId: cursor.createdDealId } : {}),
    state: cursor.current,
    executed,
  };
}

// ---- durable operations ---------------------------------------------------------------------

/** What a durable operation records before its first effect. */
export interface OperationPlan {
  effects: Effect[];
  /** The state the effects lead to (the domain's decision). */
  state: LeadState;
}

/** How far an operation got (its stored progress). */
interface OperationProgress {
  /** Effects completed, in order. */
  done: number;
  createdDealId?: string;
  /** A create (deal or note) was sent at this instant, epoch ms, and its answer is not known. */
  inDoubt?: { index: number; at: number };
  lastError?: string;
}

/** What kind of operation a plan is, for the record and the logs. */
export type OperationKind = 'handoff' | 'return' | 'win' | 'loss' | 'promotion' | 'requalification';

/** A durable operation to run: its id (unique per portal), what it works on and its plan. */
export interface OperationRequest {
  operationId: string;
  kind: OperationKind;
  /** `contact:<id>`: the record whose lock every attempt holds. */
  subject: string;
  plan: OperationPlan;
}

/** How a durable operation ended. */
export interface OperationResult extends EffectRunResult {
  /** True when this call only replayed an operation an earlier attempt completed. */
  replayed: boolean;
}

/** An effect that must wait before it can run safely (e.g. for HubSpot's search index). */
class OperationWaitError extends Error {
  override readonly name = 'OperationWaitError';
}

/** Test hook: runs after every effect of a durable operation, before its progress is stored. */
export type EffectHook = (event: {
  portalId: number;
  operationId: string;
  index: number;
  effect: Effect;
}) => void | Promise<void>;

let effectHook: EffectHook | undefined;

/**
 * Installs a hook that runs after each durable effect and before its progress is recorded; a throw
 * there is a process dying between effects (the fault-injection tests' simulated crash). Returns
 * the uninstaller. Never used outside tests.
 */
export function installEffectHook(hook: EffectHook): () => void {
  effectHook = hook;
  return () => {
    if (effectHook === hook) effectHook = undefined;
  };
}

/** HubSpot answered and will answer the same again: a validation rule, a gone record, no access. */
const isPermanentRefusal = (error: unknown): boolean =>
  error instanceof HubSpotValidationError ||
  error instanceof HubSpotNotFoundError ||
  error instanceof HubSpotAuthError;

/** HubSpot answered and did not carry the request out (a 429 refuses before processing). */
const isDefiniteRefusal = (error: unknown): boolean =>
  error instanceof HubSpotRateLimitError || isPermanentRefusal(error);

/**
 * Runs a durable operation: records it (keyed by portal and operation id) before its first
 * effect, then runs its effects in order, recording after each how far it got. A second call with
 * the same id replays a completed operation, or completes a pending one from where it stopped —
 * with the plan recorded first, not a new decision. Call it holding the subject's lock.
 */
export async function runOperation(
  request: OperationRequest,
  ctx: RunnerContext & Pick<HandlerContext, 'store'>,
): Promise<OperationResult> {
  const begun = await ctx.store.beginOperation(ctx.portalId, request.operationId, {
    kind: request.kind,
    subject: request.subject,
    plan: request.plan,
    progress: { done: 0 } satisfies OperationProgress,
  });
  return continueOperation(begun.operation, ctx);
}

/** Completes (or replays) a recorded operation; the resumer's entry point. Hold the subject's lock. */
export async function continueOperation(
  operation: OperationRecord,
  ctx: RunnerContext & Pick<HandlerContext, 'store'>,
): Promise<OperationResult> {
  const { portalId, store } = { portalId: ctx.portalId, store: ctx.store };
  const id = operation.operationId;
  if (operation.status === 'done') {
    const result = operation.result as EffectRunResult & { abandoned?: string };
    if (result.abandoned) throw new Error(`HubSpot refused this change: ${result.abandoned}`);
    return { ...result, replayed: true };
  }
  const plan = operation.plan as OperationPlan;
  const stored = (operation.progress ?? {}) as Partial<OperationProgress>;
  let progress: OperationProgress = {
    done: stored.done ?? 0,
    ...(stored.createdDealId ? { createdDealId: stored.createdDealId } : {}),
    ...(stored.inDoubt ? { inDoubt: stored.inDoubt } : {}),
  };
  const resuming = operation.attempts > 0;
  await store.saveOperationProgress(portalId, id, progress, { attempt: true });
  const cursor: RunCursor = {
    current: progress.createdDealId
      ? attachCreatedDeal(plan.state, progress.createdDealId)
      : plan.state,
    ...(progress.createdDealId ? { createdDealId: progress.createdDealId } : {}),
  };

  for (let index = progress.done; index < plan.effects.length; index += 1) {
    const effect = plan.effects[index] as Effect;
    const creates =
      effect.type === 'createDeal' || effect.type === 'addNote' || effect.type === 'createTask';
    const inDoubtSince = progress.inDoubt?.index === index ? progress.inDoubt.at : undefined;
    try {
      if (creates && inDoubtSince === undefined) {
        // Write-ahead: from here until its answer is stored, this create may or may not exist.
        progress = { ...progress, inDoubt: { index, at: ctx.now.getTime() } };
        await store.saveOperationProgress(portalId, id, progress);
      }
      await runEffect(effect, cursor, ctx, {
        operationId: id,
        index,
        resuming,
        ...(inDoubtSince === undefined ? {} : { inDoubtSince }),
      });
      await effectHook?.({ portalId, operationId: id, index, effect });
    } catch (error) {
      // Which step failed, so the seller's message can say what was already done.
      recordFailedEffect(error, plan.effects, index);
      const message = error instanceof Error ? error.message : String(error);
      if (index === 0 && inDoubtSince === undefined && isPermanentRefusal(error)) {
        // HubSpot refused the very first effect (a validation rule, a missing record): nothing
        // of the operation happened, so there is no half state to complete. Close it and let the
        // caller report HubSpot's refusal as before.
        await store.completeOperation(portalId, id, { abandoned: message.slice(0, 500) });
        throw error;
      }
      // A create HubSpot definitely refused did not happen: it is no longer in doubt.
      const { inDoubt, ...rest } = progress;
      const keep = inDoubt && !(inDoubt.index === index && isDefiniteRefusal(error));
      progress = { ...rest, ...(keep ? { inDoubt } : {}), lastError: message.slice(0, 500) };
      await store
        .saveOperationProgress(portalId, id, progress)
        .catch((saveError: unknown) =>
          ctx.logger.error({ err: saveError, operationId: id }, 'operation progress not saved'),
        );
      ctx.logger.warn(
        { err: error, operationId: id, kind: operation.kind, index, effect: effect.type },
        'operation left pending; a retry or the resumer completes it',
      );
      throw new OperationIncompleteError(id, error);
    }
    progress = {
      done: index + 1,
      ...(cursor.createdDealId ? { createdDealId: cursor.createdDealId } : {}),
    };
    await store.saveOperationProgress(portalId, id, progress);
  }
  const result: EffectRunResult = {
    ...(cursor.createdDealId ? { createdDealId: cursor.createdDealId } : {}),
    state: cursor.current,
    executed: plan.effects.length,
  };
  await store.completeOperation(portalId, id, result);
  return { ...result, replayed: false };
}

/** Copies the won plan's essentials (stakeholders, expected results, timeline) to the company. */
async function carryOverPlan(
  dealId: string,
  companyId: string,
  ctx: HandlerContext,
): Promise<void> {
  const { sections } = await readPlanDocuments(ctx, dealId);
  await ctx.gateway.updateObject(
    'companies',
    companyId,
    carryOverDocument({ dealId, wonAt: ctx.now, contents: planContents(sections) }),
  );
}
