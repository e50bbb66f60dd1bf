// The job queue's behaviour, one battery over both implementations (as tests/store does for the
// stores): tests/jobs/queue-in-process.test.ts and tests/jobs/queue-pg-boss.test.ts (real
// PostgreSQL). Time: schedules run on an injected clock; workers on small configured intervals,
// awaited with `eventually` (no wall-clock assertion anywhere).
import { JobAbort, type JobHandlers, type JobQueue, type JobRun } from '../../src/jobs/queue.ts';

export interface QueueHarness {
  /**
   * A started queue working `handlers`. With `replicas`, every call is another replica sharing
   * the same jobs; otherwise (in-process) every call answers the one queue of the process.
   */
  open(handlers?: JobHandlers): Promise<JobQueue>;
  replicas: boolean;
  /** The injected clock every opened queue reads, epoch ms. */
  clock: { now: number };
  /** Stops every opened queue and drops what the harness created. */
  close(): Promise<void>;
}

/** Waits until `check` stops throwing (polls every 20 ms, gives up after `attempts`). */
export async function eventually(check: () => unknown, attempts = 500): Promise<void> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      await check();
      return;
    } catch (error) {
      if (attempt >= attempts) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}

/** A promise with its resolver outside. */
export function deferred<T = void>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

/** A handler that records its runs and waits until its signal aborts (or `release` is called). */
export function blockingHandler() {
  const runs: JobRun[] = [];
  const aborted: string[] = [];
  const release = deferred();
  const handler = async (run: JobRun) => {
    runs.push(run);
    await Promise.race([
      release.promise,
      new Promise<void>((resolve) =>
        run.signal.addEventListener('abort', () => resolve(), { once: true }),
      ),
    ]);
    if (run.signal.aborted) {
      aborted.push(run.signal.reason instanceof JobAbort ? run.signal.reason.reason : 'other');
    }
  };
  return { handler, runs, aborted, release: () => release.resolve() };
}

