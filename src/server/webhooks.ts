// Webhooks — https://developers.hubspot.com/docs/apps/developer-platform/add-features/webhooks
// Batches of up to 100 events, delivered at least once and unordered. We drop events already seen
// (by eventId), coalesce per object, read the objects with one batch call, decide, write only what
// changed with one batch call, and answer within HubSpot's 5 s. When work cannot be done now
// (rate limit, HubSpot down) the seen ids are forgotten and we answer non-2xx: HubSpot redelivers,
// so HubSpot is the durable queue.
import { dealStagesOf } from './pipeline-cache.ts';
import { z } from 'zod';
import { classifyDealStage, transition } from '../domain/lifecycle/index.ts';
import { changedScoreProperties, evaluate, propertiesReadBy } from '../domain/scoring/index.ts';
import { CONTACT_PROPERTIES } from '../domain/properties.ts';
import type { HandlerContext } from './handlers/context.ts';
import { applyDealOutcome } from './handlers/lifecycle.ts';
import { noteBody, runEffects } from './effect-runner.ts';
import type { Effect } from '../domain/lifecycle/index.ts';
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
    const contacts = new Set<string>();
    const deals = new Set<string>();
    for (const event of unique) {
      if (!event.objectId) continue;
      if (
        event.subscriptionType === 'contact.privacyDeletion' ||
        event.subscriptionType === 'contact.deletion'
      ) {
        erase.add(event.objectId);
      } else if (isContactEvent(event.subscriptionType)) {
        contacts.add(event.objectId);
      } else if (
        event.subscriptionType === 'deal.propertyChange' &&
        event.propertyName === 'dealstage'
      ) {
        deals.add(event.objectId);
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
      const records = await ctx.gateway.batchReadContacts([...contacts], properties);
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
      // notes go out in one batch create. Anything else a transition asks for runs on its own.
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
        let update = updates.find((candidate) => candidate.id === record.id);
        if (!update) {
          update = { id: record.id, properties: {} };
          updates.push(update);
        }
        const rest: Effect[] = [];
        for (const effect of decided.effects) {
          if (
            effect.type === 'setLifecycleStage' &&
            effect.object === 'contact' &&
            effect.id === record.id &&
            !effect.clearFirst
          ) {
            update.properties.lifecyclestage = effect.value;
          } else if (
            effect.type === 'writeProperties' &&
            effect.target.object === 'contact' &&
            effect.target.id === record.id
          ) {
            Object.assign(update.properties, effect.properties);
          } else if (effect.type === 'addNote' && effect.target.object === 'contact') {
            notes.push({
              body: noteBody(effect.body),
              timestamp: ctx.now.getTime(),
              associations: [{ objectType: 'contacts', id: effect.target.id }],
            });
          } else {
            rest.push(effect);
          }
        }
        if (rest.length > 0) await runEffects(rest, decided.state, ctx);
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
      }
      if (notes.length > 0) await ctx.gateway.createNotes(notes);
    }
    for (const dealId of deals) {
      // Events are unordered: decide on the deal's current stage, not the event's value.
      const deal = await ctx.gateway.getDeal(dealId, ['dealstage']);
      const stage = deal.properties.dealstage;
      const outcomeKind = stage
        ? classifyDealStage(ctx.settings.lifecycle, stage, await dealStagesOf(ctx.gateway, stage))
        : 'open';
      if (outcomeKind === 'open') continue;
      await applyDealOutcome({ dealId, outcome: outcomeKind }, ctx);
      outcome.dealsDecided += 1;
    }
    return outcome;
  } catch (error) {
    // Not done: forget the ids so HubSpot's redelivery of this batch is processed again.
    await ctx.store.forgetEvents(ctx.portalId, [...fresh]);
    throw error;
  }
}
