// Background work every backend process runs (started by src/main.ts through the backend): it
// completes durable operations a failure or a dead process left pending, and puts back on the job
// queue (src/jobs/queue.ts) bulk rescores whose process died. Both are safe in every replica at
// once: an operation is continued under its contact's lock (an advisory lock on PostgreSQL) and
// re-read inside it, and the queue keeps one rescore job per portal.
//
// It stays a timer in every replica rather than a queue schedule: an operation should be completed
// within seconds of its idle time (OPERATION_IDLE_MS), finer than the queue's schedules (minutes
// to days, fired every SCHEDULE_TICK_MS), and a round is one indexed read when nothing is pending.
// On pg-boss a dead replica's rescore is taken over by the queue itself (its job expires); the
// re-enqueue here is what resumes it on the in-process queue, whose jobs die with their process.
import { OperationIncompleteError } from '../runtime/operations.ts';
import type { Logger } from '../runtime/logger.ts';
import type { OperationRecord, Store } from '../store/store.ts';
import { isRescoreRunning } from './rescore.ts';
import { RESCORE_JOB_KIND, RESCORE_STALE_AFTER_MS } from './rescore-progress.ts';

/** How often the background work runs, ms: with a 20 s job lease a dead job resumes within 30 s. */
export const BACKGROUND_INTERVAL_MS = 10_000;
/**
 * An operation untouched this long has no live attempt (a card request, a workflow call or a
 * webhook batch all end within HubSpot's 5–15 s deadlines), so the resumer may continue it, ms.
 */
export const OPERATION_IDLE_MS = 15_000;
/** Attempts after which a pending operation is given up (and logged as an error for a person). */
export const MAX_OPERATION_ATTEMPTS = 20;

/** What background work needs of a portal's context; the server's HandlerContext is one. */
export interface BackgroundContext {
  store: Store;
  logger: Logger;
}

/**
 * The background work's dependencies, injected by the backend (src/server/backend.ts), so jobs
 * never import the server: how to build a portal's context, resume an operation, start a rescore.
 */
export interface BackgroundDeps<Ctx extends BackgroundContext = BackgroundContext> {
  store: Store;
  logger: Logger;
  now: () => number;
  /** A handler context for a portal (its gateway on the bulk lane, settings, store), or null when
   * the portal has no active installation. */
  contextFor: (portalId: number) => Promise<Ctx | null>;
  /** The lock every writer of an operation's subject takes (src/runtime/operations.ts). */
  lockKey: (portalId: number, subject: string) => string;
  /** Continues a pending operation where it stopped; throws OperationIncompleteError if it still cannot finish. */
  resumeOperation: (operation: OperationRecord, ctx: Ctx) => Promise<unknown>;
  /** Enqueues the portal's rescore job (the worker takes the dead run over from its checkpoint). */
  startRescore: (ctx: Ctx) => Promise<unknown>;
}

/** What one round of background work did. */
export interface BackgroundRound {
  operationsCompleted: number;
  operationsPending: number;
  operationsAbandoned: number;
  jobsResumed: number;
}

/** One round: completes idle pending operations, then resumes dead rescores. */
export async function runOnce<Ctx extends BackgroundContext>(
  deps: BackgroundDeps<Ctx>,
): Promise<BackgroundRound> {
  const round: BackgroundRound = {
    operationsCompleted: 0,
    operationsPending: 0,
    operationsAbandoned: 0,
    jobsResumed: 0,
  };
  const pending = await deps.store.listPendingOperations({
    updatedBefore: deps.now() - OPERATION_IDLE_MS,
    limit: 100,
  });
  for (const listed of pending) {
    const ctx = await deps.contextFor(listed.portalId);
    if (!ctx) continue;
    await ctx.store.withLock(deps.lockKey(listed.portalId, listed.subject), async () => {
      // Re-read under the lock: a retry may have completed it meanwhile.
      const operation = await ctx.store.getOperation(listed.portalId, listed.operationId);
      if (!operation || operation.status !== 'pending') return;
      if (operation.attempts >= MAX_OPERATION_ATTEMPTS) {
        const lastError = (operation.progress as { lastError?: string } | null)?.lastError;
        ctx.logger.error(
          { operationId: operation.operationId, kind: operation.kind, lastError },
          'operation abandoned after repeated failures; the record needs a person',
        );
        await ctx.store.completeOperation(listed.portalId, operation.operationId, {
          abandoned: lastError ?? 'too many attempts',
        });
        round.operationsAbandoned += 1;
        return;
      }
      try {
        await deps.resumeOperation(operation, ctx);
        round.operationsCompleted += 1;
      } catch (error) {
        round.operationsPending += 1;
        if (!(error instanceof OperationIncompleteError))
          ctx.logger.warn(
            { err: error, operationId: operation.operationId },
            'resuming an operation failed',
          );
      }
    });
  }
  for (const job of await deps.store.listRunningJobs(RESCORE_JOB_KIND)) {
    if (deps.now() - job.updatedAt < RESCORE_STALE_AFTER_MS || isRescoreRunning(job.portalId))
      continue;
    const ctx = await deps.contextFor(job.portalId);
    if (!ctx) continue;
    await deps.startRescore(ctx);
    round.jobsResumed += 1;
  }
  return round;
}

/** Runs `runOnce` every `intervalMs` (never two rounds at once); returns the stopper. */
export function startBackgroundWork<Ctx extends BackgroundContext>(
  deps: BackgroundDeps<Ctx>,
  intervalMs: number = BACKGROUND_INTERVAL_MS,
): () => Promise<void> {
  let running: Promise<unknown> | null = null;
  const timer = setInterval(() => {
    if (running) return;
    running = runOnce(deps)
      .catch((error: unknown) => deps.logger.error({ err: error }, 'background round failed'))
      .finally(() => {
        running = null;
      });
  }, intervalMs);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}
