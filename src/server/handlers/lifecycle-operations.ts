// The durable-operation machinery every lifecycle action shares (hand-off, return, win, loss,
// promotion): the contact's lock, completing what a failure left pending, deciding a deferred
// event on a whole state, and applying one event as a durable operation (src/server/handlers/
// lifecycle.ts holds the actions themselves).
import { randomUUID } from 'node:crypto';
import type { Localized } from '../../domain/errors.ts';
import {
  scoringReadProperties,
  transition,
  type LeadState,
  type LifecycleEvent,
} from '../../domain/lifecycle/index.ts';
import type { Rejection } from '../../domain/lifecycle/rejection.ts';
import type { ScoringModel } from '../../domain/scoring/index.ts';
import type { CrmProperties } from '../../hubspot/gateway.ts';
import type { OperationRecord } from '../../store/store.ts';
import {
  OperationIncompleteError,
  continueOperation,
  runOperation,
  type OperationKind,
  type OperationResult,
} from '../effects/effect-runner.ts';
import { fail, ok, type ApiResult } from '../http/envelope.ts';
import { LEAD_STATE_PROPERTIES, readLeadState } from '../read-models/lead-state.ts';
import type { HandlerContext } from './context.ts';

export function contactProperties(model: ScoringModel): string[] {
  return [...new Set([...LEAD_STATE_PROPERTIES, ...scoringReadProperties(model)])];
}

/** The contact with its companies and every property the lead state and the model read. */
export async function readContact(ctx: HandlerContext, contactId: string) {
  return ctx.gateway.getContactWithCompanies(contactId, contactProperties(ctx.settings.scoring));
}

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

/** The contact's pending operations, oldest first. */
const pendingOperationsOf = (ctx: HandlerContext, contactId: string) =>
  ctx.store.listPendingOperations({ portalId: ctx.portalId, subject: `contact:${contactId}` });

/**
 * Completes the contact's operations a failure or a crash left pending, oldest first, so the
 * state read next is whole (a cleared stage is never mistaken for "lead"). Hold the contact's lock.
 */
export async function completePendingOperations(
  ctx: HandlerContext,
  contactId: string,
): Promise<void> {
  const pending = await pendingOperationsOf(ctx, contactId);
  for (const operation of pending) {
    // Re-read: deciding a deferred one completes it (and begins its successor, listed next time).
    const current = await ctx.store.getOperation(ctx.portalId, operation.operationId);
    if (current?.status === 'pending') await resumeOperation(current, ctx);
  }
  // A deferred operation decided above began a successor that is not in `pending` yet.
  const successors = await pendingOperationsOf(ctx, contactId);
  for (const operation of successors) await resumeOperation(operation, ctx);
}

/** Where an operation id comes from: the caller's (namespaced), the card's, or a fresh one. */
export function operationIdOf(
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
export async function applyEvent(
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
  const pending = await pendingOperationsOf(ctx, contactId);
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
