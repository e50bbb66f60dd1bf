// Card API and workflow actions on a contact's place in the loop: its qualification (score with
// reasons, lifecycle, loop history), hand-off to sales, return to marketing, rescore — and the
// deal-side return (from the Opportunity Plan card). Each decision is the domain's `transition`;
// the effects run through the effect runner.
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { handOffScore } from '../../domain/calibration/index.ts';
import { fieldErrorsFromZod, type Localized } from '../../domain/errors.ts';
import {
  canHandOff,
  canReturn,
  closedDealReturnRefusal,
  scoreContact,
  transition,
  type LeadState,
  type LifecycleEvent,
} from '../../domain/lifecycle/index.ts';
import { CONTACT_PROPERTIES, DEAL_PROPERTIES } from '../../domain/properties.ts';
import { evaluate, type ScoreResult } from '../../domain/scoring/index.ts';
import type {
  DealReturnResult,
  HandOffResult,
  QualificationView,
} from '../../contract/card-api.ts';
import type { CrmProperties } from '../../hubspot/gateway.ts';
import {
  OperationIncompleteError,
  continueOperation,
  runEffects,
  runOperation,
  type OperationKind,
  type OperationResult,
} from '../effects/effect-runner.ts';
import type { Rejection } from '../../domain/lifecycle/rejection.ts';
import type { OperationRecord } from '../../store/store.ts';
import { ApiFailure, fail, invalid, ok, type ApiResult } from '../http/envelope.ts';
import { currentDealId, parseLoopHistory, readLeadState } from '../read-models/lead-state.ts';
import type { HandlerContext } from './context.ts';
import { RESCORE_JOB_KIND } from '../../jobs/rescore-progress.ts';
import { foldContactEffects } from '../effects/batch-runner.ts';
import { scoreBatchProperties } from '../effects/score-runner.ts';
import { dealOutcomeOf } from './plan.ts';
import { ownerName } from './record-links.ts';
import { ownerViews, scoreView, type OwnerView, type ScoreView } from '../read-models/views.ts';

export type { QualificationView, ScoreView };
import { existingDealChoiceSchema, openDealsOf, resolveAdoptedDeal } from './existing-deals.ts';
import type { OpenDealView } from '../../contract/card-api.ts';

async function readContact(ctx: HandlerContext, contactId: string) {
  return ctx.gateway.getContactWithCompanies(contactId, scoreBatchProperties(ctx));
}

async function ownersView(ctx: HandlerContext): Promise<OwnerView[]> {
  return ownerViews(await ctx.listOwners(), ctx.settings);
}

function view(
  contact: { id: string; properties: CrmProperties },
  state: LeadState,
  result: ScoreResult,
  owners: QualificationView['owners'],
  ctx: HandlerContext,
  openDeals: OpenDealView[] = [],
): QualificationView {
  const p = contact.properties;
  const name = [p.firstname, p.lastname].filter(Boolean).join(' ');
  return {
    contactId: contact.id,
    name: name || p.email || `#${contact.id}`,
    email: p.email ?? null,
    lifecycleStage: p.lifecyclestage ?? null,
    leadStatus: p.hs_lead_status ?? null,
    ownerId: p.hubspot_owner_id ?? null,
    score: scoreView(result),
    loop: {
      count: state.loopCount,
      lastReturnReason: state.lastReturnReason ?? null,
      history: state.history,
    },
    dealId: state.dealId ?? currentDealId(state.history) ?? null,
    owners,
    returnReasons: ctx.settings.lifecycle.returnReasons.map((reason) => ({
      code: reason.code,
      label: reason.label,
    })),
    // The domain's own guards: the card never offers what `transition` refuses.
    canHandOff: canHandOff(state),
    canReturn: canReturn(state),
    openDeals: canHandOff(state) ? openDeals : [],
  };
}

