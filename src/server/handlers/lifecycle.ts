// Card API and workflow actions on a contact's place in the loop: its qualification (score with
// reasons, lifecycle, loop history), hand-off to sales, return to marketing, rescore — and the
// deal-side return (from the Opportunity Plan card). Each decision is the domain's `transition`;
// the effects run through the effect runner.
import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { handOffScore } from '../../domain/calibration/index.ts';
import {
  canHandOff,
  canReturn,
  closedDealReturnRefusal,
  scoreContact,
  type HandOffEvent,
  type LeadState,
  type LifecycleEvent,
} from '../../domain/lifecycle/index.ts';
import { CONTACT_PROPERTIES, DEAL_PROPERTIES } from '../../domain/properties.ts';
import { evaluate, explainScore, type ScoreResult } from '../../domain/scoring/index.ts';
import type {
  DealReturnResult,
  HandOffResult,
  OpenDealView,
  QualificationView,
} from '../../contract/card-api.ts';
import { handOffBodySchema, returnBodySchema } from '../../contract/card-inputs.ts';
import type { CrmProperties } from '../../hubspot/gateway.ts';
import { OperationIncompleteError, runEffects, runOperation } from '../effects/effect-runner.ts';
import { ApiFailure, fail, invalid, ok, withBody, type ApiResult } from '../http/envelope.ts';
import { currentDealId, parseLoopHistory, readLeadState } from '../read-models/lead-state.ts';
import { RESCORE_JOB_KIND } from '../../jobs/rescore-progress.ts';
import { foldContactEffects } from '../effects/batch-runner.ts';
import {
  contactName,
  ownerViews,
  scoreView,
  type OwnerView,
  type ScoreView,
} from '../read-models/views.ts';
import type { HandlerContext } from './context.ts';
import { openDealsOf, resolveAdoptedDeal } from './existing-deals.ts';
import {
  STILL_COMPLETING,
  applyEvent,
  completePendingOperations,
  contactLockKey,
  operationIdOf,
  readContact,
} from './lifecycle-operations.ts';
import { noteNames, returnEventInputs } from './loop-names.ts';
import { dealOutcomeOf } from './plan.ts';
import { recordUrl } from './record-links.ts';

