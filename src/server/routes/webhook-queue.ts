// The webhook inbox: HubSpot's answer waits only for the signature check and one durable write; the
// work runs after the answer. HubSpot expects an answer within 5 s and retries a non-2xx or late
// answer (https://developers.hubspot.com/docs/apps/developer-platform/add-features/webhooks), so a
// batch that waited for the portal's rate budget or a record lock inside the request made the
// acknowledgement as slow as the budget (p99 0.5 s under a 10,000-event burst).
//
// A batch is recorded as a durable operation (kind `webhookBatch`, id from its event ids, so a
// redelivered batch is recorded once) before the answer; a worker in the same process runs it
// (one batch per portal at a time, a few portals at once, yielding the event loop between batches)
// through processPortalEvents, waiting for budget and locks as long as it needs. A deferral
// (budget, lock, HubSpot down) retries it with a backoff; a process that dies leaves the operation
// pending, and the background resumer (src/jobs/background.ts) hands it to a live worker.
//
// Exactly once: event ids are marked seen (dedupe across batches) with the mark recorded in the
// operation; an attempt that died between marking and recording processes every event of its batch
// again, which is safe because each effect is idempotent (scores are a function of the record,
// promotions and deal outcomes are durable operations keyed by event id).
import { createHash } from 'node:crypto';
import type { Logger } from '../../runtime/logger.ts';
import { OperationIncompleteError } from '../../runtime/operations.ts';
import type { OperationRecord, Store } from '../../store/store.ts';
import { defersBatch, type WebhookEvent, type WebhookOutcome } from './webhooks.ts';

export const WEBHOOK_BATCH_KIND = 'webhookBatch';
/** Portals whose batches run at the same time in one process. */
export const WEBHOOK_QUEUE_CONCURRENCY = 4;
/** First wait before a deferred batch runs again, ms (doubled per attempt, at most 30 s). */
export const WEBHOOK_RETRY_BASE_MS = 1_000;
const WEBHOOK_RETRY_MAX_MS = 30_000;

/** What a queued batch is recorded with. */
export interface WebhookBatchPlan {
  webhookBatch: true;
  events: WebhookEvent[];
}

/** How far an attempt got: `marking` before the event ids are marked seen, `fresh` after. */
interface WebhookBatchProgress {
  marking?: boolean;
  fresh?: string[];
  lastError?: string;
}

export function isWebhookBatchPlan(plan: unknown): plan is WebhookBatchPlan {
  return (
    typeof plan === 'object' &&
    plan !== null &&
    (plan as { webhookBatch?: unknown }).webhookBatch === true &&
    Array.isArray((plan as { events?: unknown }).events)
  );
}

/** The operation id of a portal's share of a batch: the same events give the same id. */
export function webhookBatchOperationId(events: readonly WebhookEvent[]): string {
  const ids = events.map((event) => event.eventId).sort();
  return `webhook-batch:${createHash('sha256').update(ids.join('\n')).digest('hex').slice(0, 32)}`;
}

/**
 * Runs one portal's events. `dedupe` answers which event ids were never seen (it marks them);
 * throws what processPortalEvents throws (a deferral means: run it again later).
 */
export type WebhookProcessor = (
  portalId: number,
  events: WebhookEvent[],
  dedupe: (eventIds: string[]) => Promise<string[]>,
) => Promise<WebhookOutcome | null>;

export interface WebhookQueue {
  /** Records the batch durably (once per batch) and schedules it; resolves once it is recorded. */
  enqueue(portalId: number, events: WebhookEvent[]): Promise<void>;
  /** Schedules a pending batch found by the background resumer (ignored when already queued). */
  resume(operation: OperationRecord): void;
  /** Sets what runs a batch (the app does, with its request contexts) and starts the worker. */
  start(processor: WebhookProcessor): void;
  /** Resolves when nothing is queued, waiting for a retry or running. */
  idle(): Promise<void>;
  /** Batches run to the end and the sum of their outcomes (bench and tests read it). */
  stats(): { batches: number; retries: number; outcome: WebhookOutcome };
  /** Stops taking batches and waits for the running ones (queued ones stay pending in the store). */
  close(): Promise<void>;
}

interface Entry {
  portalId: number;
  operationId: string;
  events: WebhookEvent[];
}

const emptyOutcome = (): WebhookOutcome => ({
  received: 0,
  duplicates: 0,
  contactsScored: 0,
  contactsWritten: 0,
  contactsPromoted: 0,
  dealsDecided: 0,
  erased: 0,
  gone: 0,
  dropped: 0,
});

/**
 * The batch's dedupe, recorded in its operation so an attempt after a crash knows what the first
 * one marked as seen.
 */
function dedupeOnce(
  store: Store,
  portalId: number,
  operationId: string,
  progress: WebhookBatchProgress,
): (eventIds: string[]) => Promise<string[]> {
  return async (eventIds) => {
    // A previous attempt recorded what it marked: the same events are fresh for this one.
    if (progress.fresh) return progress.fresh;
    // It died between marking and recording: the mark is lost, so every event runs again
    // (each effect is idempotent; see the header).
    if (progress.marking) return eventIds;
    await store.saveOperationProgress(portalId, operationId, { marking: true }, { attempt: true });
    const fresh = await store.markEventsSeen(portalId, eventIds);
    await store.saveOperationProgress(portalId, operationId, { fresh });
    return fresh;
  };
}

