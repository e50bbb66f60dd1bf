// The card API's bulk rescore: start (one job per portal; a second start answers the running
// job's progress), progress (from the store, so any replica can answer), cancel.
import { cancelRescore, startRescore } from '../../jobs/rescore.ts';
import { getRescoreProgress } from '../../jobs/rescore-progress.ts';
import type { RescoreJobs } from '../routes/card-operations.ts';
import { scoreRecordsBatched } from '../effects/score-runner.ts';

/** Rescore jobs running in this backend process, on each portal's bulk lane. */
export function createRescoreJobs(now: () => number): RescoreJobs {
  return {
    async start(ctx) {
      const started = await startRescore({
        portalId: ctx.portalId,
        gateway: ctx.gateway,
        store: ctx.store,
        model: ctx.settings.scoring,
        policy: ctx.settings.lifecycle,
        // Promotions run through the one scoring transition and the batched effect runner.
        promote: async (records, runId) => {
          const scored = await scoreRecordsBatched(records, ctx, {
            operationIdFor: (contactId) => `rescore:${runId}:${contactId}`,
          });
          return { written: scored.written, promoted: scored.promoted, refused: scored.refused };
        },
        now,
      });
      if (started.started) {
        started.done.catch((error: unknown) => ctx.logger.error({ err: error }, 'rescore failed'));
      }
      return started.progress;
    },
    progress: (ctx) => getRescoreProgress(ctx.store, ctx.portalId, { now }),
    async cancel(ctx) {
      cancelRescore(ctx.portalId);
      return getRescoreProgress(ctx.store, ctx.portalId, { now });
    },
  };
}