/** GET /api/contacts/{contactId}/qualification */
export async function getQualification(
  input: { contactId: string },
  ctx: HandlerContext,
): Promise<ApiResult<QualificationView>> {
  const contact = await readContact(ctx, input.contactId);
  const state = await readLeadState(contact, ctx.settings.lifecycle, ctx.gateway);
  const result = evaluate(contact.properties, ctx.settings.scoring, ctx.now);
  const canOpenDeal = !(state.stage === 'customer' || state.stage === 'evangelist');
  const [owners, openDeals, rescore] = await Promise.all([
    ownersView(ctx),
    canOpenDeal && state.dealStatus !== 'open'
      ? openDealsOf(input.contactId, ctx, state.dealId)
      : Promise.resolve([]),
    ctx.store.getJob(ctx.portalId, RESCORE_JOB_KIND),
  ]);
  const shown = view(contact, state, result, owners, ctx, openDeals);
  return ok(rescore?.status === 'running' ? { ...shown, storedScoresUpdating: true } : shown);
}

/** POST /api/contacts/{contactId}/rescore — scores now, applies auto-promotion, writes what changed. */
export async function rescoreContact(
  input: { contactId: string; operationId?: string },
  ctx: HandlerContext,
): Promise<ApiResult<QualificationView>> {
  return ctx.store.withLock(contactLockKey(ctx.portalId, input.contactId), async () => {
    try {
      await completePendingOperations(ctx, input.contactId);
    } catch (error) {
      if (error instanceof OperationIncompleteError)
        return fail('still_completing', STILL_COMPLETING);
      throw error;
    }
    const contact = await readContact(ctx, input.contactId);
    let state = await readLeadState(contact, ctx.settings.lifecycle, ctx.gateway);
    // The one scoring transition: the score write and, when due, the promotion to MQL.
    const decision = scoreContact(
      { id: contact.id, properties: contact.properties, state },
      {
        model: ctx.settings.scoring,
        policy: ctx.settings.lifecycle,
        now: ctx.now,
        actor: ctx.userId,
      },
    );
    if (decision.state) {
      // A promotion: durable like every lifecycle operation (its note must not be lost or doubled).
      const run = await runOperation(
        {
          operationId: input.operationId ?? `rescore:${randomUUID()}`,
          kind: 'promotion',
          subject: `contact:${input.contactId}`,
          plan: { effects: decision.effects, state: decision.state },
        },
        ctx,
      );
      state = run.state;
    } else if (decision.effects.length > 0) {
      await runEffects(decision.effects, state, ctx);
    }
    // The contact as now written: the record already read with the decided writes, not read again.
    const written = foldContactEffects(decision.effects, contact.id)?.properties ?? {};
    const shown = { ...contact, properties: { ...contact.properties, ...written } };
    return ok(view(shown, state, decision.result, await ownersView(ctx), ctx));
  });
}

/**
 * The card's id for one user action, generated once and sent again with every retry of it, so a
 * retry completes or replays the first attempt instead of deciding anew (issue 13).
 */
export const operationIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{8,64}$/, 'must be 8–64 letters, digits, "-" or "_"')
  .optional();

export const handOffInputSchema = z.strictObject({
  operationId: operationIdSchema,
  salesOwner: z.discriminatedUnion('mode', [
    z.strictObject({
      mode: z.literal('explicit'),
      ownerId: z.string().regex(/^\d{1,20}$/, 'must be a HubSpot owner id'),
    }),
    z.strictObject({ mode: z.literal('round_robin') }),
    z.strictObject({ mode: z.literal('keep') }),
  ]),
  dealName: z.string().trim().max(200).optional(),
  /** Adopt an open deal of the contact instead of opening a new one (absent: a new deal). */
  existingDeal: existingDealChoiceSchema.optional(),
});

export const returnInputSchema = z.strictObject({
  operationId: operationIdSchema,
  reason: z.string().min(1, 'choose a reason').max(64),
  note: z.string().max(1000).optional(),
});

/** The lock every path (card, workflow, webhook, resumer) takes for one contact. */
export function contactLockKey(portalId: number, contactId: string): string {
  return `contact:${portalId}:${contactId}`;
}

/** The lock key of an operation's subject (`contact:<id>`). */
export function subjectLockKey(portalId: number, subject: string): string {
  const [type, ...rest] = subject.split(':');
  return `${type}:${portalId}:${rest.join(':')}`;
}

/** The answer while an operation is still completing: not "failed" — it will finish by itself. */
export const STILL_COMPLETING: Localized = {
  en: 'This change is still completing: HubSpot did not accept every step yet. It finishes by itself; check again in a moment.',
  de: 'Diese Änderung wird noch abgeschlossen: HubSpot hat noch nicht jeden Schritt angenommen. Sie wird von selbst fertig; sehen Sie gleich noch einmal nach.',
};