export function createWebhookQueue(deps: {
  store: Store;
  logger: Logger;
  concurrency?: number;
  retryBaseMs?: number;
}): WebhookQueue {
  const { store, logger } = deps;
  const concurrency = deps.concurrency ?? WEBHOOK_QUEUE_CONCURRENCY;
  const retryBaseMs = deps.retryBaseMs ?? WEBHOOK_RETRY_BASE_MS;
  let processor: WebhookProcessor | null = null;
  let closed = false;
  /** Batches waiting to run, per portal in arrival order; the map keeps portals in arrival order. */
  const waiting = new Map<number, Entry[]>();
  const known = new Set<string>();
  const busyPortals = new Set<number>();
  const running = new Set<Promise<void>>();
  const retryTimers = new Set<NodeJS.Timeout>();
  let idleWaiters: (() => void)[] = [];
  const totals = { batches: 0, retries: 0, outcome: emptyOutcome() };

  const isIdle = () => known.size === 0;
  const settleIdle = () => {
    if (!isIdle()) return;
    const waiters = idleWaiters;
    idleWaiters = [];
    for (const resolve of waiters) resolve();
  };

  function schedule(entry: Entry): void {
    const queue = waiting.get(entry.portalId);
    if (queue) queue.push(entry);
    else waiting.set(entry.portalId, [entry]);
    // Never inside the caller's turn: the answer to HubSpot goes out first.
    setImmediate(pump);
  }

  /** Starts batches of portals not running one, up to the concurrency. */
  function pump(): void {
    if (!processor || closed) return;
    for (const [portalId, queue] of waiting) {
      if (running.size >= concurrency) return;
      if (busyPortals.has(portalId)) continue;
      const entry = queue.shift()!;
      if (queue.length === 0) waiting.delete(portalId);
      busyPortals.add(portalId);
      const run: Promise<void> = runEntry(entry).finally(() => {
        busyPortals.delete(portalId);
        running.delete(run);
        // Let the answers of waiting requests go out before the next batch starts.
        setImmediate(() => {
          pump();
          settleIdle();
        });
      });
      running.add(run);
    }
  }

  async function runEntry(entry: Entry): Promise<void> {
    const { portalId, operationId } = entry;
    const operation = await store.getOperation(portalId, operationId).catch(() => null);
    if (operation?.status === 'done') {
      known.delete(operationId);
      return;
    }
    const progress = (operation?.progress ?? {}) as WebhookBatchProgress;
    const dedupe = dedupeOnce(store, portalId, operationId, progress);
    try {
      const outcome = await processor!(portalId, entry.events, dedupe);
      await store.completeOperation(portalId, operationId, outcome ?? { notInstalled: true });
      if (outcome) add(totals.outcome, outcome);
      totals.batches += 1;
      known.delete(operationId);
    } catch (error) {
      // processPortalEvents forgot the marked ids: the next attempt marks them again.
      await store
        .saveOperationProgress(portalId, operationId, { lastError: String(error) })
        .catch(() => undefined);
      if (!defersBatch(error))
        logger.error({ err: error, portalId, operationId }, 'webhook batch failed; retrying');
      retryLater(entry, operation?.attempts ?? 0);
    }
  }

  function retryLater(entry: Entry, attempts: number): void {
    if (closed) {
      known.delete(entry.operationId);
      return;
    }
    totals.retries += 1;
    const delay = Math.min(WEBHOOK_RETRY_MAX_MS, retryBaseMs * 2 ** Math.min(attempts, 5));
    const timer = setTimeout(() => {
      retryTimers.delete(timer);
      schedule(entry);
    }, delay);
    timer.unref();
    retryTimers.add(timer);
  }

  return {
    async enqueue(portalId, events) {
      const operationId = webhookBatchOperationId(events);
      const plan: WebhookBatchPlan = { webhookBatch: true, events };
      const begun = await store.beginOperation(portalId, operationId, {
        kind: WEBHOOK_BATCH_KIND,
        subject: `webhooks:${portalId}`,
        plan,
        progress: {},
      });
      // A redelivery of a batch already done, or already queued here, adds nothing.
      if (begun.operation.status === 'done' || known.has(operationId)) return;
      known.add(operationId);
      schedule({ portalId, operationId, events });
    },
    resume(operation) {
      if (!isWebhookBatchPlan(operation.plan) || known.has(operation.operationId) || closed) return;
      known.add(operation.operationId);
      schedule({
        portalId: operation.portalId,
        operationId: operation.operationId,
        events: operation.plan.events,
      });
    },
    start(next) {
      processor = next;
      pump();
    },
    idle() {
      if (isIdle()) return Promise.resolve();
      return new Promise((resolve) => idleWaiters.push(resolve));
    },
    stats: () => ({ ...totals, outcome: { ...totals.outcome } }),
    async close() {
      closed = true;
      for (const timer of retryTimers) clearTimeout(timer);
      retryTimers.clear();
      await Promise.all(running);
      waiting.clear();
      known.clear();
      settleIdle();
    },
  };
}

function add(into: WebhookOutcome, outcome: WebhookOutcome): void {
  for (const key of Object.keys(into) as (keyof WebhookOutcome)[]) into[key] += outcome[key];
}

/** What the background resumer does with a pending batch: hands it to this process's worker. */
export function resumeWebhookBatch(operation: OperationRecord, queue: WebhookQueue): never {
  queue.resume(operation);
  // Not completed here: the worker completes it after the answer of the resumer's round.
  throw new OperationIncompleteError(operation.operationId, 'handed to the webhook worker');
}
