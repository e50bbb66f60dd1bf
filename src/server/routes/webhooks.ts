// Webhooks — https://developers.hubspot.com/docs/apps/developer-platform/add-features/webhooks
// Batches of up to 100 events, delivered at least once and unordered. We drop events already seen
// (by eventId), coalesce per object, read the objects with one batch call, decide, write only what
// changed with one batch call, and answer within HubSpot's 5 s. When work cannot be done now
// (rate limit, HubSpot down, a record locked past our deadline) the seen ids are forgotten and we
// answer non-2xx: HubSpot redelivers, so HubSpot is the durable queue. An event about a record
// that is gone (404, or left out of a batch read) is dropped and logged: it never defers the rest.
import { dealStagesOf } from '../read-models/pipeline-cache.ts';
import { z } from 'zod';
import { classifyDealStage, transition } from '../../domain/lifecycle/index.ts';
import { changedScoreProperties, evaluate, propertiesReadBy } from '../../domain/scoring/index.ts';
import { CONTACT_PROPERTIES } from '../../domain/properties.ts';
import type { HandlerContext } from '../handlers/context.ts';
import { applyDealOutcome } from '../handlers/lifecycle.ts';
import { enforceStageGate } from '../handlers/stage-gate-enforcement.ts';
import { refreshRequalifyBy } from '../handlers/requalification.ts';
import { continueOperation, noteBody, noteMarker } from '../effects/effect-runner.ts';
import type { Effect } from '../../domain/lifecycle/index.ts';
import type { Localized } from '../../domain/errors.ts';
import type { CrmProperties, NoteInput } from '../../hubspot/gateway.ts';
import {
  HubSpotAuthError,
  HubSpotNotFoundError,
  HubSpotRateLimitError,
  HubSpotUnavailableError,
} from '../../hubspot/errors.ts';
import {
  LockBusyError,
  contactLockKey,
  withLocksBy,
  type LockDeadline,
} from '../effects/record-locks.ts';
import { LEAD_STATE_PROPERTIES, readLeadState } from '../read-models/lead-state.ts';
import { StoredDataDamagedError } from '../../domain/errors.ts';

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

/** Promotions are decided under the contacts' locks, this many contacts (and locks) at a time. */
export const PROMOTION_LOCK_CHUNK = 5;

