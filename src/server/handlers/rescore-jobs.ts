// The card API's bulk rescore: start enqueues the portal's `rescore` job (one per portal: a second
// start answers the running job's progress), a queue worker in any replica runs it (the backend's
// job handlers, src/server/backend.ts), progress comes from the store (so any replica can answer),
// cancel goes through the queue (the worker running it, wherever, stops at its next heartbeat).
import { getRescoreProgress, RESCORE_JOB_KIND } from '../../jobs/rescore-progress.ts';
import type { JobQueue } from '../../jobs/queue.ts';
import type { RescoreJobs } from '../routes/card-operations.ts';

/** How long `start` waits for a worker to admit the job before answering, ms (in polls of 50). */
export const ADMISSION_WAIT_MS = 2_000;
const ADMISSION_POLL_MS = 50;

/** Rescore jobs on the job queue, run on each portal's bulk lane. */
export function createRescoreJobs(now: () => number, queue: JobQueue): RescoreJobs {
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  return {
    async start(ctx) {
      const { created } = await queue.enqueue(RESCORE_JOB_KIND, ctx.portalId);
      // A worker (here at once, elsewhere within its poll) admits the job and writes its first
      // progress; answer that when it comes in time, else what the store holds.
      for (let waited = 0; created && waited < ADMISSION_WAIT_MS; waited += ADMISSION_POLL_MS) {
        const job = await ctx.store.getJob(ctx.portalId, RESCORE_JOB_KIND);
        if (job?.status === 'running') break;
        if (!(await queue.current(RESCORE_JOB_KIND, ctx.portalId))) break;
        await sleep(ADMISSION_POLL_MS);
      }
      return getRescoreProgress(ctx.store, ctx.portalId, { now });
    },
    progress: (ctx) => getRescoreProgress(ctx.store, ctx.portalId, { now }),
    async cancel(ctx) {
      await queue.cancel(RESCORE_JOB_KIND, ctx.portalId);
      return getRescoreProgress(ctx.store, ctx.portalId, { now });
    },
  };
}
