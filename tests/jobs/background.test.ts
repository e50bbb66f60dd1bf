// The background resumer against the local portal: a rescore whose process died is taken over by
// itself (no one asks for it), and its progress says "resuming" meanwhile.
import { DEFAULT_SETTINGS } from '../../src/domain/settings.ts';
import { runOnce } from '../../src/jobs/background.ts';
import {
  getRescoreProgress,
  RESCORE_JOB_KIND,
  RESCORE_STALE_AFTER_MS,
  runRescore,
  startRescore,
} from '../../src/jobs/rescore.ts';
import type { HandlerContext } from '../../src/server/handlers/context.ts';
import { resumeOperation, subjectLockKey } from '../../src/server/handlers/lifecycle.ts';
import { createLogger } from '../../src/runtime/logger.ts';
import type { Store } from '../../src/store/store.ts';
import { AS_OF, settle, startHarness, type Harness } from './rescore-harness.ts';

describe('background resumer', () => {
  let harness: Harness | undefined;
  afterEach(async () => {
    await harness?.close();
    harness = undefined;
  });

  it('takes over a killed rescore by itself and completes it', async () => {
    // GIVEN 2,000 contacts, all outdated, and a rescore whose process dies after 5 batches
    harness = await startHarness({ contacts: 2_000, changedShare: 1 });
    const h = harness;
    const dying: Store = {
      ...h.store,
      saveJob: async (...args) => {
        if (h.log.batches >= 5) throw new Error('simulated crash: the process is gone');
        return h.store.saveJob(...args);
      },
    };
    await expect(
      runRescore({
        portalId: h.portalId,
        gateway: h.gateway,
        store: dying,
        model: h.model,
        scoringDate: AS_OF,
      }),
    ).rejects.toThrow('simulated crash');
    await settle();
    const dead = await h.store.getJob(h.portalId, RESCORE_JOB_KIND);
    expect(dead?.status).toBe('running');
    expect(h.unscored().length).toBeGreaterThan(0);

    // WHEN the heartbeat has been silent past the lease (an injected clock, no real waiting)
    const later = () => dead!.updatedAt + RESCORE_STALE_AFTER_MS + 1;
    // THEN the progress reports the job as resuming, not running
    expect((await getRescoreProgress(h.store, h.portalId, { now: later }))?.status).toBe(
      'resuming',
    );

    // WHEN one background round runs (no one asked for a rescore)
    let resumed: Promise<unknown> | undefined;
    const ctx = {
      portalId: h.portalId,
      userId: 'system',
      gateway: h.gateway,
      store: h.store,
      settings: { ...DEFAULT_SETTINGS, scoring: h.model },
      now: new Date(later()),
      logger: createLogger('silent'),
      listOwners: async () => [],
    } satisfies HandlerContext;
    const round = await runOnce({
      store: h.store,
      logger: createLogger('silent'),
      now: later,
      contextFor: async () => ctx,
      lockKey: subjectLockKey,
      resumeOperation,
      startRescore: async (context) => {
        const started = await startRescore({
          portalId: context.portalId,
          gateway: context.gateway,
          store: context.store,
          model: context.settings.scoring,
          scoringDate: AS_OF,
          now: later,
        });
        if (started.started) resumed = started.done;
        return started.progress;
      },
    });

    // THEN it took the job over and the job completed from its checkpoint: every contact scored
    expect(round.jobsResumed).toBe(1);
    expect(resumed).toBeDefined();
    const outcome = (await resumed) as { progress: { status: string; processed: number } };
    console.log(
      `killed rescore: ${dead ? 'running row left behind' : 'no row'}; background round resumed ` +
        `${round.jobsResumed} job(s); final status ${outcome.progress.status}, ` +
        `${outcome.progress.processed} of 2000 processed, ${h.unscored().length} unscored`,
    );
    expect(outcome.progress).toMatchObject({ status: 'completed', processed: 2_000 });
    expect(h.unscored()).toEqual([]);
  }, 60_000);

  it('leaves a job with a live heartbeat alone', async () => {
    harness = await startHarness({ contacts: 10, changedShare: 1 });
    await harness.store.startJob(harness.portalId, RESCORE_JOB_KIND, { progress: {} });
    const started: number[] = [];
    const round = await runOnce({
      store: harness.store,
      logger: createLogger('silent'),
      now: Date.now,
      contextFor: async () => null,
      lockKey: subjectLockKey,
      resumeOperation,
      startRescore: async () => started.push(1),
    });
    expect(round.jobsResumed).toBe(0);
    expect(started).toEqual([]);
  });
});