/** A lifecycle operation recorded before it could be decided (an older one was still completing). */
interface DeferredPlan {
  deferred: LifecycleEvent;
}

const isDeferred = (plan: unknown): plan is DeferredPlan =>
  typeof plan === 'object' && plan !== null && 'deferred' in plan;

/** The result of a deferred operation once decided: the operation that carries its effects. */
interface Superseded {
  supersededBy: string;
}

/** How a recorded operation ended: its effects ran, or the domain refused its (deferred) event. */
type Resumed = { ok: true; run: OperationResult } | { ok: false; rejection: Rejection };

/**
 * Completes (or replays) one recorded operation. A deferred one is decided now, on the state its
 * predecessors left, and its effects recorded as operation `<id>:decided` before they run (so a
 * crash after the decision finds them). Hold the contact's lock.
 */
export async function resumeOperation(
  operation: OperationRecord,
  ctx: HandlerContext,
): Promise<Resumed> {
  const result = operation.result as Partial<Superseded & { rejected: Rejection }> | null;
  if (operation.status === 'done' && result?.rejected)
    return { ok: false, rejection: result.rejected };
  if (operation.status === 'done' && result?.supersededBy) {
    const next = await ctx.store.getOperation(ctx.portalId, result.supersededBy);
    if (!next) throw new Error(`Operation ${result.supersededBy} vanished`);
    return resumeOperation(next, ctx);
  }
  if (!isDeferred(operation.plan))
    return { ok: true, run: await continueOperation(operation, ctx) };
  const contactId = operation.subject.slice('contact:'.length);
  // Decided only on a whole state: every older operation of the contact completes first.
  await completeOthersFirst(ctx, contactId, operation.operationId);
  const contact = await readContact(ctx, contactId);
  const state = await readLeadState(contact, ctx.settings.lifecycle, ctx.gateway);
  const decided = transition(state, operation.plan.deferred, ctx.settings.lifecycle, ctx.now);
  if (!decided.ok) {
    await ctx.store.completeOperation(ctx.portalId, operation.operationId, {
      rejected: decided.rejection,
    });
    return { ok: false, rejection: decided.rejection };
  }
  const decidedId = `${operation.operationId}:decided`;
  const begun = await ctx.store.beginOperation(ctx.portalId, decidedId, {
    kind: operation.kind,
    subject: operation.subject,
    plan: { effects: decided.effects, state: decided.state },
    progress: { done: 0 },
  });
  await ctx.store.completeOperation(ctx.portalId, operation.operationId, {
    supersededBy: decidedId,
  } satisfies Superseded);
  return { ok: true, run: await continueOperation(begun.operation, ctx) };
}

/**
 * Completes the contact's operations a failure or a crash left pending, oldest first, so the
 * state read next is whole (a cleared stage is never mistaken for "lead"). Hold the contact's lock.
 */
async function completePendingOperations(ctx: HandlerContext, contactId: string): Promise<void> {
  const pending = await ctx.store.listPendingOperations({
    portalId: ctx.portalId,
    subject: `contact:${contactId}`,
  });
  for (const operation of pending) {
    // Re-read: deciding a deferred one completes it (and begins its successor, listed next time).
    const current = await ctx.store.getOperation(ctx.portalId, operation.operationId);
    if (current?.status === 'pending') await resumeOperation(current, ctx);
  }
  // A deferred operation decided above began a successor that is not in `pending` yet.
  const successors = await ctx.store.listPendingOperations({
    portalId: ctx.portalId,
    subject: `contact:${contactId}`,
  });
  for (const operation of successors) await resumeOperation(operation, ctx);
}

/** Where an operation id comes from: the caller's (namespaced), the card's, or a fresh one. */
function operationIdOf(
  given: string | undefined,
  fromCard: string | undefined,
  contactId: string,
): string {
  if (given) return given;
  return fromCard ? `card:${fromCard}:${contactId}` : `card:${randomUUID()}:${contactId}`;
}

