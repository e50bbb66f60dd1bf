// The pg-boss job queue against the shared battery, on a real PostgreSQL (TEST_DATABASE_URL; each
// test gets its own schema), plus what only a shared database can show: a job whose replica died
// is taken over by another replica, and a stopping replica hands its job over.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createPgBossQueue, type PgBossQueue } from '../../src/jobs/queue-pg-boss.ts';
import type { JobHandlers } from '../../src/jobs/queue.ts';
import {
  blockingHandler,
  describeQueueContract,
  eventually,
  type QueueHarness,
} from './queue-contract.ts';

const databaseUrl = process.env.TEST_DATABASE_URL;
const describeIfPostgres = databaseUrl ? describe : describe.skip;
if (!databaseUrl) {
  console.warn(
    'pg-boss queue tests skipped: TEST_DATABASE_URL is not set ' +
      '(e.g. TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test).',
  );
}

/** Short intervals so take-overs happen within seconds (the defaults: 30 s expiry, 10 s beats). */
const TEST_TIMINGS = {
  heartbeatMs: 100,
  expireSeconds: 1,
  retryDelayMs: 0,
  pollMs: 50,
  concurrency: 2,
  maintenanceIntervalSeconds: 1,
};

async function dropSchema(schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await client.end();
  }
}

/** Replicas over one fresh schema; `close` stops them and drops it. */
async function pgBossHarness(): Promise<
  QueueHarness & { openReplica(handlers?: JobHandlers): Promise<PgBossQueue> }
> {
  const schema = `queue_test_${process.pid}_${randomBytes(5).toString('hex')}`;
  const clock = { now: 1_700_000_000_000 };
  const opened: PgBossQueue[] = [];
  const openReplica = async (handlers: JobHandlers = {}) => {
    const queue = createPgBossQueue({
      connectionString: databaseUrl!,
      schema,
      now: () => clock.now,
      ...TEST_TIMINGS,
    });
    opened.push(queue);
    await queue.start(handlers);
    return queue;
  };
  return {
    replicas: true,
    clock,
    open: openReplica,
    openReplica,
    async close() {
      await Promise.all(opened.map((queue) => queue.stop()));
      await dropSchema(schema);
    },
  };
}

describeIfPostgres('pg-boss queue', () => {
  describeQueueContract('pg-boss', pgBossHarness);

  describe('replicas', () => {
    let h: Awaited<ReturnType<typeof pgBossHarness>>;
    beforeEach(async () => {
      h = await pgBossHarness();
    });
    afterEach(async () => {
      await h.close();
    });

    it('resumes a job whose replica died on another replica', async () => {
      // GIVEN a job running on replica A
      const onA = blockingHandler();
      const a = await h.openReplica({ demo: onA.handler });
      const { job } = await a.enqueue('demo', 7);
      await eventually(() => expect(onA.runs).toHaveLength(1));
      // WHEN A dies mid-job (no complete, no fail, its heartbeats stop) and B works the kind
      await a.abandon();
      const onB = blockingHandler();
      const b = await h.openReplica({ demo: onB.handler });
      // THEN once the job's expiry passed, B runs the same job for the same portal
      await eventually(() => expect(onB.runs).toHaveLength(1), 1_000);
      expect(onB.runs[0]).toMatchObject({ id: job.id, portalId: 7 });
      expect(await b.current('demo', 7)).toMatchObject({ id: job.id, state: 'active' });
      onB.release();
      await eventually(async () => expect(await b.current('demo', 7)).toBeNull());
    });

    it('hands the job of a stopping replica to another at once', async () => {
      const onA = blockingHandler();
      const a = await h.openReplica({ demo: onA.handler });
      const onB = blockingHandler();
      await a.enqueue('demo', 7);
      await eventually(() => expect(onA.runs).toHaveLength(1));
      const b = await h.openReplica({ demo: onB.handler });
      // WHEN A shuts down (a deploy): its handler is aborted and the job handed over
      await a.stop();
      expect(onA.aborted).toEqual(['stopping']);
      // THEN B continues it
      await eventually(() => expect(onB.runs).toHaveLength(1));
      expect(onB.runs[0]?.id).toBe(onA.runs[0]?.id);
      onB.release();
      await eventually(async () => expect(await b.current('demo', 7)).toBeNull());
    });

    it('fires a schedule once when two replicas tick together', async () => {
      const a = await h.openReplica();
      const b = await h.openReplica();
      await a.schedule('demo', 7, { everyMs: 60_000 });
      h.clock.now += 60_000;
      const fired = await Promise.all([a.runDueSchedules(), b.runDueSchedules()]);
      expect(fired.sort()).toEqual([0, 1]);
      expect(await b.current('demo', 7)).toMatchObject({ state: 'queued' });
    });
  });
});
