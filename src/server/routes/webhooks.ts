// Webhooks — https://developers.hubspot.com/docs/apps/developer-platform/add-features/webhooks
// Batches of up to 100 events, delivered at least once and unordered. We drop events already seen
// (by eventId), coalesce per object, read the objects with one batch call, decide, write only what
// changed with one batch call. The answer to HubSpot waits only for a durable enqueue
// (./webhook-queue.ts), which runs this after the answer; when work cannot be done now (rate
// limit, HubSpot down, a record locked past our deadline) the seen ids are forgotten and the queue
// runs the batch again later. An event about a record
// that is gone (404, or left out of a batch read) is dropped and logged: it never defers the rest.
import { dealStagesOf } from '../read-models/pipeline-cache.ts';
import { z } from 'zod';
import { classifyDealStage } from '../../domain/lifecycle/index.ts';
import type { HandlerContext } from '../handlers/context.ts';
import { applyDealOutcome } from '../handlers/lifecycle.ts';
import { enforceStageGate } from '../handlers/stage-gate-enforcement.ts';
import { refreshRequalifyBy } from '../handlers/requalification.ts';
import { scoreBatchProperties, scoreRecordsBatched } from '../effects/score-runner.ts';
import {
  HubSpotAuthError,
  HubSpotNotFoundError,
  HubSpotRateLimitError,
  HubSpotUnavailableError,
} from '../../hubspot/errors.ts';
import { LockBusyError, type LockDeadline } from '../effects/record-locks.ts';

export const webhookEventSchema = z
  .object({
    eventId: z.union([z.number(), z.string()]).transform(String),
    subscriptionId: z.union([z.number(), z.string()]).optional(),
    portalId: z.number().int().positive(),
    appId: z.number().optional(),
    occurredAt: z.number(),
    subscriptionType: z.string().min(1),
    attemptNumber: z.number().optional(),
    objectId: z.union([z.number(), z.string()]).transform(String).optional(),
    propertyName: z.string().optional(),
    propertyValue: z.string().optional(),
    changeSource: z.string().optional(),
  })
  .loose();
export const webhookBatchSchema = z
  .array(webhookEventSchema)
  .max(100, 'HubSpot sends at most 100 events per request');
export type WebhookEvent = z.output<typeof webhookEventSchema>;

export interface WebhookOutcome {
  received: number;
  duplicates: number;
  contactsScored: number;
  contactsWritten: number;
  contactsPromoted: number;
  dealsDecided: number;
  erased: number;
  /** Events about records HubSpot no longer has (deleted since): dropped, logged. */
  gone: number;
  /** Records whose processing failed for a reason a redelivery would not cure: dropped, logged. */
  dropped: number;
}

const isContactEvent = (type: string) =>
  type.startsWith('contact.') && type !== 'contact.privacyDeletion' && type !== 'contact.deletion';

/**
 * Failures that defer the whole batch (HubSpot redelivers it): the portal's budget is used up,
 * HubSpot is down, the token is refused, or a record is locked by another request past our
 * deadline. Anything else is about one record and must not make HubSpot redo the rest.
 */
export function defersBatch(error: unknown): boolean {
  return (
    error instanceof HubSpotRateLimitError ||
    error instanceof HubSpotUnavailableError ||
    error instanceof HubSpotAuthError ||
    error instanceof LockBusyError
  );
}

export { PROMOTION_LOCK_CHUNK } from '../effects/score-runner.ts';

/**
 * Processes one portal's events; throws when the work must be retried (by HubSpot's redelivery or
 * the webhook queue, ./webhook-queue.ts). `dedupe` answers which event ids were never seen and
 * marks them (the queue records the mark in its operation).
 */