/**
 * Applies one lifecycle event to a contact under its lock, as a durable operation: an operation
 * with this id that exists already is completed or replayed (never decided again); otherwise the
 * decision's effects are recorded before the first runs. A domain rejection becomes `rejected`; an
 * operation left pending answers `still_completing`.
 */
async function applyEvent(
  ctx: HandlerContext,
  contactId: string,
  operation: { id: string; kind: OperationKind },
  makeEvent: (
    state: LeadState,
    contact: { id: string; properties: CrmProperties },
  ) => Promise<LifecycleEvent>,
): Promise<ApiResult<{ state: LeadState; createdDealId?: string; replayed: boolean }>> {
  return ctx.store.withLock(contactLockKey(ctx.portalId, contactId), async () => {
    const answer = (resumed: Resumed, replayed: boolean) =>
      resumed.ok
        ? ok({
            state: resumed.run.state,
            ...(resumed.run.createdDealId ? { createdDealId: resumed.run.createdDealId } : {}),
            replayed,
          })
        : fail<never>('rejected', resumed.rejection.message, {
            fields: [{ path: resumed.rejection.code, message: resumed.rejection.message.en }],
          });
    try {
      const existing = await ctx.store.getOperation(ctx.portalId, operation.id);
      if (existing) return answer(await resumeOperation(existing, ctx), true);
      let blocked = false;
      try {
        await completePendingOperations(ctx, contactId);
      } catch (error) {
        if (!(error instanceof OperationIncompleteError)) throw error;
        blocked = true;
      }
      const contact = await readContact(ctx, contactId);
      const state = await readLeadState(contact, ctx.settings.lifecycle, ctx.gateway);
      const event = await makeEvent(state, contact);
      if (blocked) {
        // An earlier operation of this contact is still completing, so the state cannot be
        // decided on yet: record this one with its event, to be decided after it (by a retry or
        // the resumer). The answer "still completing" is true: it is recorded and will complete.
        await ctx.store.beginOperation(ctx.portalId, operation.id, {
          kind: operation.kind,
          subject: `contact:${contactId}`,
          plan: { deferred: event } satisfies DeferredPlan,
        });
        return fail('still_completing', STILL_COMPLETING);
      }
      const decided = transition(state, event, ctx.settings.lifecycle, ctx.now);
      if (!decided.ok)
        return fail('rejected', decided.rejection.message, {
          fields: [{ path: decided.rejection.code, message: decided.rejection.message.en }],
        });
      const run = await runOperation(
        {
          operationId: operation.id,
          kind: operation.kind,
          subject: `contact:${contactId}`,
          plan: { effects: decided.effects, state: decided.state },
        },
        ctx,
      );
      return answer({ ok: true, run }, false);
    } catch (error) {
      if (error instanceof OperationIncompleteError)
        return fail('still_completing', STILL_COMPLETING);
      throw error;
    }
  });
}

/**
 * Completes what must come before the deferred operation `operationId`: every decided pending
 * operation of the contact (decided on an earlier state, whenever its record was made — a
 * deferred predecessor's successor is younger than its own record), then the deferred ones
 * recorded before it, in order.
 */
async function completeOthersFirst(
  ctx: HandlerContext,
  contactId: string,
  operationId: string,
): Promise<void> {
  const pending = await ctx.store.listPendingOperations({
    portalId: ctx.portalId,
    subject: `contact:${contactId}`,
  });
  for (const operation of pending) {
    if (operation.operationId !== operationId && !isDeferred(operation.plan))
      await continueOperation(operation, ctx);
  }
  const own = pending.findIndex((candidate) => candidate.operationId === operationId);
  for (const operation of own < 0 ? [] : pending.slice(0, own)) {
    const current = await ctx.store.getOperation(ctx.portalId, operation.operationId);
    if (current?.status === 'pending' && isDeferred(current.plan))
      await resumeOperation(current, ctx);
  }
}

