// Builds the whole backend from its configuration: the shared wiring (src/runtime/wiring.ts: store,
// token cipher, OAuth client, token manager, rate limiters, gateways), then the express app and the
// background work. `npm start` and the integration tests use this; the CLI tools use the wiring.
import { createApp, type RescoreJobs } from './http/app.ts';
import type { AppConfig } from '../runtime/config.ts';
import { createRuntime, type Runtime, type RuntimeOverrides } from '../runtime/wiring.ts';
import { createRescoreJobs } from './handlers/rescore-jobs.ts';
import { runOnce, startBackgroundWork, type BackgroundRound } from '../jobs/background.ts';
import {
  runRequalificationSweep,
  type RequalificationSweepResult,
} from '../jobs/requalification.ts';
import { runOperation } from './effects/effect-runner.ts';
import { scoreRecordsBatched } from './effects/score-runner.ts';
import { runScoreSweep, type SweepResult } from '../jobs/sweep.ts';
import { loadSettings } from './read-models/settings.ts';
import type { HandlerContext } from './handlers/context.ts';
import type { OperationRecord } from '../store/store.ts';
import { resumeOperation, subjectLockKey } from './handlers/lifecycle.ts';
import { continueStageGate, isStageGatePlan } from './handlers/stage-gate-enforcement.ts';

export interface Backend extends Runtime {
  app: ReturnType<typeof createApp>;
  /**
   * Starts the background work (src/jobs/background.ts): pending operations completed, dead
   * rescores taken over. `npm start` calls it; tests drive `runOnce` themselves. `close` stops it.
   */
  startBackgroundWork(intervalMs?: number): void;
  /** One round of the background work, now (tests; the timer runs the same). */
  runBackgroundRound(): Promise<BackgroundRound>;
  /** One re-qualification sweep of a portal (the job queue schedules it daily). */
  runRequalificationSweep(portalId: number): Promise<RequalificationSweepResult>;
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
      | 'runScoreSweep'
    >,
  ) => RescoreJobs;
  /** Score every contact after an install (default true; tests that count calls turn it off). */
  scoreOnInstall?: boolean;
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
  const parts = { store, oauth, tokens, limiters, budgets, gatewayFor, logger };
  const rescore = overrides.rescore ? overrides.rescore(parts) : createRescoreJobs(now);
  const app = createApp({
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
    const gateway = gatewayFor(portalId).withLane('bulk');
    return {
      portalId,
      userId: 'system',
      gateway,
      store,
      settings,
      now: new Date(now()),
      logger: logger.child({ portalId, background: true }),
      listOwners: () => gateway.listOwners(),
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
    resumeOperation: (operation: OperationRecord, ctx: HandlerContext) =>
      isStageGatePlan(operation.plan)
        ? continueStageGate(operation, ctx)
        : resumeOperation(operation, ctx),
    startRescore: (ctx: HandlerContext) => rescore.start(ctx),
  };
  return {
    ...parts,
    app,
    startBackgroundWork(intervalMs) {
      stopBackground ??= startBackgroundWork(backgroundDeps, intervalMs);
    },
    runBackgroundRound: () => runOnce(backgroundDeps),
    runRequalificationSweep: (portalId) =>
      runRequalificationSweep({ contextFor, runOperation }, portalId, new Date(now())),
    runScoreSweep: (portalId) =>
      runScoreSweep(
        {
          contextFor,
          intervalMs: config.scoreSweepIntervalMs,
          scoreRecords: (records, ctx, operationIdFor) =>
            scoreRecordsBatched(records, ctx, { operationIdFor }),
        },
        portalId,
      ),
    async close() {
      await stopBackground?.();
      await store.close();
      await budgets.close();
    },
  };
}
