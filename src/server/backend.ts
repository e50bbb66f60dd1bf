// Builds the whole backend from its configuration: the shared wiring (src/runtime/wiring.ts: store,
// token cipher, OAuth client, token manager, rate limiters, gateways, job queue), then the express
// app, the job queue's handlers (one entry per job kind: `jobHandlers`) and the background work. `npm start` and the integration tests use this; the CLI tools use the wiring.
import { createApp, type RescoreJobs } from './http/app.ts';
import type { AppConfig } from '../runtime/config.ts';
import { createRuntime, type Runtime, type RuntimeOverrides } from '../runtime/wiring.ts';
import { createRescoreJobs } from './handlers/rescore-jobs.ts';
import { runOnce, startBackgroundWork, type BackgroundRound } from '../jobs/background.ts';
import {
  REQUALIFICATION_JOB_KIND,
  runRequalificationSweep,
  type RequalificationSweepResult,
} from '../jobs/requalification.ts';
import {
  ensurePortalSchedules,
  portalSchedules,
  reconcilePortalSchedules,
  type JobHandlers,
  type JobQueue,
  type JobRun,
} from '../jobs/queue.ts';
import { runRescore } from '../jobs/rescore.ts';
import { RESCORE_JOB_KIND } from '../jobs/rescore-progress.ts';
import { runOperation } from './effects/effect-runner.ts';
import { scoreRecordsBatched } from './effects/score-runner.ts';
import { runScoreSweep, SCORE_SWEEP_JOB_KIND, type SweepResult } from '../jobs/sweep.ts';
import { loadSettings } from './read-models/settings.ts';
import type { HandlerContext } from './handlers/context.ts';
import type { OperationRecord } from '../store/store.ts';
import { resumeOperation, subjectLockKey } from './handlers/lifecycle.ts';
import { createOwnerCache } from './read-models/owner-cache.ts';
import { createPipelineCache } from './read-models/pipeline-cache.ts';
import { continueStageGate, isStageGatePlan } from './handlers/stage-gate-enforcement.ts';
import {
  createWebhookQueue,
  isWebhookBatchPlan,
  resumeWebhookBatch,
  type WebhookQueue,
} from './routes/webhook-queue.ts';

export interface Backend extends Runtime {
  app: ReturnType<typeof createApp>;
  /**
   * Starts the background work (src/jobs/background.ts): pending operations completed, dead
   * rescores re-enqueued, and every active installation's schedules made sure of (stale ones
   * removed). `npm start` calls it; tests drive `runOnce` themselves. `close` stops it. The job
   * queue's workers run from `createBackend` on (a started rescore runs in tests too).
   */
  startBackgroundWork(intervalMs?: number): void;
  /** One round of the background work, now (tests; the timer runs the same). */
  runBackgroundRound(): Promise<BackgroundRound>;
  /** One re-qualification sweep of a portal (the job queue schedules it daily). */
  runRequalificationSweep(portalId: number): Promise<RequalificationSweepResult>;
  /** The webhook inbox (null when webhooks are processed before the answer). */
  webhookQueue: WebhookQueue | null;
  /** One incremental score sweep of a portal (the job queue schedules it every interval). */
  runScoreSweep(portalId: number): Promise<SweepResult>;
  close(): Promise<void>;
}

export interface BackendOverrides extends RuntimeOverrides {
  rescore?: (
    backend: Omit<
      Backend,
      | 'app'
      | 'close'
      | 'startBackgroundWork'
      | 'runBackgroundRound'
      | 'runRequalificationSweep'
      | 'webhookQueue'
      | 'runScoreSweep'
    >,
  ) => RescoreJobs;
  /** Score every contact after an install (default true; tests that count calls turn it off). */
  scoreOnInstall?: boolean;
  /**
   * `queued` (default): a webhook batch is answered once durably enqueued and runs after the
   * answer (./routes/webhook-queue.ts). `processed`: the answer waits for the work and defers to
   * HubSpot's redelivery when busy (tests that assert right after a delivery use it).
   */
  webhookAck?: 'queued' | 'processed';
  /** How long a webhook batch may wait for record locks, ms (default WEBHOOK_LOCK_WAIT_MS). */
  webhookLockWaitMs?: number;
  /** How long a card request may wait on HubSpot and record locks, ms (default CARD_DEADLINE_MS). */
  cardDeadlineMs?: number;
}