/** POST /api/contacts/{contactId}/hand-off */
export async function handOff(
  input: { contactId: string; body: unknown; operationId?: string },
  ctx: HandlerContext,
): Promise<ApiResult<HandOffResult>> {
  const body = handOffInputSchema.safeParse(input.body ?? {});
  if (!body.success) return invalid(fieldErrorsFromZod(body.error));
  const { salesOwnerIds } = ctx.settings.lifecycle;
  if (body.data.salesOwner.mode === 'round_robin' && salesOwnerIds.length === 0) {
    return invalid([
      {
        path: 'salesOwner.mode',
        message:
          'Round robin needs sales owners: add them under Settings → Hand-off rules, or pick an owner.',
      },
    ]);
  }
  const operationId = operationIdOf(input.operationId, body.data.operationId, input.contactId);
  const applied = await applyEvent(
    ctx,
    input.contactId,
    { id: operationId, kind: 'handoff' },
    async (state, contact) => {
      // Read under the contact's lock: the deal adopted is an open deal of the contact right now.
      const adoptDeal = await resolveAdoptedDeal(
        body.data.existingDeal,
        input.contactId,
        ctx,
        state.dealId,
      );
      const salesOwner =
        body.data.salesOwner.mode === 'round_robin'
          ? {
              mode: 'round_robin' as const,
              cursor: await ctx.store.nextRoundRobin(ctx.portalId, salesOwnerIds.length, 'sales'),
            }
          : body.data.salesOwner;
      const p = contact.properties;
      const contactName =
        [p.firstname, p.lastname].filter(Boolean).join(' ') || p.email || undefined;
      return {
        type: 'handOff',
        actor: ctx.userId,
        salesOwner,
        // Recorded in the loop history so the calibration can learn which rules predict returns.
        scoring: handOffScore(
          evaluate(contact.properties, ctx.settings.scoring, ctx.now),
          ctx.settings.scoring,
        ),
        ...(body.data.dealName ? { dealName: body.data.dealName } : {}),
        ...(p.company ? { companyName: p.company.slice(0, 200) } : {}),
        ...(contactName ? { contactName: contactName.slice(0, 200) } : {}),
        ...(adoptDeal ? { adoptDeal } : {}),
      };
    },
  );
  if (!applied.ok) return applied;
  const qualification = await getQualification({ contactId: input.contactId }, ctx);
  if (!qualification.ok) return qualification;
  const dealId = applied.data.createdDealId ?? applied.data.state.dealId ?? null;
  const adopted = applied.data.state.history.at(-1)?.adopted === true;
  return ok({
    dealId,
    ownerId: qualification.data.ownerId,
    // A hand-off that created no deal reopened the contact's existing one (or adopted another).
    reopened: dealId !== null && applied.data.createdDealId === undefined && !adopted,
    adopted,
    qualification: qualification.data,
  });
}

/**
 * What a return needs besides the reason: owner names for the note and, for the policy
 * `team_round_robin`, the team member whose turn it is — the team's active owners (the owners API
 * carries each owner's teams) in id order, the portal's cursor for that team advanced atomically
 * (so concurrent returns never pick the same member). Called once per operation: a retry replays
 * the recorded event.
 */
async function returnOwnerInputs(
  ctx: HandlerContext,
): Promise<{ teamOwnerId?: string; ownerNames?: Record<string, string> }> {
  const owners = await ctx.listOwners();
  const ownerNames: Record<string, string> = {};
  for (const owner of owners) {
    const name = ownerName(owner);
    if (name) ownerNames[owner.id] = name.slice(0, 200);
  }
  const policy = ctx.settings.lifecycle.returnOwner;
  if (policy.mode !== 'team_round_robin') return { ownerNames };
  const members = owners
    .filter((owner) => owner.teams?.some((team) => team.id === policy.teamId))
    .map((owner) => owner.id)
    .sort((a, b) => Number(a) - Number(b) || a.localeCompare(b));
  if (members.length === 0) return { ownerNames };
  const cursor = await ctx.store.nextRoundRobin(
    ctx.portalId,
    members.length,
    `return-team:${policy.teamId}`,
  );
  return { ownerNames, teamOwnerId: members[cursor % members.length] as string };
}

