// Scores many contacts already read (a webhook batch's read, a sweep's or bulk rescore's search
// page) through the one scoring transition (src/domain/lifecycle/score-transition.ts) and the
// batched effect runner. The records are passed on, never read again, except for those a
// promotion is due for: a promotion is decided under the contact's lock on a fresh read, since a
// concurrent card or webhook batch may have promoted it since the first read, and deciding on that
// read would promote twice. Score writes need no lock: a score is a function of the record.
import {
  scoreContact,
  scoringReadProperties,
  type ScoreDecision,
} from '../../domain/lifecycle/index.ts';
import { StoredDataDamagedError } from '../../domain/errors.ts';
import type { CrmRecord } from '../../hubspot/gateway.ts';
import type { HandlerContext } from '../handlers/context.ts';
import { LEAD_STATE_PROPERTIES, readLeadState } from '../read-models/lead-state.ts';
import { runEffectsBatched, type BatchItem } from './batch-runner.ts';
import { contactLockKey, withLocksBy, type LockDeadline } from './record-locks.ts';

/** Promotions are decided under the contacts' locks, this many contacts (and locks) at a time. */
export const PROMOTION_LOCK_CHUNK = 5;
/** How long background scoring waits for the locks of one chunk of promotions, ms. */
export const BACKGROUND_LOCK_WAIT_MS = 30_000;

/** How one batch of scorings is run. */
export interface ScoreBatchOptions {
  /** The operation id of a promotion of `contactId` (stable across retries of the same work). */
  operationIdFor: (contactId: string) => string;
  /** The bound on every lock wait (a webhook answers within HubSpot's 5 s). */
  deadline?: LockDeadline;
}

/** What scoring a batch did. */
export interface ScoreBatchOutcome {
  scored: number;
  /** Contacts whose score properties were written. */
  written: number;
  promoted: number;
  /** Writes HubSpot refused (logged; a promotion among them stays pending for the resumer). */
  refused: number;
}

/** Every property the scoring and a promotion read: one read serves both. */
export function scoreBatchProperties(ctx: Pick<HandlerContext, 'settings'>): string[] {
  return [...new Set([...scoringReadProperties(ctx.settings.scoring), ...LEAD_STATE_PROPERTIES])];
}

const decide = (
  record: CrmRecord,
  ctx: HandlerContext,
  state?: Parameters<typeof scoreContact>[0]['state'],
): ScoreDecision =>
  scoreContact(
    { id: record.id, properties: record.properties, ...(state ? { state } : {}) },
    {
      model: ctx.settings.scoring,
      policy: ctx.settings.lifecycle,
      now: ctx.now,
      actor: 'system',
    },
  );

/** Scores `records` (read with `scoreBatchProperties`), writes what changed, promotes what is due. */
export async function scoreRecordsBatched(
  records: readonly CrmRecord[],
  ctx: HandlerContext,
  options: ScoreBatchOptions,
): Promise<ScoreBatchOutcome> {
  const outcome: ScoreBatchOutcome = { scored: 0, written: 0, promoted: 0, refused: 0 };
  const plain: BatchItem[] = [];
  const candidates: string[] = [];
  for (const record of records) {
    const decision = decide(record, ctx);
    outcome.scored += 1;
    if (decision.promotes) candidates.push(record.id);
    else if (decision.effects.length > 0)
      plain.push({ contactId: record.id, effects: decision.effects });
  }
  const written = await runEffectsBatched(plain, ctx);
  outcome.written += written.written.size;
  outcome.refused += written.refused;
  // Background work (sweep, bulk) waits a bounded while for a lock a card or webhook holds.
  const deadline = options.deadline ?? {
    deadlineAt: Date.now() + BACKGROUND_LOCK_WAIT_MS,
    now: Date.now,
  };
  const sorted = [...candidates].sort();
  for (let index = 0; index < sorted.length; index += PROMOTION_LOCK_CHUNK) {
    const chunk = sorted.slice(index, index + PROMOTION_LOCK_CHUNK);
    await withLocksBy(
      ctx.store,
      chunk.map((id) => contactLockKey(ctx.portalId, id)),
      deadline,
      () => promoteUnderLock(chunk, ctx, options, outcome),
    );
  }
  return outcome;
}

/** Re-reads the candidates under their locks, decides with their lead state and runs the batch. */
async function promoteUnderLock(
  ids: string[],
  ctx: HandlerContext,
  options: ScoreBatchOptions,
  outcome: ScoreBatchOutcome,
): Promise<void> {
  const records = await ctx.gateway.batchReadContacts(ids, scoreBatchProperties(ctx));
  const items: BatchItem[] = [];
  let promotions = 0;
  for (const record of records) {
    let state;
    try {
      state = await readLeadState(record, ctx.settings.lifecycle, ctx.gateway, {
        lookUpDeal: false,
      });
    } catch (error) {
      // A damaged history is never overwritten: the score is still written (it does not touch
      // the history), the promotion is skipped, and the log names what a person must repair.
      if (!(error instanceof StoredDataDamagedError)) throw error;
      ctx.logger.error(
        { contactId: record.id, record: error.record, property: error.property },
        'stored data damaged; contact not promoted',
      );
      const decision = decide(record, ctx);
      if (decision.effects.length > 0)
        items.push({ contactId: record.id, effects: decision.effects });
      continue;
    }
    const decision = decide(record, ctx, state);
    if (decision.effects.length === 0) continue;
    if (decision.state) {
      promotions += 1;
      items.push({
        contactId: record.id,
        effects: decision.effects,
        operation: {
          operationId: options.operationIdFor(record.id),
          kind: 'promotion',
          state: decision.state,
        },
      });
    } else {
      items.push({ contactId: record.id, effects: decision.effects });
    }
  }
  const run = await runEffectsBatched(items, ctx);
  outcome.written += run.written.size;
  outcome.refused += run.refused;
  outcome.promoted += promotions;
}