export function describeQueueContract(name: string, makeHarness: () => Promise<QueueHarness>) {
  describe(`job queue contract: ${name}`, () => {
    let h: QueueHarness;
    beforeEach(async () => {
      h = await makeHarness();
    });
    afterEach(async () => {
      await h.close();
    });

    it('keeps one job per portal and kind: a second enqueue answers the queued one', async () => {
      // GIVEN two queues (replicas where the implementation has them) and no worker for `demo`
      const a = await h.open();
      const b = await h.open();
      // WHEN both enqueue the same portal's job at once, and once more after
      const [first, second] = await Promise.all([a.enqueue('demo', 7), b.enqueue('demo', 7)]);
      const third = await b.enqueue('demo', 7);
      // THEN exactly one job was created and every answer names it
      expect([first.created, second.created].filter(Boolean)).toHaveLength(1);
      expect(second.job.id).toBe(first.job.id);
      expect(third).toEqual({ job: { ...first.job, state: 'queued' }, created: false });
      // AND another portal or another kind is another job
      const otherPortal = await a.enqueue('demo', 8);
      const otherKind = await a.enqueue('other', 7);
      expect(otherPortal.created && otherKind.created).toBe(true);
      expect(new Set([first.job.id, otherPortal.job.id, otherKind.job.id]).size).toBe(3);
      expect(await b.current('demo', 7)).toMatchObject({ id: first.job.id, state: 'queued' });
    });

    it('runs a job once on a worker, answers the active job meanwhile, then takes a new one', async () => {
      // GIVEN a worker for `demo` whose handler waits until released
      const work = blockingHandler();
      const worker = await h.open({ demo: work.handler });
      const other = await h.open();
      // WHEN the portal's job is enqueued
      const queued = await other.enqueue('demo', 7);
      await eventually(() => expect(work.runs).toHaveLength(1));
      // THEN the worker runs it for that portal, and it is the portal's active job
      expect(work.runs[0]).toMatchObject({ id: queued.job.id, kind: 'demo', portalId: 7 });
      await eventually(async () =>
        expect(await other.current('demo', 7)).toMatchObject({ state: 'active' }),
      );
      // AND an enqueue while it runs answers the active job, no second one
      expect(await other.enqueue('demo', 7)).toMatchObject({
        job: { id: queued.job.id, state: 'active' },
        created: false,
      });
      // WHEN it finishes
      work.release();
      await eventually(async () => expect(await worker.current('demo', 7)).toBeNull());
      // THEN it ran once, and the next enqueue is a new job
      expect(work.runs).toHaveLength(1);
      const next = await other.enqueue('demo', 7);
      expect(next.created).toBe(true);
      expect(next.job.id).not.toBe(queued.job.id);
    });

    it('cancels a running job from another queue: the handler is aborted as cancelled', async () => {
      // GIVEN a job running on one worker
      const work = blockingHandler();
      const worker = await h.open({ demo: work.handler });
      const other = await h.open();
      await other.enqueue('demo', 7);
      await eventually(() => expect(work.runs).toHaveLength(1));
      // WHEN another replica (or caller) cancels it
      expect(await other.cancel('demo', 7)).toBe(true);
      // THEN the running handler's signal aborts with `cancelled` and the job is gone
      await eventually(() => expect(work.aborted).toEqual(['cancelled']));
      expect(await worker.current('demo', 7)).toBeNull();
      expect(await other.cancel('demo', 7)).toBe(false);
      // AND it never runs again
      await other.enqueue('demo', 8);
      await eventually(() => expect(work.runs.map((r) => r.portalId)).toEqual([7, 8]));
      work.release();
    });

    it('runs a job in the calling process, seen and cancellable everywhere as the active job', async () => {
      // GIVEN a process that runs the portal's job itself (the rescore CLI)
      const here = blockingHandler();
      const cli = await h.open();
      const other = await h.open();
      const running = cli.runHere('demo', 7, here.handler);
      await eventually(() => expect(here.runs).toHaveLength(1));
      // THEN everyone sees it as the portal's active job: an enqueue answers it
      expect(await other.current('demo', 7)).toMatchObject({
        id: here.runs[0]!.id,
        state: 'active',
      });
      expect(await other.enqueue('demo', 7)).toMatchObject({ created: false });
      // AND a cancel from elsewhere stops it
      expect(await other.cancel('demo', 7)).toBe(true);
      await eventually(() => expect(here.aborted).toEqual(['cancelled']));
      expect(await running).toEqual({
        job: expect.objectContaining({ id: here.runs[0]!.id, portalId: 7 }),
        ran: true,
      });
      // AND while another job of the portal is queued, running here answers that one, runs nothing
      const queued = await other.enqueue('demo', 8);
      const refused = await cli.runHere('demo', 8, here.handler);
      expect(refused).toEqual({ job: expect.objectContaining({ id: queued.job.id }), ran: false });
      expect(here.runs).toHaveLength(1);
    });

    it('cancels a queued job before any worker takes it', async () => {
      const queue = await h.open();
      const queued = await queue.enqueue('demo', 7);
      expect(await queue.cancel('demo', 7)).toBe(true);
      expect(await queue.current('demo', 7)).toBeNull();
      const again = await queue.enqueue('demo', 7);
      expect(again.created).toBe(true);
      expect(again.job.id).not.toBe(queued.job.id);
    });

    it('retries a job whose handler failed', async () => {
      // GIVEN a handler that fails its first attempt
      const attempts: string[] = [];
      const queue = await h.open({
        demo: async (run) => {
          attempts.push(run.id);
          if (attempts.length === 1) throw new Error('HubSpot was down');
        },
      });
      // WHEN the job runs
      const { job } = await queue.enqueue('demo', 7);
      // THEN it runs again (the same job) and completes
      await eventually(() => expect(attempts).toEqual([job.id, job.id]));
      await eventually(async () => expect(await queue.current('demo', 7)).toBeNull());
    });

    it('keeps per-portal schedules: idempotent set-up, fired when due, removed per portal', async () => {
      const queue = await h.open();
      const start = h.clock.now;
      // WHEN a portal gets two schedules, and the first is set up again later (a restart)
      await queue.schedule('demo', 7, { everyMs: 60_000 });
      await queue.schedule('other', 7, { everyMs: 3_600_000 });
      await queue.schedule('demo', 8, { everyMs: 60_000 });
      h.clock.now += 30_000;
      await queue.schedule('demo', 7, { everyMs: 60_000 });
      // THEN each keeps its first next run (a restart does not postpone a schedule)
      expect(await queue.schedules(7)).toEqual([
        { kind: 'demo', portalId: 7, everyMs: 60_000, nextRunAt: start + 60_000 },
        { kind: 'other', portalId: 7, everyMs: 3_600_000, nextRunAt: start + 3_600_000 },
      ]);
      // WHEN nothing is due yet
      expect(await queue.runDueSchedules()).toBe(0);
      expect(await queue.current('demo', 7)).toBeNull();
      // WHEN the interval has passed
      h.clock.now = start + 60_000;
      // THEN the due schedules fire once each: a job queued, the next run one interval on
      expect(await queue.runDueSchedules()).toBe(2);
      expect(await queue.runDueSchedules()).toBe(0);
      expect(await queue.current('demo', 7)).toMatchObject({ state: 'queued' });
      expect(await queue.current('demo', 8)).toMatchObject({ state: 'queued' });
      expect(await queue.current('other', 7)).toBeNull();
      expect((await queue.schedules(7))[0]?.nextRunAt).toBe(start + 120_000);
      // WHEN a portal's schedules are removed (one kind, then all)
      await queue.unschedule(7, 'other');
      expect((await queue.schedules(7)).map((s) => s.kind)).toEqual(['demo']);
      await queue.unschedule(7);
      // THEN only the other portal's remain
      expect(await queue.schedules()).toEqual([
        { kind: 'demo', portalId: 8, everyMs: 60_000, nextRunAt: start + 120_000 },
      ]);
    });

    it('rejects malformed job addresses and intervals, naming the field', async () => {
      const queue = await h.open();
      await expect(queue.enqueue('Not A Kind', 7)).rejects.toThrow(/kind must be a job kind/);
      await expect(queue.enqueue('demo', -1)).rejects.toThrow(/portalId/);
      await expect(queue.schedule('demo', 7, { everyMs: 10 })).rejects.toThrow(/everyMs/);
    });

    it('aborts a running handler as `stopping` when its queue stops', async () => {
      const work = blockingHandler();
      const worker = await h.open({ demo: work.handler });
      await worker.enqueue('demo', 7);
      await eventually(() => expect(work.runs).toHaveLength(1));
      await worker.stop();
      expect(work.aborted).toEqual(['stopping']);
    });
  });
}