/** POST /api/contacts/{contactId}/return-to-marketing */
export async function returnContactToMarketing(
  input: { contactId: string; body: unknown; operationId?: string },
  ctx: HandlerContext,
): Promise<ApiResult<QualificationView>> {
  const body = returnInputSchema.safeParse(input.body ?? {});
  if (!body.success) return invalid(fieldErrorsFromZod(body.error));
  const operationId = operationIdOf(input.operationId, body.data.operationId, input.contactId);
  const applied = await applyEvent(
    ctx,
    input.contactId,
    { id: operationId, kind: 'return' },
    async () => ({
      type: 'returnToMarketing',
      actor: ctx.userId,
      reason: body.data.reason,
      ...(body.data.note ? { note: body.data.note } : {}),
      ...(await returnOwnerInputs(ctx)),
    }),
  );
  if (!applied.ok) return applied;
  return getQualification({ contactId: input.contactId }, ctx);
}

/** POST /api/deals/{dealId}/return-to-marketing — returns the deal's contacts whose loop is this deal. */
export async function returnDealToMarketing(
  input: { dealId: string; body: unknown; operationId?: string },
  ctx: HandlerContext,
): Promise<ApiResult<DealReturnResult>> {
  const body = returnInputSchema.safeParse(input.body ?? {});
  if (!body.success) return invalid(fieldErrorsFromZod(body.error));
  const deal = await ctx.gateway.getDeal(input.dealId, [
    DEAL_PROPERTIES.loopCount.name,
    'dealstage',
  ]);
  // A closed deal is finished business: it is not returned from the deal (issue 15, item 6).
  const refusal = closedDealReturnRefusal(await dealOutcomeOf(ctx, deal.properties.dealstage));
  if (refusal) {
    return fail('rejected', refusal.message, {
      fields: [{ path: refusal.code, message: refusal.message.en }],
    });
  }
  const contactIds = deal.contacts.map((contact) => contact.id);
  if (contactIds.length === 0) {
    throw new ApiFailure({
      code: 'rejected',
      message: {
        en: 'This deal has no associated contact to return to marketing.',
        de: 'Dieser Deal hat keinen zugeordneten Kontakt, der an das Marketing zurückgegeben werden kann.',
      },
    });
  }
  const contacts = await ctx.gateway.batchReadContacts(contactIds, [
    CONTACT_PROPERTIES.loopHistory.name,
  ]);
  const inLoop = contacts.filter(
    (contact) =>
      currentDealId(parseLoopHistory(contact.properties[CONTACT_PROPERTIES.loopHistory.name])) ===
      input.dealId,
  );
  const targets =
    inLoop.length > 0 ? inLoop.map((contact) => contact.id) : [contactIds[0] as string];
  const returned: string[] = [];
  let loopCount = 0;
  // One operation per contact, all named after the request, so a retry finds each of them.
  const base = input.operationId ?? `card:${body.data.operationId ?? randomUUID()}`;
  for (const contactId of targets) {
    const operationId = `${base}:${contactId}`;
    const applied = await applyEvent(
      ctx,
      contactId,
      { id: operationId, kind: 'return' },
      async () => ({
        type: 'returnToMarketing',
        actor: ctx.userId,
        reason: body.data.reason,
        ...(body.data.note ? { note: body.data.note } : {}),
        ...(await returnOwnerInputs(ctx)),
      }),
    );
    if (!applied.ok) {
      if (returned.length === 0) return applied;
      continue;
    }
    returned.push(contactId);
    loopCount = Math.max(loopCount, applied.data.state.loopCount);
  }
  return ok({ contactIds: returned, loopCount });
}

/** Applies a deal's won/lost stage to the contacts whose loop is that deal (webhooks, workflows). */
export async function applyDealOutcome(
  input: { dealId: string; outcome: 'won' | 'lost'; operationId: string },
  ctx: HandlerContext,
): Promise<{ contactIds: string[] }> {
  const deal = await ctx.gateway.getDeal(input.dealId, ['dealstage']);
  const changed: string[] = [];
  for (const association of deal.contacts) {
    const operation = {
      id: `${input.operationId}:${association.id}`,
      kind: input.outcome === 'won' ? ('win' as const) : ('loss' as const),
    };
    const applied = await applyEvent(ctx, association.id, operation, async (state) =>
      input.outcome === 'won'
        ? { type: 'dealWon', actor: ctx.userId, dealId: input.dealId }
        : {
            type: 'dealLost',
            actor: ctx.userId,
            dealId: input.dealId,
            ...(state.lastReturnReason ? {} : {}),
          },
    );
    if (applied.ok) changed.push(association.id);
  }
  return { contactIds: changed };
}
