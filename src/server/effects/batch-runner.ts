// The effect runner's batched entry: the effects of many contacts in as few HubSpot calls as the
// batch endpoints allow. Property writes and forward lifecycle moves of a contact fold into one
// input of a batch update (≤ 100 inputs a call), the notes of many durable operations into one
// batch create; anything else (a backward move, a deal, a note without an operation) runs through
// the one-at-a-time runner. Webhooks, the sweep and the bulk rescore use it.
//
// Durability is the runner's: an item with an operation is recorded (`beginOperation`) before the
// batch write; a note is marked in doubt before the batch create and found by its marker on a
// retry; the operation completes after its note. An item whose write HubSpot refused, or whose
// operation an earlier attempt recorded, is left to (or continued by) `continueOperation`, so a
// failure at any step completes on retry or in the background round, never twice.
// Batch limits: https://developers.hubspot.com/docs/api/crm/understanding-the-crm
import { BATCH_LIMIT } from '../../domain/hubspot-limits.ts';
import type { Localized } from '../../domain/errors.ts';
import type { Effect, LeadState } from '../../domain/lifecycle/index.ts';
import type { NoteInput } from '../../hubspot/gateway.ts';
import type { HandlerContext } from '../handlers/context.ts';
import {
  OperationIncompleteError,
  continueOperation,
  noteBody,
  noteMarker,
  runEffects,
  type OperationKind,
} from './effect-runner.ts';

/** One contact's effects for the batched entry. */
export interface BatchItem {
  contactId: string;
  effects: Effect[];
  /**
   * The durable operation the effects belong to (a promotion: its note must not be lost or
   * doubled); absent when the effects are idempotent property writes only (a score write).
   */
  operation?: { operationId: string; kind: OperationKind; state: LeadState };
}

/** What one batched run did. */
export interface BatchRunOutcome {
  /** Contacts whose folded write HubSpot accepted. */
  written: Set<string>;
  /** Contacts whose write HubSpot refused (a validation rule, say); logged. */
  refused: number;
  /** Operations completed here or by the one-at-a-time runner. */
  completed: number;
  /** Operations left pending for a retry or the background round. */
  pending: number;
}

/** A contact's effects as one property map and an optional trailing note, or null. */
export interface FoldedEffects {
  properties: Record<string, string>;
  note?: { body: Localized; index: number };
}

/**
 * Folds the effects of one contact into one batch-update input and at most one trailing note, or
 * null when an effect needs its own call: a backward lifecycle move (clear, then set), another
 * record, a deal, a task.
 */