/** Opens the store and wires every part of the backend. */
export async function createBackend(
  config: AppConfig,
  overrides: BackendOverrides = {},
): Promise<Backend> {
  const now = overrides.now ?? Date.now;
  const runtime = await createRuntime(config, overrides);
  const { store, oauth, tokens, limiters, budgets, gatewayFor, logger } = runtime;
  const parts = {
    store,
    oauth,
    tokens,
    limiters,
    budgets,
    gatewayFor,
    queue: runtime.queue,
    logger,
  };
  const { queue } = runtime;
  // The recurring jobs of every installed portal, with the configured sweep interval.
  const schedules = portalSchedules({ scoreSweepIntervalMs: config.scoreSweepIntervalMs });
  const rescore = overrides.rescore ? overrides.rescore(parts) : createRescoreJobs(now, queue);
  const webhookQueue =
    (overrides.webhookAck ?? 'queued') === 'queued' ? createWebhookQueue({ store, logger }) : null;
  // One owner and one pipeline cache per process, for cards, webhooks and background work alike.
  const ownerCache = createOwnerCache(now);
  const pipelineCache = createPipelineCache(now);
  const app = createApp({
    ownerCache,
    pipelineCache,
    clientId: config.clientId,
    clientSecret: config.clientSecret,
    publicBaseUrl: config.publicBaseUrl,
    authorizeUrl: config.hubspotAuthorizeUrl,
    store,
    oauth,
    gatewayFor,
    now,
    logger,
    health: tokens.health,
    rescore,
    scoreOnInstall: overrides.scoreOnInstall ?? true,
    ...(webhookQueue ? { webhookQueue } : {}),
    // Installed: the portal's recurring jobs (PORTAL_SCHEDULES); the uninstall removes them
    // (src/runtime/wiring.ts, the token manager's onUninstalled).
    onPortalInstalled: (portalId) => ensurePortalSchedules(queue, portalId, schedules),
    ...(overrides.webhookLockWaitMs !== undefined
      ? { webhookLockWaitMs: overrides.webhookLockWaitMs }
      : {}),
    ...(overrides.cardDeadlineMs !== undefined ? { cardDeadlineMs: overrides.cardDeadlineMs } : {}),
  });
  /** A system context for a portal with an active installation, for background work. */
  const contextFor = async (portalId: number): Promise<HandlerContext | null> => {
    const installation = await store.getInstallation(portalId);
    if (!installation || installation.status !== 'active') return null;
    const { settings } = await loadSettings(store, portalId, logger);
    const gateway = pipelineCache.decorate(gatewayFor(portalId)).withLane('bulk');
    return {
      portalId,
      userId: 'system',
      gateway,
      store,
      settings,
      now: new Date(now()),
      logger: logger.child({ portalId, background: true }),
      listOwners: () => ownerCache.get(portalId, gateway),
    };
  };
  let stopBackground: (() => Promise<void>) | undefined;
  const backgroundDeps = {
    store,
    logger,
    now,
    contextFor,
    lockKey: subjectLockKey,
    // Gate enforcements (deal subjects) have their own steps; everything else is a lifecycle one.
    // Queued webhook batches go back to this process's webhook worker.
    resumeOperation: (operation: OperationRecord, ctx: HandlerContext) =>
      isWebhookBatchPlan(operation.plan) && webhookQueue
        ? resumeWebhookBatch(operation, webhookQueue)
        : isStageGatePlan(operation.plan)
          ? continueStageGate(operation, ctx)
          : resumeOperation(operation, ctx),
    // A dead process's rescore goes back on the queue (one job per portal: never twice).
    startRescore: (ctx: HandlerContext) => queue.enqueue(RESCORE_JOB_KIND, ctx.portalId),
  };
  const sweepRequalification = (portalId: number) =>
    runRequalificationSweep({ contextFor, runOperation }, portalId, new Date(now()));
  const sweepScores = (portalId: number) =>
    runScoreSweep(
      {
        contextFor,
        intervalMs: config.scoreSweepIntervalMs,
        scoreRecords: (records, ctx, operationIdFor) =>
          scoreRecordsBatched(records, ctx, { operationIdFor }),
      },
      portalId,
    );
  const jobHandlers = createJobHandlers({
    queue,
    contextFor,
    now,
    sweepRequalification,
    sweepScores,
  });
  await queue.start(jobHandlers);
  return {
    ...parts,
    app,
    webhookQueue,
    startBackgroundWork(intervalMs) {
      if (stopBackground) return;
      stopBackground = startBackgroundWork(backgroundDeps, intervalMs);
      void store
        .listInstallations()
        .then((installations) => reconcilePortalSchedules(queue, installations, schedules))
        .catch((error: unknown) => logger.error({ err: error }, 'setting up job schedules failed'));
    },
    runBackgroundRound: () => runOnce(backgroundDeps),
    runRequalificationSweep: sweepRequalification,
    runScoreSweep: sweepScores,
    async close() {
      await stopBackground?.();
      await webhookQueue?.close();
      await queue.stop();
      await store.close();
      await budgets.close();
    },
  };
}

