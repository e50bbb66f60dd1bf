// Webhooks — https://developers.hubspot.com/docs/apps/developer-platform/add-features/webhooks
// Batches of up to 100 events, delivered at least once and unordered. We drop events already seen
// (by eventId), coalesce per object, read the objects with one batch call, decide, write only what
// changed with one batch call, and answer within HubSpot's 5 s. When work cannot be done now
// (rate limit, HubSpot down) the seen ids are forgotten and we answer non-2xx: HubSpot redelivers,
// so HubSpot is the durable queue.
import { z } from 'zod';
import { classifyDealStage, transition } from '../domain/lifecycle/index.ts';
import { changedScoreProperties, evaluate, propertiesReadBy } from '../domain/scoring/index.ts';
import { CONTACT_PROPERTIES } from '../domain/properties.ts';
import type { HandlerContext } from './handlers/context.ts';
import { applyDealOutcome } from './handlers/lifecycle.ts';
import { continueOperation, noteBody, noteMarker } from './effect-runner.ts';
import type { Effect } from '../domain/lifecycle/index.ts';
import type { Localized } from '../domain/errors.ts';
import type { NoteInput } from '../hubspot/gateway.ts';
import { LEAD_STATE_PROPERTIES, readLeadState } from './lead-state.ts';

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
}

const isContactEvent = (type: string) =>
  type.startsWith('contact.') && type !== 'contact.privacyDeletion' && type !== 'contact.deletion';

/** Processes one portal's events; throws when the work must be retried by HubSpot. */
export async function processPortalEvents(
  events: WebhookEvent[],
  ctx: HandlerContext,
): Promise<WebhookOutcome> {
  const outcome: WebhookOutcome = {
    received: events.length,
    duplicates: 0,
    contactsScored: 0,
    contactsPromoted: 0,
    contactsWritten: 0,
    dealsDecided: 0,
    erased: 0,
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
  try {
    const erase = new Set<string>();
    // Per contact, the first event of it in this batch: the id of a promotion it causes.
    const contacts = new Map<string, string>();
    // Per deal, the event it is decided for: the operation id of its outcome (a redelivery of the
    // batch carries the same event ids, so it finds the operations the first delivery recorded).
    const deals = new Map<string, string>();
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
      }
    }
    for (const contactId of erase) {
      await ctx.store.eraseContact(ctx.portalId, contactId);
      contacts.delete(contactId);
      outcome.erased += 1;
    }
    if (contacts.size > 0) {
      const properties = [
        ...new Set([...propertiesReadBy(ctx.settings.scoring), ...LEAD_STATE_PROPERTIES]),
      ];
      const records = await ctx.gateway.batchReadContacts([...contacts.keys()], properties);
      const updates: { id: string; properties: Record<string, string> }[] = [];
      const promotions: typeof records = [];
      for (const record of records) {
        const result = evaluate(record.properties, ctx.settings.scoring, ctx.now);
        outcome.contactsScored += 1;
        const changed = changedScoreProperties(record.properties, result);
        if (changed)
          updates.push({
            id: record.id,
            properties: { ...changed, [CONTACT_PROPERTIES.scoredAt.name]: ctx.now.toISOString() },
          });
        const stage = record.properties.lifecyclestage;
        if (
          ctx.settings.lifecycle.autoPromoteToMql &&
          result.band !== 'lead' &&
          (!stage ||
            stage === ctx.settings.lifecycle.stageMap.lead ||
            stage === ctx.settings.lifecycle.stageMap.subscriber)
        ) {
          promotions.push(record);
        }
      }
      // A lead that crossed the MQL threshold (policy permitting) is promoted in the same batch
      // write: a forward lifecycle move and the loop history are plain property writes, and the
      // notes go out in one batch create. Each promotion is a durable operation, recorded before
      // the batch write and completed after the notes, so a failure between them is completed by
      // HubSpot's redelivery or the resumer (never a promoted contact without its note, or two).
      const batched: { operationId: string; noteIndex: number }[] = [];
      const notes: NoteInput[] = [];
      for (const record of promotions) {
        const result = evaluate(record.properties, ctx.settings.scoring, ctx.now);
        const state = await readLeadState(record, ctx.settings.lifecycle, ctx.gateway, {
          lookUpDeal: false,
        });
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
        const operationId = `webhook:${contacts.get(record.id)}:${record.id}`;
        const plan = { effects: decided.effects, state: decided.state };
        const begun = await ctx.store.beginOperation(ctx.portalId, operationId, {
          kind: 'promotion',
          subject: `contact:${record.id}`,
          plan,
          progress: { done: 0 },
        });
        const batchable = batchablePromotion(decided.effects, record.id);
        if (!begun.created || batchable === null) {
          // A redelivery finding its operation, or a promotion that is not plain property writes
          // and one note: run it on its own, from where it stopped.
          await continueOperation(begun.operation, ctx);
          outcome.contactsPromoted += 1;
          continue;
        }
        let update = updates.find((candidate) => candidate.id === record.id);
        if (!update) {
          update = { id: record.id, properties: {} };
          updates.push(update);
        }
        Object.assign(update.properties, batchable.properties);
        notes.push({
          body: noteBody(
            batchable.note,
            noteMarker(ctx.portalId, operationId, batchable.noteIndex),
          ),
          timestamp: ctx.now.getTime(),
          associations: [{ objectType: 'contacts', id: record.id }],
        });
        batched.push({ operationId, noteIndex: batchable.noteIndex });
        outcome.contactsPromoted += 1;
      }
      if (updates.length > 0) {
        const written = await ctx.gateway.batchUpdate('contacts', updates);
        if (written.errors.length > 0)
          ctx.logger.warn(
            { portalId: ctx.portalId, errors: written.errors },
            'some score writes were refused',
          );
        outcome.contactsWritten += written.results.length;
        // A promotion whose write HubSpot refused gets no note: its operation stays pending (at
        // its first effect) for the resumer, which runs it effect by effect.
        const writtenIds = new Set(written.results.map((record) => record.id));
        for (let index = batched.length - 1; index >= 0; index -= 1) {
          const contactId = batched[index]!.operationId.split(':').at(-1)!;
          if (!writtenIds.has(contactId)) {
            batched.splice(index, 1);
            notes.splice(index, 1);
          }
        }
      }
      if (batched.length > 0) {
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
    }
    for (const [dealId, eventId] of deals) {
      // Events are unordered: decide on the deal's current stage, not the event's value.
      const deal = await ctx.gateway.getDeal(dealId, ['dealstage']);
      const outcomeKind = deal.properties.dealstage
        ? classifyDealStage(ctx.settings.lifecycle, deal.properties.dealstage)
        : 'open';
      if (outcomeKind === 'open') continue;
      await applyDealOutcome(
        { dealId, outcome: outcomeKind, operationId: `webhook:${eventId}` },
        ctx,
      );
      outcome.dealsDecided += 1;
    }
    return outcome;
  } catch (error) {
    // Not done: forget the ids so HubSpot's redelivery of this batch is processed again.
    await ctx.store.forgetEvents(ctx.portalId, [...fresh]);
    throw error;
  }
}

/**
 * The property writes and the note of a promotion that is a forward stage move, property writes on
 * the contact and one trailing note (what `transition` decides for scoreChanged), or null.
 */
function batchablePromotion(
  effects: readonly Effect[],
  contactId: string,
): { properties: Record<string, string>; note: Localized; noteIndex: number } | null {
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
  return { properties, note: last.body, noteIndex: effects.length - 1 };
}