export function foldContactEffects(
  effects: readonly Effect[],
  contactId: string,
): FoldedEffects | null {
  const properties: Record<string, string> = {};
  const last = effects.at(-1);
  const note =
    last?.type === 'addNote' && last.target.object === 'contact' && last.target.id === contactId
      ? { body: last.body, index: effects.length - 1 }
      : undefined;
  for (const effect of note ? effects.slice(0, -1) : effects) {
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
  return note ? { properties, note } : { properties };
}

type BatchContext = Pick<
  HandlerContext,
  'gateway' | 'logger' | 'now' | 'portalId' | 'store' | 'settings' | 'userId'
>;

interface Folded {
  item: BatchItem;
  folded: FoldedEffects;
}

/** Runs the items' effects folded into batch calls; see the file's header for durability. */
export async function runEffectsBatched(
  items: readonly BatchItem[],
  ctx: BatchContext,
): Promise<BatchRunOutcome> {
  const outcome: BatchRunOutcome = { written: new Set(), refused: 0, completed: 0, pending: 0 };
  const batchable: Folded[] = [];
  for (const item of items) {
    if (item.effects.length === 0) continue;
    const folded = foldContactEffects(item.effects, item.contactId);
    if (!item.operation) {
      if (folded && !folded.note) batchable.push({ item, folded });
      // Without an operation a note could be lost or doubled: such items run one at a time.
      else await runEffects(item.effects, stateless(item.contactId), ctx);
      continue;
    }
    const begun = await ctx.store.beginOperation(ctx.portalId, item.operation.operationId, {
      kind: item.operation.kind,
      subject: `contact:${item.contactId}`,
      plan: { effects: item.effects, state: item.operation.state },
      progress: { done: 0 },
    });
    if (begun.created && folded) {
      batchable.push({ item, folded });
      continue;
    }
    // Recorded by an earlier attempt, or not foldable: from where it stopped, effect by effect.
    await continueOne(() => continueOperation(begun.operation, ctx), outcome, ctx);
  }
  await writeFolded(batchable, ctx, outcome);
  await createNotesOf(
    batchable.filter(({ item }) => outcome.written.has(item.contactId)),
    ctx,
    outcome,
  );
  return outcome;
}

/** A lead state for effects that need none (plain property writes). */
const stateless = (contactId: string): LeadState => ({
  contactId,
  stage: 'lead',
  dealStatus: 'none',
  loopCount: 0,
  history: [],
});

async function continueOne(
  run: () => Promise<unknown>,
  outcome: BatchRunOutcome,
  ctx: BatchContext,
): Promise<void> {
  try {
    await run();
    outcome.completed += 1;
  } catch (error) {
    if (!(error instanceof OperationIncompleteError)) throw error;
    outcome.pending += 1;
    ctx.logger.warn({ err: error, portalId: ctx.portalId }, 'operation left for the resumer');
  }
}

/** One batch update per 100 contacts; a refused contact's operation stays pending (no note). */
async function writeFolded(
  batchable: readonly Folded[],
  ctx: BatchContext,
  outcome: BatchRunOutcome,
): Promise<void> {
  for (let index = 0; index < batchable.length; index += BATCH_LIMIT) {
    const chunk = batchable.slice(index, index + BATCH_LIMIT);
    const result = await ctx.gateway.batchUpdate(
      'contacts',
      chunk.map(({ item, folded }) => ({ id: item.contactId, properties: folded.properties })),
    );
    for (const record of result.results) outcome.written.add(record.id);
    const refused = chunk.filter(({ item }) => !outcome.written.has(item.contactId));
    outcome.refused += refused.length;
    outcome.pending += refused.filter(({ item }) => item.operation).length;
    if (result.errors.length > 0)
      ctx.logger.warn(
        { portalId: ctx.portalId, errors: result.errors },
        'some contact writes were refused',
      );
  }
}

/** The notes of the written operations in batch creates; each operation completes after its note. */
async function createNotesOf(
  written: readonly Folded[],
  ctx: BatchContext,
  outcome: BatchRunOutcome,
): Promise<void> {
  const withOperation = written.filter(({ item }) => item.operation);
  const at = ctx.now.getTime();
  // The writes are done; the notes are creates: in doubt from now until their answer.
  for (const { item, folded } of withOperation) {
    const done = folded.note ? folded.note.index : item.effects.length;
    await ctx.store.saveOperationProgress(ctx.portalId, item.operation!.operationId, {
      done,
      ...(folded.note ? { inDoubt: { index: folded.note.index, at } } : {}),
    });
  }
  const notes: NoteInput[] = [];
  for (const { item, folded } of withOperation) {
    if (!folded.note) continue;
    notes.push({
      body: noteBody(
        folded.note.body,
        noteMarker(ctx.portalId, item.operation!.operationId, folded.note.index),
      ),
      timestamp: at,
      associations: [{ objectType: 'contacts', id: item.contactId }],
    });
  }
  for (let index = 0; index < notes.length; index += BATCH_LIMIT)
    await ctx.gateway.createNotes(notes.slice(index, index + BATCH_LIMIT));
  for (const { item } of withOperation) {
    await ctx.store.completeOperation(ctx.portalId, item.operation!.operationId, {
      state: item.operation!.state,
      executed: item.effects.length,
    });
    outcome.completed += 1;
  }
}