/** What the job handlers need of the backend. */
interface JobHandlerDeps {
  queue: JobQueue;
  contextFor: (portalId: number) => Promise<HandlerContext | null>;
  now: () => number;
  sweepRequalification: (portalId: number) => Promise<unknown>;
  sweepScores: (portalId: number) => Promise<unknown>;
}

/** The handlers of every job kind the backend's queue runs. */
function createJobHandlers({
  queue,
  contextFor,
  now,
  sweepRequalification,
  sweepScores,
}: JobHandlerDeps): JobHandlers {
  /** A job of a portal that is still installed; an uninstalled portal's job removes its schedules. */
  const portalJob =
    (work: (ctx: HandlerContext, run: JobRun) => Promise<unknown>) =>
    async (run: JobRun): Promise<void> => {
      const ctx = await contextFor(run.portalId);
      if (!ctx) {
        await queue.unschedule(run.portalId);
        return;
      }
      await work(ctx, run);
    };
  /** What each job kind runs — one entry per kind (an added kind: an entry here and, when it
   * recurs, one in PORTAL_SCHEDULES). */
  const jobHandlers: JobHandlers = {
    // The bulk rescore; its progress and checkpoint stay in the store, where the card reads them.
    // A failed rescore reports its error there and is not retried by itself (a person restarts it).
    [RESCORE_JOB_KIND]: portalJob((ctx, run) =>
      runRescore({
        portalId: ctx.portalId,
        gateway: ctx.gateway,
        store: ctx.store,
        model: ctx.settings.scoring,
        policy: ctx.settings.lifecycle,
        // Promotions run through the one scoring transition and the batched effect runner.
        promote: async (records, runId) =>
          scoreRecordsBatched(records, ctx, {
            operationIdFor: (contactId) => `rescore:${runId}:${contactId}`,
          }),
        now,
        signal: run.signal,
      }),
    ),
    [REQUALIFICATION_JOB_KIND]: portalJob((ctx) => sweepRequalification(ctx.portalId)),
    [SCORE_SWEEP_JOB_KIND]: portalJob((ctx) => sweepScores(ctx.portalId)),
  };
  return jobHandlers;
}