export async function processPortalEvents(
  events: WebhookEvent[],
  ctx: HandlerContext,
  deadline: LockDeadline = { deadlineAt: Number.POSITIVE_INFINITY, now: () => ctx.now.getTime() },
  dedupe: (eventIds: string[]) => Promise<string[]> = (eventIds) =>
    ctx.store.markEventsSeen(ctx.portalId, eventIds),
): Promise<WebhookOutcome> {
  const outcome: WebhookOutcome = {
    received: events.length,
    duplicates: 0,
    contactsScored: 0,
    contactsPromoted: 0,
    contactsWritten: 0,
    dealsDecided: 0,
    erased: 0,
    gone: 0,
    dropped: 0,
  };
  const fresh = new Set(await dedupe(events.map((event) => event.eventId)));
  const work = events.filter((event) => fresh.has(event.eventId));
  outcome.duplicates = events.length - new Set(work.map((event) => event.eventId)).size;
  // Within one batch the same event id may appear twice: keep the first.
  const unique = [...new Map(work.map((event) => [event.eventId, event])).values()];
  /** Runs one record's work; a record-level failure is logged and dropped, a deferral rethrown. */
  const isolated = async (what: Record<string, unknown>, run: () => Promise<void>) => {
    try {
      await run();
    } catch (error) {
      if (defersBatch(error)) throw error;
      if (error instanceof HubSpotNotFoundError) {
        outcome.gone += 1;
        ctx.logger.info(
          { ...what, portalId: ctx.portalId },
          'webhook event for a record that is gone; dropped',
        );
      } else {
        outcome.dropped += 1;
        ctx.logger.error(
          { ...what, err: error, portalId: ctx.portalId },
          'webhook event failed; dropped',
        );
      }
    }
  };
  try {
    const erase = new Set<string>();
    // Per contact, the first event of it in this batch: the id of a promotion it causes.
    const contacts = new Map<string, string>();
    // Per deal, the event it is decided for: the operation id of its outcome (a redelivery of the
    // batch carries the same event ids, so it finds the operations the first delivery recorded).
    const deals = new Map<string, string>();
    // Per deal, the latest stage change this batch reports (for op_requalify_by).
    const stageChangedAt = new Map<string, number>();
    for (const event of unique) {
      if (!event.objectId) continue;
      if (
        event.subscriptionType === 'contact.privacyDeletion' ||
        event.subscriptionType === 'contact.deletion'
      ) {
        erase.add(event.objectId);
      } else if (isContactEvent(event.subscriptionType)) {
        if (!contacts.has(event.objectId)) contacts.set(event.objectId, event.eventId);
      } else if (
        event.subscriptionType === 'deal.propertyChange' &&
        event.propertyName === 'dealstage'
      ) {
        deals.set(event.objectId, event.eventId);
        stageChangedAt.set(
          event.objectId,
          Math.max(event.occurredAt, stageChangedAt.get(event.objectId) ?? 0),
        );
      }
    }
    for (const contactId of erase) {
      await ctx.store.eraseContact(ctx.portalId, contactId);
      contacts.delete(contactId);
      outcome.erased += 1;
    }
    if (contacts.size > 0) {
      await isolated({ contacts: contacts.size }, () =>
        scoreContacts(contacts, ctx, outcome, deadline),
      );
    }
    for (const [dealId, eventId] of deals) {
      await isolated({ dealId }, async () => {
        // A deal that entered a gated stage it fails is moved back (or its owner warned) first;
        // one moved back has not reached the stage, so it has no outcome to apply.
        if ((await enforceStageGate({ dealId }, ctx)) === 'movedBack') return;
        // Events are unordered: decide on the deal's current stage, not the event's value.
        const deal = await ctx.gateway.getDeal(dealId, ['dealstage']);
        const stage = deal.properties.dealstage;
        const outcomeKind = stage
          ? classifyDealStage(ctx.settings.lifecycle, stage, await dealStagesOf(ctx.gateway, stage))
          : 'open';
        await refreshRequalifyBy(ctx, dealId, outcomeKind, stageChangedAt.get(dealId));
        if (outcomeKind === 'open') return;
        // Takes each contact's lock (bounded by the deadline through ctx.store); none is held here.
        // The operation id is the event's: a redelivery finds what the first delivery recorded.
        await applyDealOutcome(
          { dealId, outcome: outcomeKind, operationId: `webhook:${eventId}` },
          ctx,
        );
        outcome.dealsDecided += 1;
      });
    }
    return outcome;
  } catch (error) {
    // Not done: forget the ids so HubSpot's redelivery of this batch is processed again.
    await ctx.store.forgetEvents(ctx.portalId, [...fresh]);
    throw error;
  }
}

/**
 * Scores the contacts: one batch read, then the one scoring transition and the batched effect
 * runner (src/server/effects/score-runner.ts) — one batch write of what changed; promotions
 * decided under the contacts' locks with the event's id as the operation id, so a redelivery of
 * the batch finds what the first delivery recorded.
 */
async function scoreContacts(
  events: Map<string, string>,
  ctx: HandlerContext,
  outcome: WebhookOutcome,
  deadline: LockDeadline,
): Promise<void> {
  const ids = [...events.keys()];
  const records = await ctx.gateway.batchReadContacts(ids, scoreBatchProperties(ctx));
  // A batch read leaves out ids HubSpot does not have (deleted since the event): drop those events.
  const found = new Set(records.map((record) => record.id));
  const missing = ids.filter((id) => !found.has(id));
  if (missing.length > 0) {
    outcome.gone += missing.length;
    ctx.logger.info(
      { portalId: ctx.portalId, contactIds: missing },
      'webhook events for contacts that are gone; dropped',
    );
  }
  const scored = await scoreRecordsBatched(records, ctx, {
    operationIdFor: (contactId) => `webhook:${events.get(contactId) ?? 'sweep'}:${contactId}`,
    deadline,
  });
  outcome.contactsScored += scored.scored;
  outcome.contactsWritten += scored.written;
  outcome.contactsPromoted += scored.promoted;
}