export type { QualificationView, ScoreView };
// The operation machinery's public names, where the routes and the backend have always found them.
export {
  STILL_COMPLETING,
  contactLockKey,
  resumeOperation,
  subjectLockKey,
} from './lifecycle-operations.ts';

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
  return {
    contactId: contact.id,
    name: contactName(p, contact.id),
    email: p.email ?? null,
    lifecycleStage: p.lifecyclestage ?? null,
    leadStatus: p.hs_lead_status ?? null,
    ownerId: p.hubspot_owner_id ?? null,
    score: scoreView(result, explainScore(p, ctx.settings.scoring, result, ctx.now)),
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
        // The acting user by name in a promotion's note (owners are cached per portal).
        names: await noteNames(ctx, {}),
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

/** The sales owner a hand-off's choice names (the note's "Sales owner: …"). */
function salesOwnerIdOf(
  choice: HandOffEvent['salesOwner'],
  salesOwnerIds: readonly string[],
  state: LeadState,
): string | undefined {
  if (choice.mode === 'explicit') return choice.ownerId;
  if (choice.mode === 'keep') return state.ownerId;
  return salesOwnerIds.length === 0
    ? undefined
    : salesOwnerIds[choice.cursor % salesOwnerIds.length];
}

/** POST /api/contacts/{contactId}/hand-off */
export async function handOff(
  input: { contactId: string; body: unknown; operationId?: string },
  ctx: HandlerContext,
): Promise<ApiResult<HandOffResult>> {
  return withBody(handOffBodySchema, input.body, (body) => handOffContact(input, body, ctx));
}

async function handOffContact(
  input: { contactId: string; operationId?: string },
  body: z.output<typeof handOffBodySchema>,
  ctx: HandlerContext,
): Promise<ApiResult<HandOffResult>> {
  const { salesOwnerIds } = ctx.settings.lifecycle;
  if (body.salesOwner.mode === 'round_robin' && salesOwnerIds.length === 0) {
    return invalid([
      {
        path: 'salesOwner.mode',
        message:
          'Round robin needs sales owners: add them under Settings → Hand-off rules, or pick an owner.',
      },
    ]);
  }
  const operationId = operationIdOf(input.operationId, body.operationId, input.contactId);
  const applied = await applyEvent(
    ctx,
    input.contactId,
    { id: operationId, kind: 'handoff' },
    async (state, contact) => {
      // Read under the contact's lock: the deal adopted is an open deal of the contact right now.
      const adoptDeal = await resolveAdoptedDeal(
        body.existingDeal,
        input.contactId,
        ctx,
        state.dealId,
      );
      const salesOwner =
        body.salesOwner.mode === 'round_robin'
          ? {
              mode: 'round_robin' as const,
              cursor: await ctx.store.nextRoundRobin(ctx.portalId, salesOwnerIds.length, 'sales'),
            }
          : body.salesOwner;
      const p = contact.properties;
      const name = contactName(p) ?? undefined;
      const reopens = !adoptDeal && (state.dealStatus === 'lost' || state.dealStatus === 'open');
      const names = await noteNames(ctx, {
        owners: [salesOwnerIdOf(salesOwner, salesOwnerIds, state)],
        deals: reopens ? [{ id: state.dealId }] : [],
      });
      return {
        type: 'handOff',
        actor: ctx.userId,
        salesOwner,
        // Recorded in the loop history so the calibration can learn which rules predict returns.
        scoring: handOffScore(
          evaluate(contact.properties, ctx.settings.scoring, ctx.now),
          ctx.settings.scoring,
        ),
        ...(body.dealName ? { dealName: body.dealName } : {}),
        ...(p.company ? { companyName: p.company.slice(0, 200) } : {}),
        ...(name ? { contactName: name.slice(0, 200) } : {}),
        ...(adoptDeal ? { adoptDeal } : {}),
        names,
      };
    },
  );
  if (!applied.ok) return applied;
  const qualification = await getQualification({ contactId: input.contactId }, ctx);
  if (!qualification.ok) return qualification;
  const dealId = applied.data.createdDealId ?? applied.data.state.dealId ?? null;
  const adopted = applied.data.state.history.at(-1)?.adopted === true;
  // The toast names the deal and links it ("Opportunity “…” was created"); a failed read only
  // leaves the toast with the name the card sent.
  const dealName =
    dealId === null
      ? null
      : await ctx.gateway.getDeal(dealId, ['dealname']).then(
          (deal) => deal.properties.dealname?.trim() || null,
          () => null,
        );
  return ok({
    dealId,
    dealName,
    dealUrl: dealId === null ? null : recordUrl(ctx.portalId, 'deal', dealId),
    ownerId: qualification.data.ownerId,
    // A hand-off that created no deal reopened the contact's existing one (or adopted another).
    reopened: dealId !== null && applied.data.createdDealId === undefined && !adopted,
    adopted,
    qualification: qualification.data,
  });
}

/** The return event of a card's request, decided once per operation (a retry replays it). */
async function returnEvent(
  ctx: HandlerContext,
  body: z.infer<typeof returnBodySchema>,
  state: LeadState,
): Promise<LifecycleEvent> {
  return {
    type: 'returnToMarketing',
    actor: ctx.userId,
    reason: body.reason,
    ...(body.note ? { note: body.note } : {}),
    ...(await returnEventInputs(ctx, state)),
  };
}

/** POST /api/contacts/{contactId}/return-to-marketing */
export async function returnContactToMarketing(
  input: { contactId: string; body: unknown; operationId?: string },
  ctx: HandlerContext,
): Promise<ApiResult<QualificationView>> {
  return withBody(returnBodySchema, input.body, async (body) => {
    const operationId = operationIdOf(input.operationId, body.operationId, input.contactId);
    const applied = await applyEvent(
      ctx,
      input.contactId,
      { id: operationId, kind: 'return' },
      (state) => returnEvent(ctx, body, state),
    );
    if (!applied.ok) return applied;
    return getQualification({ contactId: input.contactId }, ctx);
  });
}

/** POST /api/deals/{dealId}/return-to-marketing — returns the deal's contacts whose loop is this deal. */
export async function returnDealToMarketing(
  input: { dealId: string; body: unknown; operationId?: string },
  ctx: HandlerContext,
): Promise<ApiResult<DealReturnResult>> {
  return withBody(returnBodySchema, input.body, (body) => returnDealContacts(input, body, ctx));
}

async function returnDealContacts(
  input: { dealId: string; operationId?: string },
  body: z.output<typeof returnBodySchema>,
  ctx: HandlerContext,
): Promise<ApiResult<DealReturnResult>> {
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
  const base = input.operationId ?? `card:${body.operationId ?? randomUUID()}`;
  for (const contactId of targets) {
    const operationId = `${base}:${contactId}`;
    const applied = await applyEvent(ctx, contactId, { id: operationId, kind: 'return' }, (state) =>
      returnEvent(ctx, body, state),
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
  const deal = await ctx.gateway.getDeal(input.dealId, ['dealstage', 'dealname']);
  const changed: string[] = [];
  for (const association of deal.contacts) {
    const operation = {
      id: `${input.operationId}:${association.id}`,
      kind: input.outcome === 'won' ? ('win' as const) : ('loss' as const),
    };
    const applied = await applyEvent(ctx, association.id, operation, async (state) => {
      const names = await noteNames(ctx, {
        owners: [state.ownerId],
        deals: [{ id: input.dealId, name: deal.properties.dealname ?? null }],
      });
      return input.outcome === 'won'
        ? { type: 'dealWon', actor: ctx.userId, dealId: input.dealId, names }
        : { type: 'dealLost', actor: ctx.userId, dealId: input.dealId, names };
    });
    if (applied.ok) changed.push(association.id);
  }
  return { contactIds: changed };
}