/** Processes one portal's events; throws when the work must be retried by HubSpot. */
export async function processPortalEvents(
  events: WebhookEvent[],
  ctx: HandlerContext,
  deadline: LockDeadline = { deadlineAt: Number.POSITIVE_INFINITY, now: () => ctx.now.getTime() },
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
  const fresh = new Set(
    await ctx.store.markEventsSeen(
      ctx.portalId,
      events.map((event) => event.eventId),
    ),
  );
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

/** Whether the lead may be auto-promoted now (policy on, MQL band reached, still a lead). */
function promotable(properties: CrmProperties, band: string, ctx: HandlerContext): boolean {
  const stage = properties.lifecyclestage;
  return (
    ctx.settings.lifecycle.autoPromoteToMql &&
    band !== 'lead' &&
    (!stage ||
      stage === ctx.settings.lifecycle.stageMap.lead ||
      stage === ctx.settings.lifecycle.stageMap.subscriber)
  );
}

/**
 * Scores the contacts (one batch read, one batch write of what changed, no lock: scores are a
 * function of the record), then promotes those that crossed the MQL threshold under their locks,
 * re-reading them there: a concurrent batch (HubSpot sends up to 10 at once) or a card may have
 * promoted them since the first read, and deciding on that read would promote twice.
 */
async function scoreContacts(
  events: Map<string, string>,
  ctx: HandlerContext,
  outcome: WebhookOutcome,
  deadline: LockDeadline,
): Promise<void> {
  const ids = [...events.keys()];
  const properties = [
    ...new Set([...propertiesReadBy(ctx.settings.scoring), ...LEAD_STATE_PROPERTIES]),
  ];
  const records = await ctx.gateway.batchReadContacts(ids, properties);
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
  const updates: { id: string; properties: Record<string, string> }[] = [];
  const candidates: string[] = [];
  for (const record of records) {
    const result = evaluate(record.properties, ctx.settings.scoring, ctx.now);
    outcome.contactsScored += 1;
    const changed = changedScoreProperties(record.properties, result);
    if (changed)
      updates.push({
        id: record.id,
        properties: { ...changed, [CONTACT_PROPERTIES.scoredAt.name]: ctx.now.toISOString() },
      });
    if (promotable(record.properties, result.band, ctx)) candidates.push(record.id);
  }
  if (updates.length > 0) await writeContacts(updates, ctx, outcome);
  const sorted = [...candidates].sort();
  for (let index = 0; index < sorted.length; index += PROMOTION_LOCK_CHUNK) {
    const chunk = sorted.slice(index, index + PROMOTION_LOCK_CHUNK);
    await withLocksBy(
      ctx.store,
      chunk.map((id) => contactLockKey(ctx.portalId, id)),
      deadline,
      () => promoteUnderLock(chunk, events, properties, ctx, outcome),
    );
  }
}

async function writeContacts(
  updates: { id: string; properties: Record<string, string> }[],
  ctx: HandlerContext,
  outcome: WebhookOutcome,
): Promise<{ written: Set<string> }> {
  const written = await ctx.gateway.batchUpdate('contacts', updates);
  if (written.errors.length > 0)
    ctx.logger.warn(
      { portalId: ctx.portalId, errors: written.errors },
      'some contact writes were refused',
    );
  outcome.contactsWritten += written.results.length;
  return { written: new Set(written.results.map((record) => record.id)) };
}

/**
 * Decides and writes the promotions of `ids` while their locks are held, re-reading them first.
 * Each promotion is a durable operation (id `webhook:<event id>:<contact>`), recorded before the
 * batch write and completed after the notes, so a failure between them is completed by HubSpot's
 * redelivery or the resumer — never a promoted contact without its note, or with two. A forward
 * lifecycle move and the loop history are plain property writes (one batch write), the notes one
 * batch create; a promotion that is anything else, or that a redelivery finds recorded, runs
 * through the effect runner from where it stopped.
 */
async function promoteUnderLock(
  ids: string[],
  events: Map<string, string>,
  properties: string[],
  ctx: HandlerContext,
  outcome: WebhookOutcome,
): Promise<void> {
  const records = await ctx.gateway.batchReadContacts(ids, properties);
  const updates: { id: string; properties: Record<string, string> }[] = [];
  const batched: { operationId: string; contactId: string; noteIndex: number }[] = [];
  const notes: NoteInput[] = [];
  for (const record of records) {
    const result = evaluate(record.properties, ctx.settings.scoring, ctx.now);
    if (!promotable(record.properties, result.band, ctx)) continue;
    let state;
    try {
      state = await readLeadState(record, ctx.settings.lifecycle, ctx.gateway, {
        lookUpDeal: false,
      });
    } catch (error) {
      // A damaged history is never overwritten: skip the contact (HubSpot must not redeliver
      // the batch forever for it) and say which record and property a person must repair.
      if (!(error instanceof StoredDataDamagedError)) throw error;
      ctx.logger.error(
        {
          contactId: record.id,
          record: error.record,
          property: error.property,
          problem: error.problem,
        },
        'stored data damaged; contact left unchanged',
      );
      continue;
    }
    const decided = transition(
      state,
      {
        type: 'scoreChanged',
        actor: 'system',
        total: result.total,
        fit: result.fit,
        engagement: result.engagement,
        grade: result.grade,
        band: result.band,
      },
      ctx.settings.lifecycle,
      ctx.now,
    );
    if (!decided.ok || decided.effects.length === 0) continue;
    const operationId = `webhook:${events.get(record.id) ?? 'sweep'}:${record.id}`;
    const begun = await ctx.store.beginOperation(ctx.portalId, operationId, {
      kind: 'promotion',
      subject: `contact:${record.id}`,
      plan: { effects: decided.effects, state: decided.state },
      progress: { done: 0 },
    });
    const batchable = batchablePromotion(decided.effects, record.id);
    if (!begun.created || batchable === null) {
      await continueOperation(begun.operation, ctx);
      outcome.contactsPromoted += 1;
      continue;
    }
    updates.push({ id: record.id, properties: batchable.properties });
    notes.push({
      body: noteBody(
        batchable.note,
        noteMarker(ctx.portalId, operationId, batchable.noteIndex),
        batchable.language,
      ),
      timestamp: ctx.now.getTime(),
      associations: [{ objectType: 'contacts', id: record.id }],
    });
    batched.push({ operationId, contactId: record.id, noteIndex: batchable.noteIndex });
    outcome.contactsPromoted += 1;
  }
  if (updates.length > 0) {
    const written = await ctx.gateway.batchUpdate('contacts', updates);
    if (written.errors.length > 0)
      ctx.logger.warn(
        { portalId: ctx.portalId, errors: written.errors },
        'some promotions were refused',
      );
    // A promotion whose write HubSpot refused gets no note: its operation stays pending (at its
    // first effect) for the resumer, which runs it effect by effect.
    const writtenIds = new Set(written.results.map((record) => record.id));
    for (let index = batched.length - 1; index >= 0; index -= 1) {
      if (!writtenIds.has(batched[index]!.contactId)) {
        batched.splice(index, 1);
        notes.splice(index, 1);
      }
    }
  }
  if (batched.length === 0) return;
  // The writes are done; the notes are creates: in doubt from now until their answer.
  const at = ctx.now.getTime();
  for (const { operationId, noteIndex } of batched) {
    await ctx.store.saveOperationProgress(ctx.portalId, operationId, {
      done: noteIndex,
      inDoubt: { index: noteIndex, at },
    });
  }
  await ctx.gateway.createNotes(notes);
  for (const { operationId } of batched) {
    const done = await ctx.store.getOperation(ctx.portalId, operationId);
    if (done)
      await ctx.store.completeOperation(ctx.portalId, operationId, {
        state: (done.plan as { state: unknown }).state,
        executed: (done.plan as { effects: unknown[] }).effects.length,
      });
  }
}

/**
 * The property writes and the note of a promotion that is a forward stage move, property writes on
 * the contact and one trailing note (what `transition` decides for scoreChanged), or null.
 */
function batchablePromotion(
  effects: readonly Effect[],
  contactId: string,
): {
  properties: Record<string, string>;
  note: Localized;
  language: 'en' | 'de' | undefined;
  noteIndex: number;
} | null {
  const properties: Record<string, string> = {};
  const last = effects.at(-1);
  if (last?.type !== 'addNote' || last.target.object !== 'contact') return null;
  for (const effect of effects.slice(0, -1)) {
    if (
      effect.type === 'setLifecycleStage' &&
      effect.object === 'contact' &&
      effect.id === contactId &&
      !effect.clearFirst
    ) {
      properties.lifecyclestage = effect.value;
    } else if (
      effect.type === 'writeProperties' &&
      effect.target.object === 'contact' &&
      effect.target.id === contactId
    ) {
      Object.assign(properties, effect.properties);
    } else {
      return null;
    }
  }
  return { properties, note: last.body, language: last.language, noteIndex: effects.length - 1 };
}
